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
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL } from '../../../domain/money/money';
import { type ResellerDashboard, useResellerDashboard } from '../../api/dashboards';
import { formatPhone } from '../../components/client-labels';
import {
  IconAlertCircle,
  IconCalendar,
  IconCash,
  IconMail,
  IconReceipt,
  IconUsers,
} from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';
import { StatusBadge } from '../../components/status-badge';
import { ClientsByStatusChart, RepasseByMonthChart } from './charts';
import { competenceBR, percentFromBp } from './format';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/** A small "i" in a circle: the label has a definition in its tooltip. */
function InfoIcon() {
  return (
    <svg
      width={12}
      height={12}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      aria-hidden="true"
      style={{ marginLeft: 4, verticalAlign: '-1px' }}
    >
      <circle cx={12} cy={12} r={10} />
      <path d="M12 16v-5M12 8h.01" strokeLinecap="round" />
    </svg>
  );
}

export function MetricCard({
  label,
  value,
  hint,
  icon,
  color,
  help,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  icon: ReactNode;
  color: string;
  /** The definition, in a tooltip on the label. */
  help?: string;
  testId?: string;
}) {
  const title = (
    <Text
      size="xs"
      c="dimmed"
      tt="uppercase"
      fw={600}
      lts={0.3}
      style={help ? { cursor: 'help' } : undefined}
    >
      {label}
      {help ? <InfoIcon /> : null}
    </Text>
  );
  return (
    <Card data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          {help ? (
            <Tooltip label={help} multiline w={300} withArrow>
              {title}
            </Tooltip>
          ) : (
            title
          )}
          <Text fz={26} fw={700} lh={1.2} style={tabular}>
            {value}
          </Text>
          {hint ? (
            <Text size="sm" c="dimmed">
              {hint}
            </Text>
          ) : null}
        </Stack>
        <ThemeIcon variant="light" color={color} size={40} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Card>
  );
}

/** "Fale com seu Gerente de Contas" (the seed's words). */
function AccountManagerCard({ manager }: { manager: ResellerDashboard['account_manager'] }) {
  return (
    <Card data-testid="account-manager-card">
      <Title order={4} mb="sm">
        Fale com seu Gerente de Contas
      </Title>
      {manager ? (
        <Stack gap={6}>
          <Text fw={600}>{manager.name}</Text>
          <Group gap={6} wrap="nowrap">
            <IconMail size={16} />
            <Anchor href={`mailto:${manager.email}`} size="sm">
              {manager.email}
            </Anchor>
          </Group>
          {manager.phone ? (
            <Anchor href={`tel:+55${manager.phone.replace(/\D/g, '')}`} size="sm" style={tabular}>
              {formatPhone(manager.phone)}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              Telefone não informado
            </Text>
          )}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          Nenhum gerente de contas atribuído. Escreva para a equipe Hiper pelo canal de atendimento.
        </Text>
      )}
    </Card>
  );
}

function UpcomingTable({ upcoming }: { upcoming: ResellerDashboard['upcoming'] }) {
  return (
    <Card data-testid="upcoming-installments">
      <Group justify="space-between" mb="sm" align="flex-end">
        <Stack gap={2}>
          <Title order={4}>Parcelas do dia {formatDateBR(upcoming.due_date)}</Title>
          <Text size="sm" c="dimmed">
            {upcoming.count === 0
              ? 'Nenhuma parcela para este vencimento.'
              : `${upcoming.count.toLocaleString('pt-BR')} parcela(s), ${formatBRL(upcoming.total_cents)} no total — as previstas são emitidas alguns dias antes do vencimento`}
          </Text>
        </Stack>
      </Group>
      {upcoming.items.length > 0 ? (
        <Table.ScrollContainer minWidth={640} maxHeight={360}>
          <Table striped highlightOnHover stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Cliente</Table.Th>
                <Table.Th>Competência</Table.Th>
                <Table.Th ta="right">Valor</Table.Th>
                <Table.Th>Forma</Table.Th>
                <Table.Th>Situação da cobrança</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {upcoming.items.map((i) => (
                <Table.Tr key={i.installment_id ?? `prevista:${i.client_id}`}>
                  <Table.Td>
                    <Anchor component={RouterLink} to={`/clientes/${i.client_id}`} size="sm">
                      {i.client_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={tabular}>{competenceBR(i.competence)}</Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {formatBRL(i.amount_cents)}
                  </Table.Td>
                  <Table.Td>{i.payment_method_label ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      tt="none"
                      color={
                        i.situation === 'Paga'
                          ? 'teal'
                          : i.situation === 'Falhou'
                            ? 'red'
                            : i.installment_id === null
                              ? 'gray'
                              : 'blue'
                      }
                    >
                      {i.situation}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {upcoming.count > upcoming.items.length ? (
        <Text size="xs" c="dimmed" mt="xs">
          Mostrando {upcoming.items.length} de {upcoming.count.toLocaleString('pt-BR')}.
        </Text>
      ) : null}
    </Card>
  );
}

function ExpiringTable({ expiring }: { expiring: ResellerDashboard['expiring'] }) {
  return (
    <Card data-testid="expiring-clients">
      <Title order={4}>Liberado até terminando em 10 dias</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {expiring.count === 0
          ? `Nenhum cliente em cobrança com acesso terminando até ${formatDateBR(expiring.until)}.`
          : `${expiring.count.toLocaleString('pt-BR')} cliente(s) com acesso até ${formatDateBR(expiring.until)} ou antes.`}
      </Text>
      {expiring.items.length > 0 ? (
        <Table.ScrollContainer minWidth={480} maxHeight={360}>
          <Table striped highlightOnHover stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Cliente</Table.Th>
                <Table.Th>Situação</Table.Th>
                <Table.Th>Liberado até</Table.Th>
                <Table.Th ta="right">Mensalidade</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {expiring.items.map((c) => (
                <Table.Tr key={c.client_id}>
                  <Table.Td>
                    <Anchor component={RouterLink} to={`/clientes/${c.client_id}`} size="sm">
                      {c.client_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td style={tabular}>{formatDateBR(c.paid_through)}</Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {c.monthly_fee_cents === null ? '—' : formatBRL(c.monthly_fee_cents)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  );
}

export function ResellerDashboardView({ resellerId }: { resellerId: string | null }) {
  const query = useResellerDashboard(resellerId);
  if (query.isPending) {
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
  if (query.isError) {
    return (
      <LoadErrorAlert error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
    );
  }
  const d = query.data;
  const billed = d.clients_by_status.ativo + d.clients_by_status.inadimplente;
  const current = d.repasse_by_month.at(-1);
  return (
    <Stack gap="lg" data-testid="reseller-dashboard">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <MetricCard
          label="MRR"
          testId="metric-mrr"
          value={formatBRL(d.mrr_cents)}
          hint={`${billed.toLocaleString('pt-BR')} cliente(s) em cobrança`}
          icon={<IconCash size={22} />}
          color="brand"
          help={d.mrr_definition}
        />
        <MetricCard
          label="Clientes ativos"
          testId="metric-active"
          value={d.clients_by_status.ativo.toLocaleString('pt-BR')}
          hint={`${d.clients_by_status.inadimplente.toLocaleString('pt-BR')} inadimplente(s), ${d.clients_by_status.bloqueado.toLocaleString('pt-BR')} bloqueado(s)`}
          icon={<IconUsers size={22} />}
          color="teal"
        />
        <MetricCard
          label="Inadimplência"
          testId="metric-delinquency"
          value={percentFromBp(d.delinquency.rate_bp)}
          hint={`${formatBRL(d.delinquency.overdue_open_cents)} em aberto de ${formatBRL(d.delinquency.due_cents)} vencidos`}
          icon={<IconAlertCircle size={22} />}
          color={d.delinquency.rate_bp > 1000 ? 'red' : 'orange'}
          help={d.delinquency.definition}
        />
        <MetricCard
          label="Repasse a receber (mês)"
          testId="metric-repasse"
          value={formatBRL(current?.to_receive_cents ?? 0)}
          hint="No extrato do mês corrente"
          icon={<IconReceipt size={22} />}
          color="grape"
          help="Repasse dos pagamentos recebidos que ainda não foi pago ao Hiperador, no extrato do mês corrente."
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt={-8} data-testid="dashboard-definitions">
        {d.mrr_definition} {d.delinquency.definition}
      </Text>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card h="100%">
            <Title order={4}>Repasse por mês</Title>
            <Text size="sm" c="dimmed" mb="sm">
              Últimos 12 meses: pago (extratos pagos) e a receber (extratos abertos ou fechados).
            </Text>
            <RepasseByMonthChart months={d.repasse_by_month} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg" h="100%">
            <AccountManagerCard manager={d.account_manager} />
            <Card>
              <Group gap={6} mb={4}>
                <IconCalendar size={16} />
                <Text size="sm" fw={600}>
                  Hoje: {formatDateBR(d.today)}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                Datas no horário de São Paulo.
              </Text>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>

      <Card>
        <Title order={4}>Clientes por situação</Title>
        <Text size="sm" c="dimmed" mb="sm">
          Clientes da Central de Cobranças de {d.reseller.name}.
        </Text>
        <ClientsByStatusChart counts={d.clients_by_status} />
      </Card>

      <UpcomingTable upcoming={d.upcoming} />
      <ExpiringTable expiring={d.expiring} />
    </Stack>
  );
}
