import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, resellers } from '../../adapters/db/schema';
import { activateContract } from '../../app/billing/activation';
import { runBilling } from '../../app/billing/daily-run';
import { chargesOf, engine, mailsOf, signedContract } from '../../test-support/billing-fixtures';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

/** 09:00 in São Paulo on `date`. */
const at = (date: string) => new Date(`${date}T12:00:00Z`);

describe('Modelos de e-mail (routes)', () => {
  let t: TestApp;
  let financeiro: LoggedIn;
  let alfa: LoggedIn;
  const clock = manualClock(at('2026-06-01'));
  const setDate = (date: string) => clock.advance(at(date).getTime() - clock.now().getTime());
  const run = (date: string) => {
    setDate(date);
    return runBilling(engine(t), { date, trigger: 'manual' });
  };
  const call = (s: LoggedIn, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    financeiro = await loginAs(t.app, DEMO.financeiro);
    alfa = await loginAs(t.app, DEMO.alfa);
  });
  afterAll(() => t.close());

  it('lists the six billing e-mails with their default texts; only admin and financeiro', async () => {
    const list = await call(financeiro, 'GET', '/api/v1/email-templates');
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body.items.map((i: { key: string }) => i.key)).toEqual([
      'cobranca_emitida',
      'lembrete_antes',
      'lembrete_vencimento',
      'lembrete_atraso',
      'cartao_recusado',
      'cartao_sem_cadastro',
    ]);
    expect(body.items[1]).toMatchObject({
      name: 'Lembrete antes do vencimento',
      subject: 'Lembrete: a cobrança {{numero}} ({{valor}}) vence em {{vencimento}}',
      customized: false,
      updated_by_email: null,
    });
    expect(body.placeholders.map((p: { name: string }) => p.name)).toEqual([
      'cliente',
      'numero',
      'descricao',
      'valor',
      'vencimento',
      'link',
      'hiperador',
    ]);

    const gerente = await loginAs(t.app, DEMO.gerente);
    expect((await call(gerente, 'GET', '/api/v1/email-templates')).statusCode).toBe(403);
    expect((await call(alfa, 'GET', '/api/v1/email-templates')).statusCode).toBe(403);
    const put = await call(alfa, 'PUT', '/api/v1/email-templates/lembrete_antes', {
      subject: 'x',
      body: 'y',
    });
    expect(put.statusCode).toBe(403);
  });

  it('refuses an unknown placeholder by its name, and an incomplete one, saving nothing', async () => {
    const bad = await call(financeiro, 'PUT', '/api/v1/email-templates/lembrete_antes', {
      subject: 'Lembrete {{numero}}',
      body: 'Olá, {{cliente}}.\n\nTotal: {{valor_total}} até {{ vencimento }}.',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      field: 'body',
      message:
        'Texto: o marcador {{valor_total}} não existe. Use {{cliente}}, {{numero}}, {{descricao}}, {{valor}}, {{vencimento}}, {{link}}, {{hiperador}}.',
    });
    const typo = await call(financeiro, 'PUT', '/api/v1/email-templates/lembrete_antes', {
      subject: 'Lembrete {{numero}',
      body: 'Olá.',
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().message).toContain('marcador incompleto');
    const unknownKey = await call(financeiro, 'PUT', '/api/v1/email-templates/nao_existe', {
      subject: 'a',
      body: 'b',
    });
    expect(unknownKey.statusCode).toBe(404);
    const list = (await call(financeiro, 'GET', '/api/v1/email-templates')).json();
    expect(list.items.every((i: { customized: boolean }) => !i.customized)).toBe(true);
  });

  it('previews a text with sample data, the Pix QR embedded', async () => {
    const preview = await call(financeiro, 'POST', '/api/v1/email-templates/lembrete_antes/preview', {
      subject: 'Faltam 3 dias: {{numero}}',
      body: 'Olá, {{cliente}} & cia.\n\nValor: {{valor}}.',
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.subject).toBe('Faltam 3 dias: CB-000123');
    expect(p.html).toContain('Olá, Mercadinho Exemplo Ltda &amp; cia.');
    expect(p.html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(p.text).toContain('Valor: R$ 1.234,56.');
    expect(p.text).toContain('Pix copia e cola:');
  });

  it('an edit by Financeiro changes the next reminder; restoring the default brings the old text back', async () => {
    setDate('2026-06-01');
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'boleto' });
    await activateContract(engine(t), contractId);
    const [activation] = await chargesOf(t, clientId);
    await t.system.deps.charges.applyPayments([
      {
        chargeId: activation!.id,
        source: 'manual',
        sourceId: `teste:${activation!.id}`,
        amountCents: activation!.amountCents,
        paidOn: '2026-06-01',
        evidence: {},
      },
    ]);

    const saved = await call(financeiro, 'PUT', '/api/v1/email-templates/lembrete_antes', {
      subject: '  Faltam 3 dias: {{numero}} de {{cliente}}  ',
      body: 'Prezado(a) {{cliente}},\r\n\r\nsua cobrança <b>{{numero}}</b> de {{valor}} vence em {{vencimento}}.\nPague em {{link}}\n\n\n\nAtenciosamente,\n{{hiperador}}',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      customized: true,
      subject: 'Faltam 3 dias: {{numero}} de {{cliente}}',
      updated_by_email: DEMO.financeiro,
    });
    const [audit] = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'email_template.updated'), eq(auditLog.entityId, 'lembrete_antes')));
    expect(audit).toMatchObject({ actorEmail: DEMO.financeiro, entityType: 'email_template' });
    expect((audit!.details as { after: { subject: string } }).after.subject).toBe(
      'Faltam 3 dias: {{numero}} de {{cliente}}',
    );

    // #2 is issued on 07-05 (due 07-15) and reminded on 07-12 with the edited text.
    await run('2026-07-05');
    await run('2026-07-12');
    const charge = (await chargesOf(t, clientId))[1]!;
    const mails = await mailsOf(t, clientId);
    const reminder = mails.find((m) => m.subject.startsWith('Faltam 3 dias'));
    const client = (await t.system.deps.charges.systemGet(charge.id))!;
    const [reseller] = await t.system.database.db
      .select({ name: resellers.name })
      .from(resellers)
      .where(eq(resellers.id, charge.resellerId));
    expect(reminder!.subject).toBe(`Faltam 3 dias: ${charge.number} de ${client.clientLegalName}`);
    expect(reminder!.html).toContain(
      `sua cobrança &lt;b&gt;${charge.number}&lt;/b&gt; de R$ 89,90 vence em 15/07/2026.<br>Pague em ${t.system.config.publicUrl}/pagar/`,
    );
    expect(reminder!.html).not.toContain('<b>');
    expect(reminder!.text).toContain(
      `Prezado(a) ${client.clientLegalName},\n\nsua cobrança <b>${charge.number}</b>`,
    );
    expect(reminder!.text).toContain(`Atenciosamente,\n${reseller!.name}\n`);
    // What the template cannot say is still there: how to pay, the Pix and the boleto.
    expect(reminder!.text).toContain('Pix copia e cola:');
    expect(reminder!.attachments).toEqual([
      { kind: 'boleto', chargeId: charge.id },
      { kind: 'pix-qr', chargeId: charge.id },
    ]);
    // The other e-mails kept their default texts.
    expect(mails.map((m) => m.subject)).toContain(
      `Cobrança ${charge.number} — R$ 89,90 — vence em 15/07/2026`,
    );

    // Atraso edited, then restored: the reminder after the due date goes with the default text.
    financeiro = await loginAs(t.app, DEMO.financeiro); // (the clock moved on: a fresh session)
    const edited = await call(financeiro, 'PUT', '/api/v1/email-templates/lembrete_atraso', {
      subject: 'Atrasou: {{numero}}',
      body: 'Pague logo.',
    });
    expect(edited.statusCode).toBe(200);
    const restored = await call(financeiro, 'POST', '/api/v1/email-templates/lembrete_atraso/restore');
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({
      customized: false,
      subject: 'Cobrança {{numero}} em atraso — vencida em {{vencimento}}',
      updated_by_email: null,
    });
    const restoredAudit = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'email_template.restored'), eq(auditLog.entityId, 'lembrete_atraso')));
    expect(restoredAudit).toHaveLength(1);
    await run('2026-07-15');
    await run('2026-07-20');
    const subjects = (await mailsOf(t, clientId))
      .map((m) => m.subject)
      .filter((s) => s.includes(charge.number));
    expect(subjects).toEqual([
      `Cobrança ${charge.number} — R$ 89,90 — vence em 15/07/2026`,
      `Faltam 3 dias: ${charge.number} de ${client.clientLegalName}`,
      `A cobrança ${charge.number} (R$ 89,90) vence hoje`,
      `Cobrança ${charge.number} em atraso — vencida em 15/07/2026`,
    ]);
  });
});
