import { readFile } from 'node:fs/promises';
import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import { PASSWORD } from './support';

/*
 * Issue 7, acceptance 2, on the demo's 18 months of history (src/adapters/db/demo-history.ts): the
 * Hiperador sees the mensalidade and the repasse of a client, its dashboard charts with data and downloads
 * a statement's CSV; the other Hiperador sees none of it. Expected figures are computed by hand from the
 * demo price book (SPEC §3: custo Hiper, taxa da central 6,5% half-up):
 *   - Pão Dourado, after its upgrade: Hiper Gestão + 1 caixa adicional, R$ 219,80 a month;
 *     custo 57,00 + 13,40 = 70,40; taxa 6,5% × 219,80 = 14,287 → 14,29; repasse 219,80 − 70,40 − 14,29 = 135,11.
 *   - Mercadinho Bom Preço, Hiper Mini R$ 89,90: custo 28,00; taxa 5,8435 → 5,84; repasse 56,06.
 *   - MRR (clients in billing: ativos and inadimplentes): Alfa 89,90 + 219,80 + 179,90 = 489,60;
 *     Beta 239,80 + 89,90 + 99,80 = 429,50.
 */

const ALFA_NAMES = ['Mercadinho Bom Preço', 'Pão Dourado', 'Farmácia Vida', 'Estrada Real', 'Gelato Sul'];
const ALFA_AMOUNTS = ['R$ 219,80', 'R$ 135,11', 'R$ 489,60', 'R$ 269,80'];

/** Logs in through the form, then waits to leave the login page. */
async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto('/entrar');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).not.toHaveURL(/\/entrar/);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });

/** São Paulo's current month ('YYYY-MM') and day, and the month n months before it. */
function saoPaulo() {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Sao_Paulo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const [y, m, d] = parts.split('-').map(Number) as [number, number, number];
  const monthBefore = (n: number) => {
    const i = y * 12 + (m - 1) - n;
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  };
  return { day: d, month: monthBefore(0), monthBefore };
}

/** portal.spec.ts ("Minha conta") changes hiperador2's password when it runs before this file. */
const CHANGED_PASSWORD = 'NovaSenha#2026';

/** An API session of `email` (with the demo password or, for hiperador2, the one portal.spec.ts set). */
async function apiAs(baseURL: string, email: string): Promise<{ api: APIRequestContext; password: string }> {
  const api = await request.newContext({ baseURL });
  for (const password of [PASSWORD, CHANGED_PASSWORD]) {
    const res = await api.post('/api/v1/auth/login', { data: { email, password } });
    if (res.status() === 200) return { api, password };
  }
  throw new Error(`login de ${email} falhou`);
}

test.describe('Repasse e painel com 18 meses de histórico', () => {
  test('o Hiperador vê mensalidade e repasse, o painel com gráficos e baixa o CSV do extrato', async ({
    page,
  }) => {
    await login(page, 'hiperador@demo.local');

    // The client list and the client page: mensalidade and, just below, the repasse.
    await nav(page).getByRole('link', { name: 'Clientes' }).click();
    const row = page.getByTestId('client-row').filter({ hasText: 'Pão Dourado' });
    await expect(row).toContainText('R$ 219,80');
    await expect(row).toContainText('R$ 135,11');
    await row.getByRole('link', { name: 'Pão Dourado' }).click();
    await expect(page.getByRole('heading', { name: 'Pão Dourado' })).toBeVisible();
    await expect(page.getByText('Repasse ao Hiperador').first()).toBeVisible();
    await expect(page.getByText('R$ 219,80').first()).toBeVisible();
    await expect(page.getByText('R$ 135,11').first()).toBeVisible();
    await page.screenshot({ path: 'test-results/repasse-cliente.png', fullPage: true });

    // The dashboard: MRR of the clients in billing, and the charts drawn with data (SVG bars).
    await nav(page).getByRole('link', { name: 'Painel' }).click();
    await expect(page).toHaveURL(/\/painel$/);
    const dashboard = page.getByTestId('reseller-dashboard');
    await expect(dashboard).toBeVisible();
    // Other browser tests add Alfa clients to the same server: the demo's own R$ 489,60 (see the top of the
    // file) is the least the MRR can be.
    const mrr = page.getByTestId('metric-mrr');
    await expect(mrr).toContainText(/R\$ [\d.]+,\d{2}/);
    const mrrText = (await mrr.textContent()) ?? '';
    const mrrCents = Number(/R\$ ([\d.]+),(\d{2})/.exec(mrrText)!.slice(1).join('').replace(/\./g, ''));
    expect(mrrCents, mrrText).toBeGreaterThanOrEqual(48960);
    const byStatus = page.getByTestId('chart-clients-by-status');
    await expect(byStatus).toHaveAttribute(
      'aria-label',
      /Ativos [1-9]\d*, .*Inadimplentes [1-9]\d*, Bloqueados [1-9]\d*/,
    );
    await expect(byStatus.locator('path.recharts-rectangle').first()).toBeVisible();
    const bars = dashboard.locator('svg path.recharts-rectangle');
    expect(await bars.count()).toBeGreaterThan(12);
    await page.screenshot({ path: 'test-results/repasse-painel.png', fullPage: true });

    // Repasse: months paid, the last one closed and the current one open.
    const sp = saoPaulo();
    const lastClosed = sp.monthBefore(sp.day >= 5 ? 1 : 2);
    const paid = sp.monthBefore(sp.day >= 5 ? 2 : 3);
    await nav(page).getByRole('link', { name: 'Repasse' }).click();
    await expect(page.getByTestId('statements-table')).toBeVisible();
    await expect(page.getByTestId(`statement-row-${sp.month}`)).toContainText('Aberto');
    await expect(page.getByTestId(`statement-row-${lastClosed}`)).toContainText('Fechado');
    await expect(page.getByTestId(`statement-row-${paid}`)).toContainText('Pago');
    await page.screenshot({ path: 'test-results/repasse-extratos.png', fullPage: true });

    // The closed month's statement: its lines, and its CSV (';' between fields, ',' decimals).
    await page.getByTestId(`statement-row-${lastClosed}`).click();
    const detail = page.getByTestId('statement-detail');
    await expect(detail).toContainText('Fechado');
    await expect(page.getByTestId('statement-lines')).toContainText('Mercadinho Bom Preço');
    await page.screenshot({ path: 'test-results/repasse-extrato-fechado.png', fullPage: true });
    const downloading = page.waitForEvent('download');
    await page.getByTestId('statement-csv').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`repasse-alfa-automacao-${lastClosed}.csv`);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toBe(
      'Cliente;CNPJ/CPF;Competência;Data;Tipo;Descrição;Recebido;Custo Hiper;Taxa da central;Multa e juros;Repasse',
    );
    // Mercadinho's monthly installment: received 89,90, custo 28,00, taxa 5,84, repasse 56,06.
    expect(csv).toMatch(/^Mercadinho Bom Preço Ltda;[^\r\n]*;89,90;28,00;5,84;\d+,\d{2};56,06\r?$/m);
    expect(lines.find((l) => l.startsWith('TOTAL;'))).toMatch(/;\d+,\d{2}$/);
    for (const name of ['Boa Safra', 'Página Nova', 'Visão Clara']) expect(csv).not.toContain(name);
  });

  test('o Hiperador da Beta não vê nenhum número da Alfa', async ({ page, baseURL }) => {
    // Ids of Alfa's data, through Alfa's own session.
    const { api: alfa } = await apiAs(baseURL!, 'hiperador@demo.local');
    const me = (await (await alfa.get('/api/v1/me')).json()) as { user: { reseller: { id: string } } };
    const alfaReseller = me.user.reseller.id;
    const list = (await (await alfa.get('/api/v1/clients', { params: { q: 'Pão Dourado' } })).json()) as {
      items: { id: string }[];
    };
    const alfaClient = list.items[0]!.id;
    await alfa.dispose();

    const { api: beta, password } = await apiAs(baseURL!, 'hiperador2@demo.local');
    await login(page, 'hiperador2@demo.local', password);
    const noAlfa = async () => {
      const text = (await page.locator('body').textContent()) ?? '';
      for (const s of [...ALFA_NAMES, ...ALFA_AMOUNTS, 'Alfa Automação']) expect(text).not.toContain(s);
    };

    await nav(page).getByRole('link', { name: 'Painel' }).click();
    await expect(page.getByTestId('metric-mrr')).toContainText('R$ 429,50');
    await noAlfa();
    await page.screenshot({ path: 'test-results/repasse-beta-painel.png', fullPage: true });

    await nav(page).getByRole('link', { name: 'Clientes' }).click();
    await expect(page.getByTestId('client-row').filter({ hasText: 'Boa Safra' })).toBeVisible();
    await noAlfa();

    await nav(page).getByRole('link', { name: 'Repasse' }).click();
    await expect(page.getByTestId('statements-table')).toBeVisible();
    await noAlfa();
    const sp = saoPaulo();
    await page.getByTestId(`statement-row-${sp.monthBefore(sp.day >= 5 ? 1 : 2)}`).click();
    await expect(page.getByTestId('statement-lines')).toContainText('Boa Safra');
    await noAlfa();
    await page.screenshot({ path: 'test-results/repasse-beta-extrato.png', fullPage: true });

    // Alfa's client by its address, and Alfa's statement by the API: not found.
    await page.goto(`/clientes/${alfaClient}`);
    await expect(page.getByText('Cliente não encontrado')).toBeVisible();
    await noAlfa();
    const csv = await beta.get(
      `/api/v1/repasse/resellers/${alfaReseller}/statements/${sp.monthBefore(2)}/export.csv`,
    );
    expect(csv.status()).toBe(404);
    const statements = await beta.get(`/api/v1/repasse/resellers/${alfaReseller}/statements`);
    expect(statements.status()).toBe(404);
    await beta.dispose();
  });
});
