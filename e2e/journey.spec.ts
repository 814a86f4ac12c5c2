import { mkdirSync } from 'node:fs';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { signPixWebhook } from '../src/app/payments/pix-webhook';
import { cnpjCheckDigits } from '../src/domain/documents/cpf-cnpj';
import { generateRemessa, login, mailsTo, shot, waitForMail } from './support';

/*
 * Issue 8, "The journey": one client's whole life through the real UI, with the real SMTP server of
 * scripts/e2e-server.mjs and the server's clock moved by the test-only POST /api/v1/test/clock (TEST_CLOCK=1).
 * The API is used only where no screen exists: moving the clock and the PSP's Pix webhook.
 *
 * Dates (M = the current month in São Paulo, C = M − 12; the story starts on the 3rd of C, a year ago, so that
 * its next installment falls in M):
 *   activation, Anual → installment 1 = 12 months, paid by the CNAB retorno on 03/C → liberado até the last day
 *   of C+12; installment 2 is due on 15/(C+12), issued (charge + e-mail) 10 days before, on 05/(C+12); unpaid
 *   after its due date → inadimplente (run of 25/(C+12)); the day after liberado até, 01/(C+13) → bloqueado;
 *   paid by Pix that day (late: multa 2% + juros 1% a.m. pro rata die) → ativo, liberado até the last day of
 *   C+24; upgrade (one Caixa adicional) signed on 16/(C+13) → prorated charge, paid by Pix the same day; the
 *   repasse statement of C+13 shows both lines.
 *
 * Figures, from the demo price book (src/domain/pricing/demo-price-book.ts), computed by hand:
 *   Hiper Mini 89,90 + QR PIX 19,90 = 109,80 a month; Anual −20% → 87,84; negotiated 85,00 → 12 × 85,00 =
 *   1.020,00 a year. custo Hiper 28,00 + 6,63 (⅓ of 19,90) = 34,63 a month; taxa da central 6,5%.
 *   Installment 2 (1.020,00): custo 12 × 34,63 = 415,56; taxa 66,30; repasse 1.020,00 − 415,56 − 66,30 = 538,14.
 *   Late: multa 2% = 20,40; juros 1.020,00 × 1% × d / 30 = 0,34 × d (d = days from 15/(C+12) to 01/(C+13)).
 *   Upgrade: + Caixa adicional (29,90, custo 10,00) negotiated 110,00: 25,00 a month more → 300,00 a year,
 *   prorated over the days left of the paid year: round(300,00 × left / year) (SPEC §4 proration);
 *   its line: custo 44,63 × P / 110,00, taxa 6,5% × P, repasse = P − custo − taxa.
 */

/** The e2e server's PIX_WEBHOOK_SECRET (unset there: the demo payment settings' secret). */
const PIX_SECRET = 'dev-only-pix-webhook-secret';

// ---- dates (plain arithmetic on 'YYYY-MM-DD', the São Paulo calendar) ----
const pad = (n: number) => String(n).padStart(2, '0');
/** Month index (year × 12 + month − 1) of São Paulo's current month. */
function currentMonthIndex(): number {
  const [y, m] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Sao_Paulo',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number];
  return y * 12 + m - 1;
}
const ym = (i: number) => `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
const daysIn = (i: number) => new Date(Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0)).getUTCDate();
const day = (i: number, d: number) => `${ym(i)}-${pad(d)}`;
const lastDay = (i: number) => day(i, daysIn(i));
const br = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const epochDays = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
/** R$ 1.234,56 from centavos (built by hand, not with the code under test). */
function brl(cents: number): string {
  const [int, dec] = [Math.floor(cents / 100), pad(cents % 100)];
  return `R$ ${String(int).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`;
}
/** a × b / c, half-up. */
const mulDiv = (a: number, b: number, c: number) => Math.floor((2 * a * b + c) / (2 * c));
/** Competência as the portal shows it: 'MM/AAAA'. */
const competenceBR = (i: number) => `${pad((i % 12) + 1)}/${Math.floor(i / 12)}`;

/** Screenshots of every screen: test-results/journey-<name>.png and e2e/screenshots/journey-<name>.png (CI). */
async function snap(page: Page, name: string): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/journey-${name}.png`, fullPage: true });
  await shot(page, `journey-${name}`);
}

/** Moves the server's clock (test-only route) and the browser's, to `date` at `time` in São Paulo. */
async function setClock(page: Page, date: string, time = '10:00'): Promise<void> {
  const instant = `${date}T${time}:00-03:00`;
  const res = await page.request.post('/api/v1/test/clock', { data: { now: instant } });
  expect(res.ok(), await res.text()).toBe(true);
  expect(((await res.json()) as { business_date: string }).business_date).toBe(date);
  await page.clock.setSystemTime(new Date(instant));
}

/** The responsável signs from the e-mailed link, in a browser without a portal session. */
async function signFromEmail(browser: Browser, page: Page, email: string, link: string, name: string) {
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const signer = await context.newPage();
  await signer.goto(link);
  await expect(signer.getByText('Contrato nº', { exact: false }).first()).toBeVisible();
  await signer.getByLabel('Nome completo').fill('Marta Quintana Ribeiro');
  await signer.getByLabel('CPF').fill('52998224725');
  await snap(signer, `${name}-assinatura`);
  const before = (await mailsTo(page.request, email)).length;
  await signer.getByRole('button', { name: 'Enviar código por e-mail' }).click();
  await expect(signer.getByText('2. Digite o código de 6 dígitos')).toBeVisible();
  await expect.poll(async () => (await mailsTo(page.request, email)).length).toBeGreaterThan(before);
  const code = await waitForMail(page.request, email, /Seu código para assinar o contrato: (\d{6})/);
  await signer.getByRole('textbox').first().click();
  await signer.keyboard.type(code);
  await signer.getByLabel('Li e concordo com os termos do contrato').check();
  await signer.getByRole('button', { name: 'Confirmar assinatura' }).click();
  await expect(signer.getByRole('heading', { name: 'Contrato assinado' })).toBeVisible({ timeout: 20_000 });
  await snap(signer, `${name}-assinado`);
  await context.close();
}

/** Admin: Execuções de cobrança → executar the run of `date` → Concluída; returns the run's row. */
async function runBilling(page: Page, date: string, name: string) {
  await login(page, 'admin@demo.local');
  await page.getByRole('link', { name: 'Execuções de cobrança' }).click();
  await expect(page.getByRole('heading', { name: 'Execuções de cobrança' })).toBeVisible();
  await page.getByTestId('billing-run-open').click();
  const dialog = page.getByRole('dialog', { name: 'Executar cobrança de uma data' });
  await expect(dialog.getByTestId('billing-run-date')).toHaveValue(date);
  await dialog.getByTestId('billing-run-submit').click();
  await expect(dialog.getByTestId('billing-run-confirm-text')).toContainText(
    `Executar a cobrança de ${br(date)} agora?`,
  );
  await dialog.getByTestId('billing-run-confirm').click();
  await expect(dialog).toBeHidden();
  const row = page
    .getByTestId('billing-run-row')
    .filter({ hasText: br(date) })
    .first();
  await expect(row.getByTestId('run-status')).toHaveText('Concluída', { timeout: 60_000 });
  await snap(page, `${name}-execucao`);
  return row;
}

test('a jornada de um cliente: da calculadora ao extrato de repasse, com o relógio do servidor avançando', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // The next installment falls in the current month: the story starts 12 months ago (the demo's history
  // already billed that past, so the runs only add this client's work and a few days of the demo's).
  const C = currentMonthIndex() - 12;
  const start = day(C, 3);
  const paidThrough1 = lastDay(C + 12);
  const issueDay = day(C + 12, 5);
  const due2 = day(C + 12, 15);
  const overdueDay = day(C + 12, 25);
  const blockDay = day(C + 13, 1);
  const paidThrough2 = lastDay(C + 24);
  const upgradeDay = day(C + 13, 16);

  const stamp = Date.now().toString(36);
  const signerEmail = `marta.${stamp}@jornada.example`;
  const legalName = `Empório Jornada ${stamp.toUpperCase()} Ltda`;
  const base = `J8${stamp.toUpperCase().slice(-10)}`.padEnd(12, '0').slice(0, 12);

  await setClock(page, start);

  // 1. The Hiperador logs in and starts a contract: Hiper Mini, a new client.
  await login(page, 'hiperador@demo.local', '/clientes');
  await snap(page, '01-clientes');
  await page.getByRole('link', { name: 'Novo contrato' }).click();
  await expect(page.getByRole('heading', { name: 'Escolha o produto' })).toBeVisible();
  await snap(page, '02-escolha-o-produto');
  await page
    .getByTestId('product-hiper-mini')
    .getByRole('link', { name: /Contratar/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Geração de Contratos' })).toBeVisible();

  await page.getByRole('button', { name: 'Cadastrar novo cliente' }).click();
  const newClient = page.getByRole('dialog', { name: 'Cadastrar novo cliente' });
  await newClient.getByLabel('CPF ou CNPJ').fill(base + cnpjCheckDigits(base));
  await newClient.getByLabel('Razão social').fill(legalName);
  await newClient.getByLabel('E-mail').fill(`financeiro.${stamp}@jornada.example`);
  await newClient.getByLabel('Cidade').fill('Blumenau');
  await newClient.getByRole('combobox', { name: 'UF' }).fill('SC');
  await page.getByRole('option', { name: 'SC', exact: true }).click();
  await snap(page, '03-novo-cliente');
  await newClient.getByRole('button', { name: 'Cadastrar cliente' }).click();
  await expect(newClient).toBeHidden();

  // 2. Calculator: an app, Anual, negotiated; no implantação; boleto.
  await page.getByRole('button', { name: 'Adicionar aplicativos' }).click();
  const apps = page.getByRole('dialog', { name: 'Adicionar aplicativos' });
  await apps.getByRole('checkbox', { name: 'QR PIX' }).check();
  await apps.getByRole('button', { name: 'Concluir' }).click();
  await expect(apps).toBeHidden();
  await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 109,80');
  await page.getByTestId('option-anual').click();
  await expect(page.getByTestId('option-anual')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 87,84');
  const setupFee = page.getByLabel('Com valor de implantação');
  if (await setupFee.isChecked()) await setupFee.uncheck({ force: true });
  await expect(setupFee).not.toBeChecked();
  await page.getByRole('button', { name: 'Negociar' }).click();
  await page.getByLabel('Valor negociado (mensal)').fill('85,00');
  await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 85,00');
  await expect(page.getByTestId('summary-period-total')).toHaveText('R$ 1.020,00');
  await expect(page.getByRole('combobox', { name: 'Forma de pagamento' })).toHaveValue('Boleto bancário');
  await snap(page, '04-calculadora');

  // 3. Proposal → pronta para contrato.
  await page.getByRole('button', { name: 'Salvar proposta' }).click();
  await expect(page).toHaveURL(/\/propostas\/[0-9a-f-]{36}$/);
  const proposalUrl = page.url();
  await expect(page.getByTestId('proposal-status')).toHaveText('Rascunho');
  await page.getByRole('button', { name: 'Marcar como pronta para contrato' }).click();
  await expect(page.getByTestId('proposal-status')).toHaveText('Pronta para contrato');
  await snap(page, '05-proposta');

  // The responsável who signs (client page > Editar dados), then the contract.
  await page.getByRole('button', { name: 'Emitir contrato' }).click();
  await page.getByRole('link', { name: 'Abra o cliente' }).click();
  await expect(page.getByRole('heading', { name: legalName })).toBeVisible();
  const clientUrl = page.url();
  await page.getByRole('button', { name: 'Editar dados' }).click();
  const edit = page.getByRole('dialog', { name: 'Editar dados do cliente' });
  await edit.getByLabel('Nome do responsável').fill('Marta Quintana Ribeiro');
  await edit.getByLabel('CPF do responsável').fill('52998224725');
  await edit.getByLabel('E-mail do responsável').fill(signerEmail);
  await edit.getByRole('button', { name: 'Salvar dados' }).click();
  await expect(edit).toBeHidden();
  await page.goto(proposalUrl);
  await page.getByRole('button', { name: 'Emitir contrato' }).click();
  await expect(page.getByText(/Contrato nº \d{4}-\d{6} \(versão 1, Ativação\)/)).toBeVisible();
  await snap(page, '06-contrato-emitido');

  // 4. The client signs from the e-mail.
  const LINK_RE = /Ler e assinar o contrato: (http\S+\/assinar\/[A-Za-z0-9_-]{43})/;
  const link = await waitForMail(page.request, signerEmail, LINK_RE);
  await signFromEmail(browser, page, signerEmail, link, '07-ativacao');

  // 5. The activation charge: a boleto of R$ 1.020,00; the client waits for payment.
  await page.goto(clientUrl);
  await expect(page.getByText('Aguardando pagamento', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Cobranças' }).click();
  const installments = page.getByTestId('client-installments');
  const first = installments.getByTestId('installment-row').filter({ hasText: '1 (ativação)' });
  await expect(first).toContainText('R$ 1.020,00');
  await expect(first).toContainText(competenceBR(C));
  await expect(first).toContainText(br(paidThrough1)); // what paying it liberates
  await expect(first.getByTestId('installment-situation')).toHaveText('Em aberto');
  await snap(page, '08-cobranca-de-ativacao');

  // 6. Financeiro: remessa → the banco simulado's retorno → import: the boleto is paid.
  await login(page, 'financeiro@demo.local');
  await page.goto('/financeiro?aba=arquivos');
  const remessaRow = await generateRemessa(page);
  const download = page.waitForEvent('download');
  await remessaRow.getByRole('button', { name: 'Gerar retorno de teste' }).click();
  const retorno = await (await download).path();
  await page.locator('input[type="file"]').setInputFiles(retorno);
  await page.getByTestId('retorno-import').click();
  await expect(page.getByTestId('retorno-summary')).toContainText('Retorno importado');
  await snap(page, '09-arquivos-bancarios');

  // 7. Ativo, liberado até the last day of C+12.
  await login(page, 'hiperador@demo.local', new URL(clientUrl).pathname);
  await expect(page.getByText('Ativo', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Cobranças' }).click();
  await expect(installments.getByTestId('installments-paid-through')).toHaveText(br(paidThrough1));
  await expect(first.getByTestId('installment-situation')).toHaveText('Paga');
  await expect(first).toContainText(`em ${br(start)}`);
  await snap(page, '10-cliente-ativo');
  const clientPath = new URL(clientUrl).pathname;
  const clientId = clientPath.split('/').at(-1)!;
  const installment2 = installments.getByTestId('installment-row').filter({ hasText: /^2\s*Contrato/ });

  /** The client's page (as the Hiperador), Cobranças tab; checks the status badge. */
  const openClient = async (status: string) => {
    await login(page, 'hiperador@demo.local', clientPath);
    await expect(
      page.getByRole('heading', { name: legalName }).locator('..').getByText(status, { exact: true }),
    ).toBeVisible();
    await page.getByRole('tab', { name: 'Cobranças' }).click();
    await expect(installments).toBeVisible();
  };

  // 8. A year later: the issue day of installment 2 (10 days before the 15th) — the daily run issues it and
  //    e-mails the boleto.
  await setClock(page, issueDay);
  const issued = await runBilling(page, issueDay, '11-emissao');
  await expect(issued.getByTestId('run-count-issued')).not.toHaveText('0');
  const year = brl(102_000);
  const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const issueSubject = new RegExp(
    `Cobrança \\d{4}-\\d{6} — ${escapeRe(year)} — vence em ${escapeRe(br(due2))}`,
  );
  // The e-mail in the Caixa de saída, then delivered by SMTP.
  await page.getByRole('link', { name: 'Caixa de saída' }).click();
  await page.getByLabel('Buscar por destinatário ou assunto').fill(stamp);
  await expect(page.getByTestId('outbox-row').filter({ hasText: issueSubject })).toHaveCount(1);
  await snap(page, '12-caixa-de-saida');
  await expect
    .poll(async () => (await mailsTo(page.request, stamp)).some((m) => issueSubject.test(m.subject)), {
      timeout: 60_000,
      message: 'e-mail da parcela 2 entregue por SMTP',
    })
    .toBe(true);

  await openClient('Ativo');
  await expect(installment2).toContainText(year);
  await expect(installment2).toContainText(br(due2));
  await expect(installment2).toContainText(br(lastDay(C + 24)));
  await expect(installment2.getByTestId('installment-situation')).toHaveText('Em aberto');
  await snap(page, '12b-parcela-emitida');

  // 9. Unpaid past its due date: the run of the 25th makes the client inadimplente (still liberado).
  await setClock(page, overdueDay);
  const overdue = await runBilling(page, overdueDay, '13-inadimplencia');
  await expect(overdue.getByTestId('run-count-overdue')).not.toHaveText('0');
  await openClient('Inadimplente');
  await expect(installment2.getByTestId('installment-situation')).toHaveText('Vencida');
  await expect(installments.getByTestId('installments-paid-through')).toHaveText(br(paidThrough1));
  await snap(page, '14-cliente-inadimplente');

  // 10. The day after liberado até: blocked.
  await setClock(page, blockDay);
  const blocked = await runBilling(page, blockDay, '15-bloqueio');
  await expect(blocked.getByTestId('run-count-blocked')).not.toHaveText('0');
  await openClient('Bloqueado');
  await snap(page, '16-cliente-bloqueado');

  // 11. The client pays by Pix that day (the PSP's webhook): multa 2% + juros 1% a.m. for d days.
  const daysLate = epochDays(blockDay) - epochDays(due2);
  const fine = 2_040;
  const interest = mulDiv(102_000, daysLate, 3_000);
  const paid = 102_000 + fine + interest;
  const reais = (c: number) => (c / 100).toFixed(2);
  /** The PSP's webhook for a Pix of `cents`; a late one says its multa and juros (componentesValor, cobv). */
  const pixPay = async (
    chargeId: string,
    cents: number,
    time: string,
    late?: { multa: number; juros: number },
  ) => {
    const charge = (await (await page.request.get(`/api/v1/charges/${chargeId}`)).json()) as {
      pix: { txid: string } | null;
    };
    expect(charge.pix, 'boleto híbrido com Pix').not.toBeNull();
    const raw = JSON.stringify({
      pix: [
        {
          endToEndId: `E18236120${Date.now()}${String(cents).padStart(10, '0')}`.slice(0, 32),
          txid: charge.pix!.txid,
          valor: reais(cents),
          horario: time,
          ...(late
            ? {
                componentesValor: {
                  original: { valor: reais(cents - late.multa - late.juros) },
                  multa: { valor: reais(late.multa) },
                  juros: { valor: reais(late.juros) },
                },
              }
            : {}),
        },
      ],
    });
    const res = await page.request.post('/api/v1/webhooks/pix', {
      data: raw,
      headers: { 'content-type': 'application/json', 'x-pix-signature': signPixWebhook(raw, PIX_SECRET) },
    });
    expect(res.ok(), await res.text()).toBe(true);
  };
  const list = (await (await page.request.get(`/api/v1/clients/${clientId}/installments`)).json()) as {
    installments: { competence: string; charge: { id: string } | null }[];
  };
  const charge2 = list.installments.find((i) => i.competence === ym(C + 12))!.charge!.id;
  await pixPay(charge2, paid, `${blockDay}T11:30:00-03:00`, { multa: fine, juros: interest });
  const settled = (await (await page.request.get(`/api/v1/charges/${charge2}`)).json()) as {
    status: string;
    payments: { amount_cents: number; fine_interest_cents: number; overpaid_cents: number }[];
  };
  expect(settled.status).toBe('paga');
  expect(settled.payments).toEqual([
    expect.objectContaining({ amount_cents: paid, fine_interest_cents: fine + interest, overpaid_cents: 0 }),
  ]);

  // 12. Unblocked: ativo, liberado até the last day of C+24.
  await openClient('Ativo');
  await expect(installments.getByTestId('installments-paid-through')).toHaveText(br(paidThrough2));
  await expect(installment2.getByTestId('installment-situation')).toHaveText('Paga');
  await expect(installment2).toContainText(`em ${br(blockDay)}`);
  await snap(page, '17-cliente-desbloqueado');

  // 13. On the 16th the Hiperador sells an upgrade: one Caixa adicional, 110,00 a month (Anual).
  await setClock(page, upgradeDay);
  await openClient('Ativo');
  await page.getByRole('tab', { name: 'Histórico de contratação' }).click();
  await page.getByRole('link', { name: 'Nova contratação' }).click();
  await expect(page.getByTestId('alteracao-alert')).toContainText('Alteração do contrato nº');
  await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 85,00');
  await page.getByLabel('Quantidade de Caixa adicional').fill('1');
  const negotiated = page.getByLabel('Valor negociado (mensal)');
  if (!(await negotiated.isVisible())) await page.getByRole('button', { name: 'Negociar' }).click();
  await negotiated.fill('110,00');
  await expect(page.getByTestId('summary-monthly')).toHaveText('R$ 110,00');
  await expect(page.getByTestId('option-anual')).toHaveAttribute('aria-pressed', 'true');
  await snap(page, '18-upgrade-calculadora');
  await page.getByRole('button', { name: 'Salvar proposta' }).click();
  await expect(page).toHaveURL(/\/propostas\/[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: 'Marcar como pronta para contrato' }).click();
  await expect(page.getByTestId('proposal-status')).toHaveText('Pronta para contrato');
  await page.getByRole('button', { name: 'Emitir contrato' }).click();
  await expect(page.getByText(/Contrato nº \d{4}-\d{6} \(versão 2, Alteração contratual\)/)).toBeVisible();
  await snap(page, '19-upgrade-contrato');
  const upgradeLink = await waitForMail(page.request, signerEmail, LINK_RE, [link]);
  await signFromEmail(browser, page, signerEmail, upgradeLink, '20-upgrade');

  // The prorated charge: 300,00 a year more × the days left of the paid year (16th of C+13 → end of C+24).
  const left = epochDays(paidThrough2) - epochDays(upgradeDay) + 1;
  const paidYear = epochDays(paidThrough2) - epochDays(blockDay) + 1;
  const prorated = mulDiv(30_000, left, paidYear);
  await openClient('Ativo');
  const proratedRow = installments
    .getByTestId('installment-row')
    .filter({ hasText: 'Proporcional (upgrade)' });
  await expect(proratedRow).toContainText(brl(prorated));
  await expect(proratedRow.getByTestId('installment-situation')).toHaveText('Em aberto');
  await snap(page, '21-upgrade-cobranca-proporcional');
  const withProrated = (await (
    await page.request.get(`/api/v1/clients/${clientId}/installments`)
  ).json()) as {
    installments: { kind: string; charge: { id: string } | null }[];
  };
  const proratedCharge = withProrated.installments.find((i) => i.kind === 'proporcional')!.charge!.id;
  await pixPay(proratedCharge, prorated, `${upgradeDay}T15:00:00-03:00`);
  await page.reload();
  await page.getByRole('tab', { name: 'Cobranças' }).click();
  await expect(proratedRow.getByTestId('installment-situation')).toHaveText('Paga');
  await expect(installments.getByTestId('installments-paid-through')).toHaveText(br(paidThrough2));
  await snap(page, '22-upgrade-pago');

  // 14. Repasse: the statement of C+13 (open) shows the installment and the proporcional.
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Repasse' })
    .click();
  await page.getByTestId(`statement-row-${ym(C + 13)}`).click();
  const lines = page.getByTestId('statement-lines');
  const parcelaLine = lines
    .getByRole('row')
    .filter({ hasText: legalName })
    .filter({ hasNotText: 'Proporcional' });
  await expect(parcelaLine).toHaveCount(1);
  await expect(parcelaLine).toContainText(br(blockDay));
  for (const value of [brl(102_000), brl(41_556), brl(6_630), brl(53_814)])
    await expect(parcelaLine).toContainText(value);
  const proratedCost = mulDiv(prorated, 1_000, 2_500);
  const proratedFee = mulDiv(prorated, 650, 10_000);
  const proratedLine = lines
    .getByRole('row')
    .filter({ hasText: legalName })
    .filter({ hasText: /Proporcional|Upgrade/ });
  await expect(proratedLine).toHaveCount(1);
  await expect(proratedLine).toContainText(br(upgradeDay));
  for (const value of [
    brl(prorated),
    brl(proratedCost),
    brl(proratedFee),
    brl(prorated - proratedCost - proratedFee),
  ]) {
    await expect(proratedLine).toContainText(value);
  }
  const detail = page.getByTestId('statement-detail');
  await expect(detail).toContainText(`Extrato de ${competenceBR(C + 13)}`);
  await expect(detail).toContainText('Aberto');
  await expect(detail).toContainText('Lançamentos (2)');
  const repasseTotal = 53_814 + prorated - proratedCost - proratedFee;
  await expect(detail).toContainText(brl(102_000 + prorated));
  await expect(detail).toContainText(brl(repasseTotal));
  await snap(page, '23-extrato-de-repasse');
});

// Back to real time for whatever runs after (the journey's project runs last; this keeps the server honest).
test.afterEach(async ({ request }) => {
  await request.post('/api/v1/test/clock', { data: { now: null } });
});
