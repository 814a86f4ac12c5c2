import { expect, test } from '@playwright/test';
import { login, shot } from './support';

/** A São Paulo date `days` from today, as 'YYYY-MM-DD'. */
function businessDatePlus(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const brDate = (iso: string) => iso.split('-').reverse().join('/');

test.describe('Catálogo', () => {
  test('administrador vê a tabela em vigor e agenda uma nova versão', async ({ page }) => {
    await login(page, 'admin@demo.local');
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Catálogo' })
      .click();
    await expect(page).toHaveURL(/\/catalogo$/);
    await expect(page.getByRole('heading', { name: 'Catálogo' })).toBeVisible();

    const mini = page.getByTestId('catalog-plan-row').filter({ hasText: 'Hiper Mini' });
    await expect(mini).toBeVisible();
    await expect(mini.getByText('R$ 89,90')).toBeVisible();
    await expect(mini.getByText('1 usuário · 1 caixa · 1 filial')).toBeVisible();

    const versions = page.getByTestId('price-book-version');
    await expect(versions).toHaveCount(1);
    await expect(versions.first()).toContainText('Em vigor');

    await page.getByRole('tab', { name: 'Aplicativos' }).click();
    await expect(page.getByText('Bonificado').first()).toBeVisible();
    await page.getByRole('tab', { name: 'Condições' }).click();
    await expect(page.getByText('Taxa da central')).toBeVisible();
    await expect(page.getByText('6,5%')).toBeVisible();
    await page.getByRole('tab', { name: 'Planos' }).click();
    await shot(page, 'catalog');

    // A new version 30 days ahead (never today: other browser tests expect today's demo prices).
    const validFrom = businessDatePlus(30);
    await page.getByRole('button', { name: 'Nova versão da tabela' }).click();
    const editor = page.getByRole('dialog', { name: 'Nova versão da tabela de preços' });
    await expect(editor).toBeVisible();
    await expect(editor.getByLabel('Vigência a partir de')).toHaveValue(businessDatePlus(1));
    await editor.getByLabel('Vigência a partir de').fill(validFrom);
    await editor.getByRole('tab', { name: 'Aplicativos' }).click();

    // A Mínimo above the Original is refused right there, naming the item.
    const boletosMin = editor.getByLabel('Mínimo — Boletos');
    await boletosMin.fill('45,00');
    await expect(editor.getByTestId('price-book-errors')).toContainText(
      'Boletos: o valor mínimo (R$ 45,00) não pode ser maior que o original (R$ 39,90).',
    );
    await expect(editor.getByRole('button', { name: 'Revisar e salvar' })).toBeDisabled();
    await boletosMin.fill('26,60');

    // Raise Boletos to R$ 44,90.
    await editor.getByLabel('Original — Boletos').fill('44,90');
    await expect(editor.getByTestId('price-book-errors')).toHaveCount(0);
    await shot(page, 'catalog-editor');

    await editor.getByRole('button', { name: 'Revisar e salvar' }).click();
    await expect(editor.getByText(`passa a valer em ${brDate(validFrom)}`)).toBeVisible();
    await editor.getByRole('button', { name: 'Confirmar e criar versão' }).click();

    await expect(page.getByText('Nova versão da tabela criada')).toBeVisible();
    await expect(editor).toBeHidden();
    await expect(versions).toHaveCount(2);
    const scheduled = versions.filter({ hasText: `a partir de ${brDate(validFrom)}` });
    await expect(scheduled).toContainText('Agendada');
    await expect(scheduled).toContainText('Ana Administradora');
    await expect(versions.filter({ hasText: 'Em vigor' })).toHaveCount(1);

    // The page now shows the new version; its Boletos is R$ 44,90, while the one in force keeps R$ 39,90.
    await page.getByRole('tab', { name: 'Aplicativos' }).click();
    const boletos = page.getByRole('row').filter({ hasText: 'Boletos' });
    await expect(boletos).toContainText('R$ 44,90');
    await page.getByRole('button', { name: 'Ver a tabela em vigor' }).click();
    await page.getByRole('tab', { name: 'Aplicativos' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Boletos' })).toContainText('R$ 39,90');
  });

  test('hiperador não acessa o catálogo', async ({ page }) => {
    await login(page, 'hiperador@demo.local');
    await page.goto('/catalogo');
    await expect(page.getByText('Acesso não permitido')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Nova versão da tabela' })).toHaveCount(0);
  });
});
