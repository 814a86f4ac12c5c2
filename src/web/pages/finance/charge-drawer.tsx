import {
  Alert,
  Anchor,
  Button,
  CopyButton,
  Divider,
  Drawer,
  Group,
  Image,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { BACK_OFFICE, isStaff } from '../../../domain/access/roles';
import { formatDateBR } from '../../../domain/calendar/dates';
import { formatDocument } from '../../../domain/documents/cpf-cnpj';
import { formatBasisPoints, formatBRL } from '../../../domain/money/money';
import { useChargeCardNow } from '../../api/cards';
import {
  boletoPdfUrl,
  type ChargeDetail,
  useCancelCharge,
  useCharge,
  useResendCharge,
} from '../../api/charges';
import { errorMessage } from '../../api/client';
import { useMe } from '../../api/session';
import { formatDateTimeBR } from '../../components/date-time';
import { Field } from '../../components/field';
import { IconAlertCircle } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';
import { ChargeStatusBadge } from './charges-list';
import { ConfirmTedButton } from './confirm-ted-button';
import { RefundChargeButton } from './refund-charge-button';
import { SimulatePixButton } from './simulate-pix-button';

const tabular = { fontVariantNumeric: 'tabular-nums' } as const;

function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Paper withBorder px="sm" py={6} bg="gray.0" style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid={testId}>
            {value}
          </Text>
        </Paper>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button
              size="xs"
              variant={copied ? 'filled' : 'default'}
              color={copied ? 'teal' : undefined}
              onClick={copy}
            >
              {copied ? 'Copiado' : 'Copiar'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/** The Pix QR drawn in the browser from the copia-e-cola payload. */
export function PixQr({ payload, size = 180 }: { payload: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: size })
      .then((url) => alive && setSrc(url))
      .catch(() => alive && setSrc(null));
    return () => {
      alive = false;
    };
  }, [payload, size]);
  return src ? (
    <Image src={src} w={size} h={size} alt="QR Code Pix" data-testid="pix-qr" />
  ) : (
    <Skeleton w={size} h={size} />
  );
}

function CancelChargeModal({
  charge,
  opened,
  onClose,
}: {
  charge: ChargeDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const cancel = useCancelCharge();
  const submit = () =>
    cancel.mutate(
      { id: charge.id, reason },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Cobrança cancelada',
            message: `Cobrança ${charge.number}.`,
          });
          setReason('');
          onClose();
        },
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={`Cancelar a cobrança ${charge.number}`} centered>
      <Stack>
        <Text size="sm">
          {charge.boleto?.registered_at
            ? 'O boleto já foi registrado no banco: o pedido de baixa irá na próxima remessa.'
            : 'A cobrança deixa de valer e não será mais enviada ao cliente.'}
        </Text>
        <Textarea
          label="Motivo"
          required
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={cancel.error ? errorMessage(cancel.error) : undefined}
          maxLength={500}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Voltar
          </Button>
          <Button color="red" onClick={submit} loading={cancel.isPending} disabled={reason.trim().length < 5}>
            Cancelar cobrança
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ChargeCardNowButton({ chargeId }: { chargeId: string }) {
  const chargeNow = useChargeCardNow();
  return (
    <Button
      size="xs"
      variant="light"
      loading={chargeNow.isPending}
      onClick={() =>
        chargeNow.mutate(chargeId, {
          onSuccess: (r) =>
            notifications.show({
              color: r.status === 'paga' ? 'teal' : 'red',
              title: r.status === 'paga' ? 'Pagamento aprovado no cartão' : 'Cartão recusado',
              message: r.status === 'paga' ? 'A cobrança foi paga.' : (r.reason ?? 'Tente outro cartão.'),
            }),
          onError: (err) =>
            notifications.show({
              color: 'red',
              title: 'Não foi possível cobrar',
              message: errorMessage(err),
            }),
        })
      }
    >
      Cobrar no cartão agora
    </Button>
  );
}

function ChargeActions({ charge }: { charge: ChargeDetail }) {
  const me = useMe();
  const role = me.data?.user.role;
  const backOffice = role ? BACK_OFFICE.includes(role) : false;
  const resend = useResendCharge();
  const [cancelling, setCancelling] = useState(false);
  const open = charge.status !== 'paga' && charge.status !== 'cancelada' && charge.status !== 'estornada';
  return (
    <Group gap="xs">
      {charge.boleto ? (
        <Button
          component="a"
          href={boletoPdfUrl(charge.id)}
          target="_blank"
          variant="light"
          size="xs"
          data-testid="boleto-pdf"
        >
          Boleto (PDF)
        </Button>
      ) : null}
      {open ? (
        <Button
          size="xs"
          variant="default"
          loading={resend.isPending}
          onClick={() =>
            resend.mutate(charge.id, {
              onSuccess: (r) =>
                notifications.show({
                  color: 'teal',
                  title: 'E-mail reenviado',
                  message: `Para ${r.recipients.join(', ')}.`,
                }),
              onError: (err) =>
                notifications.show({
                  color: 'red',
                  title: 'Não foi possível reenviar',
                  message: errorMessage(err),
                }),
            })
          }
        >
          Reenviar e-mail
        </Button>
      ) : null}
      {backOffice && open && charge.pix ? <SimulatePixButton chargeId={charge.id} /> : null}
      {backOffice && open && charge.method === 'cartao' ? <ChargeCardNowButton chargeId={charge.id} /> : null}
      {backOffice && open && charge.method === 'ted' ? (
        <ConfirmTedButton chargeId={charge.id} amountCents={charge.balance_cents} />
      ) : null}
      {backOffice && charge.status === 'paga' ? <RefundChargeButton charge={charge} /> : null}
      {backOffice && open && charge.paid_cents === 0 ? (
        <>
          <Button size="xs" variant="subtle" color="red" onClick={() => setCancelling(true)}>
            Cancelar
          </Button>
          <CancelChargeModal charge={charge} opened={cancelling} onClose={() => setCancelling(false)} />
        </>
      ) : null}
    </Group>
  );
}

function ChargeBody({ charge }: { charge: ChargeDetail }) {
  const me = useMe();
  const staff = me.data ? isStaff(me.data.user.role) : false;
  return (
    <Stack gap="md" data-testid="charge-detail">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text fw={700} size="lg">
            Cobrança {charge.number}
          </Text>
          <Text size="sm" c="dimmed">
            {charge.description}
          </Text>
        </Stack>
        <ChargeStatusBadge status={charge.status} />
      </Group>

      {charge.failure_reason ? (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title="Falhou">
          {charge.failure_reason}
        </Alert>
      ) : null}
      {charge.cancel_reason ? (
        <Alert color="gray" variant="light" title="Cancelada">
          {charge.cancel_reason}
        </Alert>
      ) : null}

      <Stack gap={6}>
        <Field labelWidth={150} label="Cliente">
          <Anchor component={RouterLink} to={`/clientes/${charge.client.id}`} size="sm">
            {charge.client.legal_name}
          </Anchor>{' '}
          <Text span size="xs" c="dimmed">
            {formatDocument(charge.client.document)}
          </Text>
        </Field>
        {staff ? (
          <Field labelWidth={150} label="Hiperador">
            {charge.reseller.name}
          </Field>
        ) : null}
        <Field labelWidth={150} label="Forma de pagamento">
          {charge.method_label}
          {charge.card_installments && charge.card_installments > 1 ? ` em ${charge.card_installments}x` : ''}
        </Field>
        <Field labelWidth={150} label="Valor">
          <Text span fw={700} style={tabular} data-testid="charge-amount">
            {formatBRL(charge.amount_cents)}
          </Text>
        </Field>
        {charge.paid_cents > 0 ? (
          <Field labelWidth={150} label="Pago">
            <Text span style={tabular}>
              {formatBRL(charge.paid_cents)}
              {charge.balance_cents > 0 ? ` — falta ${formatBRL(charge.balance_cents)}` : ''}
            </Text>
          </Field>
        ) : null}
        <Field labelWidth={150} label="Vencimento">
          {formatDateBR(charge.due_date)}
        </Field>
        {charge.paid_on ? (
          <Field labelWidth={150} label="Pago em">
            {formatDateBR(charge.paid_on)}
          </Field>
        ) : null}
        <Field labelWidth={150} label="Após o vencimento">
          multa de {formatBasisPoints(charge.fine_basis_points)} e juros de{' '}
          {formatBasisPoints(charge.interest_monthly_basis_points)} ao mês
        </Field>
      </Stack>

      <ChargeActions charge={charge} />

      {charge.boleto ? (
        <>
          <Divider label="Boleto" labelPosition="left" />
          <CopyField
            label="Linha digitável"
            value={charge.boleto.digitable_line_formatted}
            testId="digitable-line"
          />
          <Field labelWidth={150} label="Nosso número">
            {charge.boleto.nosso_numero}
          </Field>
          <Field labelWidth={150} label="Registro no banco">
            {charge.boleto.registered_at
              ? `confirmado em ${formatDateTimeBR(charge.boleto.registered_at)}`
              : 'aguardando a remessa / retorno'}
          </Field>
        </>
      ) : null}
      {charge.pix ? (
        <>
          <Divider label="Pix" labelPosition="left" />
          <Group align="flex-start" wrap="nowrap">
            <PixQr payload={charge.pix.payload} size={150} />
            <Stack gap="xs" style={{ flex: 1, minWidth: 0 }}>
              <CopyField label="Pix copia e cola" value={charge.pix.payload} testId="pix-payload" />
            </Stack>
          </Group>
        </>
      ) : null}
      {charge.ted ? (
        <>
          <Divider label="TED" labelPosition="left" />
          <Field labelWidth={150} label="Banco">
            {charge.ted.bank}
          </Field>
          <Field labelWidth={150} label="Agência / conta">
            {charge.ted.agency} / {charge.ted.account}
          </Field>
          <Field labelWidth={150} label="Favorecido">
            {charge.ted.beneficiary} — {formatDocument(charge.ted.beneficiary_document)}
          </Field>
          <CopyField
            label="Identificador (informar no histórico)"
            value={charge.ted.identifier}
            testId="ted-identifier"
          />
        </>
      ) : null}

      <CopyField label="Página de pagamento do cliente" value={charge.payment_page_url} />

      <Divider label="Pagamentos" labelPosition="left" />
      {charge.payments.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nenhum pagamento recebido.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6} data-testid="charge-payments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Data</Table.Th>
                <Table.Th>Origem</Table.Th>
                <Table.Th ta="right">Pago</Table.Th>
                <Table.Th ta="right">Multa/juros</Table.Th>
                <Table.Th ta="right">A mais</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {charge.payments.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td style={tabular}>{formatDateBR(p.paid_on)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.source_label}</Text>
                    {p.reason ? (
                      <Text size="xs" c="dimmed">
                        {p.reason}
                        {p.recorded_by_name ? ` — ${p.recorded_by_name}` : ''}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {formatBRL(p.amount_cents)}
                  </Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {formatBRL(p.fine_interest_cents)}
                  </Table.Td>
                  <Table.Td ta="right" style={tabular}>
                    {p.overpaid_cents > 0 ? formatBRL(p.overpaid_cents) : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {charge.events.length > 0 ? (
        <>
          <Divider label="Ocorrências" labelPosition="left" />
          <Timeline bulletSize={12} lineWidth={2}>
            {charge.events.map((e) => (
              <Timeline.Item key={e.id} title={<Text size="sm">{e.description}</Text>}>
                <Text size="xs" c="dimmed">
                  {formatDateTimeBR(e.at)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </>
      ) : null}
    </Stack>
  );
}

export function ChargeDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const charge = useCharge(id);
  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Text fw={700} size="lg">
          Cobrança
        </Text>
      }
    >
      {charge.isError ? (
        <LoadErrorAlert
          error={charge.error}
          onRetry={() => void charge.refetch()}
          title="Não foi possível abrir a cobrança"
        />
      ) : !charge.data ? (
        <Stack gap="sm">
          <Skeleton height={20} width="60%" />
          <Skeleton height={14} width="40%" />
          <Skeleton height={200} mt="md" />
        </Stack>
      ) : (
        <ChargeBody charge={charge.data} />
      )}
    </Drawer>
  );
}
