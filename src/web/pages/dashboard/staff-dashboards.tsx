import {
  Anchor,
  Badge,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link as RouterLink } from 'react-router';
import { formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL } from '../../../domain/money/money';
import {
  type BackOfficeDashboard,
  type PortfolioDashboard,
  type RankingRow,
  useBackOfficeDashboard,
  usePortfolioDashboard,
} from '../../api/dashboards';
import { formatDateTimeBR } from '../../components/date-time';
import { IconAlertCircle, IconBuildingStore, IconCash, IconReceipt, IconUsers } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';
import { AgingChart, ClientsByStatusChart } from './charts';
import { percentFromBp } from './format';
import { MetricCard } from './reseller-dashboard';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function Loading() {
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={110} radius="md" />
        ))}
      </SimpleGrid>
      <Skeleton h={300} radius="md" />
    </Stack>
  );
}

/** The ranking of Hiperadores; the name opens that Hiperador's dashboard. */
export function RankingTable({ rows, onOpen }: { rows: RankingRow[]; onOpen: (id: string) => void }) {
  return (
    <Card data-testid="reseller-ranking">
      <Title order={4}>Ranking de Hiperadores</Title>
      <Text size="sm" c="dimmed" mb="sm">
        Por MRR. Clique no nome para abrir o painel do Hiperador.
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nenhum Hiperador atribuído a você.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>#</Table.Th>
                <Table.Th>Hiperador</Table.Th>
                <Table.Th ta="right">MRR</Table.Th>
                <Table.Th ta="right">Clientes ativos</Table.Th>
                <Table.Th ta="right">Inadimplência</Table.Th>
                <Table.Th ta="right">Repasse do mês</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={r.reseller.id}>
                  <Table.Td style={tabular}>{i + 1}</Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" size="sm" onClick={() => onOpen(r.reseller.id)}>
                      {r.reseller.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {formatBRL(r.mrr_cents)}
                  </Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {r.active_clients.toLocaleString('pt-BR')}
                  </Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {percentFromBp(r.delinquency.rate_bp)}
                  </Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {formatBRL(r.month_repasse_cents)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function Totals({ d }: { d: PortfolioDashboard }) {
  const t = d.totals;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <MetricCard
          label="MRR"
          testId="metric-mrr"
          value={formatBRL(t.mrr_cents)}
          hint={`${d.ranking.length.toLocaleString('pt-BR')} Hiperador(es)`}
          icon={<IconCash size={22} />}
          color="brand"
          help={d.definitions.mrr}
        />
        <MetricCard
          label="Clientes ativos"
          testId="metric-active"
          value={t.clients_by_status.ativo.toLocaleString('pt-BR')}
          hint={`${t.clients_by_status.inadimplente.toLocaleString('pt-BR')} inadimplente(s)`}
          icon={<IconUsers size={22} />}
          color="teal"
        />
        <MetricCard
          label="Inadimplência"
          testId="metric-delinquency"
          value={percentFromBp(t.delinquency.rate_bp)}
          hint={`${formatBRL(t.delinquency.overdue_open_cents)} em aberto`}
          icon={<IconAlertCircle size={22} />}
          color="orange"
          help={d.definitions.delinquency}
        />
        <MetricCard
          label="Repasse do mês"
          testId="metric-month-repasse"
          value={formatBRL(t.month_repasse_cents)}
          icon={<IconReceipt size={22} />}
          color="grape"
          help={d.definitions.month_repasse}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" data-testid="dashboard-definitions">
        {d.definitions.mrr} {d.definitions.delinquency} {d.definitions.month_repasse}
      </Text>
    </Stack>
  );
}

/** Gerente de contas: totals of the assigned Hiperadores and their ranking. */
export function PortfolioView({ onOpen }: { onOpen: (id: string) => void }) {
  const query = usePortfolioDashboard();
  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <LoadErrorAlert error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
    );
  }
  const d = query.data;
  return (
    <Stack gap="lg" data-testid="portfolio-dashboard">
      <Totals d={d} />
      <RankingTable rows={d.ranking} onOpen={onOpen} />
      <Card>
        <Title order={4} mb="sm">
          Clientes por situação
        </Title>
        <ClientsByStatusChart counts={d.totals.clients_by_status} />
      </Card>
    </Stack>
  );
}

const RUN_COLORS: Record<BackOfficeDashboard['billing_runs'][number]['status'], string> = {
  executando: 'blue',
  concluida: 'teal',
  falhou: 'red',
};

/** Admin and Financeiro: totals, aging, billing runs, unmatched credits, ranking. */
export function BackOfficeView({ onOpen }: { onOpen: (id: string) => void }) {
  const query = useBackOfficeDashboard();
  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <LoadErrorAlert error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
    );
  }
  const d = query.data;
  return (
    <Stack gap="lg" data-testid="back-office-dashboard">
      <Totals d={d} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card h="100%">
            <Title order={4}>Recebíveis em aberto por atraso</Title>
            <Text size="sm" c="dimmed" mb="sm">
              Cobranças em aberto (emitidas, registradas, vencidas ou recusadas), pelo saldo.
            </Text>
            <AgingChart buckets={d.aging} />
            <Table mt="sm" data-testid="aging-table">
              <Table.Tbody>
                {d.aging.map((a) => (
                  <Table.Tr key={a.bucket}>
                    <Table.Td>{a.label}</Table.Td>
                    <Table.Td ta="right" style={tabular}>
                      {a.count.toLocaleString('pt-BR')} cobrança(s)
                    </Table.Td>
                    <Table.Td ta="right" style={tabular}>
                      {formatBRL(a.open_cents)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <Card data-testid="unmatched-credits">
              <Title order={4}>Créditos bancários não conciliados</Title>
              <Text fz={26} fw={700} style={tabular}>
                {formatBRL(d.unmatched_credits.total_cents)}
              </Text>
              <Text size="sm" c="dimmed">
                {d.unmatched_credits.count.toLocaleString('pt-BR')} crédito(s) pendente(s) nos extratos.{' '}
                <Anchor component={RouterLink} to="/financeiro?aba=extratos" size="sm">
                  Financeiro › Extratos e TED
                </Anchor>
              </Text>
            </Card>
            <Card data-testid="billing-run-health">
              <Group justify="space-between" mb="sm">
                <Title order={4}>Execuções de cobrança</Title>
                <Anchor component={RouterLink} to="/execucoes-de-cobranca" size="sm">
                  Ver todas
                </Anchor>
              </Group>
              {d.billing_runs.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nenhuma execução ainda.
                </Text>
              ) : (
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Data</Table.Th>
                      <Table.Th>Situação</Table.Th>
                      <Table.Th ta="right">Itens</Table.Th>
                      <Table.Th ta="right">Emitidas</Table.Th>
                      <Table.Th ta="right">Erros</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.billing_runs.map((r) => (
                      <Table.Tr key={r.id}>
                        <Table.Td style={tabular} title={`Início: ${formatDateTimeBR(r.started_at)}`}>
                          {formatDateBR(r.run_date)}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" tt="none" color={RUN_COLORS[r.status]}>
                            {r.status_label}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right" style={tabular}>
                          {r.processed_items.toLocaleString('pt-BR')}/{r.total_items.toLocaleString('pt-BR')}
                        </Table.Td>
                        <Table.Td ta="right" style={tabular}>
                          {(r.counts.issued ?? 0).toLocaleString('pt-BR')}
                        </Table.Td>
                        <Table.Td ta="right" style={tabular} c={r.error_count > 0 ? 'red' : undefined}>
                          {r.error_count.toLocaleString('pt-BR')}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <RankingTable rows={d.ranking} onOpen={onOpen} />
      <Card>
        <Group gap="xs" mb="sm">
          <IconBuildingStore size={18} />
          <Title order={4}>Clientes por situação (todos os Hiperadores)</Title>
        </Group>
        <ClientsByStatusChart counts={d.totals.clients_by_status} />
      </Card>
    </Stack>
  );
}
