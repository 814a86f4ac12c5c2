import { describe, expect, it } from 'vitest';
import {
  ON_ACCESS_LAPSED,
  ON_CANCELLATION_END,
  ON_CONTRACT_ISSUED,
  ON_INSTALLMENT_OVERDUE,
  ON_PENDING_CANCELLED,
  statusAfterPayment,
  transitionOnSigned,
} from './client-lifecycle';

describe('client status on contract events', () => {
  it('moves a prospect to aguardando contrato when a contract is issued, and back when it is cancelled', () => {
    expect(ON_CONTRACT_ISSUED).toEqual({ from: ['prospect'], to: 'aguardando_contrato' });
    expect(ON_PENDING_CANCELLED).toEqual({ from: ['aguardando_contrato'], to: 'prospect' });
  });
  it('hands an activated client to billing on signature; migração and alteração keep the status', () => {
    expect(transitionOnSigned('ativacao')?.to).toBe('aguardando_pagamento');
    expect(transitionOnSigned('migracao')).toBeNull();
    expect(transitionOnSigned('alteracao')).toBeNull();
  });
});

describe('client status on billing events', () => {
  it('a payment that covers today activates or unblocks; one that does not keeps the client blocked', () => {
    const covered = { covered: true, otherOverdue: false };
    expect(statusAfterPayment('aguardando_pagamento', covered)).toBe('ativo');
    expect(statusAfterPayment('inadimplente', covered)).toBe('ativo');
    expect(statusAfterPayment('bloqueado', covered)).toBe('ativo');
    expect(statusAfterPayment('bloqueado', { covered: true, otherOverdue: true })).toBe('inadimplente');
    expect(statusAfterPayment('bloqueado', { covered: false, otherOverdue: false })).toBe('bloqueado');
    expect(statusAfterPayment('inadimplente', { covered: false, otherOverdue: true })).toBe('bloqueado');
  });
  it('never revives a cancelled client nor touches an active one', () => {
    expect(statusAfterPayment('cancelado', { covered: true, otherOverdue: false })).toBe('cancelado');
    expect(statusAfterPayment('ativo', { covered: false, otherOverdue: true })).toBe('ativo');
  });
  it('overdue → inadimplente only from ativo; lapsed access blocks ativo and inadimplente', () => {
    expect(ON_INSTALLMENT_OVERDUE).toEqual({ from: ['ativo'], to: 'inadimplente' });
    expect(ON_ACCESS_LAPSED).toEqual({ from: ['ativo', 'inadimplente'], to: 'bloqueado' });
    expect(ON_CANCELLATION_END.to).toBe('cancelado');
    expect(ON_CANCELLATION_END.from).not.toContain('cancelado');
  });
});
