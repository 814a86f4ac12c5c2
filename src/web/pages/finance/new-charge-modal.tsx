import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { addDays, businessDateAt, formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL, parseBRL } from '../../../domain/money/money';
import { CHARGE_METHOD_LABELS, CHARGE_METHODS, type ChargeMethod } from '../../../domain/payments/charges';
import { useCreateCharge } from '../../api/charges';
import { ApiError, errorMessage } from '../../api/client';
import { ClientPicker, type PickedClient } from '../calculator/client-picker';

/** Financeiro issues a one-off charge (boleto híbrido, Pix, TED or card) for a client. */
export function NewChargeModal({
  opened,
  onClose,
  clientId,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  /** Fixed client (client page); null lets the user pick one. */
  clientId: string | null;
  onCreated: (id: string) => void;
}) {
  const today = businessDateAt(new Date());
  const [client, setClient] = useState<PickedClient | null>(null);
  const [method, setMethod] = useState<ChargeMethod>('boleto');
  const [amount, setAmount] = useState('');
  const [dueDate, setDueDate] = useState(addDays(today, 5));
  const [description, setDescription] = useState('');
  const [installments, setInstallments] = useState<number>(1);
  const [notify, setNotify] = useState(true);
  const create = useCreateCharge();
  const cents = parseBRL(amount);
  const fieldError = (field: string) =>
    create.error instanceof ApiError && create.error.field === field ? create.error.message : undefined;
  const chosenClient = clientId ?? client?.id ?? null;
  const canSubmit =
    chosenClient !== null &&
    cents !== null &&
    cents > 0 &&
    description.trim().length >= 3 &&
    dueDate >= today;

  const reset = () => {
    setAmount('');
    setDescription('');
    setInstallments(1);
    create.reset();
  };

  const submit = () => {
    if (!chosenClient || cents === null) return;
    create.mutate(
      {
        client_id: chosenClient,
        method,
        amount_cents: cents,
        due_date: dueDate,
        description: description.trim(),
        card_installments: method === 'cartao' ? installments : null,
        notify,
      },
      {
        onSuccess: (charge) => {
          notifications.show({
            color: 'teal',
            title: `Cobrança ${charge.number} emitida`,
            message: `${formatBRL(charge.amount_cents)} com vencimento em ${formatDateBR(charge.due_date)}${notify ? ' — e-mail enviado ao cliente.' : '.'}`,
          });
          reset();
          onClose();
          onCreated(charge.id);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Nova cobrança" size="lg" centered>
      <Stack>
        {clientId ? null : (
          <ClientPicker
            value={client}
            onChange={setClient}
            allowCreate={false}
            error={fieldError('client_id')}
          />
        )}
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Forma de pagamento
          </Text>
          <SegmentedControl
            fullWidth
            value={method}
            onChange={(v) => setMethod(v as ChargeMethod)}
            data={CHARGE_METHODS.map((m) => ({ value: m, label: CHARGE_METHOD_LABELS[m] }))}
            aria-label="Forma de pagamento"
          />
          <Text size="xs" c="dimmed">
            {method === 'boleto'
              ? 'Boleto registrado pela próxima remessa CNAB, com QR Code Pix do mesmo valor (boleto híbrido).'
              : method === 'pix'
                ? 'Pix com vencimento (cobv): multa e juros após o vencimento.'
                : method === 'ted'
                  ? 'O cliente recebe os dados bancários e o identificador para o histórico da TED; a baixa vem do extrato (OFX).'
                  : 'Cobrada no cartão cadastrado; sem cartão, o cliente recebe o link de cadastro.'}
          </Text>
        </Stack>
        <Group grow align="flex-start">
          <TextInput
            label="Valor (R$)"
            placeholder="0,00"
            required
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={amount && cents === null ? 'Valor inválido: use 1.234,56' : fieldError('amount_cents')}
            data-testid="charge-amount-input"
          />
          <TextInput
            label="Vencimento"
            type="date"
            required
            min={today}
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
            error={
              dueDate && dueDate < today
                ? `Não pode ser anterior a ${formatDateBR(today)}`
                : fieldError('due_date')
            }
          />
          {method === 'cartao' ? (
            <NumberInput
              label="Parcelas"
              min={1}
              max={12}
              value={installments}
              onChange={(v) => setInstallments(Number(v) || 1)}
            />
          ) : null}
        </Group>
        <TextInput
          label="Descrição"
          placeholder="Ex.: Implantação Hiper Gestão"
          required
          maxLength={140}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError('description')}
        />
        <Checkbox
          label="Enviar o e-mail da cobrança ao cliente agora"
          checked={notify}
          onChange={(e) => setNotify(e.currentTarget.checked)}
        />
        {create.error && !(create.error instanceof ApiError && create.error.field) ? (
          <Alert color="red" variant="light">
            {errorMessage(create.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Voltar
          </Button>
          <Button
            onClick={submit}
            loading={create.isPending}
            disabled={!canSubmit}
            data-testid="issue-charge"
          >
            Emitir cobrança
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
