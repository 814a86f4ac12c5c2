import {
  Alert,
  Badge,
  Button,
  Card,
  CopyButton,
  Divider,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useParams } from 'react-router';
import { formatDateBR } from '../../../domain/calendar/dates';
import { formatDocument } from '../../../domain/documents/cpf-cnpj';
import { formatBasisPoints, formatBRL } from '../../../domain/money/money';
import { publicBoletoPdfUrl, usePublicCharge } from '../../api/charges';
import { errorMessage } from '../../api/client';
import { IconAlertCircle, IconCheck } from '../../components/icons';
import { PublicShell } from '../../components/public-shell';
import { PixQr } from '../finance/charge-drawer';

function Copy({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button
          fullWidth
          variant={copied ? 'filled' : 'light'}
          color={copied ? 'teal' : undefined}
          onClick={copy}
        >
          {copied ? 'Copiado!' : label}
        </Button>
      )}
    </CopyButton>
  );
}

/** Public: what the charge e-mail links to — amount, due date and every way to pay it, mobile first. */
export function PaymentPage() {
  const { token = '' } = useParams();
  const query = usePublicCharge(token);
  const c = query.data;
  return (
    <PublicShell subtitle="Pagamento">
      {query.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title="Link inválido">
          {errorMessage(query.error)}
        </Alert>
      ) : !c ? (
        <Stack>
          <Skeleton h={28} w="60%" />
          <Skeleton h={160} />
        </Stack>
      ) : (
        <Stack gap="md" data-testid="payment-page">
          <Card withBorder radius="md">
            <Stack gap={6}>
              <Group justify="space-between" align="flex-start">
                <Text c="dimmed" fz="sm">
                  Cobrança {c.number}
                </Text>
                <Badge
                  variant="light"
                  color={
                    c.status === 'paga'
                      ? 'teal'
                      : c.status === 'cancelada' || c.status === 'estornada'
                        ? 'gray'
                        : 'blue'
                  }
                >
                  {c.status_label}
                </Badge>
              </Group>
              <Title order={2} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="payment-amount">
                {formatBRL(c.balance_cents > 0 ? c.balance_cents : c.amount_cents)}
              </Title>
              <Text fz="sm">
                Vencimento <b>{formatDateBR(c.due_date)}</b> — {c.description}
              </Text>
              <Text fz="sm" c="dimmed">
                {c.client_name} · beneficiário {c.beneficiary.name} ({formatDocument(c.beneficiary.document)})
              </Text>
              {c.status !== 'paga' && c.status !== 'cancelada' && c.status !== 'estornada' ? (
                <Text fz="xs" c="dimmed">
                  Após o vencimento: multa de {formatBasisPoints(c.fine_basis_points)} e juros de{' '}
                  {formatBasisPoints(c.interest_monthly_basis_points)} ao mês. Vencimento em fim de semana ou
                  feriado pode ser pago no próximo dia útil sem acréscimo.
                </Text>
              ) : null}
            </Stack>
          </Card>

          {c.status === 'paga' ? (
            <Alert color="teal" variant="light" icon={<IconCheck size={20} />} title="Pagamento recebido">
              {c.paid_on ? `Pago em ${formatDateBR(c.paid_on)}. ` : ''}Obrigado!
            </Alert>
          ) : c.status === 'cancelada' ? (
            <Alert color="gray" variant="light" title="Cobrança cancelada">
              Esta cobrança foi cancelada e não precisa ser paga.
            </Alert>
          ) : c.status === 'estornada' ? (
            <Alert color="gray" variant="light" title="Pagamento estornado">
              O pagamento desta cobrança foi devolvido (estorno). Ela não pode ser paga por este link; fale
              com quem a enviou.
            </Alert>
          ) : (
            <>
              {c.pix ? (
                <Card withBorder radius="md">
                  <Stack align="center" gap="sm">
                    <Text fw={600}>Pague com Pix</Text>
                    <PixQr payload={c.pix.payload} size={220} />
                    <Copy value={c.pix.payload} label="Copiar código Pix (copia e cola)" />
                  </Stack>
                </Card>
              ) : null}
              {c.boleto ? (
                <Card withBorder radius="md">
                  <Stack gap="sm">
                    <Text fw={600}>Boleto bancário</Text>
                    <Paper withBorder bg="gray.0" p="sm">
                      <Text
                        ff="monospace"
                        fz="sm"
                        style={{ wordBreak: 'break-all' }}
                        data-testid="payment-digitable-line"
                      >
                        {c.boleto.digitable_line_formatted}
                      </Text>
                    </Paper>
                    <Copy value={c.boleto.digitable_line} label="Copiar linha digitável" />
                    <Button component="a" href={publicBoletoPdfUrl(token)} target="_blank" variant="default">
                      Baixar boleto (PDF)
                    </Button>
                  </Stack>
                </Card>
              ) : null}
              {c.ted ? (
                <Card withBorder radius="md">
                  <Stack gap={6}>
                    <Text fw={600}>Transferência (TED)</Text>
                    <Text fz="sm">Banco: {c.ted.bank}</Text>
                    <Text fz="sm">
                      Agência {c.ted.agency} · Conta {c.ted.account}
                    </Text>
                    <Text fz="sm">
                      Favorecido: {c.ted.beneficiary} — CNPJ {formatDocument(c.ted.beneficiary_document)}
                    </Text>
                    <Divider my={4} />
                    <Text fz="sm">
                      Informe no histórico da transferência o identificador{' '}
                      <b data-testid="payment-ted-identifier">{c.ted.identifier}</b>.
                    </Text>
                    <Copy value={c.ted.identifier} label="Copiar identificador" />
                  </Stack>
                </Card>
              ) : null}
              {c.method === 'cartao' ? (
                <Alert color="blue" variant="light" title="Cartão de crédito">
                  Esta cobrança é feita no cartão de crédito cadastrado. Se você ainda não cadastrou o cartão,
                  use o link de cadastro que enviamos por e-mail.
                </Alert>
              ) : null}
            </>
          )}
        </Stack>
      )}
    </PublicShell>
  );
}
