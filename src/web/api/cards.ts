import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from './client';

/** A registered card as the API shows it: never the number. */
export interface CardInfo {
  brand: string;
  brand_label: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  /** MM/AAAA */
  expiry: string;
  holder_name: string;
  /** "Visa final 1111" */
  label: string;
  since: string;
}

export interface CardChargeOutcome {
  charge_id: string;
  charge_number: string;
  attempt: number;
  amount_cents: number;
  status: 'paga' | 'falhou';
  transaction_id: string | null;
  reason_code: string | null;
  reason: string | null;
  replayed: boolean;
}

/** GET /api/v1/card-links/:token — the public card page. */
export interface CardLinkInfo {
  client: { legal_name: string };
  reseller_name: string;
  expires_at: string;
  card: CardInfo | null;
  sandbox: boolean;
  tokenize_url: string | null;
  test_numbers: { number: string; brand: string; outcome: string; description: string }[];
}

export interface CardRegistered {
  card: CardInfo;
  charges: CardChargeOutcome[];
  replayed: boolean;
}

/** What the gateway answers to the tokenization: the only card data our API ever receives. */
export interface GatewayToken {
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
}

const linkBase = (token: string) => `/api/v1/card-links/${encodeURIComponent(token)}`;

export function useCardLink(token: string) {
  return useQuery({
    queryKey: ['card-link', token],
    queryFn: ({ signal }) => apiRequest<CardLinkInfo>(linkBase(token), { signal }),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * The gateway's tokenization: the number and CVV go to the gateway (in sandbox mode, the embedded one at
 * `tokenize_url`), never to /api/v1. A plain fetch, without our session or CSRF headers, as a third party's.
 */
export async function tokenizeCard(
  url: string,
  card: { number: string; exp_month: number; exp_year: number; cvv: string; holder_name: string },
): Promise<GatewayToken> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'omit',
      body: JSON.stringify(card),
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Não foi possível falar com o processador de pagamentos. Tente novamente.',
    );
  }
  const body = (await response.json().catch(() => null)) as
    | (GatewayToken & { code?: string; message?: string; field?: string })
    | null;
  if (!response.ok || !body?.token) {
    throw new ApiError(
      response.status,
      body?.code ?? 'gateway_error',
      body?.message ?? 'O processador de pagamentos recusou os dados do cartão. Confira e tente novamente.',
      body?.field,
    );
  }
  return {
    token: body.token,
    brand: body.brand,
    last4: body.last4,
    exp_month: body.exp_month,
    exp_year: body.exp_year,
  };
}

export function useRegisterCard(token: string) {
  return useMutation({
    mutationFn: (body: GatewayToken & { holder_name: string }) =>
      apiRequest<CardRegistered>(`${linkBase(token)}/card`, { method: 'POST', body }),
  });
}

const clientCardKey = (clientId: string) => ['client-card', clientId] as const;

/** The client's registered card (client page). */
export function useClientCard(clientId: string) {
  return useQuery({
    queryKey: clientCardKey(clientId),
    queryFn: ({ signal }) =>
      apiRequest<{ card: CardInfo | null }>(`/api/v1/clients/${encodeURIComponent(clientId)}/card`, {
        signal,
      }),
  });
}

/** "Enviar link de cadastro do cartão". */
export function useSendCardLink(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiRequest<{ sent_to: string[]; expires_at: string }>(
        `/api/v1/clients/${encodeURIComponent(clientId)}/card-link`,
        { method: 'POST' },
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: clientCardKey(clientId) });
      void queryClient.invalidateQueries({ queryKey: ['client-events', clientId] });
    },
  });
}

/** "Cobrar no cartão agora" (staff). */
export function useChargeCardNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (chargeId: string) =>
      apiRequest<CardChargeOutcome>(`/api/v1/charges/${encodeURIComponent(chargeId)}/card/charge`, {
        method: 'POST',
        body: {},
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['charges'] });
    },
  });
}
