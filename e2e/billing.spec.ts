import { expect, type Page, test } from '@playwright/test';
import { cnpjCheckDigits } from '../src/domain/documents/cpf-cnpj';
import { login, shot, waitForMail } from './support';

/** The API with the page's session cookie and its CSRF token. */
async function api(page: Page) {
  const me = await page.request.get('/api/v1/me');
  const csrf = ((await me.json()) as { csrf_token: string }).csrf_token;
  return async (method: 'GET' | 'POST', url: string, data?: unknown) => {
    const res =
      method === 'GET'
        ? await page.request.get(url)
        : await page.request.post(url, { data: data ?? {}, headers: { 'x-csrf-token': csrf } });
    expect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
    return res.json();
  };
}

test('cobrança recorrente: ativação assinada e paga, execução da cobrança de uma data, parcelas e liberado até', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const signerEmail = `resp.${Date.now().toString(36)}@cobranca.example`;

  // Alfa's Hiperador: a client, a proposal and its ativação (mensal, boleto, R$ 89,90).
  await login(page, 'hiperador@demo.local');
  const alfa = await api(page);
  const base = `B7${Date.now().toString(36).toUpperCase().slice(-10)}`.padEnd(12, '0').slice(0, 12);
  const client = await alfa('POST', '/api/v1/clients', {
    document: base + cnpjCheckDigits(base),
    legal_name: 'Mercearia Cobrança Recorrente Ltda',
    email: 'financeiro@mercearia.example',
    city: 'Joinville',
    state: 'SC',
    responsible_name: 'Rita Moraes Lima',
    responsible_cpf: '52998224725',
    responsible_email: signerEmail,
  });
  const proposal = await alfa('POST', '/api/v1/proposals', {
    client_id: client.id,
    product: 'hiper-mini',
    addons: {},
    apps: [],
    periodicity: 'mensal',
    setup_fee: false,
    negotiated_monthly_cents: 8990,
    payment_method: 'boleto',
  });
  await alfa('POST', `/api/v1/proposals/${proposal.id}/ready`);
  await alfa('POST', `/api/v1/proposals/${proposal.id}/contract`, { kind: 'ativacao' });

  // The responsável signs by the e-mailed link and code (public API, no session).
  const token = await waitForMail(page.request, signerEmail, /\/assinar\/([A-Za-z0-9_-]{43})/);
  expect((await page.request.get(`/api/v1/signing/${token}`)).ok()).toBe(true);
  const codeReq = await page.request.post(`/api/v1/signing/${token}/code`, {
    data: { name: 'Rita Moraes Lima', cpf: '529.982.247-25' },
  });
  expect(codeReq.ok(), await codeReq.text()).toBe(true);
  const code = await waitForMail(page.request, signerEmail, /Seu código para assinar o contrato: (\d{6})/);
  const signed = await page.request.post(`/api/v1/signing/${token}/sign`, { data: { code, accept: true } });
  expect(signed.ok(), await signed.text()).toBe(true);

  // The activation charge exists at once; Financeiro simulates its Pix payment (sandbox PSP).
  await login(page, 'financeiro@demo.local');
  const fin = await api(page);
  let activation: { charge: { id: string } | null } | undefined;
  await expect
    .poll(async () => {
      const body = await fin('GET', `/api/v1/clients/${client.id}/installments`);
      activation = body.installments[0];
      return activation?.charge?.id ?? null;
    })
    .not.toBeNull();
  await fin('POST', `/api/v1/charges/${activation!.charge!.id}/pix/simulate`, {});

  // Admin: Execuções de cobrança → run today's date → the run finishes with its counts.
  await login(page, 'admin@demo.local');
  await page.getByRole('link', { name: 'Execuções de cobrança' }).click();
  await expect(page.getByRole('heading', { name: 'Execuções de cobrança' })).toBeVisible();
  await page.getByTestId('billing-run-open').click();
  const dialog = page.getByRole('dialog', { name: 'Executar cobrança de uma data' });
  await expect(dialog.getByTestId('billing-run-date')).not.toHaveValue('');
  await dialog.getByTestId('billing-run-submit').click();
  await expect(dialog.getByTestId('billing-run-confirm-text')).toContainText('Executar a cobrança de');
  await dialog.getByTestId('billing-run-confirm').click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('billing-run-row').first();
  await expect(row.getByTestId('run-status')).toHaveText('Concluída', { timeout: 20_000 });
  await expect(row.getByTestId('run-count-issued')).toHaveText(/^\d+$/);
  await expect(row.getByTestId('run-count-blocked')).toHaveText(/^\d+$/);
  await shot(page, 'execucoes-de-cobranca');
  await row.click();
  const detail = page.getByTestId('billing-run-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByText('Emitidas')).toBeVisible();
  await shot(page, 'execucao-de-cobranca-detalhe');
  await page.keyboard.press('Escape');

  // The client's page, Cobranças: liberado até (paid activation: end of next month) and the parcelas.
  await page.goto(`/clientes/${client.id}`);
  await page.getByRole('tab', { name: 'Cobranças' }).click();
  const panel = page.getByTestId('client-installments');
  await expect(panel).toBeVisible();
  await expect(panel.getByText('Liberado até', { exact: true })).toBeVisible();
  await expect(panel.getByTestId('installments-paid-through')).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);
  const first = panel.getByTestId('installment-row').filter({ hasText: '1 (ativação)' });
  await expect(first).toHaveCount(1);
  await expect(first.getByTestId('installment-situation')).toHaveText('Paga');
  await expect(first).toContainText('R$ 89,90');
  await expect(panel.getByRole('button', { name: 'Liberar até…' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Cancelar cobrança do cliente' })).toBeVisible();
  await shot(page, 'cliente-parcelas');
});
