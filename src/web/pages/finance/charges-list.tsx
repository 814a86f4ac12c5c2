import { Badge, Button, Group, Pagination, Paper, Select, Skeleton, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type KeyboardEvent, useState } from 'react';
import { formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL } from '../../../domain/money/money';
import {
  CHARGE_METHOD_LABELS,
  CHARGE_METHODS,
  CHARGE_STATUS_LABELS,
  CHARGE_STATUSES,
  type ChargeMethod,
  type ChargeStatus,
} from '../../../domain/payments/charges';
import { type ChargeSummary, useCharges } from '../../api/charges';
import { EmptyPanel } from '../../components/empty-panel';
import { IconCash } from '../../components/icons';
import { ListFilters } from '../../components/list-filters';
import { LoadErrorAlert } from '../../components/load-error-alert';
import { ChargeDrawer } from './charge-drawer';
import { NewChargeModal } from './new-charge-modal';

const PAGE_SIZE = 20;
const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export const CHARGE_STATUS_COLORS: Record<ChargeStatus, string> = {
  emitida: 'blue',
  registrada: 'indigo',
  paga: 'teal',
  vencida: 'orange',
  cancelada: 'gray',
  falhou: 'red',
  estornada: 'grape',
};

export function ChargeStatusBadge({ status }: { status: ChargeStatus }) {
  return (
    <Badge variant="light" radius="sm" tt="none" fw={600} color={CHARGE_STATUS_COLORS[status]}>
      {CHARGE_STATUS_LABELS[status]}
    </Badge>
  );
}

const STATUS_OPTIONS = CHARGE_STATUSES.map((value) => ({ value, label: CHARGE_STATUS_LABELS[value] }));
const METHOD_OPTIONS = CHARGE_METHODS.map((value) => ({ value, label: CHARGE_METHOD_LABELS[value] }));

function ChargeRow({
  charge,
  showClient,
  onOpen,
}: {
  charge: ChargeSummary;
  showClient: boolean;
  onOpen: (id: string) => void;
}) {
  const open = () => onOpen(charge.id);
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
      data-testid="charge-row"
      aria-label={`Abrir a cobrança ${charge.number}`}
    >
      <Table.Td>
        <Text size="sm" fw={600} style={tabular}>
          {charge.number}
        </Text>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {charge.description}
        </Text>
      </Table.Td>
      {showClient ? (
        <Table.Td>
          <Text size="sm" lineClamp={1}>
            {charge.client.legal_name}
          </Text>
          <Text size="xs" c="dimmed">
            {charge.reseller.name}
          </Text>
        </Table.Td>
      ) : null}
      <Table.Td>
        <Text size="sm">{charge.method_label}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={tabular}>
          {formatDateBR(charge.due_date)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" fw={600} style={tabular}>
          {formatBRL(charge.amount_cents)}
        </Text>
        {charge.paid_cents > 0 && charge.balance_cents > 0 ? (
          <Text size="xs" c="orange.8" style={tabular}>
            falta {formatBRL(charge.balance_cents)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <ChargeStatusBadge status={charge.status} />
        {charge.paid_on ? (
          <Text size="xs" c="dimmed" style={tabular}>
            em {formatDateBR(charge.paid_on)}
          </Text>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The charges the user may see: all of them (Financeiro tab) or one client's (client page). Back-office users
 * get "Nova cobrança"; a row opens the details drawer.
 */
export function ChargesList({
  clientId,
  canCreate,
  emptyDescription,
}: {
  clientId?: string;
  canCreate: boolean;
  emptyDescription: string;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 350);
  const [status, setStatus] = useState<ChargeStatus | null>(null);
  const [method, setMethod] = useState<ChargeMethod | null>(null);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const charges = useCharges({ clientId: clientId ?? null, q, status, method, page, pageSize: PAGE_SIZE });
  const total = charges.data?.total ?? 0;
  const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const showClient = !clientId;
  const filtered = Boolean(q || status || method);
  const columns = showClient ? 6 : 5;

  return (
    <>
      <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
        <ListFilters
          searchLabel={
            showClient
              ? 'Buscar por cliente, CPF/CNPJ, número ou nosso número'
              : 'Buscar por número ou descrição'
          }
          search={search}
          onSearchChange={(value) => {
            setSearch(value);
            setPage(1);
          }}
          statusOptions={STATUS_OPTIONS}
          status={status}
          onStatusChange={(value) => {
            setStatus(value as ChargeStatus | null);
            setPage(1);
          }}
          statusWidth={200}
        />
        <Group
          px="md"
          py="xs"
          justify="space-between"
          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        >
          <Select
            placeholder="Todas as formas"
            aria-label="Forma de pagamento"
            data={METHOD_OPTIONS}
            value={method}
            onChange={(value) => {
              setMethod(value as ChargeMethod | null);
              setPage(1);
            }}
            clearable
            size="xs"
            w={200}
          />
          <Group gap="sm">
            {charges.data?.credit_cents ? (
              <Text size="sm" c="teal.8" fw={600} data-testid="client-credit">
                Crédito do cliente: {formatBRL(charges.data.credit_cents)}
              </Text>
            ) : null}
            {canCreate ? (
              <Button size="xs" onClick={() => setCreating(true)} data-testid="new-charge">
                Nova cobrança
              </Button>
            ) : null}
          </Group>
        </Group>
        {charges.isError ? (
          <LoadErrorAlert
            error={charges.error}
            onRetry={() => void charges.refetch()}
            title="Não foi possível carregar as cobranças"
          />
        ) : charges.data && charges.data.items.length === 0 ? (
          <EmptyPanel
            bare
            icon={<IconCash size={28} />}
            title={filtered ? 'Nenhuma cobrança encontrada com esses filtros.' : 'Nenhuma cobrança ainda.'}
            description={filtered ? 'Mude a busca ou limpe os filtros.' : emptyDescription}
          />
        ) : (
          <Table.ScrollContainer minWidth={showClient ? 820 : 640}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Cobrança</Table.Th>
                  {showClient ? <Table.Th>Cliente</Table.Th> : null}
                  <Table.Th>Forma</Table.Th>
                  <Table.Th>Vencimento</Table.Th>
                  <Table.Th ta="right">Valor</Table.Th>
                  <Table.Th>Situação</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {charges.data
                  ? charges.data.items.map((c) => (
                      <ChargeRow key={c.id} charge={c} showClient={showClient} onOpen={setOpenId} />
                    ))
                  : Array.from({ length: 4 }, (_, row) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
                      <Table.Tr key={row}>
                        {Array.from({ length: columns }, (_, col) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder cells
                          <Table.Td key={col}>
                            <Skeleton height={12} radius="sm" width="60%" />
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {totalPages > 1 ? (
          <Group
            justify="space-between"
            p="md"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <Text size="sm" c="dimmed">
              {total} cobranças
            </Text>
            <Pagination value={page} onChange={setPage} total={totalPages} size="sm" />
          </Group>
        ) : null}
      </Paper>
      <ChargeDrawer id={openId} onClose={() => setOpenId(null)} />
      {canCreate ? (
        <NewChargeModal
          opened={creating}
          onClose={() => setCreating(false)}
          clientId={clientId ?? null}
          onCreated={setOpenId}
        />
      ) : null}
    </>
  );
}
