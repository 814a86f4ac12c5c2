// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { installBrowserShims } from '../../../test-support/browser-shims';
import type { ResellerDashboard } from '../../api/dashboards';
import { ResellerDashboardView } from './reseller-dashboard';

installBrowserShims();

const months = Array.from({ length: 12 }, (_, i) => ({
  month: `2025-${String(i + 1).padStart(2, '0')}`,
  paid_cents: i < 10 ? 30000 : 0,
  to_receive_cents: i >= 10 ? 8500 : 0,
}));

const body: ResellerDashboard = {
  today: '2026-06-20',
  reseller: { id: '00000000-0000-4000-8000-000000000001', name: 'Alfa Automação' },
  mrr_cents: 45000,
  mrr_definition: 'MRR: soma das mensalidades dos clientes em cobrança (ativos e inadimplentes).',
  clients_by_status: {
    prospect: 0,
    aguardando_contrato: 0,
    aguardando_pagamento: 1,
    ativo: 2,
    inadimplente: 1,
    bloqueado: 1,
    cancelado: 1,
  },
  repasse_by_month: months,
  delinquency: {
    overdue_open_cents: 35000,
    due_cents: 50000,
    from: '2025-06-20',
    rate_bp: 7000,
    definition: 'Inadimplência: valor vencido em aberto ÷ valor vencido nos últimos 12 meses.',
  },
  upcoming: {
    due_date: '2026-07-15',
    count: 1,
    total_cents: 15000,
    items: [
      {
        installment_id: '00000000-0000-4000-8000-000000000002',
        client_id: '00000000-0000-4000-8000-000000000003',
        client_name: 'Alfa Seis',
        competence: '2026-07',
        due_date: '2026-07-15',
        amount_cents: 15000,
        payment_method_label: 'Boleto bancário',
        charge: null,
        situation: 'Emitida',
      },
    ],
  },
  expiring: {
    until: '2026-06-30',
    count: 1,
    items: [
      {
        client_id: '00000000-0000-4000-8000-000000000004',
        client_name: 'Alfa Um',
        status: 'ativo',
        status_label: 'Ativo',
        paid_through: '2026-06-25',
        monthly_fee_cents: 10000,
      },
    ],
  },
  account_manager: { name: 'Gabriela Gerente', email: 'gerente@demo.local', phone: '11987654321' },
};

describe('Painel do Hiperador', () => {
  it('shows MRR, inadimplência, the next 15th, expiring clients and the gerente de contas', async () => {
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
          <MemoryRouter>
            <ResellerDashboardView resellerId={null} />
          </MemoryRouter>
        </QueryClientProvider>
      </MantineProvider>,
    );
    expect((await screen.findByTestId('metric-mrr')).textContent).toContain('R$ 450,00');
    expect(screen.getByTestId('metric-delinquency').textContent).toContain('70,00%');
    expect(screen.getByTestId('metric-delinquency').textContent).toContain(
      'R$ 350,00 em aberto de R$ 500,00',
    );
    expect(screen.getByTestId('dashboard-definitions').textContent).toContain('valor vencido em aberto');
    expect(screen.getByTestId('chart-clients-by-status').getAttribute('aria-label')).toBe(
      'Clientes por situação: Ativos 2, Aguardando pagamento 1, Inadimplentes 1, Bloqueados 1, Cancelados 1',
    );
    const upcoming = screen.getByTestId('upcoming-installments');
    expect(upcoming.textContent).toContain('Parcelas do dia 15/07/2026');
    expect(upcoming.textContent).toContain('Alfa Seis');
    expect(upcoming.textContent).toContain('07/2026');
    expect(upcoming.textContent).toContain('R$ 150,00');
    expect(upcoming.textContent).toContain('Boleto bancário');
    expect(screen.getByTestId('expiring-clients').textContent).toContain('25/06/2026');
    const manager = screen.getByTestId('account-manager-card');
    expect(manager.textContent).toContain('Fale com seu Gerente de Contas');
    expect(manager.textContent).toContain('(11) 98765-4321');
    expect(screen.getByRole('link', { name: 'gerente@demo.local' }).getAttribute('href')).toBe(
      'mailto:gerente@demo.local',
    );
  });
});
