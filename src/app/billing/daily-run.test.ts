import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { billingRuns } from '../../adapters/db/schema';
import type { SandboxCardGateway } from '../../adapters/payments/sandbox-card-gateway';
import {
  chargesOf,
  clientRow,
  engine,
  installmentsOf,
  mailsOf,
  registerSandboxCard,
  signedContract,
  stepsOf,
} from '../../test-support/billing-fixtures';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';
import { activateContract } from './activation';
import { cardAttemptDue, reminderDue, runBilling } from './daily-run';

/** 09:00 in São Paulo on `date`. */
const at = (date: string) => new Date(`${date}T12:00:00Z`);

describe('the daily billing run', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  const clock = manualClock(at('2026-06-01'));
  const setDate = (date: string) => clock.advance(at(date).getTime() - clock.now().getTime());
  const run = (date: string) => {
    setDate(date);
    return runBilling(engine(t), { date, trigger: 'manual' });
  };
  const pay = async (chargeId: string, paidOn: string) => {
    setDate(paidOn);
    const charge = await t.system.deps.charges.systemGet(chargeId);
    return t.system.deps.charges.applyPayments([
      {
        chargeId,
        source: 'manual',
        sourceId: `teste:${chargeId}`,
        amountCents: charge!.amountCents,
        paidOn,
        evidence: {},
      },
    ]);
  };
  const subjects = async (clientId: string) => (await mailsOf(t, clientId)).map((m) => m.subject);
  /** `n` new boleto clients, activated and paid on 2026-06-01 (installment #2 falls due on 07-15). */
  const paidBoletoClients = async (n: number) => {
    setDate('2026-06-01');
    const created: { clientId: string; contractId: string }[] = [];
    for (let i = 0; i < n; i++) {
      const c = await signedContract(t, alfa, { payment_method: 'boleto' });
      await activateContract(engine(t), c.contractId);
      await pay((await chargesOf(t, c.clientId))[0]!.id, '2026-06-01');
      created.push(c);
    }
    return created;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    alfa = await loginAs(t.app, DEMO.alfa);
  });

  it('pure rules: card attempts D0, D+2, D+5, D+10; reminders 3 days before, on the day, 3 days after', () => {
    expect(
      ['2026-07-14', '2026-07-15', '2026-07-16', '2026-07-17', '2026-07-20', '2026-07-25', '2026-08-30'].map(
        (d) => cardAttemptDue('2026-07-15', d),
      ),
    ).toEqual([0, 1, 1, 2, 3, 4, 4]);
    const charge = { dueDate: '2026-07-15', issuedOn: '2026-07-05' };
    expect(reminderDue(charge, '2026-07-15', '2026-07-11')).toBeNull();
    expect(reminderDue(charge, '2026-07-15', '2026-07-12')).toBe('antes');
    expect(reminderDue(charge, '2026-07-15', '2026-07-15')).toBe('vencimento');
    expect(reminderDue(charge, '2026-07-15', '2026-07-17')).toBeNull();
    expect(reminderDue(charge, '2026-07-15', '2026-07-18')).toBe('atraso');
    // A due date on Saturday 2026-08-15: payable without fine until Monday 08-17; "atraso" from 08-20.
    expect(reminderDue({ dueDate: '2026-08-15', issuedOn: '2026-08-05' }, '2026-08-17', '2026-08-17')).toBe(
      'vencimento',
    );
    expect(
      reminderDue({ dueDate: '2026-08-15', issuedOn: '2026-08-05' }, '2026-08-17', '2026-08-19'),
    ).toBeNull();
  });

  it('a monthly boleto client through July: issue once (twice, concurrently), reminders, inadimplente, bloqueado, unblocked by payment', async () => {
    setDate('2026-06-01');
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'boleto' });
    await activateContract(engine(t), contractId);
    const [activation] = await chargesOf(t, clientId);
    await pay(activation!.id, '2026-06-01');
    // SPEC §4 worked example: activated 01/06 and paid that day → liberado até 31/07.
    expect(await clientRow(t, clientId)).toMatchObject({
      status: 'ativo',
      paidThrough: '2026-07-31',
      activatedOn: '2026-06-01',
      monthlyFeeCents: 8990,
    });
    expect((await installmentsOf(t, clientId))[0]).toMatchObject({ status: 'paga', paidOn: '2026-06-01' });

    // Nothing is due within 10 days of 06-20 (#2 is due 07-15).
    expect((await run('2026-06-20')).counts.issued).toBe(0);
    expect(await installmentsOf(t, clientId)).toHaveLength(1);

    // 2026-07-05 + 10 days = 07-15: #2 is issued, with its boleto and e-mail.
    const first = await run('2026-07-05');
    expect(first.errors).toEqual([]);
    expect(first.status).toBe('concluida');
    expect(first.counts.issued).toBeGreaterThanOrEqual(1);
    const again = await run('2026-07-05');
    const concurrent = await Promise.all([run('2026-07-05'), run('2026-07-05')]);
    expect([again, ...concurrent].map((r) => r.counts.issued)).toEqual([0, 0, 0]);
    const list = await installmentsOf(t, clientId);
    expect(list).toHaveLength(2);
    // SPEC §4: #2 due 2026-07-15 → liberado até 2026-08-31.
    expect(list[1]).toMatchObject({
      key: 'parcela:2026-07',
      number: 2,
      competence: '2026-07',
      dueDate: '2026-07-15',
      accessUntil: '2026-08-31',
      amountCents: 8990,
      setupFeeCents: 0,
    });
    const charges = await chargesOf(t, clientId);
    expect(charges).toHaveLength(2);
    expect(charges[1]).toMatchObject({
      method: 'boleto',
      dueDate: '2026-07-15',
      amountCents: 8990,
      installmentId: list[1]!.id,
    });
    expect((await subjects(clientId)).filter((s) => s.includes(charges[1]!.number))).toEqual([
      `Cobrança ${charges[1]!.number} — R$ 89,90 — vence em 15/07/2026`,
    ]);

    // Reminders: 3 days before, on the day, 3 days after the last day without charges — once each.
    for (const date of ['2026-07-12', '2026-07-12', '2026-07-13', '2026-07-15', '2026-07-15'])
      await run(date);
    const inad = await run('2026-07-16');
    expect(inad.counts.overdue).toBe(1);
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'inadimplente', paidThrough: '2026-07-31' });
    for (const date of ['2026-07-18', '2026-07-18', '2026-07-20']) await run(date);
    const number = charges[1]!.number;
    expect((await subjects(clientId)).filter((s) => s.includes(number))).toEqual([
      `Cobrança ${number} — R$ 89,90 — vence em 15/07/2026`,
      `Lembrete: a cobrança ${number} (R$ 89,90) vence em 15/07/2026`,
      `A cobrança ${number} (R$ 89,90) vence hoje`,
      `Cobrança ${number} em atraso — vencida em 15/07/2026`,
    ]);
    expect((await chargesOf(t, clientId))[1]!.status).toBe('vencida');

    // Still inside the liberado até on 07-31; bloqueado the day after.
    expect((await run('2026-07-31')).counts.blocked).toBe(0);
    expect((await clientRow(t, clientId)).status).toBe('inadimplente');
    const block = await run('2026-08-01');
    expect(block.counts.blocked).toBeGreaterThanOrEqual(1);
    expect((await clientRow(t, clientId)).status).toBe('bloqueado');
    await run('2026-08-01');
    expect(
      (await stepsOf(t, contractId)).filter((s) => s.step === 'bloqueio').map((s) => s.competence),
    ).toEqual(['2026-07-31']);

    // The late payment (with fine) unblocks at once: liberado até 31/08.
    await pay(charges[1]!.id, '2026-08-02');
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'ativo', paidThrough: '2026-08-31' });
    expect((await installmentsOf(t, clientId))[1]).toMatchObject({ status: 'paga', paidOn: '2026-08-02' });

    // Exactly one of each step, whatever ran twice.
    const steps = (await stepsOf(t, contractId)).map((s) => `${s.competence} ${s.step}`).sort();
    expect(steps).toEqual([
      '2026-06 email:emissao',
      '2026-07 email:emissao',
      '2026-07 inadimplente',
      '2026-07 lembrete:antes',
      '2026-07 lembrete:atraso',
      '2026-07 lembrete:vencimento',
      '2026-07-31 bloqueio',
    ]);
    const runs = await t.system.database.db
      .select()
      .from(billingRuns)
      .where(eq(billingRuns.runDate, '2026-07-05'));
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.status === 'concluida' && r.processedItems > 0 && r.finishedAt !== null)).toBe(
      true,
    );
  });

  it('a card client: declined on D0 and D+2 with one card-link e-mail, paid on D+5 with a new card', async () => {
    setDate('2026-06-01');
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'cartao' });
    await registerSandboxCard(t, clientId);
    await activateContract(engine(t), contractId);
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'ativo', paidThrough: '2026-07-31' });
    // The card is replaced by one the issuer declines (sandbox 4000 0000 0000 0002).
    await registerSandboxCard(t, clientId, '4000 0000 0000 0002');

    await run('2026-07-05');
    const charge = (await chargesOf(t, clientId))[1]!;
    expect(charge).toMatchObject({ method: 'cartao', dueDate: '2026-07-15', status: 'emitida' });
    const gateway = t.system.deps.cardGateway as SandboxCardGateway;
    const attempts = () => gateway.transactions.filter((x) => x.idempotencyKey.startsWith(charge.id));

    for (const date of ['2026-07-12', '2026-07-14']) await run(date);
    expect(attempts()).toHaveLength(0); // no card reminders, no attempt before D0
    await Promise.all([run('2026-07-15'), run('2026-07-15')]);
    expect(attempts().map((x) => x.idempotencyKey)).toEqual([`${charge.id}:1`]);
    // (The contract's issue e-mailed the first card link; these are the ones after a decline.)
    const links = async () =>
      (await mailsOf(t, clientId)).filter(
        (m) => m.subject.startsWith('Cadastre o cartão') && m.text.includes('Não conseguimos cobrar'),
      );
    expect(await links()).toHaveLength(1);
    expect((await links())[0]!.text).toContain('tentativa 1 de 4: Cartão recusado pelo emissor');
    expect((await links())[0]!.text).toContain('nova tentativa em 17/07/2026');

    await run('2026-07-16');
    expect((await clientRow(t, clientId)).status).toBe('inadimplente');
    await run('2026-07-17'); // D+2
    await run('2026-07-17');
    expect(attempts().map((x) => x.idempotencyKey)).toEqual([`${charge.id}:1`, `${charge.id}:2`]);
    expect(await links()).toHaveLength(1); // once per competência

    await registerSandboxCard(t, clientId); // the client registers a card that works
    const paid = await run('2026-07-20'); // D+5
    expect(paid.counts.charged).toBe(1);
    expect(paid.counts.unblocked).toBe(1);
    expect(attempts().map((x) => x.idempotencyKey)).toEqual([
      `${charge.id}:1`,
      `${charge.id}:2`,
      `${charge.id}:3`,
    ]);
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'ativo', paidThrough: '2026-08-31' });
    await run('2026-07-25'); // D+10: paid, nothing more
    expect(attempts()).toHaveLength(3);
    const steps = (await stepsOf(t, contractId)).map((s) => `${s.competence} ${s.step}`).sort();
    expect(steps.filter((s) => s.startsWith('2026-07'))).toEqual([
      '2026-07 cartao:1',
      '2026-07 cartao:2',
      '2026-07 cartao:3',
      '2026-07 cartao:link',
      '2026-07 email:emissao',
      '2026-07 inadimplente',
    ]);
  });
  it('a batch: a client whose charge cannot be prepared is reported and skipped; a batch the database refuses goes client by client', async () => {
    const created = await paidBoletoClients(4);
    const [bad, ...good] = created as [(typeof created)[0], ...typeof created];
    const badDocument = (await clientRow(t, bad.clientId)).document;
    const base = engine(t);
    // The PSP refuses the Pix of one payer (the boleto híbrido carries one).
    const pixPsp = Object.create(base.pixPsp) as typeof base.pixPsp;
    pixPsp.createDueCharge = async (request) => {
      if (request.payer.document === badDocument) throw new Error('PSP recusou o pagador');
      return base.pixPsp.createDueCharge(request);
    };
    setDate('2026-07-05');
    const first = await runBilling({ ...base, pixPsp }, { date: '2026-07-05', trigger: 'manual' });
    expect(first.status).toBe('concluida');
    expect(first.errors).toEqual([
      {
        client_id: bad.clientId,
        contract_id: bad.contractId,
        step: 'emissao',
        message: 'PSP recusou o pagador',
      },
    ]);
    for (const { clientId } of good) {
      const charges = await chargesOf(t, clientId);
      expect(charges).toHaveLength(2);
      expect(charges[1]).toMatchObject({ method: 'boleto', dueDate: '2026-07-15', amountCents: 8990 });
      expect((await subjects(clientId)).filter((s) => s.includes(charges[1]!.number))).toEqual([
        `Cobrança ${charges[1]!.number} — R$ 89,90 — vence em 15/07/2026`,
      ]);
    }
    expect(await installmentsOf(t, bad.clientId)).toHaveLength(1);

    // The next run, with the database refusing the batch: the client is issued on its own, e-mailed once.
    const billing = Object.create(base.billing) as typeof base.billing;
    billing.issueInstallments = async () => {
      throw new Error('lote recusado');
    };
    const second = await runBilling({ ...base, billing }, { date: '2026-07-05', trigger: 'manual' });
    expect(second.status).toBe('concluida');
    expect(second.errors).toEqual([]);
    expect(second.counts.issued).toBe(1);
    const charges = await chargesOf(t, bad.clientId);
    expect(charges).toHaveLength(2);
    expect((await subjects(bad.clientId)).filter((s) => s.includes(charges[1]!.number))).toHaveLength(1);
    await runBilling(base, { date: '2026-07-05', trigger: 'manual' });
    for (const { clientId } of created) expect(await chargesOf(t, clientId)).toHaveLength(2);
  });

  it('a run killed half-way and run again: each installment, charge and e-mail exactly once', async () => {
    const created = await paidBoletoClients(3);
    // The process dies after its first batch (one client): the run stays unfinished.
    const real = t.system.deps.billing;
    let calls = 0;
    const dying = Object.create(real) as typeof real;
    dying.billableClients = async (after, limit) => {
      calls += 1;
      if (calls === 2) throw new Error('processo encerrado');
      return real.billableClients(after, limit);
    };
    setDate('2026-07-05');
    const killed = await runBilling(
      { ...engine(t), billing: dying },
      { date: '2026-07-05', trigger: 'cron', batchSize: 1 },
    );
    expect(killed.status).toBe('falhou');
    expect(killed.errors.map((e) => e.message)).toContain('processo encerrado');

    const rerun = await runBilling(engine(t), { date: '2026-07-05', trigger: 'cron', batchSize: 2 });
    expect(rerun.status).toBe('concluida');
    expect((killed.counts.issued ?? 0) + (rerun.counts.issued ?? 0)).toBeGreaterThanOrEqual(3);
    for (const { clientId } of created) {
      expect((await installmentsOf(t, clientId)).map((i) => i.key)).toEqual([
        'parcela:2026-06',
        'parcela:2026-07',
      ]);
      const charges = await chargesOf(t, clientId);
      expect(charges).toHaveLength(2);
      const mails = (await mailsOf(t, clientId)).filter((m) => m.entityId === charges[1]!.id);
      expect(mails).toHaveLength(1);
    }
    await runBilling(engine(t), { date: '2026-07-05', trigger: 'cron' });
    for (const { clientId } of created) expect(await chargesOf(t, clientId)).toHaveLength(2);
  });
});
