import { expect, test } from '@playwright/test';
import { PASSWORD, shot, waitForMail } from './support';

const CLIENT = 'Pet Shop Amigo Fiel ME';

test('cartão: o Hiperador envia o link, o cliente cadastra 4111… no celular e a página do cliente mostra "Visa final 1111"', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);

  await page.goto('/entrar');
  await page.getByLabel('E-mail').fill('hiperador@demo.local');
  await page.getByLabel('Senha', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(/\/painel$/);

  const list = await (await page.request.get('/api/v1/clients?page_size=100')).json();
  const client = list.items.find((c: { legal_name: string }) => c.legal_name === CLIENT);
  const detail = await (await page.request.get(`/api/v1/clients/${client.id}`)).json();
  const billingEmail: string = detail.email;

  // Client page > Cobranças: no card yet; send the registration link (with confirmation).
  await page.goto(`/clientes/${client.id}`);
  await page.getByRole('tab', { name: 'Cobranças' }).click();
  const panel = page.getByTestId('client-card-panel');
  await expect(panel.getByText('Nenhum cartão de crédito cadastrado')).toBeVisible();
  await panel.getByRole('button', { name: 'Enviar link de cadastro do cartão' }).click();
  const confirm = page.getByRole('dialog', { name: 'Enviar link de cadastro do cartão' });
  await expect(confirm.getByText(/válido por 7 dias/)).toBeVisible();
  await confirm.getByRole('button', { name: 'Enviar link' }).click();
  await expect(page.getByText(`Link de cadastro do cartão enviado para ${billingEmail}.`)).toBeVisible();
  await expect(confirm).toBeHidden();

  // The e-mail arrives through SMTP with the personal link.
  const link = await waitForMail(
    page.request,
    billingEmail,
    /Cadastrar o cartão: (http\S+\/cartao\/[A-Za-z0-9_-]{43})/,
  );

  // The client, on a phone, with no portal session.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
  });
  const payer = await phone.newPage();
  const apiCalls: { url: string; body: string }[] = [];
  payer.on('request', (r) => {
    if (r.method() === 'POST') apiCalls.push({ url: r.url(), body: r.postData() ?? '' });
  });
  await payer.goto(link);
  await expect(payer.getByRole('heading', { name: 'Cadastre o cartão de crédito' })).toBeVisible();
  await expect(payer.getByText(CLIENT, { exact: false })).toBeVisible();
  const sandbox = payer.getByTestId('sandbox-notice');
  await expect(sandbox.getByText('4111 1111 1111 1111')).toBeVisible();
  await expect(sandbox.getByText('Recusado: Saldo insuficiente')).toBeVisible();

  // A wrong digit is caught on the page (Luhn), before anything is sent.
  await payer.getByLabel('Número do cartão').fill('4111111111111112');
  await payer.getByRole('button', { name: 'Cadastrar cartão' }).click();
  await expect(payer.getByText('Número de cartão inválido. Confira os dígitos.')).toBeVisible();
  expect(apiCalls).toEqual([]);

  await payer.getByLabel('Número do cartão').fill('4111111111111111');
  await expect(payer.getByLabel('Número do cartão')).toHaveValue('4111 1111 1111 1111');
  await expect(payer.getByTestId('card-brand')).toHaveText('Visa');
  await payer.getByLabel('Validade').fill('1230');
  await expect(payer.getByLabel('Validade')).toHaveValue('12/30');
  await payer.getByLabel('CVV').fill('123');
  await payer.getByLabel('Nome impresso no cartão').fill('Paula Souza');
  // The page fits a 390 px screen: nothing wider than the viewport.
  expect(await payer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(payer, 'card-mobile-form');

  await payer.getByRole('button', { name: 'Cadastrar cartão' }).click();
  await expect(payer.getByTestId('card-success')).toHaveText('Cartão Visa final 1111 cadastrado');
  await shot(payer, 'card-mobile-success');

  // The number and the CVV went to the (sandbox) gateway only; our API got the token.
  const ours = apiCalls.filter((c) => c.url.includes('/api/v1/'));
  expect(ours).toHaveLength(1);
  expect(ours[0]!.body).not.toContain('4111111111111111');
  expect(ours[0]!.body).not.toContain('cvv');
  expect(ours[0]!.body).toContain('tok_sandbox_');
  expect(apiCalls.some((c) => c.url.endsWith('/sandbox/gateway/tokens'))).toBe(true);

  // The link is used up.
  await payer.reload();
  await expect(payer.getByTestId('card-link-error')).toContainText('Este link já foi usado');
  await phone.close();

  // Back on the client page: the card is there.
  await page.reload();
  await page.getByRole('tab', { name: 'Cobranças' }).click();
  await expect(page.getByTestId('client-card-label')).toHaveText('Cartão de crédito: Visa final 1111');
  await expect(panel.getByText(/Validade 12\/2030 · PAULA SOUZA/)).toBeVisible();
  await shot(page, 'card-client-page');
});
