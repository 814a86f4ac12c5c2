import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Modal,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { businessDateAt, formatDateBR } from '../../../domain/calendar/dates';
import { priceBookFromJson } from '../../../domain/pricing/catalog-json';
import type { QuoteConfiguration } from '../../../domain/pricing/price-quote';
import { isProductCode } from '../../../domain/pricing/products';
import { useCatalog } from '../../api/catalog';
import { ApiError, errorMessage } from '../../api/client';
import { useClient } from '../../api/clients';
import { useContract } from '../../api/contracts';
import {
  configurationFromInput,
  type Proposal,
  proposalPdfUrl,
  useProposal,
  useProposalAction,
} from '../../api/proposals';
import { EmptyPanel } from '../../components/empty-panel';
import { IconArrowLeft, IconCalendar, IconFileText, IconRefresh, IconSearch } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';
import { IssueContractPanel } from '../issue-contract-panel';
import { ContractBuilder } from './contract-builder';
import { ProposalStatusBadge } from './proposal-status-badge';

function BuilderSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Carregando a calculadora">
      <Skeleton height={30} width="40%" />
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Stack gap="lg" style={{ flex: 2 }}>
          <Skeleton height={120} />
          <Skeleton height={320} />
          <Skeleton height={160} />
        </Stack>
        <Skeleton height={420} style={{ flex: 1 }} />
      </Group>
    </Stack>
  );
}

function Crumbs({ items }: { items: { label: string; to?: string }[] }) {
  return (
    <Breadcrumbs mb="md" separatorMargin={6}>
      {items.map((item) =>
        item.to ? (
          <Anchor key={item.label} component={RouterLink} to={item.to} size="sm">
            {item.label}
          </Anchor>
        ) : (
          <Text key={item.label} size="sm" c="dimmed" lineClamp={1}>
            {item.label}
          </Text>
        ),
      )}
    </Breadcrumbs>
  );
}

/**
 * /contratos/novo?produto=hiper-gestao&cliente=<id>, or, for an alteração of an active client,
 * /contratos/novo?cliente=<id>&contrato=<contractId>: the calculator starts from that contract's
 * configuration (priced with today's price book; the contract's own prices stay frozen in it).
 */
export function NewContractPage() {
  const [params] = useSearchParams();
  const product = params.get('produto');
  const contractId = params.get('contrato');
  const catalog = useCatalog();
  const contract = useContract(contractId ?? '', { enabled: Boolean(contractId) });
  const clientId = params.get('cliente') ?? contract.data?.client.id ?? null;
  const client = useClient(clientId ?? '', { enabled: Boolean(clientId) });

  const initial = useMemo<QuoteConfiguration>(() => {
    if (contract.data) {
      // An alteração: no new setup fee by default (the client is already installed).
      return { ...configurationFromInput(contract.data.input), setupFee: false };
    }
    return {
      product: product && isProductCode(product) ? product : 'hiper-gestao',
      addons: {},
      apps: [],
      periodicity: 'mensal',
      setupFee: true,
      negotiatedMonthlyCents: null,
      paymentMethod: 'boleto',
      cardInstallments: null,
    };
  }, [product, contract.data]);

  const header = (
    <>
      <Crumbs
        items={
          contract.data
            ? [
                { label: 'Clientes', to: '/clientes' },
                {
                  label: contract.data.client.trade_name ?? contract.data.client.legal_name,
                  to: `/clientes/${encodeURIComponent(contract.data.client.id)}`,
                },
                { label: 'Nova contratação' },
              ]
            : [
                { label: 'Clientes', to: '/clientes' },
                {
                  label: 'Escolha o produto',
                  to: `/clientes/escolha-o-produto${clientId ? `?cliente=${encodeURIComponent(clientId)}` : ''}`,
                },
                { label: 'Geração de Contratos' },
              ]
        }
      />
      <Stack gap={4} mb="lg">
        <Title order={2}>Geração de Contratos</Title>
        <Text c="dimmed" size="sm">
          Monte o contrato: plano, adicionais, aplicativos, periodicidade, negociação e forma de pagamento. Os
          valores são recalculados a cada alteração.
        </Text>
      </Stack>
    </>
  );

  if (catalog.isError) {
    return (
      <>
        {header}
        <LoadErrorAlert
          error={catalog.error}
          onRetry={() => void catalog.refetch()}
          retrying={catalog.isFetching}
          title="Não foi possível carregar a tabela de preços"
        />
      </>
    );
  }
  if (contractId && contract.isError) {
    return (
      <>
        {header}
        <LoadErrorAlert
          error={contract.error}
          onRetry={() => void contract.refetch()}
          retrying={contract.isFetching}
          title="Não foi possível carregar o contrato atual"
        />
      </>
    );
  }
  if (!catalog.data || (clientId && client.isPending) || (contractId && contract.isPending)) {
    return (
      <>
        {header}
        <BuilderSkeleton />
      </>
    );
  }
  return (
    <>
      {header}
      {contract.data ? (
        <Alert
          color="blue"
          variant="light"
          mb="lg"
          title="Alteração contratual"
          data-testid="alteracao-alert"
        >
          Alteração do contrato nº {contract.data.number} (versão {contract.data.version}): os valores partem
          do contrato atual; ajuste plano, adicionais, aplicativos ou o valor negociado.
        </Alert>
      ) : null}
      <ContractBuilder
        key={`${initial.product}-${client.data?.id ?? ''}-${contract.data?.id ?? ''}`}
        book={catalog.data}
        initial={initial}
        client={client.data ?? null}
      />
    </>
  );
}

function ProposalNotFound() {
  return (
    <>
      <Crumbs items={[{ label: 'Contratos', to: '/contratos' }]} />
      <EmptyPanel
        icon={<IconSearch size={28} />}
        title="Proposta não encontrada"
        description="Esta proposta não existe ou não está disponível para o seu acesso."
      >
        <Button component={RouterLink} to="/contratos" leftSection={<IconArrowLeft size={16} />}>
          Voltar para Contratos
        </Button>
      </EmptyPanel>
    </>
  );
}

function CancelProposalButton({ proposal }: { proposal: Proposal }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useProposalAction(proposal.id, 'cancel');
  return (
    <>
      <Button variant="subtle" color="red" size="xs" fullWidth onClick={() => setConfirming(true)}>
        Cancelar proposta
      </Button>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Cancelar a proposta ${proposal.number}?`}
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            O cancelamento é definitivo: a proposta não poderá mais ser alterada nem virar contrato. Para
            negociar de novo, crie uma nova proposta.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Voltar
            </Button>
            <Button
              color="red"
              loading={cancel.isPending}
              onClick={() =>
                cancel.mutate(undefined, {
                  onSuccess: (p) => {
                    setConfirming(false);
                    notifications.show({
                      color: 'teal',
                      title: 'Proposta cancelada',
                      message: `A proposta ${p.number} foi cancelada.`,
                    });
                  },
                  onError: (err) =>
                    notifications.show({
                      color: 'red',
                      title: 'Não foi possível cancelar a proposta',
                      message: errorMessage(err),
                    }),
                })
              }
            >
              Cancelar proposta
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function ProposalActions({ proposal, dirty, valid }: { proposal: Proposal; dirty: boolean; valid: boolean }) {
  const ready = useProposalAction(proposal.id, 'ready');
  const expired = proposal.valid_until < businessDateAt(new Date());
  return (
    <Stack gap="xs">
      <Button
        component="a"
        href={proposalPdfUrl(proposal.id)}
        variant="default"
        fullWidth
        leftSection={<IconFileText size={16} />}
        download
      >
        Baixar PDF
      </Button>
      {proposal.status === 'rascunho' ? (
        <Button
          variant="light"
          color="teal"
          fullWidth
          disabled={dirty || !valid}
          loading={ready.isPending}
          onClick={() =>
            ready.mutate(undefined, {
              onSuccess: (p) =>
                notifications.show({
                  color: 'teal',
                  title: 'Proposta pronta para contrato',
                  message: `A proposta ${p.number} está pronta para virar contrato.`,
                }),
              onError: (err) =>
                notifications.show({
                  color: 'red',
                  title: 'Não foi possível marcar a proposta',
                  message: errorMessage(err),
                }),
            })
          }
        >
          Marcar como pronta para contrato
        </Button>
      ) : null}
      {proposal.status === 'pronta_para_contrato' && !dirty ? (
        <IssueContractPanel proposal={proposal} />
      ) : null}
      {proposal.status === 'rascunho' && dirty ? (
        <Text size="xs" c="dimmed" ta="center">
          Salve as alterações antes de marcar como pronta.
        </Text>
      ) : null}
      {expired && proposal.status !== 'cancelada' ? (
        <Text size="xs" c="orange.8" ta="center">
          Validade vencida em {formatDateBR(proposal.valid_until)}: atualize os preços e salve para renovar.
        </Text>
      ) : null}
      {proposal.status !== 'cancelada' ? <CancelProposalButton proposal={proposal} /> : null}
    </Stack>
  );
}

/** /propostas/:id — a saved proposal, reopened with its input and priced with ITS price book. */
export function ProposalPage() {
  const { id = '' } = useParams();
  const query = useProposal(id);
  const reprice = useProposalAction(id, 'reprice');
  const proposal = query.data;
  const book = useMemo(() => (proposal ? priceBookFromJson(proposal.price_book) : null), [proposal]);

  if (query.isPending) return <BuilderSkeleton />;
  if (query.isError || !proposal || !book) {
    if (query.error instanceof ApiError && query.error.status === 404) return <ProposalNotFound />;
    return (
      <>
        <Crumbs items={[{ label: 'Contratos', to: '/contratos' }]} />
        <LoadErrorAlert
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
          title="Não foi possível carregar a proposta"
        />
      </>
    );
  }

  const clientName = proposal.client.trade_name ?? proposal.client.legal_name;
  return (
    <>
      <Crumbs
        items={[
          { label: 'Clientes', to: '/clientes' },
          { label: clientName, to: `/clientes/${proposal.client.id}` },
          { label: `Proposta ${proposal.number}` },
        ]}
      />
      <Group justify="space-between" align="flex-end" mb="lg" gap="md">
        <Stack gap={4}>
          <Group gap="sm" align="center">
            <Title order={2}>Proposta {proposal.number}</Title>
            <ProposalStatusBadge status={proposal.status} size="lg" data-testid="proposal-status" />
          </Group>
          <Group gap="md">
            <Text size="sm" c="dimmed">
              Geração de Contratos · {clientName}
            </Text>
            <Group gap={4}>
              <IconCalendar size={14} color="var(--mantine-color-dimmed)" />
              <Text size="sm" c="dimmed" data-testid="valid-until">
                Válida até {formatDateBR(proposal.valid_until)}
              </Text>
            </Group>
            <Text size="sm" c="dimmed">
              Criada por {proposal.created_by_name} em{' '}
              {formatDateBR(businessDateAt(new Date(proposal.created_at)))}
            </Text>
          </Group>
        </Stack>
      </Group>

      {!proposal.price_book_is_current && proposal.status !== 'cancelada' ? (
        <Alert
          color="blue"
          variant="light"
          mb="lg"
          title="Tabela de preços anterior"
          data-testid="old-price-book"
        >
          <Group justify="space-between" gap="md">
            <Text size="sm">
              Esta proposta usa a tabela de preços de {formatDateBR(proposal.price_book.valid_from)}. Os
              valores ficam como estão até você atualizar.
            </Text>
            <Button
              size="xs"
              leftSection={<IconRefresh size={14} />}
              loading={reprice.isPending}
              onClick={() =>
                reprice.mutate(undefined, {
                  onSuccess: (p) =>
                    notifications.show({
                      color: 'teal',
                      title: 'Preços atualizados',
                      message: `A proposta ${p.number} agora usa a tabela vigente.`,
                    }),
                  onError: (err) =>
                    notifications.show({
                      color: 'red',
                      title: 'Não foi possível atualizar os preços',
                      message: errorMessage(err),
                    }),
                })
              }
            >
              Atualizar para a tabela vigente
            </Button>
          </Group>
        </Alert>
      ) : null}

      <ContractBuilder
        key={`${proposal.id}-${proposal.updated_at}`}
        book={book}
        initial={configurationFromInput(proposal.input)}
        client={proposal.client}
        proposal={proposal}
        renderActions={({ dirty, valid }) => (
          <ProposalActions proposal={proposal} dirty={dirty} valid={valid} />
        )}
      />
    </>
  );
}
