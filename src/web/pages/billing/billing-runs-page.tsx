import {
  Alert,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Modal,
  Pagination,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type KeyboardEvent, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { BACK_OFFICE } from '../../../domain/access/roles';
import { businessDateAt, formatDateBR } from '../../../domain/calendar/dates';
import {
  type BillingRun,
  type BillingRunStatus,
  useBillingRun,
  useBillingRuns,
  useStartBillingRun,
} from '../../api/billing';
import { ApiError, errorMessage } from '../../api/client';
import { useMe } from '../../api/session';
import { formatDateTimeBR } from '../../components/date-time';
import { EmptyPanel } from '../../components/empty-panel';
import { IconRefresh } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';
import { PageHeader } from '../../components/page-header';

const PAGE_SIZE = 20;
const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const noShrink = { flexShrink: 0, overflow: 'visible', minWidth: 'max-content' } as const;

const STATUS_COLORS: Record<BillingRunStatus, string> = {
  executando: 'blue',
  concluida: 'teal',
  falhou: 'red',
};

/** The counts the run keeps, in the order the table shows them. */
export const RUN_COUNTS: { key: string; label: string; hint: string }[] = [
  { key: 'issued', label: 'Emitidas', hint: 'Parcelas emitidas com a cobrança e o e-mail' },
  { key: 'charged', label: 'Cobradas no cartão', hint: 'Cobranças aprovadas no cartão' },
  { key: 'failed', label: 'Falhas', hint: 'Cartões recusados e etapas com erro' },
  { key: 'reminded', label: 'Lembretes', hint: 'Lembretes enviados (antes, no dia e após o vencimento)' },
  { key: 'overdue', label: 'Inadimplentes', hint: 'Clientes que ficaram inadimplentes' },
  { key: 'blocked', label: 'Bloqueados', hint: 'Clientes bloqueados (depois do liberado até)' },
  { key: 'unblocked', label: 'Desbloqueados', hint: 'Clientes desbloqueados por pagamento' },
];

function countOf(run: BillingRun, key: string): number {
  return run.counts[key] ?? 0;
}

function RunStatus({ run }: { run: BillingRun }) {
  if (run.status === 'executando') {
    const pct = run.total_items > 0 ? Math.round((100 * run.processed_items) / run.total_items) : 0;
    return (
      <Stack gap={4} miw={160} data-testid="run-progress">
        <Text size="xs">
          {`Executando: ${run.processed_items.toLocaleString('pt-BR')} de ${run.total_items.toLocaleString('pt-BR')} (${pct}%)`}
        </Text>
        <Progress value={pct} animated striped aria-label="Progresso da execução" />
      </Stack>
    );
  }
  return (
    <Badge color={STATUS_COLORS[run.status]} variant="light" style={noShrink} data-testid="run-status">
      {run.status_label}
    </Badge>
  );
}

function RunRow({ run, onOpen }: { run: BillingRun; onOpen: (id: string) => void }) {
  const open = () => onOpen(run.id);
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };
  return (
    <Table.Tr
      onClick={open}
      onKeyDown={onKeyDown}
      tabIndex={0}
      style={{ cursor: 'pointer' }}
      data-testid="billing-run-row"
      aria-label={`Abrir a execução de ${formatDateBR(run.run_date)}`}
    >
      <Table.Td style={tabular}>
        <Text size="sm" fw={600}>
          {formatDateBR(run.run_date)}
        </Text>
        <Text size="xs" c="dimmed">
          {`início ${formatDateTimeBR(run.started_at)}`}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{run.trigger_label}</Text>
        {run.started_by_name ? (
          <Text size="xs" c="dimmed">
            {run.started_by_name}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <RunStatus run={run} />
      </Table.Td>
      {RUN_COUNTS.map((c) => (
        <Table.Td key={c.key} style={{ ...tabular, textAlign: 'right' }} data-testid={`run-count-${c.key}`}>
          {countOf(run, c.key).toLocaleString('pt-BR')}
        </Table.Td>
      ))}
      <Table.Td style={{ ...tabular, textAlign: 'right' }}>
        {run.errors.length > 0 ? (
          <Text size="sm" c="red" fw={600} span>
            {run.errors.length.toLocaleString('pt-BR')}
          </Text>
        ) : (
          '0'
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function RunDetail({ id, onClose }: { id: string | null; onClose: () => void }) {
  const run = useBillingRun(id);
  const data = run.data;
  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={data ? `Execução de ${formatDateBR(data.run_date)}` : 'Execução de cobrança'}
    >
      {run.isPending && id !== null ? <Skeleton h={200} /> : null}
      {run.isError ? <LoadErrorAlert error={run.error} onRetry={() => void run.refetch()} /> : null}
      {data ? (
        <Stack data-testid="billing-run-detail">
          <Group gap="md">
            <RunStatus run={data} />
            <Text size="sm" c="dimmed">
              {`${data.trigger_label}${data.started_by_name ? ` — ${data.started_by_name}` : ''} · início ${formatDateTimeBR(data.started_at)}${data.finished_at ? ` · fim ${formatDateTimeBR(data.finished_at)}` : ''}`}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            {RUN_COUNTS.map((c) => (
              <Paper key={c.key} withBorder p="xs" title={c.hint}>
                <Text size="xs" c="dimmed">
                  {c.label}
                </Text>
                <Text fw={700} size="lg" style={tabular} data-testid={`detail-count-${c.key}`}>
                  {countOf(data, c.key).toLocaleString('pt-BR')}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Text size="sm" c="dimmed">
            {`${data.processed_items.toLocaleString('pt-BR')} de ${data.total_items.toLocaleString('pt-BR')} itens processados.`}
          </Text>
          {data.errors.length === 0 ? (
            <Alert color="teal" variant="light" title="Nenhum erro">
              Todas as etapas desta execução foram concluídas sem erro.
            </Alert>
          ) : (
            <Stack gap="xs">
              <Text fw={600}>{`Erros (${data.errors.length.toLocaleString('pt-BR')})`}</Text>
              <Text size="sm" c="dimmed">
                Execute a cobrança da mesma data de novo depois de corrigir: o que já foi feito não se repete.
              </Text>
              <Table verticalSpacing="xs" data-testid="billing-run-errors">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Cliente</Table.Th>
                    <Table.Th>Etapa</Table.Th>
                    <Table.Th>Erro</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.errors.map((e) => (
                    <Table.Tr
                      key={`${e.client_id ?? ''}-${e.contract_id ?? ''}-${e.step ?? ''}-${e.message}`}
                    >
                      <Table.Td>
                        {e.client_id ? (
                          <Anchor component={RouterLink} to={`/clientes/${e.client_id}`} size="sm">
                            {e.client_name ?? 'Abrir cliente'}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {e.step ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{e.message}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          )}
        </Stack>
      ) : null}
    </Drawer>
  );
}

function RunForDateModal({
  opened,
  onClose,
  onStarted,
}: {
  opened: boolean;
  onClose: () => void;
  onStarted: (run: BillingRun) => void;
}) {
  const today = businessDateAt(new Date());
  const [date, setDate] = useState(today);
  const [confirming, setConfirming] = useState(false);
  const start = useStartBillingRun();
  const close = () => {
    setConfirming(false);
    start.reset();
    onClose();
  };
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && date <= today;
  const submit = () =>
    start.mutate(date, {
      onSuccess: (run) => {
        notifications.show({
          color: 'blue',
          title: 'Cobrança em execução',
          message: `A cobrança de ${formatDateBR(run.run_date)} começou; acompanhe o progresso na lista.`,
        });
        onStarted(run);
        close();
      },
    });
  const fieldError =
    start.error instanceof ApiError && start.error.field === 'date' ? start.error.message : undefined;
  return (
    <Modal opened={opened} onClose={close} title="Executar cobrança de uma data" centered>
      <Stack>
        <Text size="sm">
          Emite as parcelas que vencem nos próximos dias com suas cobranças e e-mails, cobra os cartões, envia
          os lembretes e marca inadimplentes e bloqueios como na execução automática das 06:00. O que já foi
          feito para a data não se repete.
        </Text>
        <TextInput
          label="Data"
          type="date"
          required
          max={today}
          value={date}
          onChange={(e) => {
            setDate(e.currentTarget.value);
            setConfirming(false);
          }}
          error={date && date > today ? `Não pode ser posterior a hoje (${formatDateBR(today)})` : fieldError}
          data-testid="billing-run-date"
        />
        {confirming && valid ? (
          <Alert color="yellow" variant="light" title="Confirme" data-testid="billing-run-confirm-text">
            {`Executar a cobrança de ${formatDateBR(date)} agora?`}
          </Alert>
        ) : null}
        {start.error && !fieldError ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(start.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Voltar
          </Button>
          {confirming ? (
            <Button
              onClick={submit}
              loading={start.isPending}
              disabled={!valid}
              data-testid="billing-run-confirm"
            >
              Confirmar e executar
            </Button>
          ) : (
            <Button onClick={() => setConfirming(true)} disabled={!valid} data-testid="billing-run-submit">
              Executar
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

function RunsTable({ onOpen }: { onOpen: (id: string) => void }) {
  const [page, setPage] = useState(1);
  const runs = useBillingRuns(page, PAGE_SIZE);
  if (runs.isPending) return <Skeleton h={200} />;
  if (runs.isError) return <LoadErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />;
  const data = runs.data;
  if (data.total === 0) {
    return (
      <EmptyPanel
        icon={<IconRefresh size={28} />}
        title="Nenhuma execução de cobrança ainda"
        description="A cobrança roda todos os dias às 06:00; as execuções (e as manuais) aparecem aqui com o progresso e as contagens."
      />
    );
  }
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={1100}>
        <Table verticalSpacing="xs" striped highlightOnHover data-testid="billing-runs-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Data</Table.Th>
              <Table.Th>Origem</Table.Th>
              <Table.Th>Situação</Table.Th>
              {RUN_COUNTS.map((c) => (
                <Table.Th key={c.key} style={{ textAlign: 'right' }} title={c.hint}>
                  {c.label}
                </Table.Th>
              ))}
              <Table.Th style={{ textAlign: 'right' }}>Erros</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((run) => (
              <RunRow key={run.id} run={run} onOpen={onOpen} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 ? (
        <Group justify="center" p="sm">
          <Pagination total={pages} value={page} onChange={setPage} size="sm" />
        </Group>
      ) : null}
    </Paper>
  );
}

/** Execuções de cobrança (staff): each daily run with progress, counts and errors; run again for a date. */
export function BillingRunsPage() {
  const me = useMe();
  const role = me.data?.user.role;
  const canRun = role ? BACK_OFFICE.includes(role) : false;
  const [openId, setOpenId] = useState<string | null>(null);
  const [runOpen, setRunOpen] = useState(false);
  return (
    <>
      <PageHeader
        title="Execuções de cobrança"
        description="A cobrança diária (06:00): emissão das parcelas, cartões, lembretes, inadimplência e bloqueios."
        actions={
          canRun ? (
            <Button onClick={() => setRunOpen(true)} data-testid="billing-run-open">
              Executar cobrança de uma data
            </Button>
          ) : null
        }
      />
      <RunsTable onOpen={setOpenId} />
      <RunDetail id={openId} onClose={() => setOpenId(null)} />
      {canRun ? (
        <RunForDateModal opened={runOpen} onClose={() => setRunOpen(false)} onStarted={() => undefined} />
      ) : null}
    </>
  );
}
