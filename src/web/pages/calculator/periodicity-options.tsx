import { Badge, Group, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { formatBRL } from '../../../domain/money/money';
import { PERIODICITY_LABELS, type Periodicity } from '../../../domain/pricing/catalog';
import type { PricedQuote } from '../../../domain/pricing/price-quote';
import { IconCheck } from '../../components/icons';
import { formatPercentBp } from './labels';
import { SectionCard, tabular } from './section-card';

const PERIOD_NOUN: Record<Periodicity, string> = { mensal: 'mês', semestral: 'semestre', anual: 'ano' };

/** Planos e valores: the configured contract in each periodicidade; a click picks one. */
export function PeriodicityOptions({
  quote,
  value,
  onChange,
  readOnly,
}: {
  quote: PricedQuote;
  value: Periodicity;
  onChange: (p: Periodicity) => void;
  readOnly: boolean;
}) {
  return (
    <SectionCard
      step={4}
      title="Planos e valores"
      description="Valores de tabela em cada periodicidade. Quanto maior a fidelidade, maior o desconto."
      testId="plan-options"
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {quote.options.map((o) => {
          const active = o.periodicity === value;
          return (
            <UnstyledButton
              key={o.periodicity}
              onClick={() => onChange(o.periodicity)}
              disabled={readOnly}
              aria-pressed={active}
              data-testid={`option-${o.periodicity}`}
              p="md"
              style={{
                borderRadius: 10,
                border: `${active ? 2 : 1}px solid ${active ? 'var(--mantine-color-brand-6)' : 'var(--mantine-color-default-border)'}`,
                background: active ? 'var(--mantine-color-brand-0)' : 'var(--mantine-color-body)',
                margin: active ? 0 : 1,
                transition: 'background 120ms, border-color 120ms',
              }}
            >
              <Stack gap={6}>
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={700}>{PERIODICITY_LABELS[o.periodicity]}</Text>
                  {active ? (
                    <Badge size="sm" radius="sm" tt="none" leftSection={<IconCheck size={12} />}>
                      Escolhido
                    </Badge>
                  ) : o.discountBp > 0 ? (
                    <Badge size="sm" radius="sm" tt="none" color="teal" variant="light">
                      −{formatPercentBp(o.discountBp)}
                    </Badge>
                  ) : null}
                </Group>
                <Group gap={4} align="baseline" wrap="nowrap">
                  <Text fz={24} fw={700} lh={1.15} style={tabular} data-testid="option-monthly">
                    {formatBRL(o.monthlyOriginalCents)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    /mês
                  </Text>
                </Group>
                <Text size="sm" c="dimmed" style={tabular}>
                  {formatBRL(o.periodTotalCents)} por {PERIOD_NOUN[o.periodicity]}
                </Text>
                {o.discountBp > 0 ? (
                  <Text size="sm" c="teal.8" fw={500}>
                    {formatPercentBp(o.discountBp)} de desconto · economia de {formatBRL(o.discountCents)}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    Sem fidelidade, sem desconto
                  </Text>
                )}
              </Stack>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
    </SectionCard>
  );
}
