import { Button, Group, Modal, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useClientCard, useSendCardLink } from '../../api/cards';
import { errorMessage } from '../../api/client';
import { IconMail, IconWallet } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';

const dateBR = (iso: string) =>
  new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo' }).format(new Date(iso));

/** The client's credit card (brand, last 4, expiry) and the button that e-mails the registration link. */
export function ClientCardPanel({ clientId }: { clientId: string }) {
  const query = useClientCard(clientId);
  const send = useSendCardLink(clientId);
  const [confirming, setConfirming] = useState(false);

  if (query.isError) {
    return (
      <LoadErrorAlert
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        title="Não foi possível carregar o cartão"
      />
    );
  }
  if (!query.data) return <Skeleton height={72} />;
  const card = query.data.card;

  const close = () => {
    send.reset();
    setConfirming(false);
  };

  return (
    <Paper withBorder p="md" data-testid="client-card-panel">
      <Group justify="space-between" align="center" gap="md" wrap="wrap">
        <Group gap="sm" wrap="nowrap" align="center">
          <IconWallet size={24} color="var(--mantine-color-brand-7)" />
          {card ? (
            <Stack gap={0}>
              <Text fw={600} data-testid="client-card-label">
                Cartão de crédito: {card.label}
              </Text>
              <Text size="sm" c="dimmed">
                Validade {card.expiry} · {card.holder_name} · cadastrado em {dateBR(card.since)}
              </Text>
            </Stack>
          ) : (
            <Stack gap={0}>
              <Text fw={600}>Nenhum cartão de crédito cadastrado</Text>
              <Text size="sm" c="dimmed">
                O cliente cadastra o cartão pelo link enviado por e-mail.
              </Text>
            </Stack>
          )}
        </Group>
        <Button variant="light" leftSection={<IconMail size={16} />} onClick={() => setConfirming(true)}>
          Enviar link de cadastro do cartão
        </Button>
      </Group>

      <Modal opened={confirming} onClose={close} title="Enviar link de cadastro do cartão" centered>
        <Stack gap="md">
          <Text size="sm">
            O cliente recebe por e-mail (e-mail principal e e-mails de cobrança) um link para cadastrar o
            cartão de crédito, válido por 7 dias. Links enviados antes e ainda não usados deixam de valer.
            {card ? ` O cartão atual (${card.label}) será substituído quando o cliente cadastrar outro.` : ''}
          </Text>
          {send.error ? (
            <Text size="sm" c="red" role="alert">
              {errorMessage(send.error)}
            </Text>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Voltar
            </Button>
            <Button
              loading={send.isPending}
              onClick={() =>
                send.mutate(undefined, {
                  onSuccess: (sent) => {
                    notifications.show({
                      color: 'teal',
                      title: 'Link enviado',
                      message: `Link de cadastro do cartão enviado para ${sent.sent_to.join(', ')}.`,
                    });
                    close();
                  },
                })
              }
            >
              Enviar link
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
