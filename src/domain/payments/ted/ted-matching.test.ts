import { describe, expect, it } from 'vitest';
import {
  findPayerDocument,
  matchTedCredit,
  mentionsDocument,
  mentionsIdentifier,
  type TedCandidate,
  type TedCredit,
  tedIdentifierFor,
  tedWindowEnd,
} from './ted-matching';

// Valid documents: CNPJ 11.222.333/0001-81 and CPF 529.982.247-25 (the usual check-digit examples);
// the alphanumeric CNPJ 12.ABC.345/01DE-35 is the Receita Federal's example (IN RFB 2.229/2024).
const CNPJ = '11222333000181';
const CPF = '52998224725';

function charge(overrides: Partial<TedCandidate> = {}): TedCandidate {
  return {
    id: 'c42',
    number: '2026-000042',
    tedIdentifier: 'CC2026000042',
    clientDocument: CNPJ,
    amountCents: 150000,
    paidCents: 0,
    issuedOn: '2026-01-02',
    dueDate: '2026-01-10',
    ...overrides,
  };
}

function credit(overrides: Partial<TedCredit> = {}): TedCredit {
  return {
    postedOn: '2026-01-09',
    amountCents: 150000,
    memo: 'TED 237 0123 CC2026000042',
    name: null,
    ...overrides,
  };
}

describe('TED identifier', () => {
  it('is CC + the digits of the charge number', () => {
    expect(tedIdentifierFor('2026-000042')).toBe('CC2026000042');
    expect(tedIdentifierFor('2027-123456')).toBe('CC2027123456');
  });

  it('is found in the memo ignoring punctuation, spaces and case, but not inside a longer number', () => {
    const id = 'CC2026000042';
    for (const memo of [
      'TED RECEBIDA CC2026000042',
      'ted 237 cc-2026-000042 padaria',
      'REF: CC 2026 000042',
      'CC.2026.000042/JAN',
      'CÓD CC2026000042',
    ])
      expect(mentionsIdentifier({ memo, name: null }, id), memo).toBe(true);
    expect(mentionsIdentifier({ memo: null, name: 'Pagto CC2026000042' }, id)).toBe(true);
    for (const memo of ['CC20260000421', 'CC2026000043', '2026000042', 'CC202600004'])
      expect(mentionsIdentifier({ memo, name: null }, id), memo).toBe(false);
  });
});

describe('payer document in the memo', () => {
  it('matches a CNPJ or CPF as digits or formatted, not inside a longer number', () => {
    expect(mentionsDocument({ memo: 'TED 11.222.333/0001-81 MERCADINHO', name: null }, CNPJ)).toBe(true);
    expect(mentionsDocument({ memo: 'TED 11222333000181 MERCADINHO', name: null }, CNPJ)).toBe(true);
    expect(mentionsDocument({ memo: 'TED CNPJ11222333000181', name: null }, '11.222.333/0001-81')).toBe(true);
    expect(mentionsDocument({ memo: 'CPF 529.982.247-25', name: null }, CPF)).toBe(true);
    expect(mentionsDocument({ memo: 'DOC 5299822472599', name: null }, CPF)).toBe(false);
    expect(mentionsDocument({ memo: 'TED 911222333000181', name: null }, CNPJ)).toBe(false);
    expect(mentionsDocument({ memo: 'PIX 12.ABC.345/01DE-35', name: null }, '12ABC34501DE35')).toBe(true);
  });

  it('extracts the first valid CPF/CNPJ (check digits verified)', () => {
    expect(findPayerDocument({ memo: '05/01 237 0123 12.345.678/0001-95 PADARIA', name: null })).toBe(
      '12345678000195',
    );
    expect(findPayerDocument({ memo: 'TED RECEB 104 CPF 529.982.247-25 MARIA', name: null })).toBe(CPF);
    expect(findPayerDocument({ memo: 'TED 11.222.333/0001-82 invalid DV', name: null })).toBeNull();
    expect(findPayerDocument({ memo: 'TED 237 0123 45678-9', name: null })).toBeNull();
    expect(findPayerDocument({ memo: 'PIX 12.ABC.345/01DE-35', name: null })).toBe('12ABC34501DE35');
  });
});

describe('the business-day window', () => {
  it('ends 5 business days after the due date, skipping weekends and Carnival (16 and 17/02/2026)', () => {
    expect(tedWindowEnd('2026-01-09')).toBe('2026-01-16'); // Friday → next Friday
    expect(tedWindowEnd('2026-02-13')).toBe('2026-02-24'); // Fri; 16–17 Carnival: 18, 19, 20, 23, 24
    expect(tedWindowEnd('2026-02-13', { extraHolidays: ['2026-02-18'] })).toBe('2026-02-25');
  });
});

describe('matchTedCredit', () => {
  it('matches the one open TED charge of that balance cited by its identifier', () => {
    expect(matchTedCredit(credit(), [charge()])).toEqual({
      kind: 'matched',
      chargeId: 'c42',
      by: 'identificador',
    });
  });

  it('matches by the payer CNPJ/CPF in the memo when the identifier is missing', () => {
    const memo = 'TED-Crédito em Conta 237 0123 11.222.333/0001-81 MERCADINHO';
    expect(matchTedCredit(credit({ memo }), [charge()])).toMatchObject({ kind: 'matched', by: 'documento' });
    const byCpf = charge({ clientDocument: '529.982.247-25' });
    expect(matchTedCredit(credit({ memo: 'TED CPF 52998224725' }), [byCpf])).toMatchObject({
      kind: 'matched',
    });
  });

  it('compares the amount with the open balance, not the face value', () => {
    const partlyPaid = charge({ amountCents: 200000, paidCents: 50000 });
    expect(matchTedCredit(credit(), [partlyPaid])).toMatchObject({ kind: 'matched', chargeId: 'c42' });
    expect(matchTedCredit(credit({ amountCents: 200000 }), [partlyPaid])).toMatchObject({
      kind: 'unmatched',
      reason: 'sem_valor',
    });
  });

  it('no charge with this value → unmatched, saying so', () => {
    const result = matchTedCredit(credit({ amountCents: 150001 }), [charge()]);
    expect(result).toEqual({
      kind: 'unmatched',
      reason: 'sem_valor',
      message: 'Nenhuma cobrança por TED em aberto com este valor.',
      chargeIds: [],
    });
    expect(matchTedCredit(credit(), [])).toMatchObject({ reason: 'sem_valor' });
  });

  it('the right value but nothing in the memo that points to the charge → unmatched', () => {
    const result = matchTedCredit(credit({ memo: 'TED 001 3064 FULANO DE TAL' }), [charge()]);
    expect(result).toMatchObject({ kind: 'unmatched', reason: 'sem_referencia', chargeIds: ['c42'] });
    if (result.kind === 'unmatched') expect(result.message).toContain('não cita o identificador');
  });

  it('before the issue date or after due date + 5 business days → unmatched, out of the window', () => {
    expect(matchTedCredit(credit({ postedOn: '2026-01-01' }), [charge()])).toMatchObject({
      reason: 'fora_do_prazo',
    });
    expect(matchTedCredit(credit({ postedOn: '2026-01-02' }), [charge()])).toMatchObject({ kind: 'matched' });
    // due 10/01/2026 (Saturday): 5 business days later is 16/01 (12, 13, 14, 15, 16)
    expect(matchTedCredit(credit({ postedOn: '2026-01-16' }), [charge()])).toMatchObject({ kind: 'matched' });
    const late = matchTedCredit(credit({ postedOn: '2026-01-19' }), [charge()]);
    expect(late).toMatchObject({ kind: 'unmatched', reason: 'fora_do_prazo', chargeIds: ['c42'] });
    if (late.kind === 'unmatched') {
      expect(late.message).toBe(
        'Crédito de 19/01/2026 fora do prazo da cobrança 2026-000042 (emitida em 02/01/2026, aceita até 16/01/2026).',
      );
    }
  });

  it('two charges of one client with the same value: the one whose identifier is cited wins', () => {
    const other = charge({ id: 'c43', number: '2026-000043', tedIdentifier: 'CC2026000043' });
    expect(matchTedCredit(credit(), [other, charge()])).toMatchObject({ kind: 'matched', chargeId: 'c42' });
  });

  it('several possible charges → unmatched, naming them', () => {
    const other = charge({ id: 'c43', number: '2026-000043', tedIdentifier: 'CC2026000043' });
    const result = matchTedCredit(credit({ memo: 'TED 11222333000181' }), [charge(), other]);
    expect(result).toEqual({
      kind: 'unmatched',
      reason: 'ambigua',
      message: 'Mais de uma cobrança possível: 2026-000042, 2026-000043.',
      chargeIds: ['c42', 'c43'],
    });
  });

  it('a document match of another client does not count', () => {
    const otherClient = charge({ id: 'c50', clientDocument: CPF, tedIdentifier: 'CC2026000050' });
    expect(matchTedCredit(credit({ memo: 'TED 11222333000181' }), [otherClient])).toMatchObject({
      reason: 'sem_referencia',
    });
  });

  it('a debit never matches', () => {
    expect(matchTedCredit(credit({ amountCents: -150000 }), [charge()])).toMatchObject({ kind: 'unmatched' });
  });
});
