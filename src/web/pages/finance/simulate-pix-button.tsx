import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { formatBRL } from '../../../domain/money/money';
import { errorMessage } from '../../api/client';
import { useSimulatePixPayment } from '../../api/pix';

/**
 * Staff button of the embedded sandbox PSP: asks for confirmation, then sends the PSP's signed webhook for
 * the charge's Pix (the open balance) through the real handler. The server refuses it (422) when a real
 * PSP is configured; the charge queries are refreshed on success.
 */
export function SimulatePixButton({ chargeId }: { chargeId: string }) {
  const [opened, setOpened] = useState(false);
  const simulate = useSimulatePixPayment();
  const close = () => {
    simulate.reset();
    setOpened(false);
  };
  return (
    <>
      <Button variant="light" color="teal" size="xs" onClick={() => setOpened(true)}>
        Simular pagamento (sandbox)
      </Button>
      <Modal opened={opened} onClose={close} title="Simular pagamento Pix (sandbox)" centered>
        <Stack gap="md">
          <Text size="sm">
            O PSP de testes vai enviar a notificação de um Pix no valor do saldo em aberto desta cobrança,
            como um banco faria. O pagamento é registrado de verdade nesta base (origem: notificação do PSP).
          </Text>
          {simulate.error ? (
            <Alert color="red" title="Não foi possível simular">
              {errorMessage(simulate.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Voltar
            </Button>
            <Button
              color="teal"
              loading={simulate.isPending}
              onClick={() =>
                simulate.mutate(
                  { chargeId },
                  {
                    onSuccess: (result) => {
                      notifications.show({
                        color: 'teal',
                        title: 'Pagamento Pix simulado',
                        message:
                          result.charge.status === 'paga'
                            ? `Pix de ${formatBRL(result.amount_cents)} recebido: cobrança paga.`
                            : `Pix de ${formatBRL(result.amount_cents)} recebido. Saldo em aberto: ${formatBRL(result.charge.balance_cents)}.`,
                      });
                      close();
                    },
                  },
                )
              }
            >
              Confirmar pagamento simulado
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
