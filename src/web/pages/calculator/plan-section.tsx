import {
  Alert,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { formatBRL } from '../../../domain/money/money';
import { addonsFor, type PriceBookSnapshot } from '../../../domain/pricing/catalog';
import {
  MAX_ADDON_QUANTITY,
  type PricedQuote,
  type QuoteConfiguration,
} from '../../../domain/pricing/price-quote';
import { isProductCode, PRODUCT_NAMES, type ProductCode } from '../../../domain/pricing/products';
import { IconAlertCircle } from '../../components/icons';
import { plural } from './labels';
import { SectionCard, tabular } from './section-card';

function Quantity({ label, value, included }: { label: string; value: number; included: number }) {
  const extra = value - included;
  return (
    <Stack gap={0} p="sm" style={{ borderRadius: 8, background: 'var(--mantine-color-gray-0)' }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <Text fz={22} fw={700} style={tabular}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {included} no plano{extra > 0 ? ` + ${extra} ${extra === 1 ? 'adicional' : 'adicionais'}` : ''}
      </Text>
    </Stack>
  );
}

export function PlanSection({
  book,
  config,
  quote,
  dropped,
  onProduct,
  onAddon,
  onSetupFee,
  readOnly,
}: {
  book: PriceBookSnapshot;
  config: QuoteConfiguration;
  quote: PricedQuote;
  dropped: string[];
  onProduct: (product: ProductCode) => void;
  onAddon: (code: string, quantity: number) => void;
  onSetupFee: (on: boolean) => void;
  readOnly: boolean;
}) {
  const product = isProductCode(config.product) ? config.product : null;
  const plan = book.plans.find((p) => p.productCode === product) ?? null;
  const addons = product ? addonsFor(book, product) : [];
  const products = [...book.plans].sort((a, b) => a.sortOrder - b.sortOrder);

  return (
    <SectionCard
      step={2}
      title="Plano e adicionais"
      description="Troque o plano (upgrade ou downgrade) e defina as quantidades adicionais."
      testId="plan-section"
    >
      <Stack gap="md">
        <SegmentedControl
          fullWidth
          size="md"
          aria-label="Plano"
          value={config.product}
          onChange={(v) => isProductCode(v) && onProduct(v)}
          data={products.map((p) => ({ value: p.productCode, label: p.name }))}
          disabled={readOnly}
        />
        {dropped.length > 0 && product ? (
          <Alert color="yellow" variant="light" icon={<IconAlertCircle size={18} />} role="status">
            Removidos por não estarem disponíveis no {PRODUCT_NAMES[product]}: {dropped.join(', ')}
          </Alert>
        ) : null}
        {plan ? (
          <Text size="sm" c="dimmed">
            {plan.description} Mensalidade do plano: {formatBRL(plan.originalCents)}/mês, com{' '}
            {plural(plan.included.users, 'usuário', 'usuários')},{' '}
            {plural(plan.included.registers, 'caixa', 'caixas')} e{' '}
            {plural(plan.included.stores, 'filial', 'filiais')}.
          </Text>
        ) : null}

        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" horizontalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Adicional</Table.Th>
                <Table.Th ta="right">Valor unitário</Table.Th>
                <Table.Th w={150}>Quantidade</Table.Th>
                <Table.Th ta="right">Subtotal</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {addons.map((addon) => {
                const quantity = config.addons[addon.code] ?? 0;
                return (
                  <Table.Tr key={addon.code} data-testid={`addon-${addon.code}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {addon.name}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" style={tabular}>
                        {formatBRL(addon.originalCents)}/mês
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Quantidade de ${addon.name}`}
                        value={quantity}
                        min={0}
                        max={MAX_ADDON_QUANTITY}
                        allowDecimal={false}
                        allowNegative={false}
                        clampBehavior="strict"
                        onChange={(v) => onAddon(addon.code, typeof v === 'number' ? v : Number(v) || 0)}
                        size="sm"
                        disabled={readOnly}
                      />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" c={quantity > 0 ? undefined : 'dimmed'} style={tabular}>
                        {formatBRL(addon.originalCents * quantity)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        {plan ? (
          <SimpleGrid cols={3} spacing="sm">
            <Quantity label="Usuários" value={quote.quantities.users} included={plan.included.users} />
            <Quantity label="Caixas" value={quote.quantities.registers} included={plan.included.registers} />
            <Quantity label="Filiais" value={quote.quantities.stores} included={plan.included.stores} />
          </SimpleGrid>
        ) : null}

        <Group
          justify="space-between"
          p="sm"
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
        >
          <Switch
            label="Com valor de implantação"
            description="Cobrado uma vez, junto com a primeira parcela"
            checked={config.setupFee}
            onChange={(e) => onSetupFee(e.currentTarget.checked)}
            disabled={readOnly}
          />
          <Text fw={600} style={tabular} c={config.setupFee ? undefined : 'dimmed'}>
            {plan ? formatBRL(plan.setupFeeCents) : '—'}
          </Text>
        </Group>
      </Stack>
    </SectionCard>
  );
}
