import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { formatBRL } from '../../../domain/money/money';
import { PERIODICITY_LABELS } from '../../../domain/pricing/catalog';
import type { PricedQuote } from '../../../domain/pricing/price-quote';
import { IconAlertCircle } from '../../components/icons';
import { SectionCard, tabular } from './section-card';

const KIND_LABELS = { plan: 'Plano', addon: 'Adicional', app: 'Aplicativo' } as const;

/** Original / Mínimo per line (after the periodicity discount) and the editable monthly Negociado. */
export function NegotiationSection({
  quote,
  negotiating,
  text,
  invalidText,
  onStart,
  onStop,
  onText,
  onBlur,
  readOnly,
}: {
  quote: PricedQuote;
  negotiating: boolean;
  text: string;
  invalidText: boolean;
  onStart: () => void;
  onStop: () => void;
  onText: (text: string) => void;
  onBlur: () => void;
  readOnly: boolean;
}) {
  const below = quote.violations.find((v) => v.code === 'below_minimum');
  const invalid = quote.violations.find((v) => v.code === 'invalid_negotiated_value');
  const above = quote.warnings.find((w) => w.code === 'above_original');

  return (
    <SectionCard
      step={5}
      title="Negociação"
      description={`Valores mensais no plano ${PERIODICITY_LABELS[quote.periodicity]}, já com o desconto da periodicidade.`}
      testId="negotiation"
      actions={
        negotiating ? (
          <Button variant="subtle" color="gray" onClick={onStop} disabled={readOnly}>
            Voltar ao valor original
          </Button>
        ) : (
          <Button onClick={onStart} disabled={readOnly}>
            Negociar
          </Button>
        )
      }
    >
      {negotiating ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" horizontalSpacing="sm" striped="even">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Item</Table.Th>
                  <Table.Th ta="right">Original</Table.Th>
                  <Table.Th ta="right">Mínimo</Table.Th>
                  <Table.Th ta="right" w={190}>
                    Negociado
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {quote.lines.map((l) => (
                  <Table.Tr key={`${l.kind}-${l.code}`}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {l.quantity > 1 ? `${l.quantity}× ` : ''}
                          {l.name}
                        </Text>
                        <Badge size="xs" variant="default" radius="sm" tt="none">
                          {KIND_LABELS[l.kind]}
                        </Badge>
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" style={tabular}>
                      {formatBRL(l.originalCents)}
                    </Table.Td>
                    <Table.Td ta="right" style={tabular} c="dimmed">
                      {formatBRL(l.minimumCents)}
                    </Table.Td>
                    <Table.Td ta="right" style={tabular}>
                      {formatBRL(l.negotiatedCents)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr style={{ borderTop: '2px solid var(--mantine-color-default-border)' }}>
                  <Table.Th>Total mensal</Table.Th>
                  <Table.Th ta="right" style={tabular} data-testid="total-original">
                    {formatBRL(quote.monthlyOriginalCents)}
                  </Table.Th>
                  <Table.Th ta="right" style={tabular} data-testid="total-minimum">
                    {formatBRL(quote.monthlyMinimumCents)}
                  </Table.Th>
                  <Table.Th ta="right">
                    <TextInput
                      aria-label="Valor negociado (mensal)"
                      leftSection={
                        <Text size="sm" c="dimmed">
                          R$
                        </Text>
                      }
                      value={text}
                      onChange={(e) => onText(e.currentTarget.value.replace(/[^\d.,]/g, ''))}
                      onBlur={onBlur}
                      inputMode="decimal"
                      error={invalidText || Boolean(below) || Boolean(invalid)}
                      styles={{ input: { textAlign: 'right', fontWeight: 700, ...tabular } }}
                      disabled={readOnly}
                    />
                  </Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
          {invalidText ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              Informe o valor mensal negociado em reais, por exemplo 250,00.
            </Alert>
          ) : below ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {below.message}
            </Alert>
          ) : invalid ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {invalid.message}
            </Alert>
          ) : above ? (
            <Alert color="yellow" variant="light" icon={<IconAlertCircle size={18} />} role="status">
              {above.message} É permitido, mas confira com o cliente.
            </Alert>
          ) : (
            <Text size="xs" c="dimmed">
              Digite no campo Negociado o valor mensal que o cliente vai pagar. O valor é distribuído entre os
              itens em proporção à margem de cada um. Mínimo permitido: {formatBRL(quote.monthlyMinimumCents)}
              .
            </Text>
          )}
        </Stack>
      ) : (
        <Group
          justify="space-between"
          p="md"
          style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 8 }}
        >
          <Text size="sm" c="dimmed">
            Valor original:{' '}
            <Text span fw={600} c="var(--mantine-color-text)" inherit style={tabular}>
              {formatBRL(quote.monthlyOriginalCents)}/mês
            </Text>{' '}
            · mínimo permitido {formatBRL(quote.monthlyMinimumCents)}/mês. Clique em Negociar para dar um
            desconto.
          </Text>
        </Group>
      )}
    </SectionCard>
  );
}
