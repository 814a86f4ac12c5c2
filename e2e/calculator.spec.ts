import { expect, type Page, test } from '@playwright/test';
import { cnpjCheckDigits } from '../src/domain/documents/cpf-cnpj';
import { login, shot } from './support';

/** Picks an option of a Mantine Select by its label. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('Calculadora de preços', () => {
  test('monta, negocia, salva, reabre e baixa a proposta', async ({ page }) => {
    await login(page, 'hiperador@demo.local', '/clientes');

    // Clientes > Novo contrato > Escolha o produto
    await page.getByRole('link', { name: 'Novo contrato' }).click();
    await expect(page).toHaveURL(/\/clientes\/escolha-o-produto$/);
    await expect(page.getByRole('heading', { name: 'Escolha o produto' })).toBeVisible();
    const gestao = page.getByTestId('product-hiper-gestao');
    await expect(page.getByTestId('product-hiper-mini').getByText('Hiper Mini')).toBeVisible();
    await expect(gestao.getByText('R$ 143,92')).toBeVisible(); // 179,90 − 20% (Anual)
    await expect(gestao.getByText('2 usuários')).toBeVisible();
    await shot(page, 'product-choice');

    // Hiper Gestão > Contratar → Geração de Contratos
    await gestao.getByRole('link', { name: /Contratar/ }).click();
    await expect(page).toHaveURL(/\/contratos\/novo\?produto=hiper-gestao/);
    await expect(page.getByRole('heading', { name: 'Geração de Contratos' })).toBeVisible();

    // Cliente
    await page.getByRole('combobox', { name: 'Cliente' }).fill('Mercadinho');
    await page.getByRole('option', { name: /Mercadinho Bom Preço/ }).click();
    await expect(page.getByRole('combobox', { name: 'Cliente' })).toHaveValue(/Mercadinho Bom Preço/);

    // 2 caixas adicionais
    await page.getByLabel('Quantidade de Caixa adicional').fill('2');
    await expect(page.getByTestId('plan-section').getByText('2 adicionais')).toBeVisible();

    // 2 aplicativos pelo diálogo
    await page.getByRole('button', { name: 'Adicionar aplicativos' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adicionar aplicativos' });
    await expect(dialog.getByText('Bonificado').first()).toBeVisible();
    await dialog.getByRole('checkbox', { name: 'Boletos' }).check();
    await dialog.getByRole('checkbox', { name: 'Hiper Vendas' }).check();
    await dialog.getByRole('button', { name: 'Concluir' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('chosen-app')).toHaveCount(2);

    // Mensal Original and Planos e valores
    await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 349,50');
    await expect(page.getByTestId('option-mensal').getByTestId('option-monthly')).toHaveText('R$ 349,50');
    await expect(page.getByTestId('option-semestral').getByTestId('option-monthly')).toHaveText('R$ 314,55');
    await expect(page.getByTestId('option-anual').getByTestId('option-monthly')).toHaveText('R$ 279,60');
    await shot(page, 'calculator');

    // Anual > Negociar
    await page.getByTestId('option-anual').click();
    await expect(page.getByTestId('option-anual')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 279,60');
    await page.getByRole('button', { name: 'Negociar' }).click();
    const negotiated = page.getByLabel('Valor negociado (mensal)');
    const save = page.getByRole('button', { name: 'Salvar proposta' });

    await negotiated.fill('150,00');
    await expect(page.getByRole('alert').filter({ hasText: 'abaixo do mínimo' })).toHaveText(
      'O valor negociado está abaixo do mínimo permitido: R$ 188,46',
    );
    await expect(save).toBeDisabled();
    await shot(page, 'calculator-below-minimum');

    await negotiated.fill('250,00');
    await expect(page.getByText('abaixo do mínimo permitido')).toHaveCount(0);
    await expect(save).toBeEnabled();
    await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 250,00');
    await expect(page.getByTestId('summary-period-total')).toHaveText('R$ 3.000,00');

    // Pagamentos: Cartão de Crédito em 12x
    await choose(page, 'Forma de pagamento', 'Cartão de Crédito');
    await choose(page, 'Número de parcelas', '12x de R$ 250,00');
    await expect(page.getByRole('combobox', { name: 'Número de parcelas' })).toHaveValue('12x de R$ 250,00');

    // Salvar proposta → /propostas/:id
    await save.click();
    await expect(page).toHaveURL(/\/propostas\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: /^Proposta \d{4}-\d{6}$/ })).toBeVisible();
    await expect(page.getByTestId('proposal-status')).toHaveText('Rascunho');
    const heading = await page.getByRole('heading', { name: /^Proposta \d{4}-\d{6}$/ }).textContent();
    const number = heading!.replace('Proposta ', '');

    // Reopen from scratch: the same configuration and values
    await page.reload();
    await expect(page.getByRole('heading', { name: /^Proposta \d{4}-\d{6}$/ })).toBeVisible();
    await expect(page.getByTestId('option-anual')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Valor negociado (mensal)')).toHaveValue('250,00');
    await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 250,00');
    await expect(page.getByRole('combobox', { name: 'Forma de pagamento' })).toHaveValue('Cartão de Crédito');
    await expect(page.getByRole('combobox', { name: 'Número de parcelas' })).toHaveValue('12x de R$ 250,00');
    await expect(page.getByTestId('chosen-app')).toHaveCount(2);
    await expect(page.getByLabel('Quantidade de Caixa adicional')).toHaveValue('2');
    await expect(page.getByTestId('valid-until')).toHaveText(/^Válida até \d{2}\/\d{2}\/\d{4}$/);
    await shot(page, 'proposal-saved');

    // PDF
    const href = await page.getByRole('link', { name: 'Baixar PDF' }).getAttribute('href');
    expect(href).toMatch(/\/api\/v1\/proposals\/[0-9a-f-]{36}\/pdf$/);
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect(pdf.headers()['content-disposition']).toMatch(/proposta-\d{4}-\d{6}\.pdf/);
    expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');

    // Marcar como pronta para contrato
    await page.getByRole('button', { name: 'Marcar como pronta para contrato' }).click();
    await expect(page.getByTestId('proposal-status')).toHaveText('Pronta para contrato');

    // The proposal is in the client's Histórico de contratação and in Contratos
    await page.getByRole('link', { name: 'Mercadinho Bom Preço' }).click();
    await page.getByRole('tab', { name: 'Histórico de contratação' }).click();
    const row = page.getByTestId('proposal-row').filter({ hasText: number });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('R$ 250,00');
    await expect(row).toContainText('Anual');
    await expect(row).toContainText('Pronta para contrato');
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Contratos' })
      .click();
    await expect(page.getByRole('heading', { name: 'Contratos e propostas' })).toBeVisible();
    await expect(page.getByTestId('proposal-row').filter({ hasText: number })).toContainText(
      'Mercadinho Bom Preço',
    );
  });

  test('troca de plano avisa os itens removidos', async ({ page }) => {
    await login(page, 'hiperador@demo.local', '/clientes');
    await page.goto('/contratos/novo?produto=hiper-gestao');
    await page.getByLabel('Quantidade de Filial adicional').fill('1');
    await page.getByRole('button', { name: 'Adicionar aplicativos' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adicionar aplicativos' });
    await dialog.getByRole('checkbox', { name: 'MDF-e' }).check();
    await dialog.getByRole('button', { name: 'Concluir' }).click();
    await page.getByTestId('plan-section').getByText('Hiper Mini', { exact: true }).click();
    await expect(
      page.getByText('Removidos por não estarem disponíveis no Hiper Mini: Filial adicional, MDF-e'),
    ).toBeVisible();
    await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 89,90');
    // Without a client the proposal cannot be saved.
    await page.getByRole('button', { name: 'Salvar proposta' }).click();
    await expect(page.getByText('Escolha o cliente da proposta ou cadastre um novo.')).toBeVisible();
  });

  test('cadastra um novo cliente pela calculadora (CNPJ alfanumérico)', async ({ page }) => {
    await login(page, 'hiperador@demo.local', '/clientes');
    await page.goto('/contratos/novo?produto=hiper-mini');
    await page.getByRole('button', { name: 'Cadastrar novo cliente' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cadastrar novo cliente' });
    const documentInput = dialog.getByLabel('CPF ou CNPJ');

    await documentInput.fill('11.111.111/1111-11');
    await dialog.getByRole('button', { name: 'Cadastrar cliente' }).click();
    await expect(dialog.getByText('CPF ou CNPJ inválido: confira os dígitos.')).toBeVisible();
    await expect(dialog.getByText('Informe a razão social (ou o nome, para CPF).')).toBeVisible();

    // A fresh alphanumeric CNPJ on every run; the mask keeps the letters.
    const base = `E2E${Date.now().toString(36).toUpperCase().slice(-9)}`.padEnd(12, '0').slice(0, 12);
    const cnpj = base + cnpjCheckDigits(base);
    await documentInput.fill(cnpj.toLowerCase());
    await expect(documentInput).toHaveValue(
      `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`,
    );
    await dialog.getByLabel('Razão social').fill('Empório Teste Alfanumérico Ltda');
    await dialog.getByLabel('Nome fantasia').fill('Empório Alfanumérico');
    await dialog.getByLabel('E-mail').fill('contato@emporio.example');
    await dialog.getByLabel('Telefone').fill('11987654321');
    await expect(dialog.getByLabel('Telefone')).toHaveValue('(11) 98765-4321');
    await dialog.getByLabel('Cidade').fill('Campinas');
    await dialog.getByRole('combobox', { name: 'UF' }).fill('SP');
    await page.getByRole('option', { name: 'SP', exact: true }).click();
    await dialog.getByLabel('CEP').fill('13010100');
    await expect(dialog.getByLabel('CEP')).toHaveValue('13010-100');
    await dialog.getByRole('button', { name: 'Cadastrar cliente' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Cliente' })).toHaveValue(/^Empório Alfanumérico — /);

    // The same document again: the server's 409 message, on the field.
    await page.getByRole('button', { name: 'Cadastrar novo cliente' }).click();
    await documentInput.fill(cnpj);
    await dialog.getByLabel('Razão social').fill('Outro nome');
    await dialog.getByLabel('E-mail').fill('outro@emporio.example');
    await dialog.getByLabel('Cidade').fill('Campinas');
    await dialog.getByRole('combobox', { name: 'UF' }).fill('SP');
    await page.getByRole('option', { name: 'SP', exact: true }).click();
    await dialog.getByRole('button', { name: 'Cadastrar cliente' }).click();
    await expect(documentInput).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toBeVisible();
  });
});
