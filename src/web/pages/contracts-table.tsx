import { Anchor, Badge, Group, Pagination, Paper, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { CONTRACT_STATUS_LABELS, type ContractStatus } from '../../domain/contracts/contract-rules';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { PERIODICITY_LABELS } from '../../domain/pricing/catalog';
import { type ContractSummary, documentUrl, useContracts } from '../api/contracts';
import { IconFileText } from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const PAGE_SIZE = 20;

export const CONTRACT_STATUS_COLORS: Record<ContractStatus, string> = {
  aguardando_assinatura: 'orange',
  assinado: 'teal',
  recusado: 'red',
  cancelado: 'gray',
};

export function ContractStatusBadge({ status }: { status: ContractStatus }) {
  return (
    <Badge variant="light" radius="sm" tt="none" fw={600} color={CONTRACT_STATUS_COLORS[status]} size="sm">
      {CONTRACT_STATUS_LABELS[status]}
    </Badge>
  );
}

function ContractRow({ c, showClient }: { c: ContractSummary; showClient: boolean }) {
  return (
    <Table.Tr data-testid="contract-row">
      <Table.Td>
        <Text size="sm" fw={600} style={tabular}>
          {c.number}
        </Text>
        {c.proposal ? (
          <Anchor component={RouterLink} to={`/propostas/${c.proposal.id}`} size="xs" c="dimmed">
            Proposta {c.proposal.number}
          </Anchor>
        ) : null}
      </Table.Td>
      <Table.Td style={tabular}>
        <Text size="sm">v{c.version}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.kind_label}</Text>
        {c.keep_paid_through ? (
          <Text size="xs" c="dimmed">
            Mantém liberado até {formatDateBR(c.keep_paid_through)}
          </Text>
        ) : null}
      </Table.Td>
      {showClient ? (
        <Table.Td>
          <Anchor component={RouterLink} to={`/clientes/${c.client.id}`} size="sm" fw={500} lineClamp={1}>
            {c.client.trade_name ?? c.client.legal_name}
          </Anchor>
          <Text size="xs" c="dimmed" style={tabular}>
            {formatDocument(c.client.document)}
          </Text>
        </Table.Td>
      ) : null}
      <Table.Td>
        <Text size="sm">{c.product_name}</Text>
        <Text size="xs" c="dimmed">
          {PERIODICITY_LABELS[c.periodicity]}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" fw={600} style={tabular}>
          {formatBRL(c.monthly_negotiated_cents)}
        </Text>
      </Table.Td>
      <Table.Td style={tabular}>
        <Text size="sm">{formatDateBR(businessDateAt(new Date(c.issued_at)))}</Text>
      </Table.Td>
      <Table.Td>
        {c.cancel_reason ? (
          <Tooltip label={c.cancel_reason} withArrow>
            <span>
              <ContractStatusBadge status={c.status} />
            </span>
          </Tooltip>
        ) : (
          <ContractStatusBadge status={c.status} />
        )}
      </Table.Td>
      <Table.Td>
        {c.document_id ? (
          <Anchor
            href={documentUrl(c.document_id)}
            size="sm"
            download
            aria-label={`PDF do contrato ${c.number}`}
          >
            <Group gap={4} wrap="nowrap">
              <IconFileText size={14} /> PDF
            </Group>
          </Anchor>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/** Contract versions the caller can see (optionally of one client); nothing at all when there are none. */
export function ContractsTable({ clientId, emptyText }: { clientId?: string; emptyText?: string }) {
  const [page, setPage] = useState(1);
  const query = useContracts({ clientId: clientId ?? null, page, pageSize: PAGE_SIZE });
  const showClient = !clientId;

  if (query.isError) {
    return (
      <LoadErrorAlert
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        title="Não foi possível carregar os contratos"
      />
    );
  }
  if (query.data && query.data.items.length === 0 && page === 1) {
    return emptyText ? (
      <Text size="sm" c="dimmed">
        {emptyText}
      </Text>
    ) : null;
  }
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const columns = showClient ? 9 : 8;
  return (
    <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={showClient ? 980 : 820}>
        <Table verticalSpacing="sm" horizontalSpacing="sm">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>Número</Table.Th>
              <Table.Th>Versão</Table.Th>
              <Table.Th>Tipo</Table.Th>
              {showClient ? <Table.Th>Cliente</Table.Th> : null}
              <Table.Th>Produto</Table.Th>
              <Table.Th ta="right">Mensalidade</Table.Th>
              <Table.Th>Emitido em</Table.Th>
              <Table.Th>Situação</Table.Th>
              <Table.Th>Documento</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data
              ? query.data.items.map((c) => <ContractRow key={c.id} c={c} showClient={showClient} />)
              : [0, 1].map((i) => (
                  <Table.Tr key={i}>
                    <Table.Td colSpan={columns}>
                      <Skeleton height={14} />
                    </Table.Td>
                  </Table.Tr>
                ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.data && pages > 1 ? (
        <Group
          justify="flex-end"
          p="md"
          style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
        >
          <Pagination total={pages} value={page} onChange={setPage} size="sm" />
        </Group>
      ) : null}
    </Paper>
  );
}
