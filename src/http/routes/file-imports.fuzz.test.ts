import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../adapters/db/schema';
import { rowsOf } from '../../adapters/db/sql-helpers';
import { addDays, businessDateAt } from '../../domain/calendar/dates';
import { cnpjCheckDigits } from '../../domain/documents/cpf-cnpj';
import { buildBoleto } from '../../domain/payments/boleto/build-boleto';
import { beneficiaryFromSettings } from '../../domain/payments/cnab240/beneficiary';
import { buildRetorno, retornoTitle } from '../../domain/payments/cnab240/retorno';
import { buildOfx102 } from '../../domain/payments/ofx/fixtures/build-ofx';
import { DEMO_PAYMENT_SETTINGS } from '../../domain/payments/payment-settings';
import { expectPortugueseMessage, fuzzOptions, mutated } from '../../test-support/fuzz';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

// Property-based fuzzing of the three file imports through their HTTP routes (issue 8, "Bad input"): a CNAB
// retorno, an OFX statement and the client CSV. Whatever is uploaded, the answer is a success or a 4xx with
// a Portuguese message — never a 500 — and a refused file leaves every table it could touch exactly as it
// was (compared row by row, not only counted). Few runs: each one is a real import on the database.

let t: TestApp;
let financeiro: LoggedIn;
const nossosNumeros: string[] = [];

/** A digest of every row of the tables an import writes (and their counts, for a readable failure). */
async function snapshot(tables: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = rowsOf<{ n: number; digest: string | null }>(
      await t.system.database.db.execute(
        sql.raw(
          `select count(*)::int as n, md5(string_agg(x::text, '|' order by x::text)) as digest from ${table} x`,
        ),
      ),
    );
    out[table] = `${row!.n} linhas ${row!.digest ?? '-'}`;
  }
  return out;
}
const PAYMENT_TABLES = [
  'bank_files',
  'payments',
  'charges',
  'charge_events',
  'statement_entries',
  'client_credits',
  'audit_log',
] as const;
const CLIENT_TABLES = ['clients', 'audit_log'] as const;

function upload(url: string, body: Uint8Array | string, contentType: string) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: financeiro.cookie, 'x-csrf-token': financeiro.csrf, 'content-type': contentType },
    payload: typeof body === 'string' ? body : Buffer.from(body),
  });
}

/**
 * The contract of a file import: `okStatuses` with the tables possibly changed, or a 4xx with a message in
 * Portuguese and `tables` unchanged to the last row.
 */
async function expectAllOrNothing(
  send: () => ReturnType<typeof upload>,
  tables: readonly string[],
  okStatuses: number[],
  refusedStatuses: number[],
): Promise<Record<string, unknown> | null> {
  const before = await snapshot(tables);
  const res = await send();
  expect([...okStatuses, ...refusedStatuses], res.body.slice(0, 500)).toContain(res.statusCode);
  if (refusedStatuses.includes(res.statusCode)) {
    expectPortugueseMessage(res.json().message);
    expect(await snapshot(tables)).toEqual(before);
    return null;
  }
  return res.json();
}

const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
/** The name the browser sends along (query string): accents, slashes, blanks, control characters. */
const filename = fc.string({
  maxLength: 30,
  unit: fc.constantFrom(...'aZ0.-_ /\\%ç', '\u0000', '\u001f', '\u007f', '😀'),
});

beforeAll(async () => {
  // 2026-06-01 09:00 in São Paulo
  t = await createTestApp({ clock: manualClock(new Date('2026-06-01T12:00:00Z')) });
  financeiro = await loginAs(t.app, DEMO.financeiro);
  const [client] = await t.system.database.db.select().from(clients).limit(1);
  // Boletos to be settled, registered or written off by the retornos below.
  for (const amountCents of [10_000, 25_990, 5_000, 7_777]) {
    const sequence = await t.system.deps.charges.nextNossoNumeroSequence();
    const boleto = buildBoleto(DEMO_PAYMENT_SETTINGS.boleto, sequence, amountCents, '2026-06-10');
    await t.system.deps.charges.create({
      clientId: client!.id,
      resellerId: client!.resellerId,
      description: 'Mensalidade Hiper',
      method: 'boleto',
      amountCents,
      dueDate: '2026-06-10',
      fineBasisPoints: 200,
      interestMonthlyBasisPoints: 100,
      provider: 'bb',
      providerReference: boleto.nossoNumero,
      bankCode: boleto.bankCode,
      nossoNumero: boleto.nossoNumero,
      barcode: boleto.barcode,
      digitableLine: boleto.digitableLine,
    });
    nossosNumeros.push(boleto.nossoNumero);
  }
});
afterAll(() => t?.close());

describe('file imports under arbitrary uploads (fast-check, through the HTTP routes)', () => {
  it('CNAB retorno: imported whole, or 400 naming the line and nothing written', async () => {
    const [n1, n2, n3, n4] = nossosNumeros as [string, string, string, string];
    const paid = (nossoNumero: string, cents: number) =>
      retornoTitle({
        movement: '06',
        nossoNumero,
        faceValueCents: cents,
        paidCents: cents,
        netCents: cents - 250,
        feeCents: 250,
        occurrenceDate: '2026-06-05',
        creditDate: '2026-06-08',
      });
    const valid = fc.integer({ min: 1, max: 999 }).map((sequence) =>
      buildRetorno({
        beneficiary: beneficiaryFromSettings(DEMO_PAYMENT_SETTINGS),
        sequence,
        generatedOn: '2026-06-06',
        generatedAt: '070000',
        titles: [
          paid(n1, 10_000),
          retornoTitle({ movement: '02', nossoNumero: n2, occurrenceDate: '2026-06-02' }),
          paid(n3, 5_000),
          retornoTitle({ movement: '09', nossoNumero: n4, occurrenceDate: '2026-06-03' }),
          paid('99999999999999999', 1_234),
        ],
      }),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 8, arbitrary: mutated(valid, '0123456789 AZ').map(latin1) },
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
        ),
        filename,
        async (bytes, name) => {
          const url = `/api/v1/bank-files/retorno?filename=${encodeURIComponent(name)}`;
          const send = () => upload(url, bytes, 'application/octet-stream');
          const body = await expectAllOrNothing(send, PAYMENT_TABLES, [200], [400]);
          if (body) {
            accepted++;
            // accepted: applied to the end, never left half-done
            const file = body.file as { status: string; processed_items: number; total_items: number };
            expect(file.status).toBe('importado');
            expect(file.processed_items).toBe(file.total_items);
          }
        },
      ),
      fuzzOptions(50, { timeoutMs: 15_000, budgetMs: 25_000 }),
    );
    // mutations keep many files valid (a name or a blank changed): both paths were exercised
    expect(accepted).toBeGreaterThan(0);
  });

  it('OFX statement: imported (TEDs matched), or 400 in Portuguese and nothing written', async () => {
    // Two open TED charges the statement pays: the identifier (CC…) in the memo and the same amount.
    // Their issue date is the database's now(), so the credits are dated on the real today.
    const today = businessDateAt(new Date());
    const [client] = await t.system.database.db.select().from(clients).limit(1);
    const teds: { cents: number; identifier: string }[] = [];
    for (const cents of [150_000, 8_990]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/charges',
        headers: { cookie: financeiro.cookie, 'x-csrf-token': financeiro.csrf },
        payload: {
          client_id: client!.id,
          method: 'ted',
          amount_cents: cents,
          due_date: addDays(today, 7),
          description: 'Implantação Hiper Gestão',
          notify: false,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      teds.push({ cents, identifier: `CC${(res.json() as { number: string }).number.replace(/\D/g, '')}` });
    }
    const reais = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const valid = fc
      .tuple(fc.array(fc.integer({ min: 1, max: 500_000 }), { minLength: 0, maxLength: 3 }), fc.nat())
      // a salt in the FITIDs: a damaged copy recorded first does not make the good one a duplicate
      .map(([amounts, salt]) =>
        Buffer.from(
          buildOfx102({
            transactions: [
              ...teds.map((ted, i) => ({
                fitid: `TED${i}S${salt}`,
                postedOn: today,
                amount: reais(ted.cents),
                memo: `TED RECEBIDA ${ted.identifier}`,
              })),
              ...amounts.map((cents, i) => ({
                fitid: `F${cents}X${i}`,
                postedOn: today,
                amount: reais(cents),
                memo: `TED RECEBIDA ${i}`,
              })),
            ],
          }),
        ).toString('latin1'),
      );
    let matched = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 8, arbitrary: mutated(valid, '0123456789<>/.,-AZ ').map(latin1) },
          { weight: 1, arbitrary: valid.map(latin1) },
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
        ),
        filename,
        async (bytes, name) => {
          const url = `/api/v1/statements/import?filename=${encodeURIComponent(name)}`;
          const send = () => upload(url, bytes, 'application/octet-stream');
          const body = await expectAllOrNothing(send, PAYMENT_TABLES, [200], [400]);
          if (body) matched += Number(body.matched ?? 0);
        },
      ),
      fuzzOptions(50, { timeoutMs: 15_000, budgetMs: 25_000 }),
    );
    // some accepted statements paid the TED charges: the matching path ran too
    expect(matched).toBeGreaterThan(0);
  });

  it('client CSV: imported whole, or 400/422 with the errors and no client created or changed', async () => {
    const row = fc.stringMatching(/^[0-9A-Z]{12}$/).map((base) => {
      const cnpj = base + cnpjCheckDigits(base);
      return `${cnpj};Cliente ${base} Ltda;;c${base.toLowerCase()}@exemplo.com.br;Alfa Automação;Hiper Mini;89,90;31/12/2026;;Blumenau;SC;`;
    });
    const valid = fc
      .uniqueArray(row, { minLength: 1, maxLength: 3 })
      .map((rows) =>
        [
          'cnpj;razao_social;nome_fantasia;email;hiperador;plano;mensalidade;liberado_ate;telefone;cidade;uf;cep',
          ...rows,
        ].join('\r\n'),
      );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 8, arbitrary: mutated(valid, '0123456789;,"./ aZ') },
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
        ),
        async (csv) => {
          const body = typeof csv === 'string' ? csv : Buffer.from(csv);
          // the preview never writes
          const preview = () => upload('/api/v1/imports/clients/preview', body, 'text/csv');
          const before = await snapshot(CLIENT_TABLES);
          const p = await preview();
          expect([200, 400], p.body.slice(0, 500)).toContain(p.statusCode);
          expect(await snapshot(CLIENT_TABLES)).toEqual(before);

          const send = () => upload('/api/v1/imports/clients', body, 'text/csv');
          if (await expectAllOrNothing(send, CLIENT_TABLES, [200], [400, 422])) {
            accepted++;
            // imported: the same file again changes nothing
            const after = await snapshot(CLIENT_TABLES);
            expect((await send()).statusCode).toBe(200);
            expect(await snapshot(CLIENT_TABLES)).toEqual(after);
          }
        },
      ),
      fuzzOptions(50, { timeoutMs: 15_000, budgetMs: 25_000 }),
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
