// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installBrowserShims } from '../../test-support/browser-shims';
import { CLIENT_STATUSES } from '../api/types';
import { CLIENT_STATUS_LABELS, formatCep, formatPhone, productLabel } from './client-labels';
import { StatusBadge } from './status-badge';

installBrowserShims();

describe('StatusBadge', () => {
  it('shows the Portuguese label of every client status', () => {
    render(
      <MantineProvider>
        {CLIENT_STATUSES.map((status) => (
          <StatusBadge key={status} status={status} />
        ))}
      </MantineProvider>,
    );
    for (const label of [
      'Aguardando contrato',
      'Aguardando pagamento',
      'Ativo',
      'Inadimplente',
      'Bloqueado',
      'Cancelado',
    ]) {
      expect(screen.getByText(label)).toBeTruthy();
    }
    expect(Object.keys(CLIENT_STATUS_LABELS)).toEqual([...CLIENT_STATUSES]);
  });
});

describe('client labels', () => {
  it('names the products and masks CEP and phone', () => {
    expect(productLabel('hiper-mini')).toBe('Hiper Mini');
    expect(productLabel('hiper-gestao')).toBe('Hiper Gestão');
    expect(productLabel(null)).toBeNull();
    expect(formatCep('80010010')).toBe('80010-010');
    expect(formatPhone('41987654321')).toBe('(41) 98765-4321');
    expect(formatPhone('4133334444')).toBe('(41) 3333-4444');
  });
});
