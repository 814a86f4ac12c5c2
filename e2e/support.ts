import { type APIRequestContext, expect, type Page } from '@playwright/test';

/** The demo users' password (src/adapters/db/demo-seed.ts). */
export const PASSWORD = 'demo1234';

/**
 * Logs in through the form (a fresh session: cookies cleared first) and waits for the page it lands on: the
 * portal's home, the Painel, or `landing` (the login page's return address, e.g. '/clientes').
 */
export async function login(page: Page, email: string, landing = '/painel'): Promise<void> {
  await page.context().clearCookies();
  await page.goto(landing === '/painel' ? '/entrar' : `/entrar?voltar=${encodeURIComponent(landing)}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL((url) => url.pathname === landing && !url.search);
}

/** A full-page screenshot kept by CI (e2e/screenshots/<name>.png). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/**
 * Financeiro › Arquivos bancários: "Gerar remessa", then the row of THAT remessa (found by the file name
 * the notice gives: earlier remessas are in the list too, and the list refreshes after the click).
 */
export async function generateRemessa(page: Page) {
  await page.getByTestId('remessa-generate').click();
  const notice = page.getByText(/^Remessa CB\d+\.REM gerada$/);
  await expect(notice).toBeVisible();
  const name = (await notice.textContent())!.split(' ')[1]!;
  const row = page.getByTestId('bank-files-table').getByRole('row').filter({ hasText: name });
  await expect(row).toBeVisible();
  return row;
}

/** What the SMTP server of scripts/e2e-server.mjs received (E2E_MAIL_PORT, default 3199). */
const MAIL_API = `http://127.0.0.1:${process.env.E2E_MAIL_PORT ?? 3199}/messages`;

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The e-mails received for `to`, oldest first. */
export async function mailsTo(request: APIRequestContext, to: string): Promise<Mail[]> {
  return ((await (await request.get(MAIL_API)).json()) as Mail[]).filter((m) => m.to.includes(to));
}

/**
 * Waits for an e-mail to `to` whose text matches `pattern` and whose first group is not one of `seen`;
 * returns that group, from the newest such e-mail.
 */
export async function waitForMail(
  request: APIRequestContext,
  to: string,
  pattern: RegExp,
  seen: string[] = [],
): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        for (const m of (await mailsTo(request, to)).reverse()) {
          const match = pattern.exec(m.text);
          if (match && !seen.includes(match[1]!)) {
            found = match[1];
            return true;
          }
        }
        return false;
      },
      { timeout: 30_000, message: `e-mail para ${to} com ${pattern}` },
    )
    .toBe(true);
  return found!;
}
