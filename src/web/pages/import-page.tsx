import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  List,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { BACK_OFFICE } from '../../domain/access/roles';
import { formatDateBR } from '../../domain/calendar/dates';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { CLIENT_IMPORT_COLUMNS, CLIENT_IMPORT_EXAMPLE } from '../../domain/imports/client-import';
import { formatBRL } from '../../domain/money/money';
import { saveFile } from '../api/client';
import { useMe } from '../api/session';
import { IconAlertCircle, IconArrowLeft } from '../components/icons';
import { PageHeader } from '../components/page-header';

type ImportAction = 'criar' | 'atualizar' | 'sem_alteracao';

interface ImportIssue {
  line: number;
  column: string | null;
  message: string;
}

interface ImportRow {
  line: number;
  action: ImportAction;
  client_id: string | null;
  document: string;
  legal_name: string;
  trade_name: string | null;
  reseller: { id: string; name: string };
  product_name: string;
  monthly_fee_cents: number;
  paid_through: string;
  changes: string[];
}

interface ImportPreview {
  sha256: string;
  rows: ImportRow[];
  errors: ImportIssue[];
  summary: Record<ImportAction, number>;
}

interface ImportResult extends ImportPreview {
  created: number;
  updated: number;
  unchanged: number;
}

const ACTION_BADGES: Record<ImportAction, { label: string; color: string }> = {
  criar: { label: 'Criar', color: 'teal' },
  atualizar: { label: 'Atualizar', color: 'blue' },
  sem_alteracao: { label: 'Sem alteração', color: 'gray' },
};

class UploadError extends Error {
  constructor(
    message: string,
    readonly errors: ImportIssue[] = [],
  ) {
    super(message);
  }
}

/** POSTs the file as text/csv (the JSON client in api/client.ts only sends JSON). */
async function uploadCsv<T>(url: string, file: File, csrf: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'X-CSRF-Token': csrf,
        Accept: 'application/json',
      },
      body: file,
    });
  } catch {
    throw new UploadError('Não foi possível falar com o servidor. Verifique sua conexão e tente novamente.');
  }
  const body = (await response.json().catch(() => null)) as
    | (T & { message?: string; errors?: ImportIssue[] })
    | null;
  if (!response.ok) {
    throw new UploadError(
      body?.message ??
        (response.status === 413
          ? 'O arquivo passa de 5 MB.'
          : 'O servidor respondeu de forma inesperada. Tente novamente.'),
      body?.errors ?? [],
    );
  }
  if (!body) throw new UploadError('O servidor respondeu de forma inesperada. Tente novamente.');
  return body;
}

function downloadExample() {
  const blob = new Blob([`\uFEFF${CLIENT_IMPORT_EXAMPLE}\r\n`], { type: 'text/csv;charset=utf-8' });
  saveFile(blob, 'exemplo-importacao-clientes.csv');
}

function plural(n: number, one: string, many: string) {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

function ErrorsList({ errors }: { errors: ImportIssue[] }) {
  return (
    <Paper withBorder p="md">
      <Group gap="xs" mb="sm">
        <IconAlertCircle size={18} color="var(--mantine-color-red-7)" />
        <Title order={4} c="red.8">
          {plural(errors.length, 'erro', 'erros')} no arquivo — nada será importado até corrigir
        </Title>
      </Group>
      <ScrollArea.Autosize mah={360}>
        <Table striped withTableBorder aria-label="Erros do arquivo">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Linha</Table.Th>
              <Table.Th w={160}>Coluna</Table.Th>
              <Table.Th>Mensagem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a line may have several errors
              <Table.Tr key={`${e.line}-${e.column}-${i}`}>
                <Table.Td>{e.line}</Table.Td>
                <Table.Td>{e.column ? <Code>{e.column}</Code> : '—'}</Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}

function RowsTable({ rows }: { rows: ImportRow[] }) {
  return (
    <ScrollArea.Autosize mah={520}>
      <Table striped highlightOnHover withTableBorder aria-label="Clientes do arquivo">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Linha</Table.Th>
            <Table.Th>Ação</Table.Th>
            <Table.Th>Cliente</Table.Th>
            <Table.Th>Hiperador</Table.Th>
            <Table.Th>Plano</Table.Th>
            <Table.Th ta="right">Mensalidade</Table.Th>
            <Table.Th>Liberado até</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.line}>
              <Table.Td>{r.line}</Table.Td>
              <Table.Td>
                <Badge color={ACTION_BADGES[r.action].color} variant="light">
                  {ACTION_BADGES[r.action].label}
                </Badge>
                {r.changes.length > 0 ? (
                  <Text size="xs" c="dimmed" mt={2}>
                    {r.changes.join(', ')}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {r.client_id ? (
                  <Anchor component={RouterLink} to={`/clientes/${r.client_id}`} size="sm" fw={600}>
                    {r.trade_name ?? r.legal_name}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={600}>
                    {r.trade_name ?? r.legal_name}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {formatDocument(r.document)}
                </Text>
              </Table.Td>
              <Table.Td>{r.reseller.name}</Table.Td>
              <Table.Td>{r.product_name}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {formatBRL(r.monthly_fee_cents)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateBR(r.paid_through)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** Importar clientes (CSV): the migration of existing Hiper clients, admin and financeiro only. */
export function ImportPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [failure, setFailure] = useState<UploadError | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const role = me.data?.user.role;
  const csrf = me.data?.csrf_token ?? '';
  if (!role || !BACK_OFFICE.includes(role)) {
    return (
      <Alert color="yellow" title="Acesso não permitido">
        Só administrador e financeiro importam clientes.
      </Alert>
    );
  }

  const changes = preview ? preview.summary.criar + preview.summary.atualizar : 0;
  const canImport =
    preview !== null && preview.errors.length === 0 && changes > 0 && file !== null && done === null;

  async function runPreview() {
    if (!file) return;
    setBusy('preview');
    setFailure(null);
    setDone(null);
    try {
      setPreview(await uploadCsv<ImportPreview>('/api/v1/imports/clients/preview', file, csrf));
    } catch (err) {
      setPreview(null);
      setFailure(err instanceof UploadError ? err : new UploadError(String(err)));
    } finally {
      setBusy(null);
    }
  }

  async function runImport() {
    if (!file) return;
    setBusy('import');
    setFailure(null);
    try {
      const result = await uploadCsv<ImportResult>('/api/v1/imports/clients', file, csrf);
      setPreview(result);
      setDone(result);
      notifications.show({
        color: 'teal',
        title: 'Importação concluída',
        message: `${plural(result.created, 'cliente criado', 'clientes criados')}, ${plural(result.updated, 'atualizado', 'atualizados')}, ${plural(result.unchanged, 'sem alteração', 'sem alteração')}.`,
      });
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
    } catch (err) {
      setFailure(err instanceof UploadError ? err : new UploadError(String(err)));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHeader
        title="Importar clientes (CSV)"
        description="Migração dos clientes que já usam o Hiper: cadastra os que faltam e atualiza mensalidade, plano, liberado até e contatos dos que já existem. Nada é gravado se o arquivo tiver qualquer erro; importar o mesmo arquivo de novo não muda nada."
        actions={
          <Button
            component={RouterLink}
            to="/clientes"
            variant="default"
            leftSection={<IconArrowLeft size={16} />}
          >
            Voltar para Clientes
          </Button>
        }
      />
      <Stack gap="lg">
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Formato do arquivo
          </Title>
          <Text size="sm" mb="sm">
            CSV em UTF-8 (no Excel: “CSV UTF-8”), com cabeçalho na primeira linha e separador ponto e vírgula
            (;) ou vírgula (,). Valores como no Excel em português: mensalidade <Code>1.234,56</Code>, datas{' '}
            <Code>dd/mm/aaaa</Code>. Até 5.000 clientes e 5 MB por arquivo. Um cliente já atendido por outro
            Hiperador não muda de Hiperador pela importação: a troca é feita por contrato de migração.
          </Text>
          <List size="sm" spacing={2} mb="sm">
            {CLIENT_IMPORT_COLUMNS.map((c) => (
              <List.Item key={c.name}>
                <Code>{c.name}</Code> — {c.description}
                {c.required ? ' (obrigatória)' : ''}
              </List.Item>
            ))}
          </List>
          <Button variant="light" size="xs" onClick={downloadExample}>
            Baixar arquivo de exemplo
          </Button>
        </Paper>

        <Paper withBorder p="md">
          <Group align="flex-end" gap="md">
            <FileInput
              label="Arquivo CSV"
              placeholder="Escolha o arquivo"
              accept=".csv,text/csv"
              value={file}
              onChange={(f) => {
                setFile(f);
                setPreview(null);
                setFailure(null);
                setDone(null);
              }}
              clearable
              w={360}
            />
            <Button onClick={runPreview} disabled={!file} loading={busy === 'preview'}>
              Pré-visualizar
            </Button>
            <Button
              color="teal"
              onClick={runImport}
              disabled={!canImport || busy !== null}
              loading={busy === 'import'}
            >
              {`Importar ${plural(changes, 'cliente', 'clientes')}`}
            </Button>
          </Group>
          {preview ? (
            <Text size="sm" c="dimmed" mt="sm">
              {plural(preview.summary.criar, 'a criar', 'a criar')} ·{' '}
              {plural(preview.summary.atualizar, 'a atualizar', 'a atualizar')} ·{' '}
              {plural(preview.summary.sem_alteracao, 'sem alteração', 'sem alteração')}
            </Text>
          ) : null}
        </Paper>

        {done ? (
          <Alert color="teal" title="Importação concluída">
            {`${plural(done.created, 'cliente criado', 'clientes criados')}, ${plural(done.updated, 'atualizado', 'atualizados')} e ${plural(done.unchanged, 'sem alteração', 'sem alteração')}. A tabela abaixo mostra o que foi feito em cada linha.`}
          </Alert>
        ) : null}
        {failure ? (
          <Alert color="red" title="Não foi possível importar" icon={<IconAlertCircle size={18} />}>
            {failure.message}
          </Alert>
        ) : null}
        {failure && failure.errors.length > 0 ? <ErrorsList errors={failure.errors} /> : null}
        {preview && preview.errors.length > 0 ? <ErrorsList errors={preview.errors} /> : null}
        {preview && preview.rows.length > 0 ? <RowsTable rows={preview.rows} /> : null}
      </Stack>
    </>
  );
}
