import {
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Pagination,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { CONTRACT_STATUS_LABELS, type ContractStatus } from '../../domain/contracts/contract-rules';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { PERIODICITY_LABELS } from '../../domain/pricing/catalog';
import { errorMessage } from '../api/client';
import {
  type ContractSummary,
  documentUrl,
  maskEmailForDisplay,
  useCancelContract,
  useClientDocuments,
  useContracts,
  useResendSigningLink,
} from '../api/contracts';
import { formatDateTimeBR } from '../components/date-time';
import { IconChevronDown, IconFileText, IconMail } from '../components/icons';
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

const REASON_MIN = 3;
const REASON_MAX = 500;

function CancelContractModal({
  contract,
  onClose,
}: {
  contract: ContractSummary | null;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const cancel = useCancelContract();
  const trimmed = reason.trim();
  const invalid = trimmed.length < REASON_MIN || trimmed.length > REASON_MAX;
  const close = () => {
    setReason('');
    cancel.reset();
    onClose();
  };
  return (
    <Modal
      opened={contract !== null}
      onClose={close}
      title={contract ? `Cancelar o contrato ${contract.number} (versão ${contract.version})` : ''}
      centered
    >
      <Stack gap="md">
        <Text size="sm">
          A versão deixa de aguardar assinatura e o link enviado ao responsável deixa de valer. O cliente e as
          propostas continuam como estão.
        </Text>
        <Textarea
          label="Motivo do cancelamento"
          placeholder="Ex.: cliente pediu outra configuração"
          autosize
          minRows={3}
          maxLength={REASON_MAX}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={cancel.error ? errorMessage(cancel.error) : undefined}
          description={`De ${REASON_MIN} a ${REASON_MAX} caracteres.`}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            Voltar
          </Button>
          <Button
            color="red"
            disabled={invalid}
            loading={cancel.isPending}
            onClick={() =>
              contract &&
              cancel.mutate(
                { id: contract.id, reason: trimmed },
                {
                  onSuccess: (c) => {
                    notifications.show({
                      color: 'teal',
                      title: 'Versão cancelada',
                      message: `O contrato ${c.number} (versão ${c.version}) foi cancelado.`,
                    });
                    close();
                  },
                },
              )
            }
          >
            Cancelar versão
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PendingActions({ c, onCancel }: { c: ContractSummary; onCancel: () => void }) {
  const resend = useResendSigningLink();
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={240}>
      <Menu.Target>
        <Button
          size="compact-xs"
          variant="light"
          rightSection={<IconChevronDown size={12} />}
          loading={resend.isPending}
          aria-label={`Ações do contrato ${c.number} versão ${c.version}`}
        >
          Ações
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<IconMail size={14} />}
          onClick={() =>
            resend.mutate(
              { id: c.id, clientId: c.client.id },
              {
                onSuccess: (sent) =>
                  notifications.show({
                    color: 'teal',
                    title: 'Link de assinatura reenviado',
                    message: `Novo link enviado para ${maskEmailForDisplay(sent.sent_to)}. O link anterior deixou de valer.`,
                  }),
                onError: (err) =>
                  notifications.show({
                    color: 'red',
                    title: 'Não foi possível reenviar o link',
                    message: errorMessage(err),
                  }),
              },
            )
          }
        >
          Reenviar link de assinatura
        </Menu.Item>
        <Menu.Item color="red" onClick={onCancel}>
          Cancelar versão
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function ContractRow({
  c,
  showClient,
  signedDocumentId,
  onCancel,
}: {
  c: ContractSummary;
  showClient: boolean;
  signedDocumentId: string | null;
  onCancel: (c: ContractSummary) => void;
}) {
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
        {c.signed_at ? (
          <Text size="xs" c="dimmed" mt={2} style={tabular} data-testid="contract-signed-at">
            em {formatDateTimeBR(c.signed_at)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {signedDocumentId ? (
            <Anchor
              href={documentUrl(signedDocumentId)}
              size="sm"
              fw={600}
              download
              aria-label={`PDF assinado do contrato ${c.number}`}
            >
              <Group gap={4} wrap="nowrap">
                <IconFileText size={14} /> PDF assinado
              </Group>
            </Anchor>
          ) : null}
          {c.document_id ? (
            <Anchor
              href={documentUrl(c.document_id)}
              size={signedDocumentId ? 'xs' : 'sm'}
              c={signedDocumentId ? 'dimmed' : undefined}
              download
              aria-label={`PDF do contrato ${c.number}`}
            >
              <Group gap={4} wrap="nowrap">
                <IconFileText size={14} /> {signedDocumentId ? 'PDF emitido' : 'PDF'}
              </Group>
            </Anchor>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        {c.status === 'aguardando_assinatura' ? <PendingActions c={c} onCancel={() => onCancel(c)} /> : null}
      </Table.Td>
    </Table.Tr>
  );
}

/** Contract versions the caller can see (optionally of one client); nothing at all when there are none. */
export function ContractsTable({ clientId, emptyText }: { clientId?: string; emptyText?: string }) {
  const [page, setPage] = useState(1);
  const query = useContracts({ clientId: clientId ?? null, page, pageSize: PAGE_SIZE });
  const showClient = !clientId;
  const [cancelling, setCancelling] = useState<ContractSummary | null>(null);
  // On a client's page, the signed PDFs come from Documentos (one per signed version).
  const documents = useClientDocuments(clientId ?? '', { enabled: Boolean(clientId) });
  const signedByContract = new Map(
    (documents.data?.items ?? [])
      .filter((d) => d.kind === 'contrato_assinado' && d.contract)
      .map((d) => [d.contract!.id, d.id]),
  );

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
  const columns = showClient ? 10 : 9;
  return (
    <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={showClient ? 1060 : 900}>
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
              <Table.Th aria-label="Ações" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data
              ? query.data.items.map((c) => (
                  <ContractRow
                    key={c.id}
                    c={c}
                    showClient={showClient}
                    signedDocumentId={signedByContract.get(c.id) ?? null}
                    onCancel={setCancelling}
                  />
                ))
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
      <CancelContractModal contract={cancelling} onClose={() => setCancelling(null)} />
    </Paper>
  );
}
