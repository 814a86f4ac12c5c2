import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import { PASSWORD, shot } from './support';

const ALFA_CLIENTS = ['Mercadinho Bom Preço', 'Pão Dourado'];
const BETA_CLIENTS = ['Boa Safra', 'Página Nova'];

async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto('/entrar');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

/** The table rows of the client list (waits for the skeleton to go away). */
function clientRows(page: Page) {
  return page.getByTestId('client-row');
}

async function betaClientId(baseURL: string): Promise<string> {
  const api: APIRequestContext = await request.newContext({ baseURL });
  try {
    const res = await api.post('/api/v1/auth/login', {
      data: { email: 'hiperador2@demo.local', password: PASSWORD },
    });
    expect(res.status()).toBe(200);
    const list = await api.get('/api/v1/clients', { params: { q: 'Boa Safra' } });
    expect(list.status()).toBe(200);
    const body = (await list.json()) as { items: { id: string; trade_name: string | null }[] };
    const client = body.items.find((c) => c.trade_name === 'Boa Safra');
    expect(client, 'a Beta Sistemas deve ter o cliente Boa Safra').toBeTruthy();
    return client!.id;
  } finally {
    await api.dispose();
  }
}

test.describe('Portal do Hiperador', () => {
  test('página de entrada tem título e marca', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/entrar/);
    await expect(page).toHaveTitle('Central de Cobranças — Portal do Hiperador');
    await expect(page.getByText('Portal do Hiperador').first()).toBeVisible();
    await expect(page.getByLabel('E-mail')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await shot(page, 'login');
  });

  test('valida os campos antes de enviar', async ({ page }) => {
    await page.goto('/entrar');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.getByText('Informe o e-mail.')).toBeVisible();
    await expect(page.getByText('Informe a senha.')).toBeVisible();
  });

  test('hiperador vê só os clientes da sua revenda', async ({ page }) => {
    await login(page, 'hiperador@demo.local');
    await expect(page).toHaveURL(/\/painel$/);
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Clientes' })
      .click();
    await expect(page).toHaveURL(/\/clientes$/);
    await expect(page.getByRole('heading', { name: 'Clientes' })).toBeVisible();
    await expect(clientRows(page).first()).toBeVisible();
    for (const name of ALFA_CLIENTS) await expect(page.getByText(name, { exact: true })).toBeVisible();
    for (const name of BETA_CLIENTS) await expect(page.getByText(name, { exact: true })).toHaveCount(0);
    // No staff menu and no "Hiperador" column for a reseller's user.
    const nav = page.getByRole('navigation', { name: 'Menu principal' });
    await expect(nav.getByRole('link', { name: 'Clientes' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Catálogo' })).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: 'Hiperador' })).toHaveCount(0);
    // Money and dates in Brazilian format.
    await expect(page.getByText(/^R\$ \d{1,3}(\.\d{3})*,\d{2}$/).first()).toBeVisible();
    await expect(page.getByText(/^\d{2}\/\d{2}\/\d{4}$/).first()).toBeVisible();
    await shot(page, 'clients-hiperador');

    // Search goes into the URL and filters the list.
    await page.getByPlaceholder('Buscar por nome ou CPF/CNPJ').fill('Pão');
    await expect(page).toHaveURL(/q=P%C3%A3o|q=Pão/);
    await expect(clientRows(page)).toHaveCount(1);
    await expect(page.getByText('Pão Dourado', { exact: true })).toBeVisible();

    // Open the detail page.
    await page.getByRole('link', { name: 'Pão Dourado' }).click();
    await expect(page).toHaveURL(/\/clientes\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'Pão Dourado' })).toBeVisible();
    await expect(page.getByText('Repasse ao Hiperador')).toBeVisible();
    await expect(page.getByText('Dados cadastrais')).toBeVisible();
    await expect(page.getByText(/CEP \d{5}-\d{3}/)).toBeVisible();
    await shot(page, 'client-detail');
    // The demo history (src/adapters/db/demo-history.ts): the ativação and the upgrade (versão 2), with their PDFs.
    await page.getByRole('tab', { name: 'Histórico de contratação' }).click();
    await expect(page.getByTestId('contract-row')).toHaveCount(2);
    await page.getByRole('tab', { name: 'Documentos' }).click();
    await expect(page.getByTestId('document-row')).toHaveCount(2);
  });

  test('senha errada mostra a mensagem do servidor', async ({ page }) => {
    await login(page, 'hiperador@demo.local', 'senha-errada');
    await expect(page.getByRole('alert')).toContainText('E-mail ou senha incorretos.');
    await expect(page).toHaveURL(/\/entrar/);
    await shot(page, 'login-error');
  });

  test('cliente de outro Hiperador não é encontrado', async ({ page, baseURL }) => {
    const id = await betaClientId(baseURL!);
    await login(page, 'hiperador@demo.local');
    await expect(page).toHaveURL(/\/painel$/);
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Clientes' })
      .click();
    await expect(page).toHaveURL(/\/clientes$/);
    await page.goto(`/clientes/${id}`);
    await expect(page.getByText('Cliente não encontrado')).toBeVisible();
    await expect(page.getByText('Boa Safra')).toHaveCount(0);
    await shot(page, 'client-not-found');
    await page.getByRole('link', { name: 'Voltar para Clientes' }).click();
    await expect(page).toHaveURL(/\/clientes$/);
  });

  test('hiperador não acessa as áreas da equipe Hiper', async ({ page }) => {
    await login(page, 'hiperador@demo.local');
    await expect(page).toHaveURL(/\/painel$/);
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Clientes' })
      .click();
    await expect(page).toHaveURL(/\/clientes$/);
    await page.goto('/catalogo');
    await expect(page.getByText('Acesso não permitido')).toBeVisible();
    await page.goto('/pagina-que-nao-existe');
    await expect(page.getByText('Página não encontrada')).toBeVisible();
  });

  test('admin vê o menu da equipe e os clientes de todos os Hiperadores', async ({ page }) => {
    await login(page, 'admin@demo.local');
    await expect(page).toHaveURL(/\/painel$/);
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Clientes' })
      .click();
    await expect(page).toHaveURL(/\/clientes$/);
    const nav = page.getByRole('navigation', { name: 'Menu principal' });
    await expect(nav.getByRole('link', { name: 'Catálogo' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Hiperadores' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Hiperador' })).toBeVisible();
    await expect(clientRows(page).first()).toBeVisible();
    for (const name of [...ALFA_CLIENTS, ...BETA_CLIENTS]) {
      await expect(page.getByText(name, { exact: true })).toBeVisible();
    }
    await expect(page.getByText('Administrador').first()).toBeVisible();
    await shot(page, 'clients-admin');

    await nav.getByRole('link', { name: 'Catálogo' }).click();
    await expect(page.getByRole('heading', { name: 'Catálogo' })).toBeVisible();
  });

  test('admin vê a lista de Hiperadores com carteira e mensalidades', async ({ page }) => {
    await login(page, 'admin@demo.local');
    await expect(page).toHaveURL(/\/painel$/);
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Clientes' })
      .click();
    await expect(page).toHaveURL(/\/clientes$/);
    const nav = page.getByRole('navigation', { name: 'Menu principal' });
    await nav.getByRole('link', { name: 'Hiperadores' }).click();
    await expect(page).toHaveURL(/\/hiperadores$/);
    await expect(page.getByRole('heading', { name: 'Hiperadores' })).toBeVisible();
    const rows = page.getByTestId('reseller-row');
    await expect(rows.first()).toBeVisible();
    for (const name of ['Alfa Automação', 'Beta Sistemas']) {
      await expect(rows.filter({ hasText: name })).toHaveCount(1);
    }
    await expect(page.getByRole('columnheader', { name: 'CNPJ' })).toBeVisible();
    await expect(page.getByText(/^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/).first()).toBeVisible();
    const summary = page.getByTestId('resellers-summary');
    await expect(summary.getByText('Clientes em cobrança')).toBeVisible();
    await expect(summary.getByText('Mensalidades por mês')).toBeVisible();
    await expect(page.getByText(/^Repasse R\$ /).first()).toBeVisible();
    await shot(page, 'resellers-admin');
  });

  test('sair volta para a página de entrada', async ({ page }) => {
    await login(page, 'hiperador@demo.local');
    await expect(page).toHaveURL(/\/painel$/);
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Clientes' })
      .click();
    await expect(page).toHaveURL(/\/clientes$/);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sair' }).click();
    await expect(page).toHaveURL(/\/entrar$/);
    await expect(page.getByRole('button', { name: 'Entrar' })).toBeVisible();
    // The session is really gone: a protected page sends us back to the login, remembering the address.
    await page.goto('/financeiro');
    await expect(page).toHaveURL(/\/entrar\?voltar=%2Ffinanceiro/);
    await page.getByLabel('E-mail').fill('hiperador@demo.local');
    await page.getByLabel('Senha', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page).toHaveURL(/\/financeiro$/);
    await expect(page.getByRole('heading', { name: 'Financeiro' })).toBeVisible();
  });
});

test.describe('Minha conta', () => {
  test('troca a senha com validação no navegador e erro do servidor', async ({ page }) => {
    // hiperador2 is only used here and (read-only, before this) to find a Beta client.
    await login(page, 'hiperador2@demo.local');
    await expect(page).toHaveURL(/\/painel$/);
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Clientes' })
      .click();
    await expect(page).toHaveURL(/\/clientes$/);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Minha conta' }).click();
    await expect(page.getByRole('heading', { name: 'Minha conta' })).toBeVisible();
    await expect(page.getByText('Beta Sistemas').first()).toBeVisible();

    await page.getByLabel('Senha atual').fill(PASSWORD);
    await page.getByLabel('Nova senha', { exact: true }).fill('curta');
    await page.getByLabel('Confirmar nova senha').fill('outra');
    await page.getByRole('button', { name: 'Trocar senha' }).click();
    await expect(page.getByText('A senha deve ter ao menos 8 caracteres.')).toBeVisible();
    await expect(page.getByText('A confirmação não confere com a nova senha.')).toBeVisible();
    await shot(page, 'account');

    await page.getByLabel('Senha atual').fill('senha-errada');
    await page.getByLabel('Nova senha', { exact: true }).fill('NovaSenha#2026');
    await page.getByLabel('Confirmar nova senha').fill('NovaSenha#2026');
    await page.getByRole('button', { name: 'Trocar senha' }).click();
    await expect(page.getByText('A senha atual não confere.')).toBeVisible();

    await page.getByLabel('Senha atual').fill(PASSWORD);
    await page.getByRole('button', { name: 'Trocar senha' }).click();
    await expect(page.getByText('Senha alterada com sucesso.')).toBeVisible();
  });
});

test.describe('Portal no celular', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('o menu abre pelo botão e a lista continua legível', async ({ page }) => {
    await login(page, 'hiperador@demo.local');
    await expect(page).toHaveURL(/\/painel$/);
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Clientes' })
      .click();
    await expect(page).toHaveURL(/\/clientes$/);
    await expect(clientRows(page).first()).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Menu principal' })).not.toBeInViewport();
    await shot(page, 'clients-mobile');
    await page.getByRole('button', { name: 'Abrir menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Menu principal' });
    await nav.getByRole('link', { name: 'Contratos' }).click();
    await expect(page.getByRole('heading', { name: 'Contratos e propostas' })).toBeVisible();
    // calculator.spec.ts may already have saved a proposal for this reseller: its list, or the empty state.
    await expect(
      page.getByTestId('proposal-row').first().or(page.getByText('Nenhum contrato emitido ainda')),
    ).toBeVisible();
    // The menu closes itself after navigating; let its slide-out transition finish before the screenshot.
    await expect(nav).not.toBeInViewport();
    await shot(page, 'contracts-mobile');
  });
});
