import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import {
  type ApiKey,
  type CreatedApiKey,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
} from '../api/api-keys';
import { ApiError, errorMessage } from '../api/client';
import { formatDateTimeBR } from '../components/date-time';
import { EmptyPanel } from '../components/empty-panel';
import { IconAlertCircle, IconCheck, IconLock } from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';

const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/** "Instalações do Hiper": the API keys the client's Hiper software uses for in-product signing. */
export function ApiKeysPanel({ clientId }: { clientId: string }) {
  const query = useApiKeys(clientId);
  const create = useCreateApiKey(clientId);
  const revoke = useRevokeApiKey(clientId);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError('Informe um nome para a instalação.');
      return;
    }
    create.mutate(trimmed, {
      onSuccess: (key) => {
        setCreating(false);
        setName('');
        setNameError(null);
        setCreated(key);
      },
      onError: (err) => {
        if (err instanceof ApiError && err.field === 'name') setNameError(err.message);
        else
          notifications.show({
            color: 'red',
            title: 'Não foi possível criar a chave',
            message: errorMessage(err),
          });
      },
    });
  };

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: (k) => {
        setRevoking(null);
        notifications.show({
          color: 'teal',
          title: 'Chave revogada',
          message: `A instalação "${k.name}" não consegue mais se conectar com esta chave.`,
        });
      },
      onError: (err) =>
        notifications.show({
          color: 'red',
          title: 'Não foi possível revogar a chave',
          message: errorMessage(err),
        }),
    });
  };

  let body: React.ReactNode;
  if (query.isError) {
    body = (
      <LoadErrorAlert
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        title="Não foi possível carregar as chaves de API"
      />
    );
  } else if (!query.data) {
    body = <Skeleton height={120} />;
  } else if (query.data.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconLock size={28} />}
        title="Nenhuma instalação cadastrada."
        description="Crie uma chave para cada instalação do Hiper deste cliente: com ela o responsável vê e assina o contrato dentro do próprio Hiper."
      />
    );
  } else {
    body = (
      <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" horizontalSpacing="sm">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>Nome</Table.Th>
                <Table.Th>Prefixo</Table.Th>
                <Table.Th>Criada em</Table.Th>
                <Table.Th>Último uso</Table.Th>
                <Table.Th>Situação</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.items.map((k) => (
                <Table.Tr key={k.id} data-testid="api-key-row">
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {k.name}
                    </Text>
                    {k.created_by && (
                      <Text size="xs" c="dimmed">
                        por {k.created_by}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Code>{k.key_prefix}…</Code>
                  </Table.Td>
                  <Table.Td style={tabular}>
                    <Text size="sm">{formatDateTimeBR(k.created_at)}</Text>
                  </Table.Td>
                  <Table.Td style={tabular}>
                    <Text size="sm" c={k.last_used_at ? undefined : 'dimmed'}>
                      {k.last_used_at ? formatDateTimeBR(k.last_used_at) : 'Nunca usada'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {k.status === 'ativa' ? (
                      <Badge color="teal" variant="light">
                        Ativa
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light">
                        Revogada em {formatDateTimeBR(k.revoked_at!)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {k.status === 'ativa' && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(k)}>
                        Revogar
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3} size="h4">
            Instalações do Hiper
          </Title>
          <Text size="sm" c="dimmed">
            Chaves de API com que o Hiper do cliente mostra o contrato pendente e permite assiná-lo no próprio
            sistema.
          </Text>
        </div>
        <Button onClick={() => setCreating(true)}>Nova chave</Button>
      </Group>
      {body}

      <Modal
        opened={creating}
        onClose={() => {
          setCreating(false);
          setNameError(null);
        }}
        title="Nova chave de API"
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label="Nome da instalação"
              description="Para reconhecer a instalação depois, por exemplo “Caixa 1 — Loja Centro”."
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameError(null);
              }}
              error={nameError}
              maxLength={100}
              required
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCreating(false)}>
                Cancelar
              </Button>
              <Button type="submit" loading={create.isPending}>
                Criar chave
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal
        opened={created !== null}
        onClose={() => setCreated(null)}
        title="Chave criada"
        centered
        closeOnClickOutside={false}
        size="lg"
      >
        {created && (
          <Stack>
            <Alert color="orange" icon={<IconAlertCircle size={18} />}>
              Copie agora: esta chave não será exibida novamente.
            </Alert>
            <Text size="sm">
              Instalação <strong>{created.name}</strong>. Informe a chave na configuração do Hiper.
            </Text>
            <Code block data-testid="api-key-secret" style={{ wordBreak: 'break-all' }}>
              {created.key}
            </Code>
            <Group justify="flex-end">
              <CopyButton value={created.key}>
                {({ copied, copy }) => (
                  <Button
                    variant="light"
                    color={copied ? 'teal' : undefined}
                    leftSection={copied ? <IconCheck size={16} /> : undefined}
                    onClick={copy}
                  >
                    {copied ? 'Copiada' : 'Copiar chave'}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setCreated(null)}>Concluir</Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revogar chave" centered>
        {revoking && (
          <Stack>
            <Text size="sm">
              Revogar a chave <Code>{revoking.key_prefix}…</Code> da instalação{' '}
              <strong>{revoking.name}</strong>? O Hiper que a usa deixa de conseguir se conectar. Esta ação
              não pode ser desfeita.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                Cancelar
              </Button>
              <Button color="red" onClick={confirmRevoke} loading={revoke.isPending}>
                Revogar
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
