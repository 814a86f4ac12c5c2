import {
  Alert,
  Button,
  FileInput,
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
import { formatBRL, parseBRL } from '../../../domain/money/money';
import { ApiError, errorMessage } from '../../api/client';
import {
  type StatementDetail,
  useAddAdjustment,
  useCloseStatement,
  useRecordPayout,
  useUploadInvoice,
} from '../../api/repasse';

/** A v4 UUID; crypto.randomUUID exists only in secure contexts (HTTPS, localhost). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function ErrorAlert({ error }: { error: unknown }) {
  if (!error || (error instanceof ApiError && error.field)) return null;
  return (
    <Alert color="red" variant="light">
      {errorMessage(error)}
    </Alert>
  );
}

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError && error.field === field ? error.message : undefined;

export function CloseStatementButton({ statement }: { statement: StatementDetail }) {
  const [opened, setOpened] = useState(false);
  const close = useCloseStatement();
  const submit = () =>
    close.mutate(
      { resellerId: statement.reseller.id, month: statement.month },
      {
        onSuccess: (s) => {
          notifications.show({
            color: 'teal',
            title: `Extrato de ${s.month_label} fechado`,
            message: `Repasse de ${formatBRL(s.totals.repasse_cents)} congelado; eventos posteriores vão para o próximo extrato.`,
          });
          setOpened(false);
        },
      },
    );
  return (
    <>
      <Button
        size="xs"
        onClick={() => {
          close.reset();
          setOpened(true);
        }}
        data-testid="statement-close"
      >
        Fechar extrato
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Fechar o extrato de ${statement.month_label}`}
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            {`Os ${statement.totals.line_count} lançamento(s) e o total de ${formatBRL(statement.totals.repasse_cents)} ficam congelados. Pagamentos, estornos e ajustes posteriores entram no próximo extrato.`}
          </Text>
          <ErrorAlert error={close.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              Voltar
            </Button>
            <Button onClick={submit} loading={close.isPending} data-testid="statement-close-submit">
              Fechar extrato
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function PayoutButton({ statement }: { statement: StatementDetail }) {
  const today = businessDateAt(new Date());
  const [opened, setOpened] = useState(false);
  const [paidOn, setPaidOn] = useState(today);
  const [reference, setReference] = useState('');
  const payout = useRecordPayout();
  const submit = () =>
    payout.mutate(
      {
        resellerId: statement.reseller.id,
        month: statement.month,
        paid_on: paidOn,
        reference: reference.trim(),
      },
      {
        onSuccess: (s) => {
          notifications.show({
            color: 'teal',
            title: `Pagamento do extrato de ${s.month_label} registrado`,
            message: `${formatBRL(s.totals.repasse_cents)} pagos em ${formatDateBR(paidOn)}.`,
          });
          setOpened(false);
        },
      },
    );
  return (
    <>
      <Button
        size="xs"
        color="teal"
        onClick={() => {
          payout.reset();
          setPaidOn(today);
          setReference('');
          setOpened(true);
        }}
        data-testid="statement-payout"
      >
        Registrar pagamento
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Pagamento do repasse de ${statement.month_label}`}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{`Valor a pagar ao Hiperador: ${formatBRL(statement.totals.repasse_cents)}.`}</Text>
          <TextInput
            label="Data do pagamento"
            type="date"
            required
            max={today}
            value={paidOn}
            onChange={(e) => setPaidOn(e.currentTarget.value)}
            error={
              paidOn > today
                ? `Não pode ser depois de hoje (${formatDateBR(today)})`
                : fieldError(payout.error, 'paid_on')
            }
          />
          <TextInput
            label="Referência bancária"
            description="Ex.: número da TED ou do comprovante."
            required
            maxLength={120}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            error={fieldError(payout.error, 'reference')}
          />
          <ErrorAlert error={payout.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              Voltar
            </Button>
            <Button
              color="teal"
              onClick={submit}
              loading={payout.isPending}
              disabled={reference.trim().length < 3 || paidOn > today}
            >
              Registrar pagamento
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function AdjustmentButton({ statement }: { statement: StatementDetail }) {
  const [opened, setOpened] = useState(false);
  const [sign, setSign] = useState<'credito' | 'debito'>('credito');
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [key, setKey] = useState('');
  const add = useAddAdjustment();
  const cents = parseBRL(amount);
  const signed = cents === null ? null : sign === 'debito' ? -cents : cents;
  const submit = () => {
    if (signed === null) return;
    add.mutate(
      {
        resellerId: statement.reseller.id,
        month: statement.month,
        amount_cents: signed,
        description: description.trim(),
        idempotency_key: key,
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Ajuste lançado',
            message: `${formatBRL(signed)} no extrato de ${statement.month_label}.`,
          });
          setOpened(false);
        },
      },
    );
  };
  return (
    <>
      <Button
        size="xs"
        variant="light"
        onClick={() => {
          add.reset();
          setSign('credito');
          setAmount('');
          setDescription('');
          setKey(newKey());
          setOpened(true);
        }}
        data-testid="statement-adjustment"
      >
        Lançar ajuste
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Ajuste no extrato de ${statement.month_label}`}
        centered
      >
        <Stack gap="md">
          <SegmentedControl
            value={sign}
            onChange={(v) => setSign(v as 'credito' | 'debito')}
            data={[
              { value: 'credito', label: 'Crédito ao Hiperador (+)' },
              { value: 'debito', label: 'Desconto (−)' },
            ]}
          />
          <TextInput
            label="Valor (R$)"
            required
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={
              amount && (cents === null || cents === 0)
                ? 'Valor inválido: use 1.234,56'
                : fieldError(add.error, 'amount_cents')
            }
          />
          <Textarea
            label="Descrição"
            required
            autosize
            minRows={2}
            maxLength={200}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError(add.error, 'description')}
          />
          <ErrorAlert error={add.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              Voltar
            </Button>
            <Button
              onClick={submit}
              loading={add.isPending}
              disabled={!cents || description.trim().length < 5}
            >
              Lançar ajuste
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function InvoiceButton({ statement, csrf }: { statement: StatementDetail; csrf: string }) {
  const [opened, setOpened] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const upload = useUploadInvoice(csrf);
  const tooBig = file !== null && file.size > 5 * 1024 * 1024;
  const submit = () => {
    if (!file) return;
    upload.mutate(
      { resellerId: statement.reseller.id, month: statement.month, file },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Nota fiscal enviada',
            message: `${file.name} anexada ao extrato de ${statement.month_label}.`,
          });
          setOpened(false);
        },
      },
    );
  };
  return (
    <>
      <Button
        size="xs"
        variant="light"
        onClick={() => {
          upload.reset();
          setFile(null);
          setOpened(true);
        }}
        data-testid="statement-invoice"
      >
        {statement.invoice ? 'Substituir nota fiscal' : 'Enviar nota fiscal'}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Nota fiscal do repasse de ${statement.month_label}`}
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            {`Anexe a nota fiscal de serviço de ${formatBRL(statement.totals.repasse_cents)} emitida para a Hiper, em PDF ou XML (até 5 MB).`}
          </Text>
          <FileInput
            label="Arquivo"
            placeholder="Escolher PDF ou XML"
            accept="application/pdf,.pdf,application/xml,text/xml,.xml"
            value={file}
            onChange={setFile}
            clearable
            error={tooBig ? 'O arquivo passa de 5 MB.' : fieldError(upload.error, 'arquivo')}
          />
          <ErrorAlert error={upload.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              Voltar
            </Button>
            <Button onClick={submit} loading={upload.isPending} disabled={!file || tooBig}>
              Enviar
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
