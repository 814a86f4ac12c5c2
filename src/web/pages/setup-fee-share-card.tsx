import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { formatBRL } from '../../domain/money/money';
import { setupFeeRepasse } from '../../domain/repasse/repasse';
import { ApiError, errorMessage } from '../api/client';
import { type ProductShare, useProducts, useSetSetupFeeShare } from '../api/products';
import { LoadErrorAlert } from '../components/load-error-alert';

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/** 7050 bp → "70,5%". */
function percent(bp: number): string {
  return `${(bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 })}%`;
}

/** A percentage typed with up to 2 decimals (70,5) → basis points (7050); null when not a valid 0–100. */
export function percentToBp(value: number | string): number | null {
  const n = typeof value === 'number' ? value : Number(String(value).replace(/\./g, '').replace(',', '.'));
  if (String(value).trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) return null;
  const bp = Math.round(n * 100);
  return Math.abs(bp - n * 100) < 1e-6 ? bp : null;
}

/** What an implantação of `feeCents` yields each side with `bp` to the Hiperador (the ledger's own rule). */
function splitText(feeCents: number, bp: number): string {
  const line = setupFeeRepasse({ receivedCents: feeCents, resellerShareBp: bp });
  return `De uma implantação de ${formatBRL(feeCents)}: ${formatBRL(line.repasseCents)} ao Hiperador e ${formatBRL(line.centralFeeCents)} à Hiper.`;
}

function EditShareModal({
  product,
  setupFeeCents,
  onClose,
}: {
  product: ProductShare;
  setupFeeCents: number | undefined;
  onClose: () => void;
}) {
  const save = useSetSetupFeeShare();
  const [value, setValue] = useState<number | string>(product.setup_fee_reseller_bp / 100);
  const bp = percentToBp(value);
  const localError =
    bp === null ? 'Informe um percentual de 0% a 100%, com até duas casas decimais.' : undefined;
  const serverFieldError =
    save.error instanceof ApiError && save.error.field === 'reseller_bp' ? save.error.message : undefined;

  const submit = () => {
    if (bp === null) return;
    save.mutate(
      { code: product.code, resellerBp: bp },
      {
        onSuccess: (changed) => {
          notifications.show({
            color: 'teal',
            title: 'Participação na implantação alterada',
            message: `${changed.name}: ${percent(changed.previous_setup_fee_reseller_bp)} → ${changed.setup_fee_reseller_label} ao Hiperador, nas implantações pagas a partir de agora.`,
          });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`Implantação do ${product.name}`} centered>
      <Stack gap="sm">
        <NumberInput
          label="Participação do Hiperador"
          description="O restante da implantação fica com a Hiper."
          data-autofocus
          value={value}
          onChange={setValue}
          min={0}
          max={100}
          decimalScale={2}
          decimalSeparator=","
          allowNegative={false}
          suffix="%"
          error={localError ?? serverFieldError}
          styles={{ input: NUMERIC }}
        />
        {bp !== null && setupFeeCents ? (
          <Text size="sm" c="dimmed" data-testid="setup-share-preview">
            {splitText(setupFeeCents, bp)}
          </Text>
        ) : null}
        <Alert color="blue" variant="light">
          A alteração vale para as implantações pagas a partir de agora. O que já foi lançado no repasse não
          muda.
        </Alert>
        {save.error && !serverFieldError ? (
          <Alert color="red" variant="light">
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={bp === null}>
            Salvar
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Catálogo: each product's implantação split (SPEC §7, issue 7). Staff see it; the administrador edits it.
 * `setupFees`: the implantação of each product in the book in force (for the R$ example), when known.
 */
export function SetupFeeShareCard({
  admin,
  setupFees = {},
}: {
  admin: boolean;
  setupFees?: Record<string, number>;
}) {
  const products = useProducts();
  const [editing, setEditing] = useState<ProductShare | null>(null);

  return (
    <Paper withBorder p="md" radius="md" data-testid="setup-fee-share-card">
      <Stack gap="sm">
        <div>
          <Title order={4}>Implantação: participação do Hiperador</Title>
          <Text size="sm" c="dimmed">
            Quanto da taxa de implantação vai para o Hiperador, que faz a implantação; o restante fica com a
            Hiper. Uma alteração vale para as implantações pagas a partir dela: o que já foi lançado no
            repasse não muda.
          </Text>
        </div>
        {products.isError ? (
          <LoadErrorAlert error={products.error} onRetry={() => void products.refetch()} />
        ) : !products.data ? (
          <Skeleton height={90} />
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Produto</Table.Th>
                  <Table.Th ta="right">Hiperador</Table.Th>
                  <Table.Th ta="right">Hiper</Table.Th>
                  <Table.Th>Exemplo</Table.Th>
                  {admin ? <Table.Th /> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {products.data.map((p) => {
                  const fee = setupFees[p.code];
                  return (
                    <Table.Tr key={p.code} data-testid={`setup-share-${p.code}`}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td ta="right" style={NUMERIC} fw={600}>
                        {p.setup_fee_reseller_label}
                      </Table.Td>
                      <Table.Td ta="right" style={NUMERIC}>
                        {percent(10000 - p.setup_fee_reseller_bp)}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {fee ? splitText(fee, p.setup_fee_reseller_bp) : '—'}
                        </Text>
                      </Table.Td>
                      {admin ? (
                        <Table.Td ta="right">
                          <Button
                            variant="light"
                            size="compact-sm"
                            onClick={() => setEditing(p)}
                            aria-label={`Alterar a participação na implantação do ${p.name}`}
                          >
                            Alterar
                          </Button>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {admin && editing ? (
        <EditShareModal
          key={editing.code}
          product={editing}
          setupFeeCents={setupFees[editing.code]}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Paper>
  );
}
