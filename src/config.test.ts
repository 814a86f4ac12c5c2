import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const PRODUCTION_PAYMENTS = {
  BENEFICIARY_NAME: 'Hiper Software S.A.',
  BENEFICIARY_DOCUMENT: '11222333000181',
  BOLETO_BANK: '756',
  BOLETO_AGENCY: '4321',
  BOLETO_ACCOUNT: '0987654',
  BOLETO_CONVENIO: '7654321',
  PIX_KEY: 'financeiro@hiper.com.br',
  PIX_WEBHOOK_SECRET: 's'.repeat(40),
  TED_BANK: '756',
  TED_AGENCY: '4321',
  TED_ACCOUNT: '98765-4',
};

describe('configuration', () => {
  it('defaults to the embedded database in ./data on port 3000 with demo data', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.port).toBe(3000);
    expect(config.seedDemo).toBe(true);
  });

  it('in production requires SESSION_SECRET and never seeds demo users', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'curta' })).toThrow(/SESSION_SECRET/);
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      SEED_DEMO: 'true',
      SIGNING_P12_PATH: '/etc/central/assinatura.p12',
      LICENCE_KEYS_PATH: '/etc/central/licenca-chaves.json',
      ...PRODUCTION_PAYMENTS,
    });
    expect(config.seedDemo).toBe(false);
  });

  it('in production requires real payment settings (never the demo bank account)', () => {
    const base = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      SIGNING_P12_PATH: '/p.p12',
      LICENCE_KEYS_PATH: '/k.json',
    };
    expect(() => loadConfig(base)).toThrow(/configure os dados de recebimento: BENEFICIARY_NAME/);
    expect(() => loadConfig({ ...base, ...PRODUCTION_PAYMENTS, PIX_WEBHOOK_SECRET: 'curto' })).toThrow(
      /PIX_WEBHOOK_SECRET deve ter ao menos 32 caracteres/,
    );
    const config = loadConfig({
      ...base,
      ...PRODUCTION_PAYMENTS,
      BENEFICIARY_DOCUMENT: '11.222.333/0001-81',
    });
    expect(config.payments.boleto).toMatchObject({ bankCode: '756', agency: '4321', convenio: '7654321' });
    expect(config.payments.beneficiary.document).toBe('11222333000181');
  });

  it('in production requires the signing certificate (SIGNING_P12_PATH); elsewhere it is optional', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(
      /SIGNING_P12_PATH é obrigatório em produção/,
    );
    expect(loadConfig({})).toMatchObject({ signingP12Path: undefined, signingP12Password: undefined });
    expect(
      loadConfig({ SIGNING_P12_PATH: '/etc/central/assinatura.p12', SIGNING_P12_PASSWORD: 'segredo' }),
    ).toMatchObject({ signingP12Path: '/etc/central/assinatura.p12', signingP12Password: 'segredo' });
  });

  it('e-mail: SMTP_URL is optional (outbox only) and MAIL_FROM has a default', () => {
    expect(loadConfig({})).toMatchObject({
      smtpUrl: undefined,
      mailFrom: 'Central de Cobranças <nao-responda@central.local>',
    });
    expect(loadConfig({ SMTP_URL: '' }).smtpUrl).toBeUndefined();
    expect(
      loadConfig({ SMTP_URL: 'smtp://u:p@mail.local:587', MAIL_FROM: 'Cobranças <c@x.com.br>' }),
    ).toMatchObject({ smtpUrl: 'smtp://u:p@mail.local:587', mailFrom: 'Cobranças <c@x.com.br>' });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.local' })).toThrow(
      /Configuração inválida: SMTP_URL: deve começar com smtp:\/\/ ou smtps:\/\//,
    );
  });

  it('process roles: all by default; web and worker only on a PostgreSQL server', () => {
    const url = 'postgres://central@db.local:5432/central';
    expect(loadConfig({}).processRole).toBe('all');
    expect(loadConfig({ DATABASE_URL: url, PROCESS_ROLE: 'web' }).processRole).toBe('web');
    expect(loadConfig({ DATABASE_URL: url, PROCESS_ROLE: 'worker' }).processRole).toBe('worker');
    expect(loadConfig({ DATABASE_URL: url, PROCESS_ROLE: 'all' }).processRole).toBe('all');
    expect(() => loadConfig({ DATABASE_URL: url, PROCESS_ROLE: 'api' })).toThrow(
      'Configuração inválida: PROCESS_ROLE: deve ser all, web ou worker',
    );
    for (const role of ['web', 'worker']) {
      expect(() => loadConfig({ PROCESS_ROLE: role })).toThrow(
        `PROCESS_ROLE=${role} exige DATABASE_URL: com o banco de dados embutido (PGlite)`,
      );
    }
    expect(() => loadConfig({ DATABASE_URL: url, PROCESS_ROLE: 'worker', QUEUE_ENABLED: 'false' })).toThrow(
      /PROCESS_ROLE=worker .* QUEUE_ENABLED=false/,
    );
  });

  it('reports a bad value in Portuguese', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/Configuração inválida: PORT/);
  });

  it('the server refuses to start in production without SESSION_SECRET, touching nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-prod-'));
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { PATH: process.env.PATH, NODE_ENV: 'production', DATA_DIR: join(dir, 'data'), PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('SESSION_SECRET é obrigatório em produção');
      expect(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.trim()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
