import { Alert, Grid, Select, Text } from '@mantine/core';
import { formatBRL, splitEvenly } from '../../../domain/money/money';
import {
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  type PaymentMethod,
  PERIODICITY_LABELS,
  type PriceBookSnapshot,
  usesCard,
} from '../../../domain/pricing/catalog';
import type { PricedQuote } from '../../../domain/pricing/price-quote';
import { SectionCard } from './section-card';

function installmentLabel(total: number, n: number): string {
  const parts = splitEvenly(total, n);
  const first = parts[0] ?? 0;
  const last = parts[parts.length - 1] ?? 0;
  if (first === last) return `${n}x de ${formatBRL(first)}`;
  const bigger = parts.filter((p) => p === first).length;
  return `${n}x de ${formatBRL(last)} (${bigger} de ${formatBRL(first)})`;
}

const METHOD_HELP: Record<PaymentMethod, string> = {
  boleto: 'Boleto com PIX para a primeira cobrança e boletos com vencimento no dia 15.',
  cartao: 'O cliente recebe por e-mail o link para cadastrar o cartão; as parcelas são cobradas no dia 15.',
  ted_boleto: 'Primeira cobrança por TED; as seguintes por boleto com vencimento no dia 15.',
  ted_cartao: 'Primeira cobrança por TED; as seguintes no cartão, no dia 15.',
  ted: 'Todas as cobranças por TED, com os dados bancários e um identificador.',
};

export function PaymentSection({
  book,
  quote,
  method,
  installments,
  onMethod,
  onInstallments,
  readOnly,
}: {
  book: PriceBookSnapshot;
  quote: PricedQuote;
  method: PaymentMethod;
  installments: number | null;
  onMethod: (m: PaymentMethod) => void;
  onInstallments: (n: number) => void;
  readOnly: boolean;
}) {
  const max = book.maxCardInstallments[quote.periodicity];
  const card = usesCard(method);
  const violation = quote.violations.find((v) => v.field === 'card_installments');
  return (
    <SectionCard step={6} title="Pagamentos" testId="payment-section">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: card ? 7 : 12 }}>
          <Select
            label="Forma de pagamento"
            data={PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }))}
            value={method}
            onChange={(v) => v && onMethod(v as PaymentMethod)}
            allowDeselect={false}
            description={METHOD_HELP[method]}
            disabled={readOnly}
            comboboxProps={{ withinPortal: true }}
          />
        </Grid.Col>
        {card ? (
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Select
              label="Número de parcelas"
              data={Array.from({ length: max }, (_, i) => ({
                value: String(i + 1),
                label: installmentLabel(quote.periodTotalCents, i + 1),
              }))}
              value={String(installments ?? 1)}
              onChange={(v) => v && onInstallments(Number(v))}
              allowDeselect={false}
              description={`Até ${max}x no plano ${PERIODICITY_LABELS[quote.periodicity]}`}
              disabled={readOnly}
              comboboxProps={{ withinPortal: true }}
            />
          </Grid.Col>
        ) : null}
      </Grid>
      {violation ? (
        <Alert color="red" variant="light" mt="sm" role="alert">
          {violation.message}
        </Alert>
      ) : null}
      {card && quote.payment.installmentAmounts.length > 0 ? (
        <Text size="sm" c="dimmed" mt="sm">
          Total do período {formatBRL(quote.periodTotalCents)} no cartão em{' '}
          {installmentLabel(quote.periodTotalCents, quote.payment.installmentAmounts.length)}.
        </Text>
      ) : null}
    </SectionCard>
  );
}
