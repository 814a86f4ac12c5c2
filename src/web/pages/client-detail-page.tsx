import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  DataList,
  Grid,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { isStaff } from '../../domain/access/roles';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { ApiError } from '../api/client';
import { useClient } from '../api/clients';
import { useMe } from '../api/session';
import type { ClientDetail } from '../api/types';
import { formatCep, formatPhone, productLabel } from '../components/client-labels';
import { EmptyPanel } from '../components/empty-panel';
import {
  IconArrowLeft,
  IconBox,
  IconBuildingStore,
  IconCalendar,
  IconCash,
  IconSearch,
} from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';
import { StatusBadge } from '../components/status-badge';
import { ApiKeysPanel } from './api-keys-panel';
import { ClientEditModal } from './client-edit-modal';
import {
  ClientBillingPanel,
  ClientDocumentsPanel,
  ClientEventsPanel,
  NewContractingBar,
} from './client-history-panels';
import { ClientRepassePanel } from './client-repasse-panel';
import { ContractsTable } from './contracts-table';
import { ProposalsTable } from './proposals-table';

function BackCrumbs({ current }: { current?: string }) {
  return (
    <Breadcrumbs mb="md" separatorMargin={6}>
      <Anchor component={RouterLink} to="/clientes" size="sm">
        Clientes
      </Anchor>
      {current ? (
        <Text size="sm" c="dimmed" lineClamp={1}>
          {current}
        </Text>
      ) : null}
    </Breadcrumbs>
  );
}

function StatCard({
  label,
  icon,
  color,
  children,
}: {
  label: string;
  icon: ReactNode;
  color: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
            {label}
          </Text>
          {children}
        </Stack>
        <ThemeIcon variant="light" color={color} size={40} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Card>
  );
}

function Value({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === '') {
    return (
      <Text size="sm" c="dimmed">
        Não informado
      </Text>
    );
  }
  return <Text size="sm">{children}</Text>;
}

function addressLines(client: ClientDetail): string[] {
  const a = client.address;
  const first = [a.street, a.number].filter(Boolean).join(', ');
  const second = [a.district, `${a.city}/${a.state}`].filter(Boolean).join(' — ');
  return [first, second, a.cep ? `CEP ${formatCep(a.cep)}` : ''].filter(Boolean);
}

function ClientNotFound() {
  return (
    <>
      <BackCrumbs />
      <EmptyPanel
        icon={<IconSearch size={28} />}
        title="Cliente não encontrado"
        description="Este cliente não existe ou não está disponível para o seu acesso. Confira o endereço ou volte à lista de clientes."
      >
        <Button component={RouterLink} to="/clientes" leftSection={<IconArrowLeft size={16} />}>
          Voltar para Clientes
        </Button>
      </EmptyPanel>
    </>
  );
}

function DetailSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Carregando cliente">
      <Skeleton height={14} width={160} />
      <Skeleton height={30} width="45%" />
      <Skeleton height={14} width="30%" />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Skeleton height={110} />
        <Skeleton height={110} />
        <Skeleton height={110} />
      </SimpleGrid>
      <Skeleton height={240} />
    </Stack>
  );
}

export function ClientDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const staff = me.data ? isStaff(me.data.user.role) : false;
  const query = useClient(id);
  const [editing, setEditing] = useState(false);

  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <ClientNotFound />;
    return (
      <>
        <BackCrumbs />
        <LoadErrorAlert
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
          title="Não foi possível carregar o cliente"
        />
      </>
    );
  }

  const client = query.data;
  const name = client.trade_name ?? client.legal_name;
  const product = productLabel(client.product_code);

  return (
    <>
      <BackCrumbs current={name} />

      <Group justify="space-between" align="flex-start" mb="lg" gap="md">
        <Stack gap={4}>
          <Group gap="sm" align="center">
            <Title order={2}>{name}</Title>
            <StatusBadge status={client.status} size="lg" />
          </Group>
          {client.trade_name ? <Text c="dimmed">{client.legal_name}</Text> : null}
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {client.document.length === 11 ? 'CPF' : 'CNPJ'} {formatDocument(client.document)}
          </Text>
        </Stack>
        <Group gap="sm">
          <Button
            variant="default"
            component={RouterLink}
            to="/clientes"
            leftSection={<IconArrowLeft size={16} />}
          >
            Voltar
          </Button>
          <Button component={RouterLink} to={`/clientes/escolha-o-produto?cliente=${client.id}`}>
            Novo contrato
          </Button>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg">
        <StatCard label="Mensalidade" icon={<IconCash size={22} />} color="brand">
          <Text fz={26} fw={700} lh={1.2} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {client.monthly_fee_cents === null ? '—' : formatBRL(client.monthly_fee_cents)}
          </Text>
          <Text size="sm" c="teal.8">
            Repasse ao Hiperador:{' '}
            <Text span fw={600} inherit>
              {client.repasse_cents === null ? '—' : formatBRL(client.repasse_cents)}
            </Text>
          </Text>
        </StatCard>
        <StatCard label="Liberado até" icon={<IconCalendar size={22} />} color="teal">
          <Text fz={26} fw={700} lh={1.2} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {client.paid_through ? formatDateBR(client.paid_through) : '—'}
          </Text>
          <Text size="sm" c="dimmed">
            {client.activated_on ? `Ativo desde ${formatDateBR(client.activated_on)}` : 'Ainda não ativado'}
          </Text>
        </StatCard>
        <StatCard label="Produto" icon={<IconBox size={22} />} color="violet">
          <Text fz={26} fw={700} lh={1.2}>
            {product ?? '—'}
          </Text>
          <Text size="sm" c="dimmed">
            {product ? 'Plano contratado' : 'Nenhum plano contratado'}
          </Text>
        </StatCard>
      </SimpleGrid>

      <ClientEditModal
        key={client.updated_at}
        client={client}
        opened={editing}
        onClose={() => setEditing(false)}
      />

      <Tabs defaultValue="dados" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="dados">Dados</Tabs.Tab>
          <Tabs.Tab value="historico">Histórico de contratação</Tabs.Tab>
          <Tabs.Tab value="documentos">Documentos</Tabs.Tab>
          <Tabs.Tab value="cobrancas">Cobranças</Tabs.Tab>
          <Tabs.Tab value="repasse">Repasse</Tabs.Tab>
          <Tabs.Tab value="eventos">Eventos</Tabs.Tab>
          <Tabs.Tab value="instalacoes">Instalações</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="dados">
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Card h="100%">
                <Group justify="space-between" mb="md">
                  <Title order={4}>Dados cadastrais</Title>
                  <Button size="xs" variant="light" onClick={() => setEditing(true)}>
                    Editar dados
                  </Button>
                </Group>
                <DataList orientation="horizontal" withDivider labelWidth={150}>
                  <DataList.Item>
                    <DataList.ItemLabel>Razão social</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Value>{client.legal_name}</Value>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Nome fantasia</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Value>{client.trade_name}</Value>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Inscrição estadual</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Value>{client.state_registration}</Value>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>E-mail</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Anchor href={`mailto:${client.email}`} size="sm">
                        {client.email}
                      </Anchor>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>E-mails de cobrança</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Value>{client.billing_emails.join(', ')}</Value>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Telefone</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Value>{client.phone ? formatPhone(client.phone) : null}</Value>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Contato</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Value>{client.contact_name}</Value>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Endereço</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Stack gap={0}>
                        {addressLines(client).map((line) => (
                          <Text size="sm" key={line}>
                            {line}
                          </Text>
                        ))}
                      </Stack>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Responsável pela assinatura</DataList.ItemLabel>
                    <DataList.ItemValue>
                      {client.responsible.name ? (
                        <Stack gap={0} data-testid="responsible">
                          <Text size="sm">{client.responsible.name}</Text>
                          <Text size="xs" c="dimmed">
                            {[
                              client.responsible.cpf ? `CPF ${formatDocument(client.responsible.cpf)}` : null,
                              client.responsible.email,
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                          </Text>
                        </Stack>
                      ) : (
                        <Text size="sm" c="orange.8">
                          Não informado — necessário para emitir o contrato
                        </Text>
                      )}
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Cadastrado em</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Value>{formatDateBR(businessDateAt(new Date(client.created_at)))}</Value>
                    </DataList.ItemValue>
                  </DataList.Item>
                </DataList>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Card h="100%">
                <Group gap="sm" mb="md" wrap="nowrap">
                  <ThemeIcon variant="light" size={36} radius="md">
                    <IconBuildingStore size={20} />
                  </ThemeIcon>
                  <Title order={4}>Hiperador</Title>
                </Group>
                <Text fw={600}>{client.reseller.name}</Text>
                <Text size="sm" c="dimmed" mt={4}>
                  {staff
                    ? 'Revenda responsável pelo atendimento e pela cobrança deste cliente.'
                    : 'Sua revenda é a responsável pelo atendimento deste cliente.'}
                </Text>
                {client.repasse_cents !== null ? (
                  <Text size="sm" mt="md">
                    Repasse mensal:{' '}
                    <Text span fw={600} c="teal.8" inherit>
                      {formatBRL(client.repasse_cents)}
                    </Text>
                  </Text>
                ) : null}
              </Card>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>

        <Tabs.Panel value="historico">
          <Stack gap="lg">
            <NewContractingBar clientId={client.id} />
            <ContractsTable clientId={client.id} />
            <ProposalsTable
              clientId={client.id}
              emptyTitle="Nenhum contrato emitido ainda."
              emptyDescription="Os contratos e aditivos emitidos para este cliente aparecerão aqui, com a data de cada contratação."
            />
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="documentos">
          <ClientDocumentsPanel clientId={client.id} />
        </Tabs.Panel>

        <Tabs.Panel value="cobrancas">
          <ClientBillingPanel clientId={client.id} />
        </Tabs.Panel>

        <Tabs.Panel value="repasse">
          <ClientRepassePanel clientId={client.id} />
        </Tabs.Panel>

        <Tabs.Panel value="eventos">
          <ClientEventsPanel clientId={client.id} />
        </Tabs.Panel>

        <Tabs.Panel value="instalacoes">
          <ApiKeysPanel clientId={client.id} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
