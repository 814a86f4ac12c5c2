import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, Timeline } from '@mantine/core';
import { Link as RouterLink } from 'react-router';
import { BACK_OFFICE } from '../../domain/access/roles';
import { formatDateBR } from '../../domain/calendar/dates';
import { CONTRACT_KIND_LABELS, type ContractKind } from '../../domain/contracts/contract-rules';
import { formatBRL } from '../../domain/money/money';
import { type ClientEvent, useClientEvents } from '../api/clients';
import { documentUrl, useClientDocuments, useContracts } from '../api/contracts';
import { useMe } from '../api/session';
import { formatDateTimeBR } from '../components/date-time';
import { EmptyPanel } from '../components/empty-panel';
import { IconFileText, IconSignature } from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';
import { ClientInstallmentsPanel } from './billing/client-installments-panel';
import { ClientCardPanel } from './card/client-card-panel';
import { ChargesList } from './finance/charges-list';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

const DOCUMENT_KIND_LABELS = {
  proposta: 'Proposta',
  contrato: 'Contrato emitido',
  contrato_assinado: 'Contrato assinado',
} as const;

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('pt-BR')} KB`
    : `${(bytes / 1024 / 1024).toLocaleString('pt-BR', { maximumFractionDigits: 1 })} MB`;
}

/**
 * Histórico de contratação > Nova contratação: an alteração of an active client starts from its latest
 * signed contract (the calculator loads that contract's configuration). Nothing while there is none.
 */
export function NewContractingBar({ clientId }: { clientId: string }) {
  const signed = useContracts({ clientId, status: 'assinado', page: 1, pageSize: 1 });
  const latest = signed.data?.items[0];
  if (!latest) return null;
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" gap="md">
        <Stack gap={2}>
          <Text fw={600}>Alterar a contratação</Text>
          <Text size="sm" c="dimmed">
            Upgrade, downgrade, adicionais, aplicativos ou novo valor: a calculadora abre com o contrato nº{' '}
            {latest.number} (versão {latest.version}).
          </Text>
        </Stack>
        <Button
          component={RouterLink}
          to={`/contratos/novo?cliente=${encodeURIComponent(clientId)}&contrato=${encodeURIComponent(latest.id)}`}
        >
          Nova contratação
        </Button>
      </Group>
    </Paper>
  );
}

/** Cobranças: the client's card, installments (with its liberado até), charges and payments. */
export function ClientBillingPanel({ clientId }: { clientId: string }) {
  const me = useMe();
  const role = me.data?.user.role;
  return (
    <Stack gap="md">
      <ClientCardPanel clientId={clientId} />
      <ClientInstallmentsPanel clientId={clientId} />
      <ChargesList
        clientId={clientId}
        canCreate={role ? BACK_OFFICE.includes(role) : false}
        emptyDescription="As cobranças deste cliente (ativação, mensalidades e avulsas) e seus pagamentos aparecerão aqui."
      />
    </Stack>
  );
}

export function ClientDocumentsPanel({ clientId }: { clientId: string }) {
  const query = useClientDocuments(clientId);
  if (query.isError) {
    return (
      <LoadErrorAlert
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        title="Não foi possível carregar os documentos"
      />
    );
  }
  if (!query.data) return <Skeleton height={120} />;
  if (query.data.items.length === 0) {
    return (
      <EmptyPanel
        icon={<IconSignature size={28} />}
        title="Nenhum documento ainda."
        description="Os contratos emitidos para este cliente e, depois de assinados, os contratos assinados ficarão disponíveis aqui em PDF."
      />
    );
  }
  return (
    <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" horizontalSpacing="sm">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>Documento</Table.Th>
              <Table.Th>Tipo</Table.Th>
              <Table.Th>Contrato</Table.Th>
              <Table.Th>Gerado em</Table.Th>
              <Table.Th ta="right">Tamanho</Table.Th>
              <Table.Th>SHA-256</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.items.map((d) => (
              <Table.Tr key={d.id} data-testid="document-row">
                <Table.Td>
                  <Anchor href={documentUrl(d.id)} download size="sm" fw={600}>
                    <Group gap={6} wrap="nowrap">
                      <IconFileText size={16} />
                      {d.filename}
                    </Group>
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{DOCUMENT_KIND_LABELS[d.kind]}</Text>
                </Table.Td>
                <Table.Td style={tabular}>
                  <Text size="sm">
                    {d.contract?.number ? `${d.contract.number} (v${d.contract.version})` : '—'}
                  </Text>
                </Table.Td>
                <Table.Td style={tabular}>
                  <Text size="sm">{formatDateTimeBR(d.created_at)}</Text>
                </Table.Td>
                <Table.Td ta="right" style={tabular}>
                  <Text size="sm">{formatSize(d.size_bytes)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" ff="monospace" title={d.sha256}>
                    {d.sha256.slice(0, 16)}…
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

const ACTION_LABELS: Record<string, string> = {
  'client.created': 'Cliente cadastrado',
  'client.updated': 'Dados do cliente alterados',
  'proposal.created': 'Proposta criada',
  'proposal.updated': 'Proposta alterada',
  'proposal.repriced': 'Proposta atualizada para a tabela vigente',
  'proposal.ready': 'Proposta pronta para contrato',
  'proposal.cancelled': 'Proposta cancelada',
  'contract.issued': 'Contrato emitido',
  'contract.cancelled': 'Contrato cancelado',
  'contract.link_resent': 'Link de assinatura reenviado',
  'contract.signed': 'Contrato assinado',
  'contract.refused': 'Contrato recusado',
  'charge.created': 'Cobrança emitida',
  'charge.cancelled': 'Cobrança cancelada',
  'charge.pix_simulated': 'Pagamento Pix simulado (sandbox)',
  'charge.ted_confirmed': 'TED confirmada manualmente',
  'charge.card_charged': 'Cobrança no cartão',
  'card.link_sent': 'Link de cadastro do cartão enviado',
  'card.registered': 'Cartão de crédito cadastrado',
  'statement.entry_matched': 'Crédito do extrato conciliado',
};

const FIELD_LABELS: Record<string, string> = {
  document: 'CPF/CNPJ',
  legalName: 'razão social',
  tradeName: 'nome fantasia',
  email: 'e-mail',
  phone: 'telefone',
  contactName: 'contato',
  street: 'logradouro',
  number: 'número',
  district: 'bairro',
  city: 'cidade',
  state: 'UF',
  cep: 'CEP',
  stateRegistration: 'inscrição estadual',
  billingEmails: 'e-mails de cobrança',
  responsibleName: 'nome do responsável',
  responsibleCpf: 'CPF do responsável',
  responsibleEmail: 'e-mail do responsável',
};

function eventDetail(e: ClientEvent): string | null {
  const d = e.details;
  const number = typeof d.number === 'string' ? d.number : null;
  switch (e.action) {
    case 'client.updated':
      return Array.isArray(d.changed)
        ? `Campos: ${(d.changed as string[]).map((f) => FIELD_LABELS[f] ?? f).join(', ')}`
        : null;
    case 'contract.issued': {
      const kind = CONTRACT_KIND_LABELS[d.kind as ContractKind] ?? '';
      const keep =
        typeof d.keepPaidThrough === 'string'
          ? ` · mantém liberado até ${formatDateBR(d.keepPaidThrough)}`
          : '';
      return `Nº ${number} · versão ${d.version} · ${kind}${keep}`;
    }
    case 'contract.cancelled':
      return `Nº ${number} · versão ${d.version} · ${typeof d.reason === 'string' ? d.reason : ''}`;
    case 'contract.link_resent':
    case 'contract.signed':
    case 'contract.refused':
      return `Nº ${number} · versão ${d.version}`;
    default:
      if (e.action.startsWith('charge.') || e.action.startsWith('statement.')) {
        const amount = typeof d.amount_cents === 'number' ? ` · ${formatBRL(d.amount_cents)}` : '';
        const reason = typeof d.reason === 'string' ? ` · ${d.reason}` : '';
        return number ? `Cobrança ${number}${amount}${reason}` : null;
      }
      if (e.action.startsWith('card.')) {
        return typeof d.last4 === 'string'
          ? `${typeof d.brand === 'string' ? d.brand : 'Cartão'} final ${d.last4}`
          : null;
      }
      return number ? `Proposta ${number}` : null;
  }
}

export function ClientEventsPanel({ clientId }: { clientId: string }) {
  const query = useClientEvents(clientId);
  if (query.isError) {
    return (
      <LoadErrorAlert
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        title="Não foi possível carregar os eventos"
      />
    );
  }
  if (!query.data) return <Skeleton height={160} />;
  if (query.data.items.length === 0) {
    return (
      <EmptyPanel
        icon={<IconFileText size={28} />}
        title="Nenhum evento registrado."
        description="Cadastro, alterações, propostas e contratos deste cliente aparecem aqui, com quem fez e quando."
      />
    );
  }
  return (
    <Paper withBorder p="lg">
      <Timeline bulletSize={14} lineWidth={2}>
        {query.data.items.map((e) => (
          <Timeline.Item
            key={e.id}
            data-testid="event-row"
            title={
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {ACTION_LABELS[e.action] ?? e.action}
                </Text>
                {e.entity_type === 'contract' ? (
                  <Badge size="xs" variant="light" color="grape">
                    Contrato
                  </Badge>
                ) : e.entity_type === 'proposal' ? (
                  <Badge size="xs" variant="light">
                    Proposta
                  </Badge>
                ) : null}
              </Group>
            }
          >
            <Stack gap={0}>
              {eventDetail(e) ? (
                <Text size="sm" c="dimmed">
                  {eventDetail(e)}
                </Text>
              ) : null}
              <Text size="xs" c="dimmed" style={tabular}>
                {formatDateTimeBR(e.at)}
                {e.actor_email ? ` · ${e.actor_email}` : ''}
              </Text>
            </Stack>
          </Timeline.Item>
        ))}
      </Timeline>
    </Paper>
  );
}
