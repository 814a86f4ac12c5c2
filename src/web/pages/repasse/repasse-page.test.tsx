// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { installBrowserShims } from '../../../test-support/browser-shims';
import { RepassePage } from './repasse-page';

installBrowserShims();

const RESELLER = '22222222-2222-4222-8222-222222222222';
const totals = {
  line_count: 2,
  received_cents: 38990,
  cost_cents: 2800,
  central_fee_cents: 584,
  fine_interest_cents: 0,
  adjustments_cents: -2500,
  repasse_cents: 33106,
};
const line = {
  id: '33333333-3333-4333-8333-333333333333',
  kind: 'parcela',
  kind_label: 'Mensalidade',
  description: 'Mensalidade 06/2026 (contrato 2026-000001)',
  client: {
    id: '44444444-4444-4444-8444-444444444444',
    legal_name: 'Mercado Bom Preço Ltda',
    document: '12.345.678/0001-95',
  },
  charge: null,
  competence: '2026-06',
  occurred_on: '2026-06-10',
  reverses_id: null,
  received_cents: 8990,
  cost_cents: 2800,
  central_fee_cents: 584,
  fine_interest_cents: 0,
  repasse_cents: 5606,
};

function fakeApi(role: 'hiperador' | 'financeiro') {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = String(input);
      const payload = url.startsWith('/api/v1/me')
        ? {
            user: {
              id: 'u',
              email: 'x@demo.local',
              name: 'X',
              role,
              reseller: role === 'hiperador' ? { id: RESELLER, name: 'Alfa Automação' } : null,
            },
            csrf_token: 'csrf',
          }
        : url.startsWith('/api/v1/resellers')
          ? { items: [{ id: RESELLER, name: 'Alfa Automação' }] }
          : url.endsWith('/statements')
            ? {
                reseller: {
                  id: RESELLER,
                  name: 'Alfa Automação',
                  legal_name: 'Alfa Automação Comercial Ltda',
                  document: '19.384.756/0001-00',
                },
                statements: [
                  {
                    ...totals,
                    month: '2026-06',
                    month_label: '06/2026',
                    status: 'fechado',
                    status_label: 'Fechado',
                    closed_at: '2026-07-05T09:30:00Z',
                    paid_on: null,
                    payment_reference: null,
                    has_invoice: false,
                  },
                ],
              }
            : {
                reseller: {
                  id: RESELLER,
                  name: 'Alfa Automação',
                  legal_name: 'Alfa Automação Comercial Ltda',
                  document: '19.384.756/0001-00',
                },
                month: '2026-06',
                month_label: '06/2026',
                status: 'fechado',
                status_label: 'Fechado',
                lines: [line],
                lines_page: { page: 1, page_size: 100, total: 1 },
                adjustments: [
                  {
                    ...line,
                    id: '55555555-5555-4555-8555-555555555555',
                    kind: 'ajuste',
                    kind_label: 'Ajuste',
                    client: null,
                    competence: null,
                    description: 'Material de divulgação',
                    received_cents: 0,
                    cost_cents: 0,
                    central_fee_cents: 0,
                    repasse_cents: -2500,
                  },
                ],
                totals,
                closed_at: '2026-07-05T09:30:00Z',
                closed_by_name: null,
                paid_on: null,
                payment_reference: null,
                invoice: null,
              };
      return new Response(JSON.stringify(payload), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
}

function renderPage(url: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[url]}>
          <RepassePage />
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('RepassePage', () => {
  it('the Hiperador sees its months and the statement: lines, ajuste, totals, CSV link, nota fiscal (no back-office actions)', async () => {
    fakeApi('hiperador');
    renderPage('/repasse?mes=2026-06');
    const table = await screen.findByTestId('statements-table');
    expect(within(table).getByText('06/2026')).toBeTruthy();
    expect(within(table).getAllByText('Fechado').length).toBeGreaterThan(0);
    expect(within(table).getByText('R$ 331,06')).toBeTruthy();

    const detail = await screen.findByTestId('statement-detail');
    const lines = within(detail).getByTestId('statement-lines');
    expect(within(lines).getByText('Mercado Bom Preço Ltda')).toBeTruthy();
    expect(within(lines).getByText('10/06/2026')).toBeTruthy();
    expect(within(lines).getByText('R$ 56,06')).toBeTruthy();
    expect(within(within(detail).getByTestId('statement-adjustments')).getByText('-R$ 25,00')).toBeTruthy();
    expect(within(detail).getByTestId('statement-csv').getAttribute('href')).toBe(
      `/api/v1/repasse/resellers/${RESELLER}/statements/2026-06/export.csv`,
    );
    expect(within(detail).getByTestId('statement-invoice').textContent).toBe('Enviar nota fiscal');
    expect(within(detail).queryByTestId('statement-payout')).toBeNull();
  });

  it('Financeiro gets "Registrar pagamento" on a closed statement, not the nota fiscal upload', async () => {
    fakeApi('financeiro');
    renderPage(`/repasse?hiperador=${RESELLER}&mes=2026-06`);
    const detail = await screen.findByTestId('statement-detail');
    expect(within(detail).getByTestId('statement-payout')).toBeTruthy();
    expect(within(detail).queryByTestId('statement-invoice')).toBeNull();
  });
});
