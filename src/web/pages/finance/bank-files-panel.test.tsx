// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { installBrowserShims } from '../../../test-support/browser-shims';
import type { BankFile } from '../../api/bank-files';
import { BankFilesPanel } from './bank-files-panel';

installBrowserShims();

function wrap(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <MantineProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}

const remessa: BankFile = {
  id: '11111111-1111-4111-8111-111111111111',
  kind: 'remessa',
  kind_label: 'Remessa',
  status: 'gerado',
  status_label: 'Gerado',
  bank_code: '001',
  sequence: 3,
  filename: 'CB010603.REM',
  sha256: 'a'.repeat(64),
  size_bytes: 2_430,
  total_items: 3,
  processed_items: 3,
  summary: { entries: 2, cancellations: 1, total_cents: 123_456 },
  error: null,
  created_by_name: 'Fin',
  created_at: '2026-06-01T12:00:00.000Z',
  finished_at: '2026-06-01T12:00:00.000Z',
};

const processing: BankFile = {
  ...remessa,
  id: '22222222-2222-4222-8222-222222222222',
  kind: 'retorno',
  kind_label: 'Retorno',
  status: 'processando',
  status_label: 'Processando',
  sequence: null,
  filename: 'CB020601.RET',
  total_items: 10_000,
  processed_items: 4_000,
  summary: {},
};

const imported: BankFile = {
  ...processing,
  status: 'importado',
  status_label: 'Importado',
  processed_items: 10_000,
  summary: {
    applied: 9_997,
    paid_cents: 150_000_00,
    duplicates: 0,
    registered: 0,
    rejected: 2,
    cancelled: 0,
    fees: 0,
    fees_cents: 0,
    other: 0,
    unmatched: 1,
    unmatched_items: [{ line: 19_999, nosso_numero: '12345679999999999', movement: '06' }],
  },
};

type Reply = { status?: number; body: unknown };

function fakeApi(routes: (url: string, method: string) => Reply) {
  const calls: { url: string; method: string; headers: Record<string, string> }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = String(input);
      const method = init.method ?? 'GET';
      calls.push({ url, method, headers: (init.headers ?? {}) as Record<string, string> });
      const reply: Reply = url.startsWith('/api/v1/me')
        ? {
            body: {
              user: {
                id: 'u',
                email: 'financeiro@demo.local',
                name: 'Fin',
                role: 'financeiro',
                reseller: null,
              },
              csrf_token: 'csrf',
            },
          }
        : routes(url, method);
      return new Response(JSON.stringify(reply.body), {
        status: reply.status ?? 200,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  return calls;
}

function chooseFile(name: string) {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(['0010000…'], name, { type: 'text/plain' })] } });
}

describe('BankFilesPanel', () => {
  it('lists the files with their summary, and follows a big import to its result', async () => {
    let polls = 0;
    const calls = fakeApi((url, method) => {
      if (method === 'POST' && url.startsWith('/api/v1/bank-files/retorno')) {
        return { status: 202, body: { file: processing, duplicate: false } };
      }
      if (url === `/api/v1/bank-files/${processing.id}`) {
        polls++;
        return { body: polls === 1 ? processing : imported };
      }
      return { body: { items: [remessa], total: 1, page: 1, page_size: 10 } };
    });
    render(wrap(<BankFilesPanel />));

    const table = await screen.findByTestId('bank-files-table');
    expect(within(table).getByText('CB010603.REM')).toBeTruthy();
    expect(within(table).getByText('2 entradas, 1 pedido de baixa — R$ 1.234,56')).toBeTruthy();
    expect(within(table).getByText('NSA 3 · banco 001')).toBeTruthy();
    expect(within(table).getByText('01/06/2026 09:00')).toBeTruthy();

    chooseFile('CB020601.RET');
    fireEvent.click(screen.getByTestId('retorno-import'));
    const progress = await screen.findByTestId('retorno-progress');
    expect(within(progress).getByText('Aplicando CB020601.RET: 4.000 de 10.000 títulos (40%)')).toBeTruthy();
    const summary = await screen.findByTestId('retorno-summary', {}, { timeout: 4_000 });
    expect(
      within(summary).getByText('CB020601.RET: 9.997 pagos (R$ 150.000,00), 2 rejeitados, 1 não encontrado.'),
    ).toBeTruthy();
    expect(
      within(summary).getByText('Nosso número sem cobrança: 12345679999999999 (linha 19999).'),
    ).toBeTruthy();
    const upload = calls.find((c) => c.method === 'POST')!;
    expect(upload.url).toBe('/api/v1/bank-files/retorno?filename=CB020601.RET');
    expect(upload.headers).toMatchObject({
      'Content-Type': 'application/octet-stream',
      'X-CSRF-Token': 'csrf',
    });
  });

  it('shows the refusal naming the line and field, and that nothing was applied', async () => {
    fakeApi((_url, method) => {
      if (method === 'POST') {
        return {
          status: 400,
          body: {
            code: 'validation_failed',
            field: 'arquivo',
            message:
              'Arquivo recusado: linha 4, campo \'valor pago pelo pagador\' (posições 78–92): "00000000000ABCD" não é um valor numérico',
          },
        };
      }
      return { body: { items: [], total: 0, page: 1, page_size: 10 } };
    });
    render(wrap(<BankFilesPanel />));
    expect(await screen.findByText('Nenhum arquivo bancário ainda')).toBeTruthy();
    chooseFile('ruim.ret');
    fireEvent.click(screen.getByTestId('retorno-import'));
    const error = await screen.findByTestId('retorno-error');
    expect(error.textContent).toContain(
      'Arquivo recusado: linha 4, campo \'valor pago pelo pagador\' (posições 78–92): "00000000000ABCD" não é um valor numérico Nada foi aplicado.',
    );
  });
});
