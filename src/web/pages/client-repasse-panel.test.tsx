// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { installBrowserShims } from '../../test-support/browser-shims';
import type { ClientRepasse } from '../api/dashboards';
import { ClientRepassePanel } from './client-repasse-panel';

installBrowserShims();

const line = (received: number, cost: number, fee: number) => ({
  received_cents: received,
  cost_cents: cost,
  central_fee_cents: fee,
  fine_interest_cents: 0,
  repasse_cents: received - cost - fee,
});

// Hiper Mini R$ 89,90: custo R$ 28,00, taxa 6,5% = R$ 5,84 → repasse R$ 56,06.
const body: ClientRepasse = {
  client: { id: '00000000-0000-4000-8000-000000000001', name: 'Mercadinho', status: 'ativo' },
  contract: {
    id: '00000000-0000-4000-8000-000000000002',
    number: '2026-000001',
    version: 1,
    periodicity: 'mensal',
    monthly_cents: 8990,
    monthly: line(8990, 2800, 584),
  },
  next: {
    installment_id: '00000000-0000-4000-8000-000000000003',
    projected: false,
    competence: '2026-07',
    due_date: '2026-07-15',
    overdue: true,
    amount_cents: 8990,
    setup_fee_cents: 0,
    installment: line(8990, 2800, 584),
    setup_fee: null,
    total_repasse_cents: 5606,
  },
  ledger: [
    {
      id: '00000000-0000-4000-8000-000000000004',
      kind: 'estorno',
      description: 'Estorno da mensalidade 05/2026',
      competence: '2026-05',
      occurred_on: '2026-06-10',
      month: '2026-06',
      ...line(-8990, -2800, -584),
      statement_status: 'aberto',
      statement_month: null,
    },
    {
      id: '00000000-0000-4000-8000-000000000005',
      kind: 'parcela',
      description: 'Mensalidade 05/2026',
      competence: '2026-05',
      occurred_on: '2026-05-15',
      month: '2026-05',
      ...line(8990, 2800, 584),
      statement_status: 'pago',
      statement_month: '2026-05',
    },
  ],
  ledger_total_repasse_cents: 0,
};

describe('Repasse do cliente', () => {
  it('shows the mensalidade with its repasse, the next installment and the ledger in R$', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(body), {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
    );
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient()}>
          <ClientRepassePanel clientId={body.client.id} />
        </QueryClientProvider>
      </MantineProvider>,
    );
    const monthly = await screen.findByTestId('client-repasse-monthly');
    expect(monthly.textContent).toContain('R$ 89,90');
    expect(monthly.textContent).toContain('Repasse por mês: R$ 56,06');
    expect(monthly.textContent).toContain('− R$ 28,00');
    expect(monthly.textContent).toContain('− R$ 5,84');
    const next = screen.getByTestId('client-repasse-next');
    expect(next.textContent).toContain('Competência 07/2026, vencimento 15/07/2026');
    expect(next.textContent).toContain('Vencida');
    expect(next.textContent).toContain('R$ 56,06');
    const ledger = screen.getByTestId('client-repasse-ledger');
    expect(ledger.textContent).toContain('Estorno da mensalidade 05/2026');
    expect(ledger.textContent).toContain('-R$ 56,06');
    expect(ledger.textContent).toContain('Pago mai/26');
    expect(ledger.textContent).toContain('Aberto');
  });
});
