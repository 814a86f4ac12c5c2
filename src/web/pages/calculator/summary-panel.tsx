import { Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatBRL } from '../../../domain/money/money';
import { PAYMENT_METHOD_LABELS, PERIODICITY_LABELS } from '../../../domain/pricing/catalog';
import type { PricedQuote } from '../../../domain/pricing/price-quote';
import { tabular } from './section-card';

function Row({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
      <Stack gap={0}>
        <Text size="sm" c="dimmed">
          {label}
        </Text>
        {hint ? (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        ) : null}
      </Stack>
      <Text size="sm" fw={600} style={tabular} data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

/** The sticky summary on the right of Geração de Contratos. */
export function SummaryPanel({
  quote,
  setupFee,
  children,
}: {
  quote: PricedQuote;
  setupFee: boolean;
  children?: ReactNode;
}) {
  const discounted = quote.monthlyNegotiatedCents !== quote.monthlyOriginalCents;
  const installments = quote.payment.installmentAmounts.length;
  return (
    <Card
      p="lg"
      style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 64px) + 16px)' }}
      data-testid="summary"
      aria-label="Resumo da proposta"
      component="aside"
    >
      <Stack gap="sm">
        <div>
          <Text size="xs" tt="uppercase" fw={600} c="dimmed" lts={0.3}>
            Resumo
          </Text>
          <Title order={4}>
            {quote.productName ?? '—'} · {PERIODICITY_LABELS[quote.periodicity]}
          </Title>
        </div>
        <Stack gap={2}>
          <Text size="sm" c="dimmed">
            Mensalidade negociada
          </Text>
          <Group gap={6} align="baseline">
            <Text fz={30} fw={700} lh={1.1} style={tabular} data-testid="summary-monthly">
              {formatBRL(quote.monthlyNegotiatedCents)}
            </Text>
            <Text c="dimmed" size="sm">
              /mês
            </Text>
          </Group>
          {discounted ? (
            <Text size="xs" c="dimmed" style={tabular}>
              Original{' '}
              <Text span inherit td="line-through">
                {formatBRL(quote.monthlyOriginalCents)}
              </Text>
            </Text>
          ) : (
            <Text size="xs" c="dimmed">
              Valor original da tabela
            </Text>
          )}
        </Stack>
        <Divider />
        <Row
          label="Total do período"
          hint={`${quote.months} ${quote.months === 1 ? 'mês' : 'meses'}`}
          value={formatBRL(quote.periodTotalCents)}
          testId="summary-period-total"
        />
        <Row
          label="Implantação"
          hint={setupFee ? 'com valor de implantação' : 'sem valor de implantação'}
          value={setupFee ? formatBRL(quote.setupFeeCents) : 'Sem implantação'}
        />
        <Row
          label="Primeira cobrança"
          hint="na ativação: implantação + 1ª parcela"
          value={formatBRL(quote.firstChargeCents)}
          testId="summary-first-charge"
        />
        <Row
          label="Pagamento"
          value={
            <>
              {PAYMENT_METHOD_LABELS[quote.payment.method]}
              {installments > 1 ? ` · ${installments}x` : ''}
            </>
          }
        />
        <Divider />
        <Stack
          gap={2}
          p="sm"
          style={{ background: 'var(--mantine-color-teal-0)', borderRadius: 8 }}
          data-testid="summary-repasse"
        >
          <Text size="sm" c="teal.9">
            Seu repasse estimado
          </Text>
          <Text fz={22} fw={700} c="teal.8" style={tabular}>
            {formatBRL(quote.repasse.monthlyCents)}/mês
          </Text>
          <Text size="xs" c="teal.9" style={{ opacity: 0.8 }}>
            mensalidade − custo Hiper ({formatBRL(quote.repasse.costCents)}) − taxa da central (
            {formatBRL(quote.repasse.centralFeeCents)})
          </Text>
        </Stack>
        {children}
      </Stack>
    </Card>
  );
}
