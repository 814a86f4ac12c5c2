import { describe, expect, it } from 'vitest';
import { SandboxPixPsp } from '../../adapters/payments/sandbox-pix-psp';
import { DEMO_PAYMENT_SETTINGS } from '../../domain/payments/payment-settings';
import { decodeBrCode } from '../../domain/payments/pix/br-code';
import { AppError } from '../shared/errors';
import {
  parsePixWebhookBody,
  processPixWebhook,
  receivePixWebhook,
  signPixWebhook,
  validPixSignature,
} from './pix-webhook';
import type { ChargeRecord, NewPayment, PaymentOutcome } from './ports';

/** A repository that knows one txid and records what it is asked to apply. */
function fakeCharges(txid: string) {
  const applied: NewPayment[] = [];
  const seen = new Set<string>();
  return {
    applied,
    async findByPixTxid(t: string) {
      return t === txid ? ({ id: 'charge-1', pixTxid: txid } as ChargeRecord) : null;
    },
    async applyPayments(batch: NewPayment[]): Promise<PaymentOutcome[]> {
      return batch.map((p) => {
        const duplicate = seen.has(p.sourceId);
        seen.add(p.sourceId);
        if (!duplicate) applied.push(p);
        return {
          status: duplicate ? 'duplicate' : 'applied',
          paymentId: `pay-${p.sourceId}`,
          chargeId: p.chargeId,
          principalCents: p.amountCents,
          overpaidCents: 0,
          balanceCents: 0,
          settled: true,
        };
      });
    },
  };
}

const E2E = 'E00038166202606101430abcdefghijk';

describe('X-Pix-Signature', () => {
  it('is sha256=<hex HMAC-SHA256> of the raw bytes, compared in constant time', () => {
    // RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?").
    expect(signPixWebhook('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    const body = '{"pix":[]}';
    const sig = signPixWebhook(body, 's3cret');
    expect(validPixSignature(body, sig, 's3cret')).toBe(true);
    expect(validPixSignature(Buffer.from(body), sig, 's3cret')).toBe(true);
    expect(validPixSignature(`${body} `, sig, 's3cret')).toBe(false);
    expect(validPixSignature(body, sig.slice(0, -1), 's3cret')).toBe(false);
    expect(validPixSignature(body, [sig], 's3cret')).toBe(false);
    expect(validPixSignature(body, undefined, 's3cret')).toBe(false);
    expect(validPixSignature(body, signPixWebhook(body, ''), '')).toBe(false);
  });
});

describe('processPixWebhook', () => {
  it('takes multa/juros and desconto/abatimento from componentesValor and dates in São Paulo', async () => {
    const charges = fakeCharges('TXID1');
    const result = await processPixWebhook(
      { charges },
      {
        pix: [
          {
            endToEndId: E2E,
            txid: 'TXID1',
            valor: '104.50',
            horario: '2026-06-20T02:10:00.000Z',
            infoPagador: 'pago com atraso',
            componentesValor: {
              original: { valor: '100.00' },
              multa: { valor: '2.00' },
              juros: { valor: '3.50' },
              desconto: { valor: '1.00' },
            },
          },
        ],
      },
    );
    expect(result).toMatchObject({ received: 1, applied: 1, duplicates: 0, ignored: [] });
    expect(charges.applied[0]).toMatchObject({
      chargeId: 'charge-1',
      source: 'webhook',
      sourceId: E2E,
      amountCents: 10_450,
      fineInterestCents: 550,
      discountCents: 100,
      paidOn: '2026-06-19',
    });
    expect(charges.applied[0]!.evidence).toMatchObject({ infoPagador: 'pago com atraso' });
  });

  it('counts an endToEndId repeated inside one delivery as a duplicate', async () => {
    const charges = fakeCharges('TXID1');
    const one = { endToEndId: E2E, txid: 'TXID1', valor: '1.00', horario: '2026-06-10T10:00:00-03:00' };
    const result = await processPixWebhook({ charges }, { pix: [one, one] });
    expect(result).toMatchObject({ received: 2, applied: 1, duplicates: 1 });
    expect(charges.applied).toHaveLength(1);
  });

  it('validates the whole body first, naming the item and field in Portuguese', () => {
    const ok = { endToEndId: E2E, txid: 'T', valor: '1.00', horario: '2026-06-10T10:00:00-03:00' };
    const problem = (pix: unknown) => {
      try {
        parsePixWebhookBody({ pix });
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return { field: (err as AppError).field, message: (err as AppError).message };
      }
    };
    expect(problem([ok])).toBeNull();
    expect(problem([ok, { ...ok, horario: '2026-06-10 10:00' }])).toMatchObject({ field: 'pix[1].horario' });
    expect(problem([{ ...ok, valor: '0.00' }])?.message).toContain('valor deve ser positivo');
    expect(problem([{ ...ok, valor: 1 }])?.field).toBe('pix[0].valor');
    expect(problem([{ ...ok, endToEndId: '' }])?.field).toBe('pix[0].endToEndId');
    expect(problem([{ ...ok, componentesValor: { juros: { valor: '1,5' } } }])?.message).toContain(
      'componentesValor.juros.valor',
    );
    expect(() => parsePixWebhookBody({ pix: 'x' })).toThrow('esperado { "pix": [ … ] }');
    expect(() => parsePixWebhookBody(null)).toThrow(AppError);
  });

  it('refuses an unsigned delivery before reading it', async () => {
    const charges = fakeCharges('TXID1');
    await expect(
      receivePixWebhook({ charges, webhookSecret: 'k' }, 'not json', undefined),
    ).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });
});

describe('SandboxPixPsp', () => {
  const bytes = () => {
    let i = 0;
    return (size: number) => Uint8Array.from({ length: size }, () => i++ % 256);
  };

  it('answers a cobv with a static-key BR Code (amount + 25-char txid) from the configuration', async () => {
    const psp = new SandboxPixPsp(DEMO_PAYMENT_SETTINGS.pix, bytes());
    const due = await psp.createDueCharge({
      amountCents: 9_990,
      dueDate: '2026-07-15',
      description: 'Mensalidade julho/2026',
      payer: { name: 'Mercadinho Bom Preço Ltda', document: '11.222.333/0001-81' },
      fineBasisPoints: 200,
      interestMonthlyBasisPoints: 100,
      validityAfterDueDays: 30,
    });
    expect(due).toMatchObject({ provider: 'pix-sandbox', location: null });
    expect(decodeBrCode(due.payload)).toMatchObject({
      crcValid: true,
      key: DEMO_PAYMENT_SETTINGS.pix.key,
      amountCents: 9_990,
      txid: due.txid,
      merchantName: 'HIPER SOFTWARE SA',
      merchantCity: 'BLUMENAU',
    });
    expect(psp.cobvs.get(due.txid)?.devedor).toEqual({
      cnpj: '11222333000181',
      nome: 'Mercadinho Bom Preço Ltda',
    });
  });

  it('refuses what a PSP would refuse (422 business rule, pt-BR)', async () => {
    const psp = new SandboxPixPsp(DEMO_PAYMENT_SETTINGS.pix);
    await expect(
      psp.createDueCharge({
        amountCents: 100,
        dueDate: '2026-07-15',
        description: 'x',
        payer: { name: 'Fulano', document: '123' },
        fineBasisPoints: 0,
        interestMonthlyBasisPoints: 0,
        validityAfterDueDays: 30,
      }),
    ).rejects.toMatchObject({ code: 'business_rule', message: 'Pix: CPF/CNPJ do devedor inválido.' });
  });

  it('builds a signed BACEN-shaped notification the handler accepts', async () => {
    const psp = new SandboxPixPsp(DEMO_PAYMENT_SETTINGS.pix);
    const at = new Date('2026-06-10T17:30:00Z');
    const n = psp.notification('TXID1', 12_345, at);
    expect(n.endToEndId).toMatch(/^E99999999202606101730[A-Za-z0-9]{11}$/);
    expect(JSON.parse(n.rawBody)).toEqual({
      pix: [
        {
          endToEndId: n.endToEndId,
          txid: 'TXID1',
          valor: '123.45',
          horario: '2026-06-10T17:30:00.000Z',
          infoPagador: 'Pagamento simulado (sandbox)',
        },
      ],
    });
    const charges = fakeCharges('TXID1');
    const result = await receivePixWebhook(
      { charges, webhookSecret: DEMO_PAYMENT_SETTINGS.pix.webhookSecret },
      n.rawBody,
      n.signature,
    );
    expect(result).toMatchObject({ applied: 1 });
    expect(charges.applied[0]).toMatchObject({ amountCents: 12_345, paidOn: '2026-06-10' });
  });
});
