import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Pagination,
  Paper,
  Progress,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { formatBRL } from '../../../domain/money/money';
import {
  type BankFile,
  type BankFileStatus,
  bankFileDownloadUrl,
  type RemessaSummary,
  type RetornoSummary,
  useBankFile,
  useBankFiles,
  useGenerateRemessa,
  useImportRetorno,
  useSimulatedRetorno,
} from '../../api/bank-files';
import { errorMessage } from '../../api/client';
import { useMe } from '../../api/session';
import { formatDateTimeBR } from '../../components/date-time';
import { EmptyPanel } from '../../components/empty-panel';
import { IconFileText } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';

const PAGE_SIZE = 10;
const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
/** Badges keep their whole label however narrow the table gets. */
const noShrink = { flexShrink: 0, overflow: 'visible', minWidth: 'max-content' } as const;

const STATUS_COLORS: Record<BankFileStatus, string> = {
  gerado: 'blue',
  processando: 'yellow',
  importado: 'teal',
  recusado: 'red',
};

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

/** "3 entradas, 1 baixa — R$ 1.234,56" or "2 pagos (R$ 300,00), 1 rejeitado, 1 não encontrado". */
export function summaryText(file: BankFile): string {
  if (file.kind === 'remessa') {
    const s = file.summary as Partial<RemessaSummary>;
    const parts = [
      s.entries ? count(s.entries, 'entrada', 'entradas') : null,
      s.cancellations ? count(s.cancellations, 'pedido de baixa', 'pedidos de baixa') : null,
    ].filter(Boolean);
    return `${parts.join(', ') || 'Nenhum título'} — ${formatBRL(s.total_cents ?? 0)}`;
  }
  const s = file.summary as Partial<RetornoSummary>;
  const parts: string[] = [];
  if (s.applied) parts.push(`${count(s.applied, 'pago', 'pagos')} (${formatBRL(s.paid_cents ?? 0)})`);
  if (s.registered) parts.push(count(s.registered, 'registrado', 'registrados'));
  if (s.rejected) parts.push(count(s.rejected, 'rejeitado', 'rejeitados'));
  if (s.cancelled) parts.push(count(s.cancelled, 'baixado', 'baixados'));
  if (s.fees) parts.push(count(s.fees, 'tarifa', 'tarifas'));
  if (s.other) parts.push(count(s.other, 'outra ocorrência', 'outras ocorrências'));
  if (s.unmatched) parts.push(count(s.unmatched, 'não encontrado', 'não encontrados'));
  if (s.duplicates) parts.push(count(s.duplicates, 'já aplicado antes', 'já aplicados antes'));
  if (parts.length === 0) return file.status === 'processando' ? 'Em processamento…' : 'Nenhuma ocorrência';
  return parts.join(', ');
}

function StatusBadge({ file }: { file: BankFile }) {
  return (
    <Badge color={STATUS_COLORS[file.status]} variant="light" style={noShrink}>
      {file.status_label}
    </Badge>
  );
}

function ImportProgress({ file }: { file: BankFile }) {
  const pct = file.total_items > 0 ? Math.round((100 * file.processed_items) / file.total_items) : 0;
  return (
    <Stack gap={4} data-testid="retorno-progress">
      <Text size="sm">
        {`Aplicando ${file.filename}: ${file.processed_items.toLocaleString('pt-BR')} de ${file.total_items.toLocaleString('pt-BR')} títulos (${pct}%)`}
      </Text>
      <Progress value={pct} animated striped aria-label="Progresso da importação" />
    </Stack>
  );
}

function RetornoResult({ file, duplicate }: { file: BankFile; duplicate: boolean }) {
  const s = file.summary as Partial<RetornoSummary>;
  const unmatched = s.unmatched_items ?? [];
  return (
    <Alert
      color={duplicate ? 'yellow' : s.unmatched || s.rejected ? 'orange' : 'teal'}
      variant="light"
      title={duplicate ? 'Este retorno já foi importado' : 'Retorno importado'}
      data-testid="retorno-summary"
    >
      <Text size="sm">
        {duplicate
          ? `O arquivo ${file.filename} foi importado antes: nada mudou. Naquela importação: ${summaryText(file)}.`
          : `${file.filename}: ${summaryText(file)}.`}
      </Text>
      {s.fees_cents ? (
        <Text size="sm">{`Tarifas informadas pelo banco: ${formatBRL(s.fees_cents)}.`}</Text>
      ) : null}
      {unmatched.length > 0 ? (
        <Text size="sm" mt={4}>
          {`Nosso número sem cobrança: ${unmatched
            .slice(0, 5)
            .map((u) => `${u.nosso_numero} (linha ${u.line})`)
            .join(
              ', ',
            )}${(s.unmatched ?? 0) > 5 ? ` e mais ${((s.unmatched ?? 0) - 5).toLocaleString('pt-BR')}` : ''}.`}
        </Text>
      ) : null}
    </Alert>
  );
}

function RetornoImportCard() {
  const me = useMe();
  const [file, setFile] = useState<File | null>(null);
  const [started, setStarted] = useState<{ id: string; duplicate: boolean } | null>(null);
  const importer = useImportRetorno(me.data?.csrf_token ?? '');
  const tracked = useBankFile(started?.id ?? null);
  const current = tracked.data;
  const run = () => {
    if (!file) return;
    setStarted(null);
    importer.mutate(file, {
      onSuccess: (result) => {
        setStarted({ id: result.file.id, duplicate: result.duplicate });
        setFile(null);
      },
    });
  };
  return (
    <Paper withBorder p="md">
      <Title order={5} mb={4}>
        Importar retorno (CNAB 240)
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        O arquivo de retorno do banco confirma ou rejeita os boletos enviados na remessa e informa as
        liquidações, que viram pagamentos. O arquivo inteiro é conferido antes de aplicar qualquer coisa;
        importar o mesmo arquivo (ou a mesma ocorrência em outro arquivo) não duplica nada.
      </Text>
      <Group align="flex-end" gap="md">
        <FileInput
          label="Arquivo de retorno"
          placeholder="Escolha o arquivo (.RET)"
          accept=".ret,.RET,.txt,.TXT,text/plain,application/octet-stream"
          value={file}
          onChange={(f) => {
            setFile(f);
            setStarted(null);
            importer.reset();
          }}
          clearable
          w={360}
          data-testid="retorno-file"
        />
        <Button onClick={run} disabled={!file} loading={importer.isPending} data-testid="retorno-import">
          Importar retorno
        </Button>
      </Group>
      {importer.error ? (
        <Alert
          color="red"
          variant="light"
          title="Retorno recusado"
          mt="md"
          role="alert"
          data-testid="retorno-error"
        >
          {errorMessage(importer.error)} Nada foi aplicado.
        </Alert>
      ) : null}
      {current ? (
        <Stack mt="md">
          {current.status === 'processando' ? <ImportProgress file={current} /> : null}
          {current.status === 'processando' && current.error ? (
            <Alert color="red" variant="light" title="Importação interrompida">
              {`${current.error} Importe o mesmo arquivo de novo para continuar de onde parou.`}
            </Alert>
          ) : null}
          {current.status === 'importado' ? (
            <RetornoResult file={current} duplicate={started?.duplicate ?? false} />
          ) : null}
        </Stack>
      ) : null}
    </Paper>
  );
}

function RemessaCard() {
  const generate = useGenerateRemessa();
  const run = () =>
    generate.mutate(undefined, {
      onSuccess: (result) =>
        notifications.show({
          color: 'teal',
          title: `Remessa ${result.file.filename} gerada`,
          message: `${summaryText(result.file)}. Baixe o arquivo na lista e envie ao banco.`,
        }),
    });
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={5} mb={4}>
            Remessa de boletos
          </Title>
          <Text size="sm" c="dimmed">
            Registra no banco os boletos emitidos e pede a baixa dos boletos cancelados depois de enviados.
            Cada remessa leva o próximo número sequencial (NSA) do convênio.
          </Text>
        </div>
        <Button onClick={run} loading={generate.isPending} data-testid="remessa-generate" style={noShrink}>
          Gerar remessa
        </Button>
      </Group>
      {generate.error ? (
        <Alert
          color={
            generate.error && 'status' in generate.error && generate.error.status === 422 ? 'yellow' : 'red'
          }
          variant="light"
          mt="md"
          role="alert"
        >
          {errorMessage(generate.error)}
        </Alert>
      ) : null}
    </Paper>
  );
}

function SimulateButton({ file }: { file: BankFile }) {
  const me = useMe();
  const simulate = useSimulatedRetorno(me.data?.csrf_token ?? '');
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      loading={simulate.isPending}
      title="Banco simulado (demonstração): baixa o retorno que confirma e liquida todos os títulos desta remessa"
      onClick={() =>
        simulate.mutate(file.id, {
          onSuccess: (name) =>
            notifications.show({
              color: 'blue',
              title: 'Retorno de teste gerado',
              message: `${name} foi baixado: importe-o em "Importar retorno".`,
            }),
          onError: (err) =>
            notifications.show({ color: 'red', title: 'Retorno de teste', message: errorMessage(err) }),
        })
      }
    >
      Gerar retorno de teste
    </Button>
  );
}

function FilesTable() {
  const [page, setPage] = useState(1);
  const files = useBankFiles(page, PAGE_SIZE);
  if (files.isPending) return <Skeleton h={160} />;
  if (files.isError) return <LoadErrorAlert error={files.error} onRetry={() => void files.refetch()} />;
  const data = files.data;
  if (data.total === 0) {
    return (
      <EmptyPanel
        icon={<IconFileText size={28} />}
        title="Nenhum arquivo bancário ainda"
        description="Gere a primeira remessa quando houver boletos emitidos; os retornos importados aparecem aqui também."
      />
    );
  }
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing="xs" striped data-testid="bank-files-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tipo</Table.Th>
              <Table.Th>Arquivo</Table.Th>
              <Table.Th>Data</Table.Th>
              <Table.Th>Situação</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Títulos</Table.Th>
              <Table.Th>Resumo</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  <Badge variant="outline" color={f.kind === 'remessa' ? 'indigo' : 'grape'} style={noShrink}>
                    {f.kind_label}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Anchor href={bankFileDownloadUrl(f.id)} size="sm" title="Baixar o arquivo">
                    {f.filename}
                  </Anchor>
                  {f.sequence !== null ? (
                    <Text size="xs" c="dimmed">{`NSA ${f.sequence} · banco ${f.bank_code ?? '—'}`}</Text>
                  ) : null}
                </Table.Td>
                <Table.Td style={tabular}>{formatDateTimeBR(f.created_at)}</Table.Td>
                <Table.Td>
                  <StatusBadge file={f} />
                </Table.Td>
                <Table.Td style={{ ...tabular, textAlign: 'right' }}>
                  {f.status === 'processando'
                    ? `${f.processed_items.toLocaleString('pt-BR')} / ${f.total_items.toLocaleString('pt-BR')}`
                    : f.total_items.toLocaleString('pt-BR')}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{summaryText(f)}</Text>
                  {f.error ? (
                    <Text size="xs" c="red">
                      {f.error}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button component="a" href={bankFileDownloadUrl(f.id)} size="compact-xs" variant="light">
                      Baixar
                    </Button>
                    {f.kind === 'remessa' ? <SimulateButton file={f} /> : null}
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
    </Paper>
  );
}

/** Arquivos bancários (administrador e financeiro): CNAB 240 remessas to download, retornos to import with progress. */
export function BankFilesPanel() {
  const me = useMe();
  const role = me.data?.user.role;
  if (role && role !== 'admin' && role !== 'financeiro') {
    return (
      <Alert color="gray" variant="light" title="Arquivos bancários">
        Remessas e retornos CNAB ficam com o administrador e o financeiro.
      </Alert>
    );
  }
  return (
    <Stack>
      <RemessaCard />
      <RetornoImportCard />
      <FilesTable />
    </Stack>
  );
}
