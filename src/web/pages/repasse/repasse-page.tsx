import {
  Badge,
  Button,
  Drawer,
  Group,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { BACK_OFFICE, isStaff } from '../../../domain/access/roles';
import { formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL } from '../../../domain/money/money';
import {
  type StatementDetail,
  type StatementLine,
  type StatementStatus,
  statementCsvUrl,
  statementInvoiceUrl,
  statementPdfUrl,
  useStatement,
  useStatements,
} from '../../api/repasse';
import { useResellers } from '../../api/resellers';
import { useMe } from '../../api/session';
import { EmptyPanel } from '../../components/empty-panel';
import { IconReceipt } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';
import { PageHeader } from '../../components/page-header';
import { AdjustmentButton, CloseStatementButton, InvoiceButton, PayoutButton } from './statement-actions';

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export const STATEMENT_STATUS_COLORS: Record<StatementStatus, string> = {
  aberto: 'yellow',
  fechado: 'blue',
  pago: 'teal',
};

function StatusBadge({ status, label }: { status: StatementStatus; label: string }) {
  return (
    <Badge variant="light" radius="sm" tt="none" fw={600} color={STATEMENT_STATUS_COLORS[status]}>
      {label}
    </Badge>
  );
}

const competenceLabel = (c: string | null) => (c ? `${c.slice(5, 7)}/${c.slice(0, 4)}` : '—');

function Money({ cents, strong }: { cents: number; strong?: boolean }) {
  return (
    <Text size="sm" fw={strong ? 700 : 400} c={cents < 0 ? 'red' : undefined} style={NUMERIC} ta="right">
      {formatBRL(cents)}
    </Text>
  );
}

function LinesTable({ lines }: { lines: StatementLine[] }) {
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nenhuma parcela paga neste extrato.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="statement-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Cliente</Table.Th>
            <Table.Th>Competência</Table.Th>
            <Table.Th>Pagamento</Table.Th>
            <Table.Th ta="right">Recebido</Table.Th>
            <Table.Th ta="right">Custo Hiper</Table.Th>
            <Table.Th ta="right">Taxa</Table.Th>
            <Table.Th ta="right">Multa/juros</Table.Th>
            <Table.Th ta="right">Repasse</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>
                <Stack gap={0}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {l.client?.legal_name ?? l.description}
                    </Text>
                    {l.kind !== 'parcela' ? (
                      <Badge
                        size="xs"
                        variant="light"
                        color={l.kind === 'estorno' ? 'red' : 'gray'}
                        tt="none"
                      >
                        {l.kind_label}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {[l.client?.document, l.description].filter(Boolean).join(' · ')}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td style={NUMERIC}>{competenceLabel(l.competence)}</Table.Td>
              <Table.Td style={NUMERIC}>{formatDateBR(l.occurred_on)}</Table.Td>
              <Table.Td>
                <Money cents={l.received_cents} />
              </Table.Td>
              <Table.Td>
                <Money cents={l.cost_cents} />
              </Table.Td>
              <Table.Td>
                <Money cents={l.central_fee_cents} />
              </Table.Td>
              <Table.Td>
                <Money cents={l.fine_interest_cents} />
              </Table.Td>
              <Table.Td>
                <Money cents={l.repasse_cents} strong />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Figure({ label, cents, strong }: { label: string; cents: number; strong?: boolean }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={strong ? 20 : 16} fw={700} c={cents < 0 ? 'red' : undefined} style={NUMERIC}>
        {formatBRL(cents)}
      </Text>
    </Paper>
  );
}

function StatementBody({
  s,
  csrf,
  onPage,
}: {
  s: StatementDetail;
  csrf: string;
  onPage: (page: number) => void;
}) {
  const me = useMe();
  const role = me.data?.user.role;
  const backOffice = role ? BACK_OFFICE.includes(role) : false;
  const hiperador = role === 'hiperador';
  const t = s.totals;
  return (
    <Stack gap="md" data-testid="statement-detail">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="sm">
            <Text fw={700} size="lg">
              {`Extrato de ${s.month_label}`}
            </Text>
            <StatusBadge status={s.status} label={s.status_label} />
          </Group>
          <Text size="sm" c="dimmed">{`${s.reseller.legal_name} · CNPJ ${s.reseller.document}`}</Text>
          {s.status === 'pago' && s.paid_on ? (
            <Text size="sm">{`Pago em ${formatDateBR(s.paid_on)} · referência ${s.payment_reference ?? '—'}`}</Text>
          ) : s.status === 'fechado' ? (
            <Text size="sm">
              {`Fechado${s.closed_by_name ? ` por ${s.closed_by_name}` : ' automaticamente'}; pagamento a registrar.`}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              Extrato aberto: os valores podem mudar até o fechamento.
            </Text>
          )}
        </Stack>
      </Group>
      <Group gap="xs">
        <Button
          component="a"
          href={statementCsvUrl(s.reseller.id, s.month)}
          size="xs"
          variant="default"
          data-testid="statement-csv"
        >
          Baixar CSV
        </Button>
        <Button
          component="a"
          href={statementPdfUrl(s.reseller.id, s.month)}
          target="_blank"
          size="xs"
          variant="default"
        >
          Baixar PDF
        </Button>
        {backOffice && s.status === 'aberto' ? <CloseStatementButton statement={s} /> : null}
        {backOffice && s.status === 'aberto' ? <AdjustmentButton statement={s} /> : null}
        {backOffice && s.status === 'fechado' ? <PayoutButton statement={s} /> : null}
        {hiperador && s.status !== 'aberto' ? <InvoiceButton statement={s} csrf={csrf} /> : null}
        {s.invoice ? (
          <Button component="a" href={statementInvoiceUrl(s.reseller.id, s.month)} size="xs" variant="subtle">
            {`Nota fiscal (${s.invoice.filename})`}
          </Button>
        ) : null}
      </Group>

      <SimpleGrid cols={{ base: 2, md: 3 }}>
        <Figure label="Recebido" cents={t.received_cents} />
        <Figure label="Custo Hiper" cents={-t.cost_cents} />
        <Figure label="Taxa da central" cents={-t.central_fee_cents} />
        <Figure label="Multa e juros" cents={t.fine_interest_cents} />
        <Figure label="Ajustes" cents={t.adjustments_cents} />
        <Figure label="Repasse" cents={t.repasse_cents} strong />
      </SimpleGrid>

      <Text fw={600}>{`Lançamentos (${s.lines_page.total.toLocaleString('pt-BR')})`}</Text>
      <LinesTable lines={s.lines} />
      {s.lines_page.total > s.lines_page.page_size ? (
        <Pagination
          total={Math.ceil(s.lines_page.total / s.lines_page.page_size)}
          value={s.lines_page.page}
          onChange={onPage}
          size="sm"
          aria-label="Páginas dos lançamentos"
        />
      ) : null}

      <Text fw={600}>Ajustes</Text>
      {s.adjustments.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nenhum ajuste.
        </Text>
      ) : (
        <Table verticalSpacing="xs" data-testid="statement-adjustments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Data</Table.Th>
              <Table.Th>Descrição</Table.Th>
              <Table.Th ta="right">Valor</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.adjustments.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td style={NUMERIC}>{formatDateBR(a.occurred_on)}</Table.Td>
                <Table.Td>{a.description}</Table.Td>
                <Table.Td>
                  <Money cents={a.repasse_cents} strong />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function StatementDrawer({
  resellerId,
  month,
  onClose,
  csrf,
}: {
  resellerId: string;
  month: string | null;
  onClose: () => void;
  csrf: string;
}) {
  // The page of lines belongs to the month on screen: another month opens on its first page.
  const [paging, setPaging] = useState({ month, page: 1 });
  const page = paging.month === month ? paging.page : 1;
  const statement = useStatement(resellerId, month, page);
  return (
    <Drawer
      opened={month !== null}
      onClose={onClose}
      position="right"
      size="min(1080px, 100%)"
      title={
        <Text fw={700} size="lg">
          Extrato de repasse
        </Text>
      }
    >
      {statement.isError ? (
        <LoadErrorAlert error={statement.error} onRetry={() => void statement.refetch()} />
      ) : !statement.data ? (
        <Stack gap="sm">
          <Skeleton height={20} width="60%" />
          <Skeleton height={200} mt="md" />
        </Stack>
      ) : (
        <StatementBody s={statement.data} csrf={csrf} onPage={(p) => setPaging({ month, page: p })} />
      )}
    </Drawer>
  );
}

function MonthsTable({ resellerId, onOpen }: { resellerId: string; onOpen: (month: string) => void }) {
  const list = useStatements(resellerId);
  if (list.isError) return <LoadErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Skeleton height={240} />;
  if (list.data.statements.length === 0) {
    return (
      <EmptyPanel
        icon={<IconReceipt size={28} />}
        title="Nenhum extrato ainda"
        description="O repasse aparece aqui quando um cliente paga uma parcela."
      />
    );
  }
  return (
    <Paper withBorder>
      <Table highlightOnHover verticalSpacing="sm" data-testid="statements-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Mês</Table.Th>
            <Table.Th>Situação</Table.Th>
            <Table.Th ta="right">Linhas</Table.Th>
            <Table.Th ta="right">Recebido</Table.Th>
            <Table.Th ta="right">Repasse</Table.Th>
            <Table.Th>Pago em</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.statements.map((s) => (
            <Table.Tr
              key={s.month}
              style={{ cursor: 'pointer' }}
              onClick={() => onOpen(s.month)}
              data-testid={`statement-row-${s.month}`}
            >
              <Table.Td fw={600}>{s.month_label}</Table.Td>
              <Table.Td>
                <StatusBadge status={s.status} label={s.status_label} />
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {s.line_count.toLocaleString('pt-BR')}
              </Table.Td>
              <Table.Td>
                <Money cents={s.received_cents} />
              </Table.Td>
              <Table.Td>
                <Money cents={s.repasse_cents} strong />
              </Table.Td>
              <Table.Td style={NUMERIC}>{s.paid_on ? formatDateBR(s.paid_on) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** /repasse: the monthly extratos de repasse of a Hiperador (staff choose which one). */
export function RepassePage() {
  const me = useMe();
  const role = me.data?.user.role;
  const staff = role ? isStaff(role) : false;
  const resellers = useResellers(staff);
  const [params, setParams] = useSearchParams();
  const own = me.data?.user.reseller?.id ?? null;
  const chosen = params.get('hiperador');
  const resellerId = staff ? chosen : own;
  const month = params.get('mes');

  const firstReseller = resellers.data?.items[0]?.id ?? null;
  useEffect(() => {
    if (staff && !chosen && firstReseller) {
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set('hiperador', firstReseller);
          return next;
        },
        { replace: true },
      );
    }
  }, [staff, chosen, firstReseller, setParams]);

  const setParam = (key: string, value: string | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  return (
    <>
      <PageHeader
        title="Repasse"
        description="Extratos mensais de repasse: o que cada parcela paga rende ao Hiperador, ajustes e pagamentos."
        actions={
          staff ? (
            <Select
              label="Hiperador"
              placeholder="Escolha o Hiperador"
              searchable
              w={280}
              data={(resellers.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
              value={resellerId}
              onChange={(v) => {
                setParams((p) => {
                  const next = new URLSearchParams(p);
                  if (v) next.set('hiperador', v);
                  next.delete('mes');
                  return next;
                });
              }}
              data-testid="repasse-reseller"
            />
          ) : null
        }
      />
      {resellers.isError ? (
        <LoadErrorAlert error={resellers.error} onRetry={() => void resellers.refetch()} />
      ) : null}
      {resellerId ? (
        <>
          <MonthsTable resellerId={resellerId} onOpen={(m) => setParam('mes', m)} />
          <StatementDrawer
            resellerId={resellerId}
            month={month}
            onClose={() => setParam('mes', null)}
            csrf={me.data?.csrf_token ?? ''}
          />
        </>
      ) : staff && resellers.data && resellers.data.items.length === 0 ? (
        <EmptyPanel
          icon={<IconReceipt size={28} />}
          title="Nenhum Hiperador"
          description="Não há Hiperadores visíveis para você."
        />
      ) : (
        <Skeleton height={240} />
      )}
    </>
  );
}
