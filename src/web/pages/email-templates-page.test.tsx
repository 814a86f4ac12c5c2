// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { installBrowserShims } from '../../test-support/browser-shims';
import { type EmailTemplate, EmailTemplatesPage } from './email-templates-page';

installBrowserShims();

const template: EmailTemplate = {
  key: 'lembrete_antes',
  name: 'Lembrete antes do vencimento',
  description: 'Alguns dias antes do vencimento.',
  subject: 'Lembrete: a cobrança {{numero}} ({{valor}}) vence em {{vencimento}}',
  body: 'Olá, {{cliente}}.',
  customized: false,
  defaults: {
    subject: 'Lembrete: a cobrança {{numero}} ({{valor}}) vence em {{vencimento}}',
    body: 'Olá, {{cliente}}.',
  },
  updated_by_email: null,
  updated_at: null,
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('Modelos de e-mail', () => {
  it('shows the text with a live preview and the refusal of an unknown placeholder', async () => {
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/email-templates') {
        return json(200, {
          items: [template],
          placeholders: [{ name: 'cliente', label: 'Razão social do cliente' }],
        });
      }
      const sent = JSON.parse(String(init?.body)) as { subject: string; body: string };
      if (sent.body.includes('{{total}}')) {
        return json(400, {
          code: 'validation_failed',
          field: 'body',
          message: 'Texto: o marcador {{total}} não existe. Use {{cliente}}.',
        });
      }
      return json(200, {
        subject: sent.subject.replace('{{numero}}', 'CB-000123'),
        html: '<p>prévia</p>',
        text: 'prévia',
      });
    });
    vi.stubGlobal('fetch', fetch);
    render(
      <MantineProvider>
        <Notifications />
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <EmailTemplatesPage />
        </QueryClientProvider>
      </MantineProvider>,
    );
    expect(await screen.findByText('Lembrete antes do vencimento')).toBeTruthy();
    expect((await screen.findByTestId('template-preview-subject')).textContent).toBe(
      'Assunto: Lembrete: a cobrança CB-000123 ({{valor}}) vence em {{vencimento}}',
    );
    const save = screen.getByRole('button', { name: 'Gravar' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // nothing changed yet

    fireEvent.change(screen.getByTestId('template-body'), { target: { value: 'Total: {{total}}' } });
    expect(
      await screen.findByText(
        'Texto: o marcador {{total}} não existe. Use {{cliente}}.',
        {},
        { timeout: 3000 },
      ),
    ).toBeTruthy();
    await waitFor(() => expect(save.disabled).toBe(true));
  });
});
