import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Modal,
  Pagination,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type ReactNode, useState } from 'react';
import { formatDateBR } from '../../../domain/calendar/dates';
import { formatDocument } from '../../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../../domain/money/money';
import { errorMessage } from '../../api/client';
import { useMe } from '../../api/session';
import {
  type ChargeOption,
  type StatementEntry,
  type StatementImportSummary,
  useChargeOptions,
  useDismissEntry,
  useImportStatement,
  useMatchEntry,
  useStatementEntries,
} from '../../api/statements';
import { EmptyPanel } from '../../components/empty-panel';
import { IconCheck, IconSearch } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const QUEUE_PAGE_SIZE = 20;
const HISTORY_PAGE_SIZE = 10;
const MIN_REASON = 5;

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------- import

function ImportSummaryAlert({ summary }: { summary: StatementImportSummary }) {
  const period =
    summary.start && summary.end ? ` de ${formatDateBR(summary.start)} a ${formatDateBR(summary.end)}` : '';
  if (summary.already_imported) {
    return (
      <Alert
        color="yellow"
        variant="light"
        title="Este extrato já foi importado"
        data-testid="statement-summary"
      >
        {`O arquivo ${summary.filename} (conta ${summary.account}${period}) foi importado antes: nada mudou. Naquela importação: ${plural(summary.matched, 'crédito conciliado', 'créditos conciliados')} e ${plural(summary.unmatched, 'pendente', 'pendentes')}.`}
      </Alert>
    );
  }
  const parts = [
    plural(summary.matched, 'conciliado automaticamente', 'conciliados automaticamente'),
    plural(summary.unmatched, 'pendente na fila', 'pendentes na fila'),
    summary.duplicates > 0
      ? plural(summary.duplicates, 'já importado antes (mesmo FITID)', 'já importados antes (mesmo FITID)')
      : null,
  ].filter(Boolean);
  const ignored = [
    summary.ignored_debits > 0 ? plural(summary.ignored_debits, 'débito', 'débitos') : null,
    summary.ignored_balances > 0
      ? plural(summary.ignored_balances, 'linha de saldo', 'linhas de saldo')
      : null,
  ].filter(Boolean);
  return (
    <Alert color="teal" variant="light" title="Extrato importado" data-testid="statement-summary">
      {`Conta ${summary.account}${period}: ${plural(summary.credits, 'crédito', 'créditos')} — ${parts.join(', ')}.`}
      {ignored.length > 0 ? ` Ignorados: ${ignored.join(' e ')}.` : ''}
    </Alert>
  );
}

function StatementImportCard() {
  const me = useMe();
  const [file, setFile] = useState<File | null>(null);
  const [summary, setSummary] = useState<StatementImportSummary | null>(null);
  const importer = useImportStatement(me.data?.csrf_token ?? '');
  const run = () => {
    if (!file) return;
    setSummary(null);
    importer.mutate(file, {
      onSuccess: (result) => {
        setSummary(result);
        setFile(null);
      },
    });
  };
  return (
    <Paper withBorder p="md">
      <Title order={5} mb={4}>
        Importar extrato (OFX)
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Exporte o extrato da conta que recebe as TEDs no internet banking, em OFX. Cada crédito é conciliado
        com a cobrança por TED em aberto de mesmo valor cujo identificador (CC…) ou CPF/CNPJ do cliente
        aparece no histórico, até 5 dias úteis após o vencimento. O resto fica na fila abaixo. Importar o
        mesmo arquivo (ou um período que se sobrepõe) não duplica nada.
      </Text>
      <Group align="flex-end" gap="md">
        <FileInput
          label="Arquivo OFX"
          placeholder="Escolha o arquivo"
          accept=".ofx,.OFX,application/x-ofx,application/ofx"
          value={file}
          onChange={(f) => {
            setFile(f);
            setSummary(null);
            importer.reset();
          }}
          clearable
          w={360}
          data-testid="statement-file"
        />
        <Button onClick={run} disabled={!file} loading={importer.isPending} data-testid="statement-import">
          Importar extrato
        </Button>
      </Group>
      {importer.error ? (
        <Alert color="red" variant="light" title="Extrato não importado" mt="md">
          {errorMessage(importer.error)} Nada foi gravado.
        </Alert>
      ) : null}
      {summary ? (
        <Stack mt="md">
          <ImportSummaryAlert summary={summary} />
        </Stack>
      ) : null}
    </Paper>
  );
}

// ---------------------------------------------------------------- hand match

function ChargeOptionRow({ option, onPick }: { option: ChargeOption; onPick: (o: ChargeOption) => void }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600} style={tabular}>
          {option.number}
        </Text>
        <Text size="xs" c="dimmed">
          {option.method_label} · {option.status_label}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={1}>
          {option.client.legal_name}
        </Text>
        <Text size="xs" c="dimmed" style={tabular}>
          {formatDocument(option.client.document)}
        </Text>
      </Table.Td>
      <Table.Td style={tabular}>{formatDateBR(option.due_date)}</Table.Td>
      <Table.Td style={tabular} ta="right">
        {formatBRL(option.balance_cents)}
      </Table.Td>
      <Table.Td ta="right">
        <Button size="xs" variant="light" onClick={() => onPick(option)}>
          Escolher
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function MatchModal({ entry, onClose }: { entry: StatementEntry; onClose: () => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 350);
  const [picked, setPicked] = useState<ChargeOption | null>(null);
  const options = useChargeOptions(entry.id, q);
  const match = useMatchEntry();
  const difference = picked ? entry.amount_cents - picked.balance_cents : 0;

  const submit = () => {
    if (!picked) return;
    match.mutate(
      { entryId: entry.id, chargeId: picked.id },
      {
        onSuccess: ({ payment }) => {
          notifications.show({
            color: 'teal',
            title: `Crédito conciliado com a cobrança ${picked.number}`,
            message: payment.settled
              ? payment.overpaid_cents > 0
                ? `Cobrança paga; ${formatBRL(payment.overpaid_cents)} viraram crédito do cliente.`
                : 'Cobrança paga.'
              : `Saldo em aberto: ${formatBRL(payment.balance_cents)}.`,
          });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title="Conciliar crédito com uma cobrança" size="xl" centered>
      <Stack gap="md">
        <Paper withBorder p="sm" bg="var(--mantine-color-default-hover)">
          <Text size="sm" fw={600}>
            {`${formatBRL(entry.amount_cents)} em ${formatDateBR(entry.posted_on)}`}
          </Text>
          <Text size="sm">{entry.memo ?? 'Sem histórico'}</Text>
          <Text size="xs" c="dimmed">{`Conta ${entry.account} · FITID ${entry.fitid}`}</Text>
        </Paper>
        {picked ? (
          <>
            <Text size="sm">
              {`Conciliar ${formatBRL(entry.amount_cents)} com a cobrança ${picked.number} de ${picked.client.legal_name} (saldo ${formatBRL(picked.balance_cents)})?`}
            </Text>
            {difference < 0 ? (
              <Alert color="yellow" variant="light" title="Valor menor que o saldo">
                {`A cobrança continuará em aberto com ${formatBRL(-difference)}.`}
              </Alert>
            ) : difference > 0 ? (
              <Alert color="yellow" variant="light" title="Valor maior que o saldo">
                {`A cobrança fica paga e ${formatBRL(difference)} viram crédito do cliente.`}
              </Alert>
            ) : null}
            {match.error ? (
              <Alert color="red" variant="light">
                {errorMessage(match.error)}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button
                variant="default"
                onClick={() => {
                  setPicked(null);
                  match.reset();
                }}
              >
                Escolher outra
              </Button>
              <Button color="teal" onClick={submit} loading={match.isPending} data-testid="confirm-match">
                Confirmar conciliação
              </Button>
            </Group>
          </>
        ) : (
          <>
            <TextInput
              label="Buscar cobrança em aberto"
              placeholder="Nome do cliente, CPF/CNPJ, número da cobrança ou identificador (CC…)"
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              maxLength={100}
              data-autofocus
              data-testid="match-search"
            />
            {!q ? (
              <Text size="xs" c="dimmed">
                Sem busca: cobranças em aberto com saldo igual ao valor do crédito.
              </Text>
            ) : null}
            {options.isError ? (
              <LoadErrorAlert error={options.error} onRetry={() => void options.refetch()} />
            ) : options.isPending ? (
              <Skeleton h={120} />
            ) : options.data.items.length === 0 ? (
              <Text size="sm" c="dimmed" ta="center" py="md">
                {q
                  ? 'Nenhuma cobrança em aberto encontrada.'
                  : 'Nenhuma cobrança em aberto com este saldo. Busque pelo cliente.'}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Cobrança</Table.Th>
                      <Table.Th>Cliente</Table.Th>
                      <Table.Th>Vencimento</Table.Th>
                      <Table.Th ta="right">Saldo</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {options.data.items.map((o) => (
                      <ChargeOptionRow key={o.id} option={o} onPick={setPicked} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}

// ---------------------------------------------------------------- dismiss

function DismissModal({ entry, onClose }: { entry: StatementEntry; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const dismiss = useDismissEntry();
  const ok = reason.trim().length >= MIN_REASON;
  return (
    <Modal opened onClose={onClose} title="Descartar crédito" centered>
      <Stack gap="md">
        <Text size="sm">
          {`${formatBRL(entry.amount_cents)} em ${formatDateBR(entry.posted_on)} — ${entry.memo ?? 'sem histórico'}. Descarte créditos que não pagam cobranças (estorno, transferência entre contas, outro recebimento). O motivo fica registrado.`}
        </Text>
        <Textarea
          label="Motivo"
          description={`Obrigatório (ao menos ${MIN_REASON} caracteres).`}
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-autofocus
          data-testid="dismiss-reason"
        />
        {dismiss.error ? (
          <Alert color="red" variant="light">
            {errorMessage(dismiss.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Voltar
          </Button>
          <Button
            color="red"
            disabled={!ok}
            loading={dismiss.isPending}
            data-testid="confirm-dismiss"
            onClick={() =>
              dismiss.mutate(
                { entryId: entry.id, reason: reason.trim() },
                {
                  onSuccess: () => {
                    notifications.show({
                      color: 'gray',
                      title: 'Crédito descartado',
                      message: reason.trim(),
                    });
                    onClose();
                  },
                },
              )
            }
          >
            Descartar crédito
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// ---------------------------------------------------------------- queue and history

function PendingQueue() {
  const [page, setPage] = useState(1);
  const [matching, setMatching] = useState<StatementEntry | null>(null);
  const [dismissing, setDismissing] = useState<StatementEntry | null>(null);
  const entries = useStatementEntries({ status: 'pendente', page, pageSize: QUEUE_PAGE_SIZE });

  let body: ReactNode;
  if (entries.isError) {
    body = <LoadErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />;
  } else if (entries.isPending) {
    body = <Skeleton h={160} />;
  } else if (entries.data.total === 0) {
    body = (
      <EmptyPanel
        bare
        icon={<IconCheck size={28} />}
        title="Nenhum crédito pendente"
        description="Os créditos de extrato que não forem conciliados automaticamente aparecerão aqui para conciliar à mão ou descartar."
      />
    );
  } else {
    const pages = Math.ceil(entries.data.total / QUEUE_PAGE_SIZE);
    body = (
      <>
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="sm" striped highlightOnHover data-testid="statement-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Data</Table.Th>
                <Table.Th ta="right">Valor</Table.Th>
                <Table.Th>Histórico</Table.Th>
                <Table.Th>Conta</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.data.items.map((e) => (
                <Table.Tr key={e.id} data-testid="statement-queue-row">
                  <Table.Td style={tabular}>{formatDateBR(e.posted_on)}</Table.Td>
                  <Table.Td style={tabular} ta="right" fw={600}>
                    {formatBRL(e.amount_cents)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {e.memo ?? '—'}
                    </Text>
                    {e.unmatched_reason ? (
                      <Text size="xs" c="dimmed">
                        {e.unmatched_reason}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" style={tabular}>
                      {e.account}
                    </Text>
                    <Text size="xs" c="dimmed" style={tabular}>{`FITID ${e.fitid}`}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" onClick={() => setMatching(e)}>
                        Conciliar
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setDismissing(e)}>
                        Descartar
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {pages > 1 ? (
          <Group justify="center" p="sm">
            <Pagination total={pages} value={page} onChange={setPage} size="sm" />
          </Group>
        ) : null}
      </>
    );
  }

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Créditos pendentes</Title>
        {entries.data && entries.data.total > 0 ? (
          <Badge variant="light" color="orange" tt="none">
            {plural(entries.data.total, 'pendente', 'pendentes')}
          </Badge>
        ) : null}
      </Group>
      {body}
      {matching ? <MatchModal entry={matching} onClose={() => setMatching(null)} /> : null}
      {dismissing ? <DismissModal entry={dismissing} onClose={() => setDismissing(null)} /> : null}
    </Paper>
  );
}

function ResolvedHistory() {
  const [status, setStatus] = useState<'conciliado' | 'descartado'>('conciliado');
  const [page, setPage] = useState(1);
  const entries = useStatementEntries({ status, page, pageSize: HISTORY_PAGE_SIZE });

  let body: ReactNode;
  if (entries.isError) {
    body = <LoadErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />;
  } else if (entries.isPending) {
    body = <Skeleton h={120} />;
  } else if (entries.data.total === 0) {
    body = (
      <Text size="sm" c="dimmed" ta="center" py="md">
        {status === 'conciliado' ? 'Nenhum crédito conciliado ainda.' : 'Nenhum crédito descartado.'}
      </Text>
    );
  } else {
    const pages = Math.ceil(entries.data.total / HISTORY_PAGE_SIZE);
    body = (
      <>
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" data-testid="statement-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Data</Table.Th>
                <Table.Th ta="right">Valor</Table.Th>
                <Table.Th>Histórico</Table.Th>
                <Table.Th>{status === 'conciliado' ? 'Cobrança' : 'Motivo'}</Table.Th>
                <Table.Th>Por</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={tabular}>{formatDateBR(e.posted_on)}</Table.Td>
                  <Table.Td style={tabular} ta="right">
                    {formatBRL(e.amount_cents)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {e.memo ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {status === 'conciliado' && e.charge ? (
                      <>
                        <Text size="sm" fw={600} style={tabular}>
                          {e.charge.number}
                        </Text>
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {e.charge.client_name}
                        </Text>
                      </>
                    ) : (
                      <Text size="sm" lineClamp={2}>
                        {e.dismiss_reason ?? '—'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.resolved_by ?? 'Automática (importação)'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {pages > 1 ? (
          <Group justify="center" p="sm">
            <Pagination total={pages} value={page} onChange={setPage} size="sm" />
          </Group>
        ) : null}
      </>
    );
  }

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Histórico</Title>
        <SegmentedControl
          size="xs"
          value={status}
          onChange={(v) => {
            setStatus(v as 'conciliado' | 'descartado');
            setPage(1);
          }}
          data={[
            { value: 'conciliado', label: 'Conciliados' },
            { value: 'descartado', label: 'Descartados' },
          ]}
          aria-label="Histórico"
        />
      </Group>
      {body}
    </Paper>
  );
}

/** Extratos e TED (staff): OFX import and the queue of credits that matched no charge. */
export function StatementsPanel() {
  return (
    <Stack gap="md">
      <StatementImportCard />
      <PendingQueue />
      <ResolvedHistory />
    </Stack>
  );
}
