/**
 * Pix charges with a due date: BACEN's `cobv` ("cobrança com vencimento") of the API Pix
 * (https://github.com/bacen/pix-api, openapi.yaml, schemas CobVSolicitada / CobVValor; dictionary in
 * "Manual de Padrões para Iniciação do Pix", cobrança com vencimento). Pure: no I/O, no clock, no randomness
 * of its own (the caller passes the random bytes).
 */
import { type BankCalendarOptions, nextBusinessDay } from '../../calendar/bank-calendar';
import { addDays } from '../../calendar/dates';
import { documentKind, normalizeDocument } from '../../documents/cpf-cnpj';
import type { Cents } from '../../money/money';
import { PixError } from './br-code';

/** BACEN's default `calendario.validadeAposVencimento` (days after the due date the charge still accepts). */
export const DEFAULT_VALIDITY_AFTER_DUE_DAYS = 30;

/**
 * The last day a cobv can be paid: the due date moved to a business day (a charge due on a holiday is payable
 * without fine on the next business day), plus the validity in calendar days, moved again to a business day.
 */
export function lastPayableDay(
  dueDate: string,
  validityAfterDueDays: number = DEFAULT_VALIDITY_AFTER_DUE_DAYS,
  calendar: BankCalendarOptions = {},
): string {
  if (!Number.isInteger(validityAfterDueDays) || validityAfterDueDays < 0) {
    throw new PixError('A validade após o vencimento deve ser um número inteiro de dias (0 ou mais).');
  }
  return nextBusinessDay(addDays(nextBusinessDay(dueDate, calendar), validityAfterDueDays), calendar);
}

/** API Pix money fields: `\d{1,10}\.\d{2}` (ID 54 format); 12345 → "123.45". Integers only. */
export function apiPixAmount(cents: Cents): string {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > 9_999_999_999_99) {
    throw new PixError('Valor fora do formato da API Pix (até 10 dígitos inteiros e 2 decimais).');
  }
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Basis points as an API Pix percentage: 200 → "2.00", 33 → "0.33". */
export function apiPixPercent(basisPoints: number): string {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) {
    throw new PixError('Percentual inválido: use pontos-base inteiros (200 = 2%).');
  }
  return `${Math.trunc(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`;
}

/** `valor.multa.modalidade`: 1 valor fixo, 2 percentual. */
export const COBV_FINE_PERCENT = 2;
/**
 * `valor.juros.modalidade` (BACEN's domain table): 1 valor (dias corridos), 2 percentual ao dia (dias
 * corridos), 3 percentual ao mês (dias corridos), 4 ao ano; 5–8 the same in dias úteis. Our interest is
 * "1% a.m. pro rata die" over calendar days, hence 3.
 */
export const COBV_INTEREST_PERCENT_PER_MONTH_CALENDAR_DAYS = 3;
/** `valor.desconto.modalidade` 1: valor fixo até a(s) data(s) informada(s). */
export const COBV_DISCOUNT_FIXED_UNTIL_DATE = 1;
/** `valor.abatimento.modalidade` 1: valor fixo. */
export const COBV_REBATE_FIXED = 1;

export interface CobvInput {
  /** The receiver's Pix key (`chave`). */
  key: string;
  dueDate: string;
  validityAfterDueDays?: number;
  amountCents: Cents;
  /** Multa after the due date, basis points of the amount (200 = 2%); 0 = none. */
  fineBasisPoints: number;
  /** Juros per month over calendar days, basis points (100 = 1% a.m.); 0 = none. */
  interestMonthlyBasisPoints: number;
  /** Fixed-value discounts for paying up to a date (at most 3, dates not after the due date). */
  discounts?: { until: string; amountCents: Cents }[];
  /** Abatimento (fixed value) granted on the charge. */
  rebateCents?: Cents;
  debtor: { document: string; name: string };
  /** Text shown to the payer (`solicitacaoPagador`, up to 140 characters). */
  payerMessage?: string;
}

export type CobvDebtor = { cpf: string; nome: string } | { cnpj: string; nome: string };

/** The body of `PUT /cobv/{txid}` as BACEN's API Pix defines it. */
export interface CobvBody {
  calendario: { dataDeVencimento: string; validadeAposVencimento: number };
  devedor: CobvDebtor;
  valor: {
    original: string;
    multa?: { modalidade: number; valorPerc: string };
    juros?: { modalidade: number; valorPerc: string };
    abatimento?: { modalidade: number; valorPerc: string };
    desconto?: { modalidade: number; descontoDataFixa: { data: string; valorPerc: string }[] };
  };
  chave: string;
  solicitacaoPagador?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Builds the cobv request body. Throws PixError (pt-BR) for what the PSP would refuse. */
export function buildCobvBody(input: CobvInput): CobvBody {
  if (!ISO_DATE.test(input.dueDate)) throw new PixError('Data de vencimento inválida (use AAAA-MM-DD).');
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new PixError('O valor da cobrança Pix deve ser maior que zero.');
  }
  const validity = input.validityAfterDueDays ?? DEFAULT_VALIDITY_AFTER_DUE_DAYS;
  if (!Number.isInteger(validity) || validity < 0) {
    throw new PixError('A validade após o vencimento deve ser um número inteiro de dias (0 ou mais).');
  }
  const key = input.key.trim();
  if (!key) throw new PixError('Configure a chave Pix do recebedor.');

  const document = normalizeDocument(input.debtor.document);
  const kind = documentKind(document);
  if (!kind) throw new PixError('CPF/CNPJ do devedor inválido.');
  const nome = input.debtor.name.trim().slice(0, 200);
  if (!nome) throw new PixError('Informe o nome do devedor.');
  const devedor: CobvDebtor = kind === 'cpf' ? { cpf: document, nome } : { cnpj: document, nome };

  const valor: CobvBody['valor'] = { original: apiPixAmount(input.amountCents) };
  if (input.fineBasisPoints > 0) {
    valor.multa = { modalidade: COBV_FINE_PERCENT, valorPerc: apiPixPercent(input.fineBasisPoints) };
  }
  if (input.interestMonthlyBasisPoints > 0) {
    valor.juros = {
      modalidade: COBV_INTEREST_PERCENT_PER_MONTH_CALENDAR_DAYS,
      valorPerc: apiPixPercent(input.interestMonthlyBasisPoints),
    };
  }
  if (input.rebateCents) {
    if (input.rebateCents >= input.amountCents)
      throw new PixError('O abatimento deve ser menor que o valor.');
    valor.abatimento = { modalidade: COBV_REBATE_FIXED, valorPerc: apiPixAmount(input.rebateCents) };
  }
  const discounts = input.discounts ?? [];
  if (discounts.length > 3) throw new PixError('A cobrança Pix aceita no máximo 3 descontos por data.');
  if (discounts.length > 0) {
    for (const d of discounts) {
      if (!ISO_DATE.test(d.until) || d.until > input.dueDate) {
        throw new PixError('A data de cada desconto deve ser igual ou anterior ao vencimento.');
      }
      if (!Number.isSafeInteger(d.amountCents) || d.amountCents <= 0 || d.amountCents >= input.amountCents) {
        throw new PixError('Cada desconto deve ser maior que zero e menor que o valor.');
      }
    }
    if (new Set(discounts.map((d) => d.until)).size !== discounts.length) {
      throw new PixError('Há dois descontos para a mesma data.');
    }
    valor.desconto = {
      modalidade: COBV_DISCOUNT_FIXED_UNTIL_DATE,
      descontoDataFixa: [...discounts]
        .sort((a, b) => a.until.localeCompare(b.until))
        .map((d) => ({ data: d.until, valorPerc: apiPixAmount(d.amountCents) })),
    };
  }

  const body: CobvBody = {
    calendario: { dataDeVencimento: input.dueDate, validadeAposVencimento: validity },
    devedor,
    valor,
    chave: key,
  };
  const message = input.payerMessage?.trim();
  if (message) body.solicitacaoPagador = message.slice(0, 140);
  return body;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Bytes ≥ 248 are discarded so that each of the 62 characters is equally likely (248 = 4 × 62). */
const UNBIASED_LIMIT = 248;

/** `length` characters of [A-Za-z0-9] from a source of random bytes (e.g. node:crypto randomBytes). */
export function randomAlphanumeric(randomBytes: (size: number) => Uint8Array, length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT) out += ALPHANUMERIC[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A cobv txid: `[a-zA-Z0-9]{26,35}` (API Pix). 35 characters ≈ 208 bits. */
export function generateCobvTxid(randomBytes: (size: number) => Uint8Array, length = 35): string {
  if (length < 26 || length > 35) throw new PixError('O txid de uma cobv tem de 26 a 35 caracteres.');
  return randomAlphanumeric(randomBytes, length);
}

export function isCobvTxid(txid: string): boolean {
  return /^[a-zA-Z0-9]{26,35}$/.test(txid);
}

/**
 * A txid that fits the static BR Code (field 62-05: up to 25 letters/digits) — what the sandbox and a boleto
 * híbrido with a static key use; 25 characters ≈ 148 bits.
 */
export function generateStaticTxid(randomBytes: (size: number) => Uint8Array): string {
  return randomAlphanumeric(randomBytes, 25);
}
