import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { businessDateAt, formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL, parseBRL } from '../../../domain/money/money';
import { ApiError, errorMessage } from '../../api/client';
import { useConfirmTed } from '../../api/statements';

const MIN_REASON = 5;

const plainAmount = (cents: number) => formatBRL(cents).replace(/^R\$\s*/, '');

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
 * "Confirmar TED recebida" (admin and financeiro, open TED charges): a TED seen in the bank without a
 * statement to import. Asks the amount (the open balance pre-filled), the day it arrived and the reason;
 * the same dialog sent twice records one payment (one idempotency key per opening).
 */
export function ConfirmTedButton({ chargeId, amountCents }: { chargeId: string; amountCents: number }) {
  const today = businessDateAt(new Date());
  const [opened, setOpened] = useState(false);
  const [amount, setAmount] = useState(plainAmount(amountCents));
  const [paidOn, setPaidOn] = useState(today);
  const [reason, setReason] = useState('');
  const [key, setKey] = useState('');
  const confirm = useConfirmTed();
  const cents = parseBRL(amount);
  const fieldError = (field: string) =>
    confirm.error instanceof ApiError && confirm.error.field === field ? confirm.error.message : undefined;
  const canSubmit =
    cents !== null &&
    cents > 0 &&
    /^\d{4}-\d{2}-\d{2}$/.test(paidOn) &&
    paidOn <= today &&
    reason.trim().length >= MIN_REASON;

  const open = () => {
    setAmount(plainAmount(amountCents));
    setPaidOn(today);
    setReason('');
    setKey(newIdempotencyKey());
    confirm.reset();
    setOpened(true);
  };

  const submit = () => {
    if (cents === null) return;
    confirm.mutate(
      {
        chargeId,
        body: { amount_cents: cents, paid_on: paidOn, reason: reason.trim(), idempotency_key: key },
      },
      {
        onSuccess: (result) => {
          const { charge, payment } = result;
          notifications.show({
            color: 'teal',
            title: `TED confirmada na cobrança ${charge.number}`,
            message:
              payment.overpaid_cents > 0
                ? `Cobrança paga; ${formatBRL(payment.overpaid_cents)} acima do devido ficaram como crédito do cliente.`
                : charge.status === 'paga'
                  ? `${formatBRL(cents)} recebidos em ${formatDateBR(paidOn)}: cobrança paga.`
                  : `${formatBRL(cents)} recebidos. Saldo em aberto: ${formatBRL(charge.balance_cents)}.`,
          });
          setOpened(false);
        },
      },
    );
  };

  const difference = cents !== null && cents > 0 ? cents - amountCents : 0;

  return (
    <>
      <Button variant="light" color="teal" size="xs" onClick={open} data-testid="confirm-ted-open">
        Confirmar TED recebida
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Confirmar TED recebida" centered>
        <Stack gap="md">
          <Text size="sm">
            Use quando a TED caiu na conta mas o extrato ainda não foi importado (comprovante do cliente,
            consulta ao internet banking). O motivo fica registrado no pagamento e na auditoria.
          </Text>
          <Group grow align="flex-start">
            <TextInput
              label="Valor recebido (R$)"
              required
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={amount && cents === null ? 'Valor inválido: use 1.234,56' : fieldError('amount_cents')}
              data-testid="confirm-ted-amount"
            />
            <TextInput
              label="Data do crédito"
              type="date"
              required
              max={today}
              value={paidOn}
              onChange={(e) => setPaidOn(e.currentTarget.value)}
              error={
                paidOn > today
                  ? `Não pode ser depois de hoje (${formatDateBR(today)})`
                  : fieldError('paid_on')
              }
            />
          </Group>
          {difference < 0 ? (
            <Alert color="yellow" variant="light">
              {`Valor menor que o saldo (${formatBRL(amountCents)}): a cobrança continua em aberto com ${formatBRL(-difference)}.`}
            </Alert>
          ) : difference > 0 ? (
            <Alert color="yellow" variant="light">
              {`Valor maior que o saldo (${formatBRL(amountCents)}): ${formatBRL(difference)} ficarão como crédito do cliente.`}
            </Alert>
          ) : null}
          <Textarea
            label="Motivo"
            description={`Obrigatório (ao menos ${MIN_REASON} caracteres), ex.: comprovante enviado pelo cliente em ${formatDateBR(today)}.`}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError('reason')}
            data-testid="confirm-ted-reason"
          />
          {confirm.error && !(confirm.error instanceof ApiError && confirm.error.field) ? (
            <Alert color="red" variant="light">
              {errorMessage(confirm.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              Voltar
            </Button>
            <Button
              color="teal"
              onClick={submit}
              disabled={!canSubmit}
              loading={confirm.isPending}
              data-testid="confirm-ted-submit"
            >
              Confirmar recebimento
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
