import { Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { useResellers } from '../api/resellers';
import type { ResellerSummary } from '../api/types';
import { EmptyPanel } from '../components/empty-panel';
import { IconBuildingStore, IconCash, IconUsers } from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';
import { PageHeader } from '../components/page-header';
import { MoneyCell } from './clients-page';

const COLUMNS = 6;
const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function count(n: number, singular: string, plural: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? singular : plural}`;
}

function SummaryCard({
  label,
  icon,
  color,
  value,
  hint,
}: {
  label: string;
  icon: ReactNode;
  color: string;
  value: ReactNode;
  hint: ReactNode;
}) {
  return (
    <Paper withBorder p="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
            {label}
          </Text>
          <Text fz={26} fw={700} lh={1.2} style={NUMERIC}>
            {value}
          </Text>
          {hint}
        </Stack>
        <ThemeIcon variant="light" color={color} size={40} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}

function Summary({ items }: { items: ResellerSummary[] | undefined }) {
  if (!items) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg" aria-busy="true" aria-label="Carregando resumo">
        <Skeleton height={108} />
        <Skeleton height={108} />
        <Skeleton height={108} />
      </SimpleGrid>
    );
  }
  const active = items.filter((r) => r.active).length;
  const clientsActive = items.reduce((sum, r) => sum + r.clients_active, 0);
  const clientsTotal = items.reduce((sum, r) => sum + r.clients_total, 0);
  const fees = items.reduce((sum, r) => sum + r.monthly_fee_total_cents, 0);
  const repasse = items.reduce((sum, r) => sum + r.repasse_total_cents, 0);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg" data-testid="resellers-summary">
      <SummaryCard
        label="Hiperadores"
        icon={<IconBuildingStore size={22} />}
        color="brand"
        value={items.length.toLocaleString('pt-BR')}
        hint={
          <Text size="sm" c="dimmed">
            {count(active, 'ativo', 'ativos')}
          </Text>
        }
      />
      <SummaryCard
        label="Clientes em cobrança"
        icon={<IconUsers size={22} />}
        color="teal"
        value={clientsActive.toLocaleString('pt-BR')}
        hint={
          <Text size="sm" c="dimmed">
            de {count(clientsTotal, 'cliente cadastrado', 'clientes cadastrados')}
          </Text>
        }
      />
      <SummaryCard
        label="Mensalidades por mês"
        icon={<IconCash size={22} />}
        color="violet"
        value={formatBRL(fees)}
        hint={
          <Text size="sm" c="teal.8" title="Repasse mensal aos Hiperadores">
            Repasse{' '}
            <Text span fw={600} inherit style={NUMERIC}>
              {formatBRL(repasse)}
            </Text>
          </Text>
        }
      />
    </SimpleGrid>
  );
}

function ResellerRow({ reseller }: { reseller: ResellerSummary }) {
  return (
    <Table.Tr data-testid="reseller-row">
      <Table.Td>
        <Text size="sm" fw={600}>
          {reseller.name}
        </Text>
        {reseller.legal_name !== reseller.name ? (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {reseller.legal_name}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={NUMERIC}>
          {formatDocument(reseller.document)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {reseller.city}/{reseller.state}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={NUMERIC}>
          {count(reseller.clients_total, 'cliente', 'clientes')}
        </Text>
        <Text size="xs" c="dimmed" style={NUMERIC}>
          {count(reseller.clients_active, 'ativo', 'ativos')}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <MoneyCell fee={reseller.monthly_fee_total_cents} repasse={reseller.repasse_total_cents} />
      </Table.Td>
      <Table.Td>
        <Badge
          variant="light"
          radius="sm"
          tt="none"
          fw={600}
          size="sm"
          color={reseller.active ? 'teal' : 'gray'}
        >
          {reseller.active ? 'Ativo' : 'Inativo'}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

function SkeletonRows() {
  return (
    <>
      {Array.from({ length: 4 }, (_, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
        <Table.Tr key={row}>
          {Array.from({ length: COLUMNS }, (_, col) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder cells
            <Table.Td key={col}>
              <Skeleton height={12} radius="sm" width={col === 0 ? '80%' : '60%'} />
              {col === 0 || col === 3 || col === 4 ? (
                <Skeleton height={10} radius="sm" width="45%" mt={6} />
              ) : null}
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </>
  );
}

export function ResellersPage() {
  const resellers = useResellers();
  const items = resellers.data?.items;

  return (
    <>
      <PageHeader
        title="Hiperadores"
        description="Revendas credenciadas, com a carteira de clientes, as mensalidades em cobrança e o repasse mensal de cada uma."
      />

      {resellers.isError ? (
        <LoadErrorAlert
          error={resellers.error}
          onRetry={() => void resellers.refetch()}
          retrying={resellers.isFetching}
          title="Não foi possível carregar os Hiperadores"
        />
      ) : items && items.length === 0 ? (
        <EmptyPanel
          icon={<IconBuildingStore size={28} />}
          title="Nenhum Hiperador encontrado"
          description="Quando houver revendas credenciadas na sua carteira, elas aparecerão aqui com os clientes e o repasse de cada uma."
        />
      ) : (
        <>
          <Summary items={items} />
          <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="sm" horizontalSpacing="sm">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th miw={200}>Hiperador</Table.Th>
                    <Table.Th>CNPJ</Table.Th>
                    <Table.Th>Cidade/UF</Table.Th>
                    <Table.Th>Clientes</Table.Th>
                    <Table.Th ta="right">Mensalidades</Table.Th>
                    <Table.Th>Situação</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items ? (
                    items.map((reseller) => <ResellerRow key={reseller.id} reseller={reseller} />)
                  ) : (
                    <SkeletonRows />
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        </>
      )}
    </>
  );
}
