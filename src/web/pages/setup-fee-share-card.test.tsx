// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { installBrowserShims } from '../../test-support/browser-shims';
import type { ProductShare } from '../api/products';
import { percentToBp, SetupFeeShareCard } from './setup-fee-share-card';

installBrowserShims();

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const items: ProductShare[] = [
  { code: 'hiper-mini', name: 'Hiper Mini', setup_fee_reseller_bp: 10000, setup_fee_reseller_label: '100%' },
  {
    code: 'hiper-gestao',
    name: 'Hiper Gestão',
    setup_fee_reseller_bp: 8000,
    setup_fee_reseller_label: '80%',
  },
];
const FEES = { 'hiper-mini': 30000, 'hiper-gestao': 90000 };

function renderCard(admin: boolean) {
  render(
    <MantineProvider>
      <Notifications />
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <SetupFeeShareCard admin={admin} setupFees={FEES} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('Implantação: participação do Hiperador (Catálogo)', () => {
  it('reads percentages typed in pt-BR as basis points', () => {
    expect(percentToBp(70)).toBe(7000);
    expect(percentToBp('70,5')).toBe(7050);
    expect(percentToBp(33.33)).toBe(3333);
    expect(percentToBp(100.01)).toBeNull();
    expect(percentToBp(12.345)).toBeNull();
    expect(percentToBp('')).toBeNull();
  });

  it('shows each product read-only to non-admin staff, with the split of the implantação in R$', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(200, { items })),
    );
    renderCard(false);
    const gestao = await screen.findByTestId('setup-share-hiper-gestao');
    expect(gestao.textContent).toContain('80%');
    expect(gestao.textContent).toContain('20%');
    // 80% of R$ 900,00 = R$ 720,00; R$ 180,00 to Hiper
    expect(gestao.textContent).toContain('R$ 720,00 ao Hiperador e R$ 180,00 à Hiper');
    expect(screen.getByTestId('setup-share-hiper-mini').textContent).toContain('100%');
    expect(screen.queryByRole('button', { name: /Alterar/ })).toBeNull();
  });

  it('the administrador sets 70,00% for Hiper Mini: PUT with 7000 basis points', async () => {
    let current = items;
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/products') return json(200, { items: current });
      if (url === '/api/v1/products/hiper-mini/setup-fee-share' && init?.method === 'PUT') {
        const bp = JSON.parse(String(init.body)).reseller_bp as number;
        current = [{ ...items[0]!, setup_fee_reseller_bp: bp, setup_fee_reseller_label: '70%' }, items[1]!];
        return json(200, { ...current[0], previous_setup_fee_reseller_bp: 10000 });
      }
      return json(404, { code: 'not_found', message: 'Não encontrado.' });
    });
    vi.stubGlobal('fetch', fetch);
    renderCard(true);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Alterar a participação na implantação do Hiper Mini' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('vale para as implantações pagas a partir de agora');
    const input = within(dialog).getByLabelText('Participação do Hiperador');
    fireEvent.change(input, { target: { value: '70' } });
    // 70% of R$ 300,00 = R$ 210,00; R$ 90,00 to Hiper
    await waitFor(() =>
      expect(within(dialog).getByTestId('setup-share-preview').textContent).toBe(
        'De uma implantação de R$ 300,00: R$ 210,00 ao Hiperador e R$ 90,00 à Hiper.',
      ),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    await waitFor(() =>
      expect(fetch).toHaveBeenCalledWith(
        '/api/v1/products/hiper-mini/setup-fee-share',
        expect.objectContaining({ method: 'PUT', body: JSON.stringify({ reseller_bp: 7000 }) }),
      ),
    );
    await waitFor(() => expect(screen.getByTestId('setup-share-hiper-mini').textContent).toContain('70%'));
    expect(screen.getByTestId('setup-share-hiper-mini').textContent).toContain('30%');
  });
});
