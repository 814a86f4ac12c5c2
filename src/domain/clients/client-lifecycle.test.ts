import { describe, expect, it } from 'vitest';
import { ON_CONTRACT_ISSUED, ON_PENDING_CANCELLED, transitionOnSigned } from './client-lifecycle';

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
