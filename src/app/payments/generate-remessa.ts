import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/access/roles';
import { nextBusinessDay } from '../../domain/calendar/bank-calendar';
import { addDays, businessDateAt } from '../../domain/calendar/dates';
import { beneficiaryFromSettings } from '../../domain/payments/cnab240/beneficiary';
import { CnabError } from '../../domain/payments/cnab240/cnab-error';
import { buildRemessa, parseRemessa, type RemessaTitle } from '../../domain/payments/cnab240/remessa';
import { buildRetorno, type RetornoTitleData, retornoTitle } from '../../domain/payments/cnab240/retorno';
import { interestPerDayCents } from '../../domain/payments/late-charges';
import type { PaymentSettings } from '../../domain/payments/payment-settings';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { BankFileRecord, BankFileRepository, PendingRemessaTitle } from './bank-file-ports';

export interface RemessaDeps {
  bankFiles: BankFileRepository;
  audit: AuditLog;
  clock: Clock;
  payments: PaymentSettings;
}

export interface RemessaResult {
  file: BankFileRecord;
  entries: number;
  cancellations: number;
  totalCents: number;
}

/** Days after the due date the bank keeps a title open before returning it (C028 "baixar/devolver"). */
export const WRITE_OFF_DAYS = 60;

/** HHMMSS in São Paulo. */
export function businessTimeAt(instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'America/Sao_Paulo',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
    .format(instant)
    .replace(/\D/g, '');
}

/** Bank-style name: CB + ddmm + NSA (at least 2 digits) + extension. */
export function bankFileName(isoDate: string, sequence: number, extension: 'REM' | 'RET'): string {
  return `CB${isoDate.slice(8, 10)}${isoDate.slice(5, 7)}${String(sequence).padStart(2, '0')}.${extension}`;
}

function remessaTitle(t: PendingRemessaTitle): RemessaTitle {
  const perDay = interestPerDayCents(t.amountCents, t.interestMonthlyBasisPoints);
  const dayAfter = addDays(t.dueDate, 1);
  const street = [t.client.street, t.client.number].filter(Boolean).join(', ');
  return {
    instruction: t.instruction,
    nossoNumero: t.nossoNumero,
    documentNumber: t.number,
    dueDate: t.dueDate,
    amountCents: t.amountCents,
    issueDate: businessDateAt(t.createdAt),
    interestPerDayCents: perDay,
    interestDate: perDay > 0 ? dayAfter : null,
    fineBasisPoints: t.fineBasisPoints,
    fineDate: t.fineBasisPoints > 0 ? dayAfter : null,
    discountCents: 0,
    discountDate: null,
    protestCode: '3',
    protestDays: 0,
    writeOffCode: '1',
    writeOffDays: WRITE_OFF_DAYS,
    companyReference: t.number,
    payer:
      t.instruction === 'entrada'
        ? {
            document: t.client.document,
            name: t.client.legalName,
            address: street,
            district: t.client.district ?? '',
            cep: t.client.cep ?? '',
            city: t.client.city,
            state: t.client.state,
          }
        : null,
  };
}

/**
 * The remessa of the configured bank: entrada (01) for every boleto 'emitida' not yet sent, pedido de baixa
 * (02) for every boleto cancelled after being sent. One transaction: the file (status 'gerado', next NSA) and
 * the marks on the charges. Nothing pending → 422 and nothing written. Audited.
 */
export async function generateRemessa(
  deps: RemessaDeps,
  actor: Actor | null,
  input: { bankCode?: string } = {},
  ip?: string | null,
): Promise<RemessaResult> {
  const configured = deps.payments.boleto.bankCode;
  const bankCode = input.bankCode ?? configured;
  if (bankCode !== configured) {
    throw new AppError(
      'validation_failed',
      `O banco ${bankCode} não está configurado para boletos (configurado: ${configured}).`,
      'bank_code',
    );
  }
  const now = deps.clock.now();
  const today = businessDateAt(now);
  let counts = { entries: 0, cancellations: 0, totalCents: 0 };
  let file: BankFileRecord | null;
  try {
    file = await deps.bankFiles.createRemessa(bankCode, actor?.userId ?? null, (sequence, pending) => {
      const titles = pending.map(remessaTitle);
      const text = buildRemessa({
        beneficiary: beneficiaryFromSettings(deps.payments),
        sequence,
        generatedOn: today,
        generatedAt: businessTimeAt(now),
        titles,
      });
      const content = Buffer.from(text, 'latin1');
      counts = {
        entries: titles.filter((t) => t.instruction === 'entrada').length,
        cancellations: titles.filter((t) => t.instruction === 'baixa').length,
        totalCents: titles.reduce((sum, t) => sum + t.amountCents, 0),
      };
      return {
        filename: bankFileName(today, sequence, 'REM'),
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
        summary: {
          entries: counts.entries,
          cancellations: counts.cancellations,
          total_cents: counts.totalCents,
        },
      };
    });
  } catch (err) {
    if (err instanceof CnabError)
      throw new AppError('validation_failed', `Remessa não gerada: ${err.message}`);
    throw err;
  }
  if (!file) throw new AppError('business_rule', 'Não há boletos a registrar ou baixar.');
  await deps.audit.record({
    actorUserId: actor?.userId ?? null,
    actorEmail: actor?.email ?? 'linha de comando',
    action: 'bank_file.remessa_generated',
    entityType: 'bank_file',
    entityId: file.id,
    ip: ip ?? null,
    details: { bank_code: bankCode, sequence: file.sequence, filename: file.filename, ...counts },
  });
  return { file, ...counts };
}

export interface SimulatedRetorno {
  filename: string;
  content: Uint8Array;
  /** Titles confirmed (02) and settled (06); baixas confirmed (09). */
  settled: number;
  cancelled: number;
}

/**
 * The sandbox bank ("banco simulado", demo and tests only): for a remessa, the retorno the bank would send —
 * every entrada confirmed (02) and paid on the day at its face value (06, credited the next business day),
 * every pedido de baixa confirmed (09). The file is returned, not imported: Financeiro imports it as a real one.
 */
export async function simulatedRetorno(
  deps: Pick<RemessaDeps, 'bankFiles' | 'clock' | 'payments' | 'audit'> & { production: boolean },
  actor: Actor | null,
  remessaId: string,
): Promise<SimulatedRetorno> {
  if (deps.production) {
    throw new AppError(
      'business_rule',
      'O banco simulado não existe em produção: importe o retorno enviado pelo banco.',
    );
  }
  const file = await deps.bankFiles.get(remessaId);
  if (!file) throw notFound('Arquivo bancário');
  if (file.kind !== 'remessa') {
    throw new AppError(
      'business_rule',
      'O banco simulado responde a uma remessa; este arquivo é um retorno.',
    );
  }
  const bytes = await deps.bankFiles.content(remessaId);
  const remessa = parseRemessa(Buffer.from(bytes!).toString('latin1'));
  const now = deps.clock.now();
  const today = businessDateAt(now);
  const creditOn = nextBusinessDay(addDays(today, 1));
  const titles: RetornoTitleData[] = [];
  for (const t of remessa.titles) {
    const common = {
      nossoNumero: t.nossoNumero,
      documentNumber: t.documentNumber,
      dueDate: t.dueDate,
      faceValueCents: t.amountCents,
      companyReference: t.companyReference,
      payerDocument: t.payer?.document ?? '',
      payerName: t.payer?.name ?? '',
      occurrenceDate: today,
    };
    if (t.instruction === 'entrada') {
      titles.push(retornoTitle({ ...common, movement: '02' }));
      titles.push(
        retornoTitle({
          ...common,
          movement: '06',
          paidCents: t.amountCents,
          netCents: t.amountCents,
          creditDate: creditOn,
        }),
      );
    } else {
      titles.push(retornoTitle({ ...common, movement: '09' }));
    }
  }
  const text = buildRetorno({
    beneficiary: beneficiaryFromSettings(deps.payments),
    sequence: remessa.sequence,
    generatedOn: today,
    generatedAt: businessTimeAt(now),
    titles,
  });
  const settled = remessa.titles.filter((t) => t.instruction === 'entrada').length;
  const result = {
    filename: bankFileName(today, remessa.sequence, 'RET'),
    content: Buffer.from(text, 'latin1'),
    settled,
    cancelled: remessa.titles.length - settled,
  };
  await deps.audit.record({
    actorUserId: actor?.userId ?? null,
    actorEmail: actor?.email ?? 'linha de comando',
    action: 'bank_file.simulated_retorno',
    entityType: 'bank_file',
    entityId: remessaId,
    details: { filename: result.filename, settled, cancelled: result.cancelled },
  });
  return result;
}
