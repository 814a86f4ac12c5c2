// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { installBrowserShims } from '../../../test-support/browser-shims';
import { ConfirmTedButton } from './confirm-ted-button';
import { StatementsPanel } from './statements-panel';

installBrowserShims();

function wrap(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <MantineProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}

const queued = {
  id: '11111111-1111-4111-8111-111111111111',
  file_id: null,
  filename: 'extrato.ofx',
  account: '001-3064-2-12345-6',
  fitid: 'F-1003',
  posted_on: '2026-06-05',
  amount_cents: 77777,
  memo: 'TED 104 0001 JOÃO NINGUÉM',
  payer_document: null,
  status: 'pendente',
  status_label: 'Pendente',
  unmatched_reason: 'Nenhuma cobrança por TED em aberto com este valor.',
  charge: null,
  payment_id: null,
  resolved_by: null,
  resolved_at: null,
  dismiss_reason: null,
  created_at: '2026-06-05T12:00:00.000Z',
};

const option = {
  id: '22222222-2222-4222-8222-222222222222',
  number: '2026-000045',
  client: {
    id: '33333333-3333-4333-8333-333333333333',
    legal_name: 'Padaria Pão Dourado Ltda',
    document: '11222333000181',
  },
  method: 'ted',
  method_label: 'TED',
  status: 'emitida',
  status_label: 'Emitida',
  amount_cents: 100000,
  balance_cents: 100000,
  due_date: '2026-06-10',
  ted_identifier: 'CC2026000045',
};

type Call = { url: string; method: string; body: unknown };

function fakeApi(routes: (call: Call) => unknown) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const call = {
        url: String(input),
        method: init.method ?? 'GET',
        body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      };
      calls.push(call);
      const payload = call.url.startsWith('/api/v1/me')
        ? {
            user: {
              id: 'u',
              email: 'financeiro@demo.local',
              name: 'Fin',
              role: 'financeiro',
              reseller: null,
            },
            csrf_token: 'csrf',
          }
        : routes(call);
      return new Response(JSON.stringify(payload), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  return calls;
}

describe('StatementsPanel', () => {
  it('lists the unmatched credit and conciliates it by hand, warning that it is less than the balance', async () => {
    const calls = fakeApi((call) => {
      // Nothing has this balance; typing the client's name finds the charge.
      if (call.url.includes('/charge-options'))
        return { items: call.url.includes('q=Padaria') ? [option] : [] };
      if (call.url.endsWith('/match')) {
        return {
          entry: { ...queued, status: 'conciliado' },
          payment: {
            status: 'applied',
            payment_id: '44444444-4444-4444-8444-444444444444',
            charge_id: option.id,
            principal_cents: 77777,
            overpaid_cents: 0,
            balance_cents: 22223,
            settled: false,
          },
        };
      }
      if (call.url.includes('status=pendente')) return { items: [queued], total: 1, page: 1, page_size: 20 };
      return { items: [], total: 0, page: 1, page_size: 10 };
    });
    render(wrap(<StatementsPanel />));

    const row = await screen.findByTestId('statement-queue-row');
    expect(within(row).getByText('05/06/2026')).toBeTruthy();
    expect(within(row).getByText('R$ 777,77')).toBeTruthy();
    expect(within(row).getByText('TED 104 0001 JOÃO NINGUÉM')).toBeTruthy();
    expect(within(row).getByText('Nenhuma cobrança por TED em aberto com este valor.')).toBeTruthy();
    expect(within(row).getByText('001-3064-2-12345-6')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: 'Conciliar' }));
    expect(
      await screen.findByText('Nenhuma cobrança em aberto com este saldo. Busque pelo cliente.'),
    ).toBeTruthy();
    fireEvent.change(await screen.findByTestId('match-search'), { target: { value: 'Padaria' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Escolher' }));
    expect(await screen.findByText('A cobrança continuará em aberto com R$ 222,23.')).toBeTruthy();
    fireEvent.click(screen.getByTestId('confirm-match'));

    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/match'))).toBe(true));
    const match = calls.find((c) => c.url.endsWith('/match'))!;
    expect(match).toMatchObject({
      method: 'POST',
      url: `/api/v1/statements/entries/${queued.id}/match`,
      body: { charge_id: option.id },
    });
    expect(calls.some((c) => c.url.includes('/charge-options?q=Padaria'))).toBe(true);
  });

  it('dismissing asks for a reason of at least 5 characters', async () => {
    const calls = fakeApi((call) => {
      if (call.url.endsWith('/dismiss'))
        return { ...queued, status: 'descartado', dismiss_reason: 'Estorno do banco' };
      if (call.url.includes('status=pendente')) return { items: [queued], total: 1, page: 1, page_size: 20 };
      return { items: [], total: 0, page: 1, page_size: 10 };
    });
    render(wrap(<StatementsPanel />));
    fireEvent.click(await screen.findByRole('button', { name: 'Descartar' }));
    const confirm = await screen.findByTestId('confirm-dismiss');
    fireEvent.change(screen.getByTestId('dismiss-reason'), { target: { value: 'abc' } });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('dismiss-reason'), { target: { value: 'Estorno do banco' } });
    expect((confirm as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(calls.find((c) => c.url.endsWith('/dismiss'))?.body).toEqual({ reason: 'Estorno do banco' }),
    );
  });
});

describe('ConfirmTedButton', () => {
  it('sends the amount in centavos, the date, the reason and one idempotency key per dialog', async () => {
    const calls = fakeApi(() => ({
      charge: {
        id: option.id,
        number: '2026-000045',
        status: 'paga',
        status_label: 'Paga',
        amount_cents: 150000,
        paid_cents: 150000,
        balance_cents: 0,
        paid_on: '2026-06-05',
      },
      payment: {
        status: 'applied',
        payment_id: '5',
        charge_id: option.id,
        principal_cents: 150000,
        overpaid_cents: 0,
        balance_cents: 0,
        settled: true,
      },
    }));
    render(wrap(<ConfirmTedButton chargeId={option.id} amountCents={150000} />));
    fireEvent.click(screen.getByTestId('confirm-ted-open'));
    const amount = (await screen.findByTestId('confirm-ted-amount')) as HTMLInputElement;
    expect(amount.value).toBe('1.500,00');
    fireEvent.change(amount, { target: { value: '1.600,00' } });
    expect(
      await screen.findByText(
        'Valor maior que o saldo (R$ 1.500,00): R$ 100,00 ficarão como crédito do cliente.',
      ),
    ).toBeTruthy();
    fireEvent.change(amount, { target: { value: '1.500,00' } });
    const submit = screen.getByTestId('confirm-ted-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true); // no reason yet
    fireEvent.change(screen.getByTestId('confirm-ted-reason'), {
      target: { value: 'Comprovante enviado pelo cliente' },
    });
    fireEvent.click(submit);
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/ted/confirm'))).toBe(true));
    const sent = calls.find((c) => c.url.endsWith('/ted/confirm'))!;
    expect(sent.body).toMatchObject({ amount_cents: 150000, reason: 'Comprovante enviado pelo cliente' });
    expect((sent.body as { paid_on: string }).paid_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((sent.body as { idempotency_key: string }).idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
  });
});
