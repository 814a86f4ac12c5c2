import { expect, test } from '@playwright/test';
import { cnpjCheckDigits } from '../src/domain/documents/cpf-cnpj';
import { login, shot } from './support';

const HEADER =
  'cnpj;razao_social;nome_fantasia;email;hiperador;plano;mensalidade;liberado_ate;telefone;cidade;uf;cep;responsavel_nome;responsavel_cpf;responsavel_email';

/** A fresh alphanumeric CNPJ per run: prefix + time-based characters, valid check digits. */
function freshCnpj(prefix: string): string {
  const base = `${prefix}${Date.now().toString(36).toUpperCase().slice(-10)}`.padEnd(12, '0').slice(0, 12);
  return base + cnpjCheckDigits(base);
}

function csvFile(lines: string[]) {
  return {
    name: 'clientes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
  };
}

test.describe('Ferramentas administrativas', () => {
  test('importação de clientes por CSV: erros por linha, pré-visualização e importação', async ({ page }) => {
    await login(page, 'financeiro@demo.local', '/clientes');
    await page.getByRole('link', { name: 'Importar clientes (CSV)' }).click();
    await expect(page).toHaveURL(/\/clientes\/importar$/);
    await expect(page.getByRole('heading', { name: 'Importar clientes (CSV)' })).toBeVisible();

    const runId = Date.now().toString(36).toUpperCase();
    const cnpjA = freshCnpj('I1');
    const cnpjB = freshCnpj('I2');
    const nameA = `Empório Importado ${runId}`;
    const nameB = `Bazar Importado ${runId}`;
    const rowA = `${cnpjA};${nameA} Ltda;${nameA};contato@emporio.example;Alfa Automação;Hiper Mini;89,90;31/12/2026;(47) 3333-4444;Blumenau;SC;89010-000;;;`;
    const rowB = `${cnpjB};${nameB} Eireli;${nameB};contato@bazar.example;Alfa Automação;Hiper Gestão;1.234,56;15/01/2027;;Joinville;SC;;;;`;
    // Same CNPJ base with wrong check digits.
    const badCnpj = cnpjA.slice(0, 12) + (cnpjA.endsWith('00') ? '11' : '00');
    const badRow = `${badCnpj};Cliente Inválido Ltda;;invalido@example.com;Alfa Automação;Hiper Mini;89,90;31/12/2026;;Blumenau;SC;;;;`;

    const fileInput = page.locator('input[type="file"]');
    const importButton = page.getByRole('button', { name: /^Importar \d+ clientes?$/ });

    // 1) A file with an invalid row: the errors table names line and column; nothing to import.
    await fileInput.setInputFiles(csvFile([HEADER, rowA, badRow]));
    await page.getByRole('button', { name: 'Pré-visualizar' }).click();
    const errors = page.getByRole('table', { name: 'Erros do arquivo' });
    await expect(errors).toBeVisible();
    const errorRow = errors
      .getByRole('row')
      .filter({ hasText: 'CNPJ inválido (dígitos verificadores não conferem).' });
    await expect(errorRow).toHaveCount(1);
    await expect(errorRow.getByRole('cell').nth(0)).toHaveText('3');
    await expect(errorRow.getByRole('cell').nth(1)).toHaveText('cnpj');
    await expect(page.getByText(/nada será importado até corrigir/)).toBeVisible();
    await expect(importButton).toBeDisabled();

    // 2) A valid file with two new clients: preview shows "Criar" twice, then import.
    await fileInput.setInputFiles(csvFile([HEADER, rowA, rowB]));
    await page.getByRole('button', { name: 'Pré-visualizar' }).click();
    const rows = page.getByRole('table', { name: 'Clientes do arquivo' });
    await expect(rows).toBeVisible();
    await expect(errors).toHaveCount(0);
    await expect(rows.getByText('Criar', { exact: true })).toHaveCount(2);
    await expect(rows.getByText(nameA, { exact: true })).toBeVisible();
    await expect(rows.getByText(nameB, { exact: true })).toBeVisible();
    await expect(page.getByText('2 a criar · 0 a atualizar · 0 sem alteração')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Importar 2 clientes' })).toBeEnabled();
    await shot(page, 'import-preview');

    await page.getByRole('button', { name: 'Importar 2 clientes' }).click();
    const notification = page
      .locator('.mantine-Notification-root')
      .filter({ hasText: 'Importação concluída' });
    await expect(notification).toBeVisible();
    await expect(notification).toContainText('2 clientes criados');
    await expect(page.getByRole('button', { name: 'Importar 2 clientes' })).toBeDisabled();

    // 3) The reseller sees the imported client in its list.
    await page.context().clearCookies();
    await login(page, 'hiperador@demo.local', '/clientes');
    await page.getByPlaceholder('Buscar por nome ou CPF/CNPJ').fill(nameA);
    await expect(page.getByTestId('client-row')).toHaveCount(1);
    await expect(page.getByTestId('client-row').getByText(nameA, { exact: true })).toBeVisible();
  });

  test('instalações: cria chave de API, usa na API do Hiper e revoga', async ({ page, request }) => {
    await login(page, 'hiperador@demo.local', '/clientes');
    await page.getByRole('link', { name: 'Mercadinho Bom Preço' }).click();
    await expect(page.getByRole('heading', { name: 'Mercadinho Bom Preço' })).toBeVisible();
    await page.getByRole('tab', { name: 'Instalações' }).click();
    await expect(page.getByRole('heading', { name: 'Instalações do Hiper' })).toBeVisible();

    // Create: the key is shown once.
    await page.getByRole('button', { name: 'Nova chave' }).click();
    const form = page.getByRole('dialog', { name: 'Nova chave de API' });
    await form.getByLabel('Nome da instalação').fill('Caixa 1');
    await form.getByRole('button', { name: 'Criar chave' }).click();
    const createdDialog = page.getByRole('dialog', { name: 'Chave criada' });
    await expect(createdDialog).toBeVisible();
    await expect(createdDialog.getByText(/Copie agora/)).toBeVisible();
    const key = ((await createdDialog.getByTestId('api-key-secret').textContent()) ?? '').trim();
    expect(key).toMatch(/^hk_live_[A-Za-z0-9_-]{43}$/);
    // Let the modal transitions finish so the screenshot is not half-faded.
    await expect(form).toBeHidden();
    await expect(createdDialog).toHaveCSS('opacity', '1');
    await shot(page, 'api-keys');
    await createdDialog.getByRole('button', { name: 'Concluir' }).click();
    await expect(createdDialog).toBeHidden();

    // The list shows the installation with the visible prefix of the key (never the whole key).
    const row = page.getByTestId('api-key-row').filter({ hasText: 'Caixa 1' }).filter({ hasText: 'Ativa' });
    await expect(row).toHaveCount(1);
    const prefix = ((await row.locator('code').textContent()) ?? '').replace('…', '');
    expect(prefix.startsWith('hk_live_')).toBe(true);
    expect(key.startsWith(prefix)).toBe(true);
    await expect(page.getByText(key)).toHaveCount(0);

    // The Hiper uses the key: authenticated (200, or 404 when there is no pending contract).
    const headers = { Authorization: `Bearer ${key}` };
    const ok = await request.get('/api/v1/licence/contract', { headers });
    expect(ok.status(), await ok.text()).not.toBe(401);
    if (ok.status() === 404) {
      expect(await ok.json()).toMatchObject({ message: 'Nenhum contrato pendente de assinatura.' });
    } else {
      expect(ok.status()).toBe(200);
    }

    // Revoke (with confirmation): the same call is now refused.
    await row.getByRole('button', { name: 'Revogar' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revogar chave' });
    await expect(confirm).toContainText('Caixa 1');
    await confirm.getByRole('button', { name: 'Revogar' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText('Chave revogada')).toBeVisible();
    await expect(
      page
        .getByTestId('api-key-row')
        .filter({ hasText: prefix })
        .getByText(/^Revogada em /),
    ).toBeVisible();

    const refused = await request.get('/api/v1/licence/contract', { headers });
    expect(refused.status()).toBe(401);
  });
});
