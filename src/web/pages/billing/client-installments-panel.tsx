import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { BACK_OFFICE } from '../../../domain/access/roles';
import { addDays, businessDateAt, formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL } from '../../../domain/money/money';
import {
  type ClientInstallments,
  type Installment,
  useCancelBilling,
  useClientInstallments,
  useGrantAccess,
} from '../../api/billing';
import { ApiError, errorMessage } from '../../api/client';
import { useMe } from '../../api/session';
import { formatDateTimeBR } from '../../components/date-time';
import { LoadErrorAlert } from '../../components/load-error-alert';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const noShrink = { flexShrink: 0, overflow: 'visible', minWidth: 'max-content' } as const;
const MIN_REASON = 10;

const SITUATION_COLORS: Record<string, string> = {
  Paga: 'teal',
  'Em aberto': 'blue',
  Vencida: 'orange',
  'Cartão recusado': 'red',
  Cancelada: 'gray',
};

/** '2026-07' → '07/2026'. */
export function formatCompetence(competence: string): string {
  return `${competence.slice(5, 7)}/${competence.slice(0, 4)}`;
}

function parcelaLabel(i: Installment): string {
  if (i.kind === 'proporcional') return 'Proporcional (upgrade)';
  return i.number === 1 ? '1 (ativação)' : String(i.number);
}

function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError && error.field === field ? error.message : undefined;
}

function GrantAccessModal({
  clientId,
  opened,
  onClose,
}: {
  clientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const today = businessDateAt(new Date());
  const [until, setUntil] = useState(addDays(today, 7));
  const [reason, setReason] = useState('');
  const grant = useGrantAccess(clientId);
  const close = () => {
    grant.reset();
    setReason('');
    onClose();
  };
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(until) && until >= today && reason.trim().length >= MIN_REASON;
  const submit = () =>
    grant.mutate(
      { until, reason: reason.trim() },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'teal',
            title: 'Acesso liberado',
            message: `Liberado até ${formatDateBR(r.paid_through)} — cliente ${r.status_label.toLowerCase()}.`,
          });
          close();
        },
      },
    );
  const other = grant.error && !fieldError(grant.error, 'until') && !fieldError(grant.error, 'reason');
  return (
    <Modal opened={opened} onClose={close} title="Liberar acesso até uma data" centered>
      <Stack>
        <Text size="sm">
          O cliente fica liberado até a data escolhida, mesmo sem pagamento. O liberado até nunca diminui; um
          cliente bloqueado volta a ter acesso na hora. Fica registrado com o motivo na auditoria.
        </Text>
        <TextInput
          label="Liberar até"
          type="date"
          required
          min={today}
          value={until}
          onChange={(e) => setUntil(e.currentTarget.value)}
          error={
            until && until < today
              ? `Não pode ser anterior a hoje (${formatDateBR(today)})`
              : fieldError(grant.error, 'until')
          }
          data-testid="override-until"
        />
        <Textarea
          label="Motivo"
          required
          autosize
          minRows={2}
          maxLength={500}
          placeholder="Ex.: pagamento prometido para sexta-feira, combinado com o financeiro do cliente"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          description={`Ao menos ${MIN_REASON} caracteres.`}
          error={fieldError(grant.error, 'reason')}
          data-testid="override-reason"
        />
        {other ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(grant.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Voltar
          </Button>
          <Button onClick={submit} disabled={!valid} loading={grant.isPending} data-testid="override-submit">
            Liberar acesso
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CancelBillingModal({
  clientId,
  paidThrough,
  opened,
  onClose,
}: {
  clientId: string;
  paidThrough: string | null;
  opened: boolean;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const cancel = useCancelBilling(clientId);
  const close = () => {
    cancel.reset();
    setReason('');
    onClose();
  };
  const valid = reason.trim().length >= MIN_REASON;
  const submit = () =>
    cancel.mutate(reason.trim(), {
      onSuccess: (r) => {
        notifications.show({
          color: 'orange',
          title: 'Cobrança cancelada',
          message:
            r.status === 'cancelado'
              ? 'Cliente cancelado.'
              : `Nenhuma parcela nova será emitida; o cliente mantém o acesso até ${formatDateBR(r.paid_through ?? '')}.`,
        });
        close();
      },
    });
  return (
    <Modal opened={opened} onClose={close} title="Cancelar a cobrança do cliente" centered>
      <Stack>
        <Text size="sm">
          {`O contrato deixa de ser cobrado: nenhuma parcela nova é emitida e as parcelas em aberto de competências futuras são canceladas com suas cobranças. ${
            paidThrough
              ? `O cliente mantém o acesso até ${formatDateBR(paidThrough)} e fica cancelado no dia seguinte.`
              : 'O cliente fica cancelado agora.'
          } Para voltar, emita uma nova ativação.`}
        </Text>
        <Textarea
          label="Motivo do cancelamento"
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          description={`Ao menos ${MIN_REASON} caracteres.`}
          error={fieldError(cancel.error, 'reason')}
          data-testid="cancel-billing-reason"
        />
        {cancel.error && !fieldError(cancel.error, 'reason') ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(cancel.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Voltar
          </Button>
          <Button
            color="red"
            onClick={submit}
            disabled={!valid}
            loading={cancel.isPending}
            data-testid="cancel-billing-submit"
          >
            Cancelar a cobrança
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function InstallmentsTable({ items }: { items: Installment[] }) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="installments-empty">
        Nenhuma parcela ainda: a primeira é emitida quando o contrato é assinado.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="xs" striped data-testid="installments-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Parcela</Table.Th>
            <Table.Th>Competência</Table.Th>
            <Table.Th>Vencimento</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Valor</Table.Th>
            <Table.Th>Libera até</Table.Th>
            <Table.Th>Situação</Table.Th>
            <Table.Th>Cobrança</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id} data-testid="installment-row">
              <Table.Td>
                <Text size="sm">{parcelaLabel(i)}</Text>
                <Text size="xs" c="dimmed">{`Contrato ${i.contract.number} v${i.contract.version}`}</Text>
              </Table.Td>
              <Table.Td style={tabular}>{formatCompetence(i.competence)}</Table.Td>
              <Table.Td style={tabular}>{formatDateBR(i.due_date)}</Table.Td>
              <Table.Td style={{ ...tabular, textAlign: 'right' }}>
                {formatBRL(i.amount_cents)}
                {i.setup_fee_cents > 0 ? (
                  <Text size="xs" c="dimmed">{`inclui implantação ${formatBRL(i.setup_fee_cents)}`}</Text>
                ) : null}
              </Table.Td>
              <Table.Td style={tabular}>{formatDateBR(i.access_until)}</Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={SITUATION_COLORS[i.situation] ?? 'gray'}
                  style={noShrink}
                  data-testid="installment-situation"
                >
                  {i.situation}
                </Badge>
                {i.paid_on ? <Text size="xs" c="dimmed">{`em ${formatDateBR(i.paid_on)}`}</Text> : null}
              </Table.Td>
              <Table.Td>
                {i.charge ? (
                  <>
                    <Text size="sm" style={tabular}>
                      {i.charge.number}
                    </Text>
                    <Text size="xs" c="dimmed">{`${i.charge.method_label} · ${i.charge.status_label}`}</Text>
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OverridesHistory({ data }: { data: ClientInstallments }) {
  if (data.overrides.length === 0) return null;
  return (
    <Stack gap={4} data-testid="overrides-history">
      <Text fw={600} size="sm">
        Liberações manuais
      </Text>
      {data.overrides.map((o) => (
        <Text key={o.id} size="sm">
          {`Liberado até ${formatDateBR(o.until)} — ${o.reason} (${o.created_by_name ?? 'sistema'}, ${formatDateTimeBR(o.created_at)})`}
        </Text>
      ))}
    </Stack>
  );
}

/** A client's installments (parcelas), liberado até, staff "liberar até" and cancellation. */
export function ClientInstallmentsPanel({ clientId }: { clientId: string }) {
  const me = useMe();
  const role = me.data?.user.role;
  const backOffice = role ? BACK_OFFICE.includes(role) : false;
  const query = useClientInstallments(clientId);
  const [grantOpen, setGrantOpen] = useState(false);
  const [cancelOpen, setCancelOpen] = useState(false);
  if (query.isPending) return <Skeleton h={120} />;
  if (query.isError) {
    return (
      <LoadErrorAlert
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        title="Não foi possível carregar as parcelas"
      />
    );
  }
  const data = query.data;
  const { client } = data;
  const noContract = client.status === 'prospect' || client.status === 'aguardando_contrato';
  if (noContract && data.installments.length === 0 && data.overrides.length === 0) return null;
  const billing = data.contract !== null && data.cancellation === null && client.status !== 'cancelado';
  const canGrant = backOffice && client.status !== 'cancelado' && !noContract;
  return (
    <Paper withBorder p="md" data-testid="client-installments">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Liberado até
            </Text>
            <Title order={2} style={tabular} data-testid="installments-paid-through">
              {client.paid_through ? formatDateBR(client.paid_through) : '—'}
            </Title>
            <Text size="sm" c="dimmed">{`Situação: ${client.status_label}`}</Text>
          </Stack>
          {backOffice ? (
            <Group gap="xs">
              {canGrant ? (
                <Button variant="light" onClick={() => setGrantOpen(true)} data-testid="override-open">
                  Liberar até…
                </Button>
              ) : null}
              {billing ? (
                <Button
                  variant="light"
                  color="red"
                  onClick={() => setCancelOpen(true)}
                  data-testid="cancel-billing-open"
                >
                  Cancelar cobrança do cliente
                </Button>
              ) : null}
            </Group>
          ) : null}
        </Group>
        {data.cancellation ? (
          <Alert color="orange" variant="light" title="Cobrança cancelada" data-testid="billing-cancelled">
            {`Cancelada em ${formatDateTimeBR(data.cancellation.at)}: ${data.cancellation.reason}. ${
              client.status === 'cancelado'
                ? 'Cliente cancelado.'
                : `Acesso mantido até ${client.paid_through ? formatDateBR(client.paid_through) : '—'}.`
            } Para reativar, emita uma nova ativação.`}
          </Alert>
        ) : null}
        <Stack gap={4}>
          <Text fw={600} size="sm">
            Parcelas
          </Text>
          <InstallmentsTable items={data.installments} />
        </Stack>
        <OverridesHistory data={data} />
      </Stack>
      {backOffice ? (
        <>
          <GrantAccessModal clientId={clientId} opened={grantOpen} onClose={() => setGrantOpen(false)} />
          <CancelBillingModal
            clientId={clientId}
            paidThrough={client.paid_through}
            opened={cancelOpen}
            onClose={() => setCancelOpen(false)}
          />
        </>
      ) : null}
    </Paper>
  );
}
