import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Pagination,
  Paper,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../api/client';
import {
  EMAIL_STATUSES,
  type EmailStatus,
  type OutboxSummary,
  useOutbox,
  useOutboxMessage,
  useRetryEmail,
} from '../api/outbox';
import { formatDateTimeBR } from '../components/date-time';
import { EmptyPanel } from '../components/empty-panel';
import { Field } from '../components/field';
import { IconAlertCircle, IconMail, IconRefresh } from '../components/icons';
import { ListFilters } from '../components/list-filters';
import { LoadErrorAlert } from '../components/load-error-alert';
import { PageHeader } from '../components/page-header';

const PAGE_SIZE = 20;

const STATUS_LABELS: Record<EmailStatus, string> = {
  pendente: 'Pendente',
  enviado: 'Enviado',
  falhou: 'Falhou',
};
const STATUS_COLORS: Record<EmailStatus, string> = {
  pendente: 'yellow',
  enviado: 'teal',
  falhou: 'red',
};
const STATUS_OPTIONS = EMAIL_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }));

const ENTITY_LABELS: Record<string, string> = {
  contract: 'Contrato',
  proposal: 'Proposta',
  client: 'Cliente',
  signature: 'Assinatura',
};

const CONTROL_LABELS = {
  first: 'Primeira página',
  previous: 'Página anterior',
  next: 'Próxima página',
  last: 'Última página',
} as const;

function parseStatus(value: string | null): EmailStatus | null {
  return value && (EMAIL_STATUSES as readonly string[]).includes(value) ? (value as EmailStatus) : null;
}

function parsePage(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function EmailStatusBadge({ status }: { status: EmailStatus }) {
  return (
    <Badge variant="light" radius="sm" tt="none" fw={600} color={STATUS_COLORS[status]}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function OutboxRow({ email, onOpen }: { email: OutboxSummary; onOpen: (id: string) => void }) {
  const open = () => onOpen(email.id);
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };
  return (
    <Table.Tr
      onClick={open}
      onKeyDown={onKeyDown}
      tabIndex={0}
      style={{ cursor: 'pointer' }}
      data-testid="outbox-row"
      aria-label={`Abrir o e-mail "${email.subject}" para ${email.to}`}
    >
      <Table.Td>
        <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
          {email.to}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2}>
          {email.subject}
        </Text>
        {email.entity ? (
          <Text size="xs" c="dimmed">
            {ENTITY_LABELS[email.entity.type] ?? email.entity.type}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <EmailStatusBadge status={email.status} />
          {email.last_error && email.status !== 'enviado' ? (
            <Tooltip label={email.last_error} multiline w={320} withArrow>
              <span style={{ display: 'inline-flex', color: 'var(--mantine-color-dimmed)' }}>
                <IconAlertCircle size={16} aria-label={email.last_error} />
              </span>
            </Tooltip>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" style={tabular}>
          {email.attempts}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={tabular}>
          {formatDateTimeBR(email.created_at)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={tabular} c={email.sent_at ? undefined : 'dimmed'}>
          {formatDateTimeBR(email.sent_at)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function SkeletonRows() {
  return (
    <>
      {Array.from({ length: 6 }, (_, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
        <Table.Tr key={row}>
          {Array.from({ length: 6 }, (_, col) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder cells
            <Table.Td key={col}>
              <Skeleton height={12} radius="sm" width={col < 2 ? '80%' : '50%'} />
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </>
  );
}

function EmailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const message = useOutboxMessage(id);
  const retry = useRetryEmail();
  const email = message.data;
  const canRetry = email ? email.status !== 'enviado' : false;
  const queryClient = useQueryClient();
  const status = email?.status;
  // Keep the table in step with what the drawer learns (e.g. sent after "Reenviar").
  useEffect(() => {
    if (status) void queryClient.invalidateQueries({ queryKey: ['outbox', 'list'] });
  }, [status, queryClient]);

  const onRetry = () => {
    if (!email) return;
    retry.mutate(email.id, {
      onSuccess: (result) =>
        notifications.show({
          color: result.status === 'falhou' ? 'red' : 'teal',
          title:
            result.status === 'enviado'
              ? 'E-mail enviado'
              : result.status === 'falhou'
                ? 'O envio falhou de novo'
                : 'E-mail na fila de envio',
          message:
            result.status === 'falhou'
              ? (result.last_error ?? 'Tente novamente mais tarde.')
              : `Para ${result.to}.`,
        }),
      onError: (err) =>
        notifications.show({ color: 'red', title: 'Não foi possível reenviar', message: errorMessage(err) }),
    });
  };

  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Text fw={700} size="lg">
          E-mail
        </Text>
      }
      aria-label="E-mail da Caixa de saída"
    >
      {message.isError ? (
        <LoadErrorAlert
          error={message.error}
          onRetry={() => void message.refetch()}
          title="Não foi possível abrir o e-mail"
        />
      ) : !email ? (
        <Stack gap="sm">
          <Skeleton height={20} width="70%" />
          <Skeleton height={14} width="50%" />
          <Skeleton height={320} mt="md" />
        </Stack>
      ) : (
        <Stack gap="md" data-testid="outbox-email">
          <Stack gap={6}>
            <Text fw={700} size="lg" data-testid="outbox-email-subject">
              {email.subject}
            </Text>
            <Field label="Para">{email.to}</Field>
            <Field label="Situação">
              <EmailStatusBadge status={email.status} />
            </Field>
            <Field label="Tentativas">{email.attempts}</Field>
            <Field label="Criado em">{formatDateTimeBR(email.created_at)}</Field>
            <Field label="Enviado em">{formatDateTimeBR(email.sent_at)}</Field>
            {email.entity ? (
              <Field label="Sobre">{ENTITY_LABELS[email.entity.type] ?? email.entity.type}</Field>
            ) : null}
          </Stack>

          {email.last_error && email.status !== 'enviado' ? (
            <Alert
              color={email.status === 'falhou' ? 'red' : 'yellow'}
              variant="light"
              icon={<IconAlertCircle size={20} />}
              title={email.status === 'falhou' ? 'Último erro de envio' : 'Observação'}
            >
              {email.last_error}
            </Alert>
          ) : null}

          {canRetry ? (
            <Group>
              <Button leftSection={<IconRefresh size={16} />} onClick={onRetry} loading={retry.isPending}>
                Reenviar
              </Button>
            </Group>
          ) : null}

          <Tabs defaultValue="html" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="html">Visualização</Tabs.Tab>
              <Tabs.Tab value="text">Texto</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="html" pt="sm">
              {/* The e-mail's own HTML, isolated: no scripts, no same-origin access, no navigation. */}
              <iframe
                title={`Visualização do e-mail: ${email.subject}`}
                srcDoc={email.html}
                sandbox=""
                referrerPolicy="no-referrer"
                data-testid="outbox-email-html"
                style={{
                  width: '100%',
                  height: '60vh',
                  minHeight: 360,
                  border: '1px solid var(--mantine-color-default-border)',
                  borderRadius: 'var(--mantine-radius-md)',
                  background: '#fff',
                }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="text" pt="sm">
              <Paper withBorder p="md" bg="gray.0">
                <Text
                  component="pre"
                  size="sm"
                  m={0}
                  data-testid="outbox-email-text"
                  style={{
                    whiteSpace: 'pre-wrap',
                    wordBreak: 'break-word',
                    fontFamily: 'var(--mantine-font-family-monospace)',
                  }}
                >
                  {email.text}
                </Text>
              </Paper>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}

export function OutboxPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = parseStatus(params.get('situacao'));
  const page = parsePage(params.get('pagina'));
  const openId = params.get('email');

  const [search, setSearch] = useState(q);
  const [debouncedSearch] = useDebouncedValue(search, 350);

  useEffect(() => {
    setSearch((current) => (current.trim() === q.trim() ? current : q));
  }, [q]);

  useEffect(() => {
    if (debouncedSearch.trim() === q.trim()) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (debouncedSearch.trim()) next.set('q', debouncedSearch.trim());
        else next.delete('q');
        next.delete('pagina');
        return next;
      },
      { replace: true },
    );
  }, [debouncedSearch, q, setParams]);

  const update = (key: string, value: string | null, resetPage = true) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      if (resetPage) next.delete('pagina');
      return next;
    });
  };

  const outbox = useOutbox({ q, status, page, pageSize: PAGE_SIZE });
  const total = outbox.data?.total ?? 0;
  const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Boolean(q || status);

  return (
    <>
      <PageHeader
        title="Caixa de saída"
        description="Todos os e-mails que o portal enviou ou vai enviar, com a situação de cada um. Sem servidor de e-mail configurado, é aqui que eles ficam para leitura."
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void outbox.refetch()}
            loading={outbox.isFetching && !outbox.isPending}
          >
            Atualizar
          </Button>
        }
      />

      <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
        <ListFilters
          searchLabel="Buscar por destinatário ou assunto"
          search={search}
          onSearchChange={setSearch}
          statusOptions={STATUS_OPTIONS}
          status={status}
          onStatusChange={(value) => update('situacao', value)}
          statusWidth={220}
        />

        {outbox.isError ? (
          <Stack p="md">
            <LoadErrorAlert
              error={outbox.error}
              onRetry={() => void outbox.refetch()}
              retrying={outbox.isFetching}
              title="Não foi possível carregar a Caixa de saída"
            />
          </Stack>
        ) : outbox.data && outbox.data.items.length === 0 ? (
          <EmptyPanel
            bare
            icon={<IconMail size={28} />}
            title="Nenhum e-mail encontrado"
            description={
              filtered
                ? 'Nenhum e-mail corresponde à busca ou à situação escolhida.'
                : 'Quando o portal enviar e-mails (contratos para assinatura, códigos, avisos), eles aparecerão aqui.'
            }
          >
            {filtered ? (
              <UnstyledButton
                c="brand.8"
                fw={500}
                fz="sm"
                onClick={() => {
                  setSearch('');
                  setParams(new URLSearchParams());
                }}
              >
                Limpar filtros
              </UnstyledButton>
            ) : null}
          </EmptyPanel>
        ) : (
          <Table.ScrollContainer minWidth={880}>
            <Table
              verticalSpacing="sm"
              horizontalSpacing="sm"
              highlightOnHover
              style={{ opacity: outbox.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
            >
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>Para</Table.Th>
                  <Table.Th miw={220}>Assunto</Table.Th>
                  <Table.Th>Situação</Table.Th>
                  <Table.Th ta="right">Tentativas</Table.Th>
                  <Table.Th>Criado em</Table.Th>
                  <Table.Th>Enviado em</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {outbox.data ? (
                  outbox.data.items.map((email) => (
                    <OutboxRow key={email.id} email={email} onOpen={(id) => update('email', id, false)} />
                  ))
                ) : (
                  <SkeletonRows />
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

        {outbox.data && outbox.data.items.length > 0 ? (
          <Group
            justify="space-between"
            p="md"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <Text size="sm" c="dimmed" data-testid="outbox-total">
              {total.toLocaleString('pt-BR')} {total === 1 ? 'e-mail' : 'e-mails'}
            </Text>
            {totalPages > 1 ? (
              <Pagination
                total={totalPages}
                value={Math.min(page, totalPages)}
                onChange={(value) => {
                  update('pagina', value > 1 ? String(value) : null, false);
                  window.scrollTo({ top: 0 });
                }}
                size="sm"
                getControlProps={(control) => ({ 'aria-label': CONTROL_LABELS[control] })}
              />
            ) : null}
          </Group>
        ) : null}
      </Paper>

      <EmailDrawer id={openId} onClose={() => update('email', null, false)} />
    </>
  );
}
