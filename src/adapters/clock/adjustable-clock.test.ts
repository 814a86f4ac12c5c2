import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';
import { AdjustableClock } from './adjustable-clock';

describe('AdjustableClock', () => {
  it('reads real time until moved, then keeps ticking from the instant it was set to', () => {
    let real = Date.parse('2026-11-27T12:00:00Z');
    const clock = new AdjustableClock(() => real);
    expect(clock.now().toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(clock.adjusted).toBe(false);

    clock.setTo(new Date('2032-03-05T09:00:00-03:00'));
    expect(clock.now().toISOString()).toBe('2032-03-05T12:00:00.000Z');
    expect(clock.adjusted).toBe(true);
    real += 90_000; // a minute and a half later
    expect(clock.now().toISOString()).toBe('2032-03-05T12:01:30.000Z');

    clock.reset();
    expect(clock.now().toISOString()).toBe('2026-11-27T12:01:30.000Z');
    expect(clock.adjusted).toBe(false);
  });

  it('refuses an invalid instant and stays where it was', () => {
    const clock = new AdjustableClock(() => 0);
    expect(() => clock.setTo(new Date('not a date'))).toThrow('Data e hora inválidas.');
    expect(clock.now().getTime()).toBe(0);
  });
});

describe('TEST_CLOCK (the switch that exposes the adjustable clock)', () => {
  it('is off by default, on when asked outside production, and refused in production', () => {
    expect(loadConfig({}).testClock).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', TEST_CLOCK: '1' }).testClock).toBe(true);
    const production = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      SIGNING_P12_PATH: 'cert.p12',
      LICENCE_KEYS_PATH: 'keys.json',
      TEST_CLOCK: 'true',
    };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow('TEST_CLOCK é só para testes: não é permitido em produção');
  });
});
