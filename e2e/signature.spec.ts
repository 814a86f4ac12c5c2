import { expect, test } from '@playwright/test';
import { cnpjCheckDigits } from '../src/domain/documents/cpf-cnpj';
import { formatBRL } from '../src/domain/money/money';
import { PASSWORD, shot, waitForMail } from './support';

test('assinatura digital: e-mail com link, código errado uma vez, código certo → contrato assinado', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const signerEmail = `joana.${Date.now().toString(36)}@assinatura.example`;

  // As Alfa's Hiperador: a new client with an alphanumeric CNPJ, a proposal marked ready.
  await page.goto('/entrar');
  await page.getByLabel('E-mail').fill('hiperador@demo.local');
  await page.getByLabel('Senha', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(/\/painel$/);

  await page.goto('/contratos/novo?produto=hiper-mini');
  await page.getByRole('button', { name: 'Cadastrar novo cliente' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cadastrar novo cliente' });
  const base = `S9${Date.now().toString(36).toUpperCase().slice(-10)}`.padEnd(12, '0').slice(0, 12);
  await dialog.getByLabel('CPF ou CNPJ').fill(base + cnpjCheckDigits(base));
  await dialog.getByLabel('Razão social').fill('Padaria Assinatura Digital Ltda');
  await dialog.getByLabel('E-mail').fill('contato@padaria.example');
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

  // The responsável who signs (client page > Editar dados).
  await page.getByRole('button', { name: 'Emitir contrato' }).click();
  await page.getByRole('link', { name: 'Abra o cliente' }).click();
  await expect(page.getByRole('heading', { name: 'Padaria Assinatura Digital Ltda' })).toBeVisible();
  const clientUrl = page.url();
  await page.getByRole('button', { name: 'Editar dados' }).click();
  const edit = page.getByRole('dialog', { name: 'Editar dados do cliente' });
  await edit.getByLabel('Nome do responsável').fill('Joana Ribeiro Alves');
  await edit.getByLabel('CPF do responsável').fill('52998224725');
  await edit.getByLabel('E-mail do responsável').fill(signerEmail);
  await edit.getByRole('button', { name: 'Salvar dados' }).click();
  await expect(edit).toBeHidden();

  // Emitir contrato (ativação).
  await page.goto(proposalUrl);
  await page.getByRole('button', { name: 'Emitir contrato' }).click();
  await expect(page.getByText(/Contrato nº \d{4}-\d{6} \(versão 1, Ativação\)/)).toBeVisible();

  // The e-mail arrives through SMTP with the personal link.
  const LINK_RE = /Ler e assinar o contrato: (http\S+\/assinar\/[A-Za-z0-9_-]{43})/;
  const firstLink = await waitForMail(page.request, signerEmail, LINK_RE);

  // Histórico de contratação: resend the link (the first one stops working).
  await page.goto(clientUrl);
  await page.getByRole('tab', { name: 'Histórico de contratação' }).click();
  await page.getByRole('button', { name: /Ações do contrato/ }).click();
  await page.getByRole('menuitem', { name: 'Reenviar link de assinatura' }).click();
  await expect(page.getByText(/Novo link enviado para jo\*\*\*@assinatura\.example/)).toBeVisible();
  await shot(page, 'client-history-resent');
  let link = firstLink;
  await expect
    .poll(async () => {
      link = await waitForMail(page.request, signerEmail, LINK_RE);
      return link !== firstLink;
    })
    .toBe(true);
  const oldToken = firstLink.split('/assinar/')[1];
  expect((await page.request.get(`/api/v1/signing/${oldToken}`)).status()).not.toBe(200);

  // On a wide screen the PDF is shown beside the steps.
  await page.goto(link);
  await expect(page.getByTitle('Contrato (PDF)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enviar código por e-mail' })).toBeVisible();
  await shot(page, 'signing-desktop');

  // The signer, on a phone, with no portal session.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
  });
  const signer = await phone.newPage();
  await signer.goto(link);
  await expect(signer.getByText('Contrato nº', { exact: false }).first()).toBeVisible();
  await expect(signer.getByText('Padaria Assinatura Digital Ltda')).toBeVisible();
  await expect(signer.getByRole('link', { name: 'Abrir o contrato (PDF)' })).toBeVisible();
  await shot(signer, 'signing-mobile');

  await signer.getByLabel('Nome completo').fill('joana ribeiro alves');
  await signer.getByLabel('CPF').fill('52998224725');
  await expect(signer.getByLabel('CPF')).toHaveValue('529.982.247-25');
  await signer.getByRole('button', { name: 'Enviar código por e-mail' }).click();
  await expect(signer.getByText('2. Digite o código de 6 dígitos')).toBeVisible();
  const code = await waitForMail(page.request, signerEmail, /Seu código para assinar o contrato: (\d{6})/);

  const pin = signer.getByRole('textbox').first();
  const wrong = code === '000000' ? '111111' : '000000';
  await pin.click();
  await signer.keyboard.type(wrong);
  await signer.getByLabel('Li e concordo com os termos do contrato').check();
  await signer.getByRole('button', { name: 'Confirmar assinatura' }).click();
  await expect(signer.getByText('Código incorreto. Restam 4 tentativas.')).toBeVisible();

  await signer.getByRole('textbox').first().click();
  await signer.keyboard.type(code);
  await signer.getByRole('button', { name: 'Confirmar assinatura' }).click();
  await expect(signer.getByRole('heading', { name: 'Contrato assinado' })).toBeVisible({ timeout: 15_000 });
  await expect(signer.getByText(/SHA-256 do PDF assinado: [0-9a-f]{64}/)).toBeVisible();
  await shot(signer, 'signing-done');
  await phone.close();

  // Back in the portal: the client waits for payment and Documentos has the signed PDF.
  await page.goto(clientUrl);
  await expect(page.getByText('Aguardando pagamento', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Histórico de contratação' }).click();
  await expect(page.getByTestId('contract-signed-at')).toBeVisible();
  await expect(page.getByRole('link', { name: /PDF assinado do contrato/ })).toBeVisible();
  await shot(page, 'client-history-signed');
  await page.getByRole('tab', { name: 'Documentos' }).click();
  const signedRow = page.getByTestId('document-row').filter({ hasText: 'Contrato assinado' });
  await expect(signedRow).toHaveCount(1);
  const href = await signedRow.getByRole('link').first().getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');

  // Cobranças: the client's charges list.
  await page.getByRole('tab', { name: 'Cobranças' }).click();
  await expect(
    page.getByTestId('charge-row').first().or(page.getByText('Nenhuma cobrança ainda.')),
  ).toBeVisible();

  // Alteração: a signed client may now issue an 'alteracao', starting from its signed contract.
  const clientId = clientUrl.split('/clientes/')[1]!;
  const kinds = (await (await page.request.get(`/api/v1/clients/${clientId}/contract-kinds`)).json()) as {
    items: { kind: string }[];
  };
  expect(kinds.items.map((k) => k.kind)).toContain('alteracao');
  const signedList = (await (
    await page.request.get(`/api/v1/contracts?client_id=${clientId}&status=assinado`)
  ).json()) as {
    items: {
      id: string;
      number: string;
      version: number;
      product_name: string;
      monthly_negotiated_cents: number;
    }[];
  };
  const signedContract = signedList.items[0]!;

  await page.getByRole('tab', { name: 'Histórico de contratação' }).click();
  await page.getByRole('link', { name: 'Nova contratação' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/contratos/novo\\?cliente=${clientId}&contrato=${signedContract.id}$`),
  );
  await expect(page.getByTestId('alteracao-alert')).toContainText(
    `Alteração do contrato nº ${signedContract.number} (versão ${signedContract.version}): os valores partem do contrato atual`,
  );
  await expect(page.getByRole('radio', { name: signedContract.product_name })).toBeChecked();
  await expect(page.getByTestId('summary-monthly')).toHaveText(
    formatBRL(signedContract.monthly_negotiated_cents),
  );
  await expect(page.getByLabel('Com valor de implantação')).not.toBeChecked();
  await shot(page, 'alteracao');

  // Saved as a new proposal; issuing it is an alteração (the only kind the server allows now).
  await page.getByRole('button', { name: 'Salvar proposta' }).click();
  await expect(page).toHaveURL(/\/propostas\/[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: 'Marcar como pronta para contrato' }).click();
  await expect(page.getByTestId('proposal-status')).toHaveText('Pronta para contrato');
  await page.getByRole('button', { name: 'Emitir contrato' }).click();
  await expect(page.getByText(/Contrato nº \d{4}-\d{6} \(versão \d+, Alteração contratual\)/)).toBeVisible();
});
