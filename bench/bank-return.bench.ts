/**
 * Benchmark of the CNAB 240 retorno import on PostgreSQL: 100,000 titles liquidated in one file.
 *
 *   npm run bench -- bank-return      (BENCH_TITLES to change the size; BENCH_DATABASE_URL or DATABASE_URL
 *                                      for the PostgreSQL server, default postgres://postgres@127.0.0.1:5432)
 *
 * Creates its own database (bench_bank_return, dropped and created again), migrates it, seeds the demo data,
 * COPYs 100,000 registered boleto charges (pg-copy-streams), builds a retorno liquidating all of them
 * (segments T + U, 06) and imports it through the use case, as the route and the CLI do: whole-file
 * validation, then chunks of 2,000 titles through ChargeRepository.applyPayments, with progress saved after
 * each. Prints titles/s and the phases; checks that every charge is paid and every payment recorded once,
 * then imports the same file again (duplicate: nothing changes). Target: ≥ 10,000 titles/s (< 10 s).
 * Exits 1 on a wrong result or an error.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../src/adapters/db/database';
import { seedDemo } from '../src/adapters/db/demo-seed';
import { DbAuditLog } from '../src/adapters/db/repositories/audit-log';
import { DbBankFileRepository } from '../src/adapters/db/repositories/bank-file-repository';
import { DbChargeRepository } from '../src/adapters/db/repositories/charge-repository';
import { argon2Hasher } from '../src/adapters/security/argon2-hasher';
import { BANK_RETURN_CHUNK, importBankReturn } from '../src/app/payments/import-bank-return';
import { systemClock } from '../src/app/shared/ports';
import { beneficiaryFromSettings } from '../src/domain/payments/cnab240/beneficiary';
import { buildRetorno, parseRetorno, retornoTitle } from '../src/domain/payments/cnab240/retorno';
import { DEMO_PAYMENT_SETTINGS } from '../src/domain/payments/payment-settings';

const TITLES = Number(process.env.BENCH_TITLES ?? 100_000);
const TARGET_PER_S = 10_000;
const DB_NAME = 'bench_bank_return';
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function recreateDatabase() {
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DB_NAME} with (force)`);
    await admin.query(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
}

/** 100,000 registered boletos of the demo clients, by COPY (one round trip). Returns their nossos números. */
async function seedCharges(url: string): Promise<{ nossoNumero: string; amountCents: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: owners } = await client.query<{ id: string; reseller_id: string }>(
      'select id, reseller_id from clients order by legal_name',
    );
    if (owners.length === 0) throw new Error('a carga de demonstração não criou clientes');
    const titles: { nossoNumero: string; amountCents: number }[] = [];
    const convenio = DEMO_PAYMENT_SETTINGS.boleto.convenio;
    const registeredAt = new Date().toISOString();
    function* rows() {
      for (let i = 0; i < TITLES; i++) {
        const owner = owners[i % owners.length]!;
        const nossoNumero = `${convenio}${String(5_000_000_000 + i).padStart(10, '0')}`;
        const amountCents = 5_000 + ((i * 7_919) % 200_000);
        titles.push({ nossoNumero, amountCents });
        yield `BENCH-${String(i + 1).padStart(7, '0')}\t${owner.id}\t${owner.reseller_id}\tMensalidade (benchmark)\tboleto\tregistrada\t${amountCents}\t2026-06-10\tbb\t${nossoNumero}\t001\t${nossoNumero}\t${registeredAt}\n`;
      }
    }
    const copy = client.query(
      copyFrom(
        'copy charges (number, client_id, reseller_id, description, method, status, amount_cents, due_date, provider, provider_reference, bank_code, nosso_numero, registered_at) from stdin',
      ),
    );
    await pipeline(Readable.from(rows()), copy);
    await client.query('analyze charges');
    return titles;
  } finally {
    await client.end();
  }
}

/** The same object, its async methods timed into `phases` ("charges.applyPayments" → ms). */
function timed<T extends object>(target: T, label: string, phases: Map<string, number>): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return async (...args: unknown[]) => {
        const t0 = performance.now();
        try {
          return await value.apply(obj, args);
        } finally {
          const name = `${label}.${key}`;
          phases.set(name, (phases.get(name) ?? 0) + performance.now() - t0);
        }
      };
    },
  });
}

async function main() {
  process.stdout.write(`Banco de benchmark: ${urlFor(DB_NAME).replace(/\/\/[^@]*@/, '//')}\n`);
  await recreateDatabase();
  const url = urlFor(DB_NAME);
  const database = await openDatabase({ url, poolSize: 4 });
  let exitCode = 0;
  try {
    await database.migrate();
    await seedDemo(database.db, argon2Hasher, systemClock);

    let t0 = performance.now();
    const titles = await seedCharges(url);
    const seedMs = performance.now() - t0;
    process.stdout.write(
      `${TITLES.toLocaleString('pt-BR')} boletos registrados em ${seconds(seedMs)} (COPY)\n`,
    );

    t0 = performance.now();
    const text = buildRetorno({
      beneficiary: beneficiaryFromSettings(DEMO_PAYMENT_SETTINGS),
      sequence: 1,
      generatedOn: '2026-06-11',
      generatedAt: '060000',
      titles: titles.map((x) =>
        retornoTitle({
          movement: '06',
          nossoNumero: x.nossoNumero,
          dueDate: '2026-06-10',
          faceValueCents: x.amountCents,
          paidCents: x.amountCents,
          netCents: x.amountCents - 180,
          feeCents: 180,
          occurrenceDate: '2026-06-10',
          creditDate: '2026-06-11',
        }),
      ),
    });
    const content = Buffer.from(text, 'latin1');
    const buildMs = performance.now() - t0;

    t0 = performance.now();
    parseRetorno(text);
    const parseMs = performance.now() - t0;

    const progress: { at: number; items: number }[] = [];
    const phases = new Map<string, number>();
    const bankFiles = timed(new DbBankFileRepository(database.db), 'bank_files', phases);
    const watched = Object.create(bankFiles) as DbBankFileRepository;
    watched.progress = async (id, items, summary) => {
      progress.push({ at: performance.now(), items });
      return bankFiles.progress(id, items, summary);
    };
    const deps = {
      bankFiles: watched,
      charges: timed(new DbChargeRepository(database.db), 'charges', phases),
      audit: new DbAuditLog(database.db),
      clock: systemClock,
    };

    t0 = performance.now();
    const { file } = await importBankReturn(
      deps,
      null,
      { filename: 'CB110601.RET', content },
      { wait: true },
    );
    const importMs = performance.now() - t0;
    const perSecond = Math.round(TITLES / (importMs / 1000));

    // The result, checked.
    const [{ paid, payments }] = (
      await database.executeSql(
        `select (select count(*) from charges where number like 'BENCH-%' and status = 'paga')::int as paid,
                (select count(*) from payments where source = 'retorno')::int as payments`,
      )
    ).rows as [{ paid: number; payments: number }];
    const summary = file.summary as { applied?: number; duplicates?: number; unmatched?: number };
    const problems: string[] = [];
    if (file.status !== 'importado') problems.push(`situação ${file.status}`);
    if (summary.applied !== TITLES) problems.push(`applied ${summary.applied}`);
    if (paid !== TITLES) problems.push(`${paid} cobranças pagas`);
    if (payments !== TITLES) problems.push(`${payments} pagamentos`);
    if (progress.length !== Math.ceil(TITLES / BANK_RETURN_CHUNK))
      problems.push(`${progress.length} registros de progresso`);

    t0 = performance.now();
    const again = await importBankReturn(deps, null, { filename: 'copia.RET', content }, { wait: true });
    const againMs = performance.now() - t0;
    if (!again.duplicate) problems.push('a reimportação não foi reconhecida');

    const rows: [string, string][] = [
      ['Títulos no retorno', TITLES.toLocaleString('pt-BR')],
      ['Tamanho do arquivo', `${(content.byteLength / 1024 / 1024).toFixed(1)} MB`],
      ['Montagem do arquivo (buildRetorno)', seconds(buildMs)],
      ['Leitura e validação (parseRetorno)', seconds(parseMs)],
      ['Importação completa', seconds(importMs)],
      [
        'Títulos/s',
        `${perSecond.toLocaleString('pt-BR')} (meta ≥ ${TARGET_PER_S.toLocaleString('pt-BR')}/s)`,
      ],
      ['Lotes de progresso', `${progress.length} de ${BANK_RETURN_CHUNK.toLocaleString('pt-BR')} títulos`],
      ['Pagos / pagamentos', `${paid.toLocaleString('pt-BR')} / ${payments.toLocaleString('pt-BR')}`],
      ['Mesmo arquivo de novo', `${seconds(againMs)} (duplicate: ${again.duplicate})`],
      [
        'Resultado',
        problems.length === 0
          ? perSecond >= TARGET_PER_S
            ? 'OK, meta atingida'
            : 'OK, ABAIXO DA META'
          : `ERRADO: ${problems.join('; ')}`,
      ],
    ];
    for (const [name, ms] of [...phases].sort((a, b) => b[1] - a[1])) {
      rows.splice(rows.length - 1, 0, [`  em ${name}`, seconds(ms)]);
    }
    const width = Math.max(...rows.map(([k]) => k.length));
    const valueWidth = Math.max(...rows.map(([, v]) => v.length));
    const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
    process.stdout.write(
      `${[line, ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v.padEnd(valueWidth)} |`), line].join('\n')}\n`,
    );
    if (problems.length > 0) exitCode = 1;
  } finally {
    await database.close();
  }
  process.exit(exitCode);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
