import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChargeStatus } from '../../domain/payments/charges';
import { apiRequest } from './client';

export interface PixWebhookResult {
  received: number;
  applied: number;
  duplicates: number;
  ignored: { end_to_end_id: string; txid: string | null; reason: string }[];
}

export interface SimulatedPixPayment {
  end_to_end_id: string;
  amount_cents: number;
  webhook: PixWebhookResult;
  charge: { id: string; status: ChargeStatus; paid_cents: number; balance_cents: number };
}

/**
 * "Simular pagamento (sandbox)": the PSP's signed webhook for the charge, processed like a real one.
 * Without an amount, pays the open balance. Refreshes every charge query (list, detail, client tab).
 */
export function useSimulatePixPayment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ chargeId, amountCents }: { chargeId: string; amountCents?: number }) =>
      apiRequest<SimulatedPixPayment>(`/api/v1/charges/${encodeURIComponent(chargeId)}/pix/simulate`, {
        method: 'POST',
        body: amountCents === undefined ? {} : { amount_cents: amountCents },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['charges'] }),
  });
}
