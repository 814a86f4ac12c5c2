import { Badge, Card, Grid, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateBR } from '../../domain/calendar/dates';
import { formatBRL } from '../../domain/money/money';
import { type ClientRepasse, type RepasseLine, useClientRepasse } from '../api/dashboards';
import { EmptyPanel } from '../components/empty-panel';
import { IconReceipt } from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';
import { competenceBR, shortMonth } from './dashboard/format';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

const PERIODICITY: Record<string, string> = { mensal: 'Mensal', semestral: 'Semestral', anual: 'Anual' };
const STATEMENT: Record<
  ClientRepasse['ledger'][number]['statement_status'],
  { label: string; color: string }
> = {
  aberto: { label: 'Aberto', color: 'blue' },
  fechado: { label: 'Fechado', color: 'yellow' },
  pago: { label: 'Pago', color: 'teal' },
};

function Breakdown({ line }: { line: RepasseLine }) {
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="sm">
      <Table.Tbody>
        <Table.Tr>
          <Table.Td c="dimmed">Recebido</Table.Td>
          <Table.Td ta="right" style={tabular}>
            {formatBRL(line.received_cents)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td c="dimmed">Custo Hiper</Table.Td>
          <Table.Td ta="right" style={tabular}>
            − {formatBRL(line.cost_cents)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td c="dimmed">Taxa da central</Table.Td>
          <Table.Td ta="right" style={tabular}>
            − {formatBRL(line.central_fee_cents)}
          </Table.Td>
        </Table.Tr>
        {line.fine_interest_cents !== 0 ? (
          <Table.Tr>
            <Table.Td c="dimmed">Multa e juros</Table.Td>
            <Table.Td ta="right" style={tabular}>
              + {formatBRL(line.fine_interest_cents)}
            </Table.Td>
          </Table.Tr>
        ) : null}
      </Table.Tbody>
    </Table>
  );
}

/** The client page's Repasse tab: mensalidade and repasse, the next installment's yield, the ledger lines. */
export function ClientRepassePanel({ clientId }: { clientId: string }) {
  const query = useClientRepasse(clientId);
  if (query.isPending) return <Skeleton h={240} radius="md" />;
  if (query.isError) {
    return (
      <LoadErrorAlert error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
    );
  }
  const r = query.data;
  return (
    <Stack gap="lg" data-testid="client-repasse-panel">
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card h="100%" data-testid="client-repasse-monthly">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
              Mensalidade
            </Text>
            {r.contract ? (
              <>
                <Text fz={26} fw={700} style={tabular}>
                  {formatBRL(r.contract.monthly_cents)}
                </Text>
                <Text size="sm" c="teal.8" mb="xs">
                  Repasse por mês:{' '}
                  <Text span fw={700} inherit style={tabular}>
                    {formatBRL(r.contract.monthly.repasse_cents)}
                  </Text>
                </Text>
                <Breakdown line={r.contract.monthly} />
                <Text size="xs" c="dimmed" mt="xs">
                  Contrato {r.contract.number} (versão {r.contract.version}),{' '}
                  {PERIODICITY[r.contract.periodicity] ?? r.contract.periodicity}.
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed" mt="xs">
                Sem contrato assinado: a mensalidade e o repasse aparecem depois da assinatura.
              </Text>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card h="100%" data-testid="client-repasse-next">
            <Group gap="xs">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
                {r.next?.projected ? 'Próxima parcela (prevista)' : 'Próxima parcela em aberto'}
              </Text>
              {r.next?.overdue ? (
                <Badge color="red" variant="light" tt="none" size="sm">
                  Vencida
                </Badge>
              ) : null}
            </Group>
            {r.next ? (
              <>
                <Text fz={26} fw={700} style={tabular}>
                  {formatBRL(r.next.amount_cents + r.next.setup_fee_cents)}
                </Text>
                <Text size="sm" c="dimmed">
                  Competência {competenceBR(r.next.competence)}, vencimento {formatDateBR(r.next.due_date)}
                  {r.next.projected ? ' (emitida alguns dias antes do vencimento)' : ''}
                  {r.next.setup_fee_cents > 0
                    ? ` (inclui implantação de ${formatBRL(r.next.setup_fee_cents)})`
                    : ''}
                </Text>
                <Text size="sm" c="teal.8" mt={4} mb="xs">
                  Renderá de repasse, se paga:{' '}
                  <Text span fw={700} inherit style={tabular}>
                    {formatBRL(r.next.total_repasse_cents)}
                  </Text>
                </Text>
                <Breakdown line={r.next.installment} />
                {r.next.setup_fee ? (
                  <Text size="xs" c="dimmed">
                    Implantação: {formatBRL(r.next.setup_fee.repasse_cents)} ao Hiperador,{' '}
                    {formatBRL(r.next.setup_fee.central_fee_cents)} à Hiper.
                  </Text>
                ) : null}
              </>
            ) : (
              <Text size="sm" c="dimmed" mt="xs">
                Nenhuma parcela em aberto no momento. As parcelas são emitidas alguns dias antes do
                vencimento.
              </Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>

      <Card data-testid="client-repasse-ledger">
        <Group justify="space-between" mb="sm">
          <Title order={4}>Lançamentos de repasse</Title>
          {r.ledger.length > 0 ? (
            <Text size="sm" style={tabular}>
              Total: <b>{formatBRL(r.ledger_total_repasse_cents)}</b>
            </Text>
          ) : null}
        </Group>
        {r.ledger.length === 0 ? (
          <EmptyPanel
            bare
            icon={<IconReceipt size={28} />}
            title="Nenhum lançamento ainda"
            description="O repasse é lançado quando o cliente paga uma parcela."
          />
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Mês</Table.Th>
                  <Table.Th>Descrição</Table.Th>
                  <Table.Th>Data</Table.Th>
                  <Table.Th ta="right">Recebido</Table.Th>
                  <Table.Th ta="right">Repasse</Table.Th>
                  <Table.Th>Extrato</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.ledger.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td style={tabular}>{shortMonth(l.month)}</Table.Td>
                    <Table.Td>{l.description}</Table.Td>
                    <Table.Td style={tabular}>{formatDateBR(l.occurred_on)}</Table.Td>
                    <Table.Td ta="right" style={tabular}>
                      {formatBRL(l.received_cents)}
                    </Table.Td>
                    <Table.Td ta="right" style={tabular} c={l.repasse_cents < 0 ? 'red' : undefined}>
                      {formatBRL(l.repasse_cents)}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" tt="none" color={STATEMENT[l.statement_status].color}>
                        {STATEMENT[l.statement_status].label}
                        {l.statement_month ? ` ${shortMonth(l.statement_month)}` : ''}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}
