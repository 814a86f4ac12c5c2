import {
  Anchor,
  Button,
  Group,
  Pagination,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { BACK_OFFICE, isStaff } from '../../domain/access/roles';
import { formatDateBR } from '../../domain/calendar/dates';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { useClients } from '../api/clients';
import { useMe } from '../api/session';
import { CLIENT_STATUSES, type ClientStatus, type ClientSummary } from '../api/types';
import { CLIENT_STATUS_LABELS, productLabel } from '../components/client-labels';
import { EmptyPanel } from '../components/empty-panel';
import { IconUsers } from '../components/icons';
import { ListFilters } from '../components/list-filters';
import { LoadErrorAlert } from '../components/load-error-alert';
import { PageHeader } from '../components/page-header';
import { StatusBadge } from '../components/status-badge';

const PAGE_SIZE = 20;

const CONTROL_LABELS = {
  first: 'Primeira página',
  previous: 'Página anterior',
  next: 'Próxima página',
  last: 'Última página',
} as const;

const STATUS_OPTIONS = CLIENT_STATUSES.map((value) => ({ value, label: CLIENT_STATUS_LABELS[value] }));

function parseStatus(value: string | null): ClientStatus | null {
  return value && (CLIENT_STATUSES as readonly string[]).includes(value) ? (value as ClientStatus) : null;
}

function parsePage(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function pluralClients(n: number): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? 'cliente' : 'clientes'}`;
}

export function MoneyCell({ fee, repasse }: { fee: number | null; repasse: number | null }) {
  if (fee === null) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={0} align="flex-end">
      <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {formatBRL(fee)}
      </Text>
      {repasse !== null ? (
        <Text
          size="xs"
          c="teal.8"
          style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
          title="Repasse ao Hiperador"
        >
          Repasse {formatBRL(repasse)}
        </Text>
      ) : null}
    </Stack>
  );
}

function ClientRow({ client, showReseller }: { client: ClientSummary; showReseller: boolean }) {
  const navigate = useNavigate();
  const href = `/clientes/${client.id}`;
  const product = productLabel(client.product_code);
  const open = () => navigate(href);
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter') open();
  };
  return (
    <Table.Tr onClick={open} onKeyDown={onKeyDown} style={{ cursor: 'pointer' }} data-testid="client-row">
      <Table.Td>
        <Anchor
          component={RouterLink}
          to={href}
          fw={600}
          size="sm"
          c="var(--mantine-color-text)"
          underline="hover"
          onClick={(e) => e.stopPropagation()}
        >
          {client.trade_name ?? client.legal_name}
        </Anchor>
        {client.trade_name ? (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {client.legal_name}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {formatDocument(client.document)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {client.city}/{client.state}
        </Text>
      </Table.Td>
      {showReseller ? (
        <Table.Td>
          <Text size="sm">{client.reseller.name}</Text>
        </Table.Td>
      ) : null}
      <Table.Td>
        {product ? (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {product}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <StatusBadge status={client.status} size="sm" />
      </Table.Td>
      <Table.Td ta="right">
        <MoneyCell fee={client.monthly_fee_cents} repasse={client.repasse_cents} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {client.paid_through ? formatDateBR(client.paid_through) : '—'}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function SkeletonRows({ columns }: { columns: number }) {
  return (
    <>
      {Array.from({ length: 6 }, (_, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
        <Table.Tr key={row}>
          {Array.from({ length: columns }, (_, col) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder cells
            <Table.Td key={col}>
              <Skeleton height={12} radius="sm" width={col === 0 ? '80%' : '60%'} />
              {col === 0 ? <Skeleton height={10} radius="sm" width="50%" mt={6} /> : null}
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </>
  );
}

export function ClientsPage() {
  const me = useMe();
  const staff = me.data ? isStaff(me.data.user.role) : false;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = parseStatus(params.get('situacao'));
  const page = parsePage(params.get('pagina'));

  const [search, setSearch] = useState(q);
  const [debouncedSearch] = useDebouncedValue(search, 350);

  // Keep the box in step with the URL (back/forward buttons).
  useEffect(() => {
    setSearch((current) => (current.trim() === q.trim() ? current : q));
  }, [q]);

  useEffect(() => {
    if (debouncedSearch.trim() === q.trim()) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (debouncedSearch.trim()) next.set('q', debouncedSearch.trim());
        else next.delete('q');
        next.delete('pagina');
        return next;
      },
      { replace: true },
    );
  }, [debouncedSearch, q, setParams]);

  const setStatus = (value: string | null) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set('situacao', value);
      else next.delete('situacao');
      next.delete('pagina');
      return next;
    });
  };

  const setPage = (value: number) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value > 1) next.set('pagina', String(value));
      else next.delete('pagina');
      return next;
    });
    window.scrollTo({ top: 0 });
  };

  const clients = useClients({ q, status, page, pageSize: PAGE_SIZE });
  const columns = staff ? 8 : 7;
  const total = clients.data?.total ?? 0;
  const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Boolean(q || status);

  return (
    <>
      <PageHeader
        title="Clientes"
        description={
          staff
            ? 'Todos os clientes dos Hiperadores, com mensalidade, repasse e situação.'
            : 'Seus clientes, com a mensalidade, o repasse que você recebe e a situação de cada um.'
        }
        actions={
          <Group gap="sm">
            {me.data && BACK_OFFICE.includes(me.data.user.role) ? (
              <Button component={RouterLink} to="/clientes/importar" variant="default">
                Importar clientes (CSV)
              </Button>
            ) : null}
            <Button component={RouterLink} to="/clientes/escolha-o-produto">
              Novo contrato
            </Button>
          </Group>
        }
      />

      <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
        <ListFilters
          searchLabel="Buscar por nome ou CPF/CNPJ"
          search={search}
          onSearchChange={setSearch}
          statusOptions={STATUS_OPTIONS}
          status={status}
          onStatusChange={setStatus}
          statusWidth={240}
        />

        {clients.isError ? (
          <Stack p="md">
            <LoadErrorAlert
              error={clients.error}
              onRetry={() => void clients.refetch()}
              retrying={clients.isFetching}
              title="Não foi possível carregar os clientes"
            />
          </Stack>
        ) : clients.data && clients.data.items.length === 0 ? (
          <EmptyPanel
            bare
            icon={<IconUsers size={28} />}
            title="Nenhum cliente encontrado"
            description={
              filtered
                ? 'Nenhum cliente corresponde à busca ou à situação escolhida. Tente outro nome, CPF/CNPJ ou limpe os filtros.'
                : 'Quando houver clientes cadastrados, eles aparecerão aqui.'
            }
          >
            {filtered ? (
              <UnstyledButton
                c="brand.8"
                fw={500}
                fz="sm"
                onClick={() => {
                  setSearch('');
                  setParams(new URLSearchParams());
                }}
              >
                Limpar filtros
              </UnstyledButton>
            ) : null}
          </EmptyPanel>
        ) : (
          <Table.ScrollContainer minWidth={staff ? 980 : 860}>
            <Table
              verticalSpacing="sm"
              horizontalSpacing={staff ? 'xs' : 'sm'}
              highlightOnHover
              style={{ opacity: clients.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
            >
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th miw={170}>Cliente</Table.Th>
                  <Table.Th>CPF/CNPJ</Table.Th>
                  <Table.Th>Cidade/UF</Table.Th>
                  {staff ? <Table.Th>Hiperador</Table.Th> : null}
                  <Table.Th>Produto</Table.Th>
                  <Table.Th>Situação</Table.Th>
                  <Table.Th ta="right">Mensalidade</Table.Th>
                  <Table.Th>Liberado até</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {clients.data ? (
                  clients.data.items.map((client) => (
                    <ClientRow key={client.id} client={client} showReseller={staff} />
                  ))
                ) : (
                  <SkeletonRows columns={columns} />
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

        {clients.data && clients.data.items.length > 0 ? (
          <Group
            justify="space-between"
            p="md"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <Text size="sm" c="dimmed" data-testid="clients-total">
              {pluralClients(total)}
            </Text>
            {totalPages > 1 ? (
              <Pagination
                total={totalPages}
                value={Math.min(page, totalPages)}
                onChange={setPage}
                size="sm"
                getControlProps={(control) => ({ 'aria-label': CONTROL_LABELS[control] })}
              />
            ) : null}
          </Group>
        ) : null}
      </Paper>
    </>
  );
}
