import { expect, test } from '@playwright/test';
import { login, shot } from './support';

const MAIL_API = `http://127.0.0.1:${process.env.E2E_MAIL_PORT ?? 3199}/messages`;

interface CapturedMail {
  to: string;
  subject: string;
  text: string;
}

async function mailTo(subject: RegExp): Promise<CapturedMail> {
  for (let i = 0; i < 40; i++) {
    const messages = (await (await fetch(MAIL_API)).json()) as CapturedMail[];
    const found = messages.filter((m) => subject.test(m.subject)).at(-1);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nenhum e-mail com assunto ${subject}`);
}

test.describe('Cobranças', () => {
  test('Financeiro emite um boleto híbrido; o cliente abre a página de pagamento do e-mail; o Pix simulado o quita', async ({
    page,
    context,
  }) => {
    await login(page, 'financeiro@demo.local');
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Financeiro' })
      .click();
    await expect(page.getByRole('tab', { name: 'Cobranças' })).toHaveAttribute('aria-selected', 'true');
    // the demo charges are listed
    await expect(page.getByTestId('charge-row').first()).toBeVisible();
    await shot(page, 'financeiro-cobrancas');

    await page.getByTestId('new-charge').click();
    const dialog = page.getByRole('dialog', { name: 'Nova cobrança' });
    await dialog.getByRole('combobox', { name: 'Cliente' }).fill('Pão Dourado');
    await page.getByRole('option', { name: /Pão Dourado/ }).click();
    await dialog.getByTestId('charge-amount-input').fill('1.234,56');
    await dialog.getByLabel('Descrição').fill('Implantação Hiper Gestão');
    await shot(page, 'nova-cobranca');
    await dialog.getByTestId('issue-charge').click();

    const drawer = page.getByTestId('charge-detail');
    await expect(drawer).toBeVisible();
    await expect(drawer.getByTestId('charge-amount')).toHaveText('R$ 1.234,56');
    await expect(drawer.getByTestId('digitable-line')).toHaveText(
      /^00190\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/,
    );
    await expect(drawer.getByTestId('pix-qr')).toBeVisible();
    const number = ((await drawer.getByText(/^Cobrança \d{4}-\d{6}$/).textContent()) ?? '').replace(
      'Cobrança ',
      '',
    );
    await shot(page, 'cobranca-boleto');

    // The boleto PDF opens.
    const pdf = await page.request.get(
      await drawer.getByTestId('boleto-pdf').getAttribute('href').then(String),
    );
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    // The client's e-mail links to the public payment page.
    const mail = await mailTo(new RegExp(`^Cobrança ${number} `));
    expect(mail.subject).toContain('R$ 1.234,56');
    const link = /https?:\/\/\S+\/pagar\/[\w.-]+/.exec(mail.text)?.[0];
    expect(link).toBeTruthy();
    const client = await context
      .browser()!
      .newContext({ viewport: { width: 390, height: 844 }, locale: 'pt-BR' });
    const clientPage = await client.newPage();
    await clientPage.goto(new URL(new URL(link!).pathname, page.url()).toString());
    await expect(clientPage.getByTestId('payment-amount')).toHaveText('R$ 1.234,56');
    await expect(clientPage.getByRole('button', { name: 'Copiar código Pix (copia e cola)' })).toBeVisible();
    await expect(clientPage.getByTestId('payment-digitable-line')).toBeVisible();
    await clientPage.screenshot({ path: 'e2e/screenshots/pagina-de-pagamento.png', fullPage: true });

    // Sandbox PSP: "Simular pagamento" sends the signed webhook; the charge is paid.
    await drawer.getByRole('button', { name: /Simular pagamento/ }).click();
    // The confirmation modal (the drawer is a dialog too: name the modal, not "the last dialog").
    const confirm = page.getByRole('dialog', { name: 'Simular pagamento Pix (sandbox)' });
    await expect(confirm).toBeVisible();
    await confirm
      .getByRole('button', { name: /Simular|Confirmar/ })
      .last()
      .click();
    await expect(drawer.getByText('Paga', { exact: true })).toBeVisible();
    await expect(drawer.getByTestId('charge-payments')).toContainText('Notificação do PSP (Pix)');
    await shot(page, 'cobranca-paga');

    await clientPage.reload();
    await expect(clientPage.getByText('Pagamento recebido')).toBeVisible();
    await client.close();
  });

  test('o Hiperador vê as cobranças dos seus clientes, sem emitir; o outro Hiperador não as vê', async ({
    page,
  }) => {
    await login(page, 'hiperador@demo.local');
    await page.goto('/financeiro');
    await expect(page.getByTestId('charge-row').first()).toBeVisible();
    await expect(page.getByTestId('new-charge')).toHaveCount(0);
    await expect(page.getByRole('tab', { name: 'Arquivos bancários' })).toHaveCount(0);
    const alfaNumbers = await page.getByTestId('charge-row').allTextContents();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sair' }).click();
    await login(page, 'hiperador2@demo.local');
    await page.goto('/financeiro');
    await expect(
      page.getByText(/Nenhuma cobrança|charge-row/).or(page.getByTestId('charge-row').first()),
    ).toBeVisible();
    const betaRows = await page.getByTestId('charge-row').allTextContents();
    for (const row of betaRows) expect(alfaNumbers).not.toContain(row);
  });
});
