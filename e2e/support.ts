import { expect, type Page } from '@playwright/test';

/** The demo users' password (src/adapters/db/demo-seed.ts). */
export const PASSWORD = 'demo1234';

/** Logs in through the form and waits for the portal's home, the Painel. */
export async function login(page: Page, email: string): Promise<void> {
  await page.goto('/entrar');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(/\/painel$/);
}

/** A full-page screenshot kept by CI (e2e/screenshots/<name>.png). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}
