import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { buildOfx102 } from '../src/domain/payments/ofx/fixtures/build-ofx';
import { generateRemessa, login, shot } from './support';

test.describe('Arquivos bancários e extratos', () => {
  test('remessa CNAB 240 → retorno do banco simulado → boletos pagos; o mesmo retorno de novo não muda nada', async ({
    page,
  }) => {
    await login(page, 'financeiro@demo.local');
    await page.goto('/financeiro?aba=arquivos');
    const remessa = await generateRemessa(page);

    // The sandbox bank answers the remessa with a retorno confirming and settling every title.
    const download = page.waitForEvent('download');
    await remessa.getByRole('button', { name: 'Gerar retorno de teste' }).click();
    const retorno = await (await download).path();
    const content = readFileSync(retorno);
    expect(content.length % 242 === 0 || content.length % 241 === 0).toBe(true);

    const upload = (name: string, buffer: Buffer) =>
      page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/plain', buffer });

    // A truncated file is refused whole, naming the line.
    await upload('truncado.ret', content.subarray(0, content.length - 300));
    await page.getByTestId('retorno-import').click();
    await expect(page.getByTestId('retorno-error')).toContainText(/linha \d+/);

    await upload('retorno.ret', content);
    await page.getByTestId('retorno-import').click();
    await expect(page.getByTestId('retorno-summary')).toContainText('Retorno importado');
    await expect(page.getByTestId('retorno-summary')).toContainText(/pag/i);
    await shot(page, 'arquivos-bancarios');

    await upload('retorno.ret', content);
    await page.getByTestId('retorno-import').click();
    await expect(page.getByTestId('retorno-summary')).toContainText('Este retorno já foi importado');

    // The boletos are paid now (payments from the retorno).
    const charges = (await (
      await page.request.get('/api/v1/charges?method=boleto&page_size=100')
    ).json()) as {
      items: { status: string }[];
    };
    expect(charges.items.filter((c) => c.status === 'emitida')).toHaveLength(0);
  });

  test('extrato OFX: a TED conciliada, um FITID repetido e um crédito desconhecido na fila', async ({
    page,
  }) => {
    await login(page, 'financeiro@demo.local');
    const list = (await (await page.request.get('/api/v1/charges?method=ted&status=emitida')).json()) as {
      items: { id: string; amount_cents: number }[];
    };
    expect(list.items.length).toBeGreaterThan(0);
    const ted = (await (await page.request.get(`/api/v1/charges/${list.items[0]!.id}`)).json()) as {
      amount_cents: number;
      ted: { identifier: string };
    };
    const amount = (ted.amount_cents / 100).toFixed(2);
    const today = new Date().toISOString().slice(0, 10);
    const ofx = buildOfx102({
      transactions: [
        { fitid: 'E2E-1', postedOn: today, amount, memo: `TED RECEBIDA ${ted.ted.identifier}` },
        { fitid: 'E2E-1', postedOn: today, amount, memo: `TED RECEBIDA ${ted.ted.identifier}` },
        { fitid: 'E2E-2', postedOn: today, amount: '77.77', memo: 'PIX RECEBIDO FULANO' },
      ],
    });

    await page.goto('/financeiro?aba=extratos');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'extrato.ofx', mimeType: 'application/x-ofx', buffer: Buffer.from(ofx) });
    await page.getByTestId('statement-import').click();
    const summary = page.getByTestId('statement-summary');
    await expect(summary).toContainText('1 conciliado automaticamente');
    await expect(summary).toContainText('1 pendente na fila');
    await expect(page.getByTestId('statement-queue-row').filter({ hasText: 'R$ 77,77' })).toHaveCount(1);
    await shot(page, 'extratos-e-ted');

    const paid = (await (await page.request.get(`/api/v1/charges/${list.items[0]!.id}`)).json()) as {
      status: string;
      payments: { source: string }[];
    };
    expect(paid.status).toBe('paga');
    expect(paid.payments.map((p) => p.source)).toEqual(['ofx']);
  });
});
