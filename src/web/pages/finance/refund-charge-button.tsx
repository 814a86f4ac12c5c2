import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { businessDateAt, formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL } from '../../../domain/money/money';
import type { ChargeDetail } from '../../api/charges';
import { ApiError, errorMessage } from '../../api/client';
import { useRefundCharge } from '../../api/repasse';

const MIN_REASON = 5;

/** A v4 UUID; crypto.randomUUID exists only in secure contexts (HTTPS, localhost). */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * "Estornar" (admin and financeiro, paid charges): estorno or chargeback of the whole charge, with the
 * reason and the date. The Hiperador's repasse of the charge is reversed in the month of that date; access
 * (liberado até) is not changed.
 */
export function RefundChargeButton({ charge }: { charge: ChargeDetail }) {
  const today = businessDateAt(new Date());
  const [opened, setOpened] = useState(false);
  const [kind, setKind] = useState<'estorno' | 'chargeback'>('estorno');
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(today);
  const [key, setKey] = useState('');
  const refund = useRefundCharge();
  const fieldError = (field: string) =>
    refund.error instanceof ApiError && refund.error.field === field ? refund.error.message : undefined;
  const minDate = charge.paid_on ?? undefined;
  const canSubmit =
    reason.trim().length >= MIN_REASON &&
    /^\d{4}-\d{2}-\d{2}$/.test(date) &&
    date <= today &&
    (!minDate || date >= minDate);

  const open = () => {
    setKind('estorno');
    setReason('');
    setDate(today);
    setKey(newIdempotencyKey());
    refund.reset();
    setOpened(true);
  };

  const submit = () =>
    refund.mutate(
      { chargeId: charge.id, body: { kind, reason: reason.trim(), refunded_on: date, idempotency_key: key } },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'teal',
            title: `${kind === 'chargeback' ? 'Chargeback' : 'Estorno'} registrado na cobrança ${r.charge.number}`,
            message: `${formatBRL(r.refund.amount_cents)} devolvidos em ${formatDateBR(r.refund.refunded_on)}; repasse revertido: ${formatBRL(r.refund.clawback_cents)}.`,
          });
          setOpened(false);
        },
      },
    );

  return (
    <>
      <Button size="xs" variant="subtle" color="red" onClick={open} data-testid="refund-open">
        Estornar
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Estornar a cobrança ${charge.number}`}
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            {`A cobrança (${formatBRL(charge.paid_cents)}) e a parcela passam a "Estornada", e o repasse do Hiperador é revertido no extrato do mês da data abaixo. O liberado até do cliente não muda: use "Liberar até" ou o cancelamento, se for o caso.`}
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as 'estorno' | 'chargeback')}
            data={[
              { value: 'estorno', label: 'Estorno' },
              { value: 'chargeback', label: 'Chargeback' },
            ]}
          />
          <TextInput
            label="Data do estorno"
            type="date"
            required
            max={today}
            min={minDate}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={
              date > today
                ? `Não pode ser depois de hoje (${formatDateBR(today)})`
                : minDate && date < minDate
                  ? `Não pode ser antes do pagamento (${formatDateBR(minDate)})`
                  : fieldError('refunded_on')
            }
          />
          <Textarea
            label="Motivo"
            description={`Obrigatório (ao menos ${MIN_REASON} caracteres), ex.: cliente desistiu no prazo de arrependimento.`}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError('reason')}
            data-testid="refund-reason"
          />
          {refund.error && !(refund.error instanceof ApiError && refund.error.field) ? (
            <Alert color="red" variant="light">
              {errorMessage(refund.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              Voltar
            </Button>
            <Button
              color="red"
              onClick={submit}
              disabled={!canSubmit}
              loading={refund.isPending}
              data-testid="refund-submit"
            >
              {kind === 'chargeback' ? 'Registrar chargeback' : 'Estornar cobrança'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
