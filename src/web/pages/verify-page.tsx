import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { type DragEvent, type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTimeBR } from '../../domain/calendar/date-time';
import { BrandMark } from '../components/brand';
import { IconAlertCircle, IconCheck, IconFileText, IconSearch } from '../components/icons';

/** Public page (no session): anyone checks a signed contract by sending the PDF or its SHA-256. */

export interface VerificationAnswer {
  result: 'valido' | 'alterado' | 'desconhecido';
  message: string;
  document?: {
    kind: 'contrato' | 'contrato_assinado';
    contract_number: string;
    version: number;
    client_legal_name: string;
    signer_name: string | null;
    signed_at: string | null;
    sha256: string | null;
  };
}

const MAX_BYTES = 15 * 1024 * 1024;
const SHA_RE = /^[0-9a-fA-F]{64}$/;

const RESULT_STYLE = {
  valido: { color: 'teal', title: 'Documento autêntico' },
  alterado: { color: 'red', title: 'Documento alterado' },
  desconhecido: { color: 'gray', title: 'Documento não encontrado' },
} as const;

async function askServer(request: () => Promise<Response>): Promise<VerificationAnswer> {
  let response: Response;
  try {
    response = await request();
  } catch {
    throw new Error('Não foi possível falar com o servidor. Verifique sua conexão e tente novamente.');
  }
  const body = (await response.json().catch(() => null)) as
    | (VerificationAnswer & { message?: string })
    | null;
  if (!response.ok || !body) {
    throw new Error(body?.message ?? 'O servidor respondeu de forma inesperada. Tente novamente.');
  }
  return body;
}

function ResultCard({ answer }: { answer: VerificationAnswer }) {
  const style = RESULT_STYLE[answer.result];
  const doc = answer.document;
  return (
    <Paper
      withBorder
      radius="lg"
      p="lg"
      data-testid="verify-result"
      data-result={answer.result}
      style={{
        borderColor: `var(--mantine-color-${style.color}-5)`,
        borderWidth: 2,
        background: `var(--mantine-color-${style.color}-0)`,
      }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon color={style.color} size={36} radius="xl" variant="filled">
          {answer.result === 'valido' ? <IconCheck size={20} /> : <IconAlertCircle size={20} />}
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1 }}>
          <Title order={4} c={`${style.color}.9`}>
            {style.title}
          </Title>
          <Text size="sm">{answer.message}</Text>
        </Stack>
      </Group>
      {doc ? (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing="xs" mt="md">
          <Detail label="Contrato" value={`nº ${doc.contract_number} — versão ${doc.version}`} />
          <Detail label="Cliente" value={doc.client_legal_name} />
          <Detail
            label="Tipo"
            value={doc.kind === 'contrato_assinado' ? 'Via assinada' : 'Via emitida (sem assinatura)'}
          />
          {doc.signer_name ? <Detail label="Assinado por" value={doc.signer_name} /> : null}
          {doc.signed_at ? (
            <Detail
              label="Assinado em"
              value={`${formatDateTimeBR(new Date(doc.signed_at))} (horário de Brasília)`}
            />
          ) : null}
          {doc.sha256 ? (
            <Box style={{ gridColumn: '1 / -1' }}>
              <Detail label="SHA-256 da via válida" value={doc.sha256} mono />
            </Box>
          ) : null}
        </SimpleGrid>
      ) : null}
    </Paper>
  );
}

function Detail({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} ff={mono ? 'monospace' : undefined} style={{ wordBreak: 'break-all' }}>
        {value}
      </Text>
    </div>
  );
}

export function VerifyPage() {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [hash, setHash] = useState('');
  const [hashError, setHashError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<VerificationAnswer | null>(null);

  async function run(request: () => Promise<Response>) {
    setPending(true);
    setError(null);
    setAnswer(null);
    try {
      setAnswer(await askServer(request));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPending(false);
    }
  }

  function sendFile(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    setHashError(null);
    if (file.size > MAX_BYTES) {
      setAnswer(null);
      setError('O arquivo tem mais de 15 MB. Envie o PDF do contrato como foi recebido.');
      return;
    }
    void run(() =>
      fetch('/api/v1/verify', {
        method: 'POST',
        headers: { 'Content-Type': 'application/pdf', Accept: 'application/json' },
        body: file,
      }),
    );
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    sendFile(event.dataTransfer.files[0]);
  }

  function onHashSubmit(event: FormEvent) {
    event.preventDefault();
    const value = hash.trim();
    if (!SHA_RE.test(value)) {
      setHashError('Informe os 64 caracteres hexadecimais do resumo SHA-256.');
      setAnswer(null);
      setError(null);
      return;
    }
    setHashError(null);
    setFileName(null);
    void run(() =>
      fetch(`/api/v1/verify/${value.toLowerCase()}`, { headers: { Accept: 'application/json' } }),
    );
  }

  return (
    <Box
      mih="100vh"
      style={{
        background:
          'radial-gradient(circle at 85% 5%, var(--mantine-color-brand-1), transparent 45%), linear-gradient(160deg, var(--mantine-color-gray-0), var(--mantine-color-brand-0))',
      }}
    >
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={620} gap="lg">
          <Group gap="sm" justify="center">
            <BrandMark size={40} />
            <Text fw={700} fz="xl">
              Central de Cobranças
            </Text>
          </Group>
          <Paper withBorder shadow="md" p={{ base: 'lg', xs: 32 }} radius="lg">
            <Stack gap="md">
              <div>
                <Title order={2}>Verificar um documento assinado</Title>
                <Text size="sm" c="dimmed" mt={4}>
                  Confira se um contrato em PDF foi assinado pela Central de Cobranças e se continua
                  exatamente como foi assinado. O arquivo é usado só para esta verificação.
                </Text>
              </div>

              <Box
                component="label"
                htmlFor="verify-file"
                onDragOver={(e: DragEvent<HTMLElement>) => {
                  e.preventDefault();
                  setDragging(true);
                }}
                onDragLeave={() => setDragging(false)}
                onDrop={onDrop}
                data-testid="verify-dropzone"
                style={{
                  display: 'block',
                  cursor: 'pointer',
                  borderRadius: 'var(--mantine-radius-md)',
                  border: `2px dashed var(--mantine-color-${dragging ? 'brand-6' : 'gray-4'})`,
                  background: dragging ? 'var(--mantine-color-brand-0)' : 'var(--mantine-color-white)',
                  padding: 'var(--mantine-spacing-xl)',
                  textAlign: 'center',
                  transition: 'border-color 120ms, background 120ms',
                }}
              >
                <Stack gap={6} align="center">
                  <IconFileText size={32} color="var(--mantine-color-brand-6)" />
                  <Text fw={600}>Arraste o PDF aqui ou clique para escolher</Text>
                  <Text size="xs" c="dimmed">
                    {fileName ? `Arquivo: ${fileName}` : 'Arquivo PDF de até 15 MB'}
                  </Text>
                </Stack>
                <input
                  ref={inputRef}
                  id="verify-file"
                  type="file"
                  accept="application/pdf,.pdf"
                  aria-label="Arquivo PDF do contrato"
                  style={{ position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' }}
                  onChange={(e) => {
                    sendFile(e.currentTarget.files?.[0]);
                    e.currentTarget.value = '';
                  }}
                />
              </Box>

              <Divider label="ou informe o resumo SHA-256" labelPosition="center" />

              <form onSubmit={onHashSubmit} noValidate aria-label="Verificar pelo SHA-256">
                <Group gap="sm" align="flex-start" wrap="nowrap">
                  <TextInput
                    style={{ flex: 1 }}
                    placeholder="64 caracteres, ex.: 3f1e9c0b…"
                    aria-label="Resumo SHA-256"
                    value={hash}
                    onChange={(e) => setHash(e.currentTarget.value)}
                    error={hashError}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  />
                  <Button type="submit" leftSection={<IconSearch size={16} />} disabled={pending}>
                    Verificar
                  </Button>
                </Group>
              </form>

              {pending ? (
                <Group gap="xs" justify="center">
                  <Loader size="sm" />
                  <Text size="sm" c="dimmed">
                    Verificando…
                  </Text>
                </Group>
              ) : null}
              {error ? (
                <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
                  {error}
                </Alert>
              ) : null}
              {answer ? <ResultCard answer={answer} /> : null}
            </Stack>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            A via assinada tem, na última página, o certificado de conclusão da assinatura.{' '}
            <Anchor component={Link} to="/entrar" size="xs">
              Entrar no portal
            </Anchor>
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
