import { expect, test } from '@playwright/test';
import { cnpjCheckDigits } from '../src/domain/documents/cpf-cnpj';
import { login, shot } from './support';

test.describe('Emissão de contrato', () => {
  test('proposta pronta → responsável no cliente → contrato aguardando assinatura, PDF em Documentos', async ({
    page,
  }) => {
    await login(page, 'hiperador@demo.local');

    // A new client (alphanumeric CNPJ) from the calculator, and a proposal for it.
    await page.goto('/contratos/novo?produto=hiper-mini');
    await page.getByRole('button', { name: 'Cadastrar novo cliente' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cadastrar novo cliente' });
    const base = `C7${Date.now().toString(36).toUpperCase().slice(-10)}`.padEnd(12, '0').slice(0, 12);
    const cnpj = base + cnpjCheckDigits(base);
    await dialog.getByLabel('CPF ou CNPJ').fill(cnpj);
    await dialog.getByLabel('Razão social').fill('Mercearia Contrato Digital Ltda');
    await dialog.getByLabel('E-mail').fill('contato@mercearia.example');
    await dialog.getByLabel('Cidade').fill('Joinville');
    await dialog.getByRole('combobox', { name: 'UF' }).fill('SC');
    await page.getByRole('option', { name: 'SC', exact: true }).click();
    await dialog.getByRole('button', { name: 'Cadastrar cliente' }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole('button', { name: 'Salvar proposta' }).click();
    await expect(page).toHaveURL(/\/propostas\/[0-9a-f-]{36}$/);
    const proposalUrl = page.url();
    await page.getByRole('button', { name: 'Marcar como pronta para contrato' }).click();
    await expect(page.getByTestId('proposal-status')).toHaveText('Pronta para contrato');

    // Without the responsável the server refuses, and the page says where to fill it.
    await page.getByRole('button', { name: 'Emitir contrato' }).click();
    await expect(
      page.getByText(
        'Cadastre o responsável pela assinatura (nome, CPF e e-mail) antes de emitir o contrato.',
      ),
    ).toBeVisible();
    await page.getByRole('link', { name: 'Abra o cliente' }).click();

    // Dados > Editar dados: IE, address and the responsável, with masks.
    await expect(page.getByRole('heading', { name: 'Mercearia Contrato Digital Ltda' })).toBeVisible();
    await expect(page.getByText('Prospect', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Editar dados' }).click();
    const edit = page.getByRole('dialog', { name: 'Editar dados do cliente' });
    await edit.getByLabel('Inscrição estadual').fill('254123456');
    await edit.getByLabel('CEP').fill('89201000');
    await expect(edit.getByLabel('CEP')).toHaveValue('89201-000');
    await edit.getByLabel('Logradouro').fill('Rua do Príncipe');
    await edit.getByLabel('Número').fill('330');
    await edit.getByLabel('Bairro').fill('Centro');
    await edit.getByLabel('Telefone').fill('4733334444');
    await expect(edit.getByLabel('Telefone')).toHaveValue('(47) 3333-4444');
    await edit.getByLabel('Nome do responsável').fill('Joana Ribeiro Alves');
    await edit.getByLabel('CPF do responsável').fill('11111111111');
    await edit.getByRole('button', { name: 'Salvar dados' }).click();
    await expect(edit.getByText('CPF inválido: confira os dígitos.')).toBeVisible();
    await edit.getByLabel('CPF do responsável').fill('52998224725');
    await expect(edit.getByLabel('CPF do responsável')).toHaveValue('529.982.247-25');
    await edit.getByLabel('E-mail do responsável').fill('joana@mercearia.example');
    await shot(page, 'client-edit');
    await edit.getByRole('button', { name: 'Salvar dados' }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByTestId('responsible')).toContainText('Joana Ribeiro Alves');
    await expect(page.getByTestId('responsible')).toContainText('CPF 529.982.247-25');

    // Back to the proposal: Emitir contrato.
    await page.goto(proposalUrl);
    await page.getByRole('button', { name: 'Emitir contrato' }).click();
    await expect(page.getByText('Contrato emitido')).toBeVisible();
    await expect(page.getByText(/Contrato nº \d{4}-\d{6} \(versão 1, Ativação\)/)).toBeVisible();

    // Histórico de contratação: the version waits for signature.
    await page.getByRole('link', { name: 'Mercearia Contrato Digital Ltda' }).click();
    await expect(page.getByText('Aguardando contrato', { exact: true })).toBeVisible();
    await page.getByRole('tab', { name: 'Histórico de contratação' }).click();
    const row = page.getByTestId('contract-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('v1');
    await expect(row).toContainText('Ativação');
    await expect(row).toContainText('Aguardando assinatura');
    await shot(page, 'client-contract-history');

    // Documentos: the PDF downloads and starts with %PDF.
    await page.getByRole('tab', { name: 'Documentos' }).click();
    const doc = page.getByTestId('document-row');
    await expect(doc).toHaveCount(1);
    await expect(doc).toContainText('Contrato emitido');
    const link = doc.getByRole('link', { name: /^contrato-\d{4}-\d{6}-v1\.pdf$/ });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/documents\/[0-9a-f-]{36}$/);
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
    const download = page.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toMatch(/^contrato-\d{4}-\d{6}-v1\.pdf$/);

    // Eventos: the audit trail, newest first.
    await page.getByRole('tab', { name: 'Eventos' }).click();
    await expect(page.getByTestId('event-row').first()).toContainText('Contrato emitido');
    await expect(page.getByText('Dados do cliente alterados')).toBeVisible();
    await expect(page.getByText('Cliente cadastrado')).toBeVisible();
    await shot(page, 'client-events');

    // The Contratos menu lists the contract too.
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Contratos' })
      .click();
    await expect(
      page.getByTestId('contract-row').filter({ hasText: 'Mercearia Contrato Digital' }),
    ).toContainText('Aguardando assinatura');
  });
});
