import { expect, type Page } from '@playwright/test';

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
