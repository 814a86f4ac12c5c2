import { Anchor, Group, Pagination, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { type KeyboardEvent, type ReactNode, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { PERIODICITY_LABELS } from '../../domain/pricing/catalog';
import { type ProposalSummary, useProposals } from '../api/proposals';
import { EmptyPanel } from '../components/empty-panel';
import { IconFileText } from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';
import { ProposalStatusBadge } from './calculator/proposal-status-badge';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const PAGE_SIZE = 20;

function ProposalRow({ p, showClient }: { p: ProposalSummary; showClient: boolean }) {
  const navigate = useNavigate();
  const href = `/propostas/${p.id}`;
  const open = () => navigate(href);
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter') open();
  };
  return (
    <Table.Tr onClick={open} onKeyDown={onKeyDown} style={{ cursor: 'pointer' }} data-testid="proposal-row">
      <Table.Td>
        <Anchor
          component={RouterLink}
          to={href}
          fw={600}
          size="sm"
          style={tabular}
          onClick={(e) => e.stopPropagation()}
        >
          {p.number}
        </Anchor>
      </Table.Td>
      <Table.Td style={tabular}>
        <Text size="sm">{formatDateBR(businessDateAt(new Date(p.created_at)))}</Text>
      </Table.Td>
      {showClient ? (
        <Table.Td>
          <Text size="sm" fw={500} lineClamp={1}>
            {p.client.trade_name ?? p.client.legal_name}
          </Text>
          <Text size="xs" c="dimmed" style={tabular}>
            {formatDocument(p.client.document)}
          </Text>
        </Table.Td>
      ) : null}
      <Table.Td>
        <Text size="sm">{p.product_name}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{PERIODICITY_LABELS[p.periodicity]}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" fw={600} style={tabular}>
          {formatBRL(p.monthly_negotiated_cents)}
        </Text>
        <Text size="xs" c="dimmed" style={tabular}>
          {formatBRL(p.period_total_cents)} no período
        </Text>
      </Table.Td>
      <Table.Td style={tabular}>
        <Text size="sm">{formatDateBR(p.valid_until)}</Text>
      </Table.Td>
      <Table.Td>
        <ProposalStatusBadge status={p.status} size="sm" />
      </Table.Td>
    </Table.Tr>
  );
}

/** The proposals the caller can see (optionally of one client), or the empty state when there are none. */
export function ProposalsTable({
  clientId,
  emptyTitle,
  emptyDescription,
  emptyActions,
}: {
  clientId?: string;
  emptyTitle: string;
  emptyDescription: ReactNode;
  emptyActions?: ReactNode;
}) {
  const [page, setPage] = useState(1);
  const query = useProposals({ clientId: clientId ?? null, page, pageSize: PAGE_SIZE });
  const showClient = !clientId;

  if (query.isError) {
    return (
      <LoadErrorAlert
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        title="Não foi possível carregar as propostas"
      />
    );
  }
  if (query.data && query.data.items.length === 0 && page === 1) {
    return (
      <EmptyPanel icon={<IconFileText size={28} />} title={emptyTitle} description={emptyDescription}>
        {emptyActions}
      </EmptyPanel>
    );
  }
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={showClient ? 900 : 760}>
        <Table verticalSpacing="sm" horizontalSpacing="sm" highlightOnHover>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>Número</Table.Th>
              <Table.Th>Data</Table.Th>
              {showClient ? <Table.Th>Cliente</Table.Th> : null}
              <Table.Th>Produto</Table.Th>
              <Table.Th>Periodicidade</Table.Th>
              <Table.Th ta="right">Mensalidade</Table.Th>
              <Table.Th>Válida até</Table.Th>
              <Table.Th>Situação</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data
              ? query.data.items.map((p) => <ProposalRow key={p.id} p={p} showClient={showClient} />)
              : [0, 1, 2].map((i) => (
                  <Table.Tr key={i}>
                    <Table.Td colSpan={showClient ? 8 : 7}>
                      <Skeleton height={14} />
                    </Table.Td>
                  </Table.Tr>
                ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.data ? (
        <Group
          justify="space-between"
          p="md"
          style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
        >
          <Text size="sm" c="dimmed">
            {total.toLocaleString('pt-BR')} {total === 1 ? 'proposta' : 'propostas'}
          </Text>
          {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} size="sm" /> : null}
        </Group>
      ) : (
        <Stack p="md" />
      )}
    </Paper>
  );
}
