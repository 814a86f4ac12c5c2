import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Divider,
  Group,
  List,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { formatDateBR } from '../../../domain/calendar/dates';
import { formatBRL } from '../../../domain/money/money';
import { addonsFor, appsFor, type PlanItem, type PriceBookSnapshot } from '../../../domain/pricing/catalog';
import { priceQuote } from '../../../domain/pricing/price-quote';
import { useCatalog } from '../../api/catalog';
import { useClient } from '../../api/clients';
import { IconBox, IconBuildingStore, IconCheck } from '../../components/icons';
import { LoadErrorAlert } from '../../components/load-error-alert';
import { PageHeader } from '../../components/page-header';
import { plural } from './labels';

function ProductCard({
  book,
  plan,
  clientId,
}: {
  book: PriceBookSnapshot;
  plan: PlanItem;
  clientId: string | null;
}) {
  const fromCents = priceQuote(book, {
    product: plan.productCode,
    addons: {},
    apps: [],
    periodicity: 'anual',
    setupFee: false,
    paymentMethod: 'boleto',
  }).monthlyOriginalCents;
  const addons = addonsFor(book, plan.productCode);
  const apps = appsFor(book, plan.productCode);
  const params = new URLSearchParams({ produto: plan.productCode });
  if (clientId) params.set('cliente', clientId);
  const featured = plan.productCode === 'hiper-gestao';

  return (
    <Card
      p="xl"
      data-testid={`product-${plan.productCode}`}
      style={featured ? { borderColor: 'var(--mantine-color-brand-6)', borderWidth: 2 } : undefined}
    >
      <Stack gap="md" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon size={44} radius="md" variant="light" color={featured ? 'brand' : 'violet'}>
              {featured ? <IconBuildingStore size={24} /> : <IconBox size={24} />}
            </ThemeIcon>
            <Title order={3}>{plan.name}</Title>
          </Group>
          {featured ? (
            <Badge variant="filled" radius="sm" tt="none">
              Mais completo
            </Badge>
          ) : null}
        </Group>
        <Text c="dimmed" size="sm" mih={40}>
          {plan.description}
        </Text>

        <div>
          <Text size="sm" c="dimmed">
            a partir de
          </Text>
          <Group gap={4} align="baseline">
            <Text fz={32} fw={700} lh={1.1} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatBRL(fromCents)}
            </Text>
            <Text c="dimmed">/mês</Text>
          </Group>
          <Text size="xs" c="dimmed">
            no plano Anual · Mensal {formatBRL(plan.originalCents)}/mês
          </Text>
        </div>

        <Divider />

        <Stack gap={6}>
          <Text size="xs" tt="uppercase" fw={600} c="dimmed" lts={0.3}>
            O plano inclui
          </Text>
          <List
            spacing={6}
            size="sm"
            icon={
              <ThemeIcon size={18} radius="xl" color="teal" variant="light">
                <IconCheck size={12} />
              </ThemeIcon>
            }
          >
            <List.Item>{plural(plan.included.users, 'usuário', 'usuários')}</List.Item>
            <List.Item>{plural(plan.included.registers, 'caixa (PDV)', 'caixas (PDV)')}</List.Item>
            <List.Item>{plural(plan.included.stores, 'filial', 'filiais')}</List.Item>
            <List.Item>Adicionais: {addons.map((a) => a.name.toLowerCase()).join(', ')}</List.Item>
            <List.Item>{apps.length} aplicativos disponíveis</List.Item>
          </List>
        </Stack>

        <Group justify="space-between" mt="auto" pt="sm">
          <Text size="sm" c="dimmed">
            Implantação:{' '}
            <Text span fw={600} c="var(--mantine-color-text)" inherit>
              {formatBRL(plan.setupFeeCents)}
            </Text>
          </Text>
          <Button
            component={RouterLink}
            to={`/contratos/novo?${params.toString()}`}
            size="md"
            variant={featured ? 'filled' : 'light'}
            aria-label={`Contratar ${plan.name}`}
          >
            Contratar
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function ProductChoicePage() {
  const [params] = useSearchParams();
  const clientId = params.get('cliente');
  const catalog = useCatalog();
  const client = useClient(clientId ?? '', { enabled: Boolean(clientId) });
  const clientName = clientId && client.data ? (client.data.trade_name ?? client.data.legal_name) : null;

  return (
    <>
      <Breadcrumbs mb="md" separatorMargin={6}>
        <Anchor component={RouterLink} to="/clientes" size="sm">
          Clientes
        </Anchor>
        <Text size="sm" c="dimmed">
          Escolha o produto
        </Text>
      </Breadcrumbs>
      <PageHeader
        title="Escolha o produto"
        description={
          clientName
            ? `Novo contrato para ${clientName}: escolha o produto e clique em Contratar.`
            : 'Escolha o produto do novo contrato e clique em Contratar. Você poderá trocar de plano na próxima etapa.'
        }
      />
      {catalog.isError ? (
        <LoadErrorAlert
          error={catalog.error}
          onRetry={() => void catalog.refetch()}
          retrying={catalog.isFetching}
          title="Não foi possível carregar a tabela de preços"
        />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" maw={980}>
          {catalog.data
            ? [...catalog.data.plans]
                .sort((a, b) => a.sortOrder - b.sortOrder)
                .map((plan) => (
                  <ProductCard key={plan.code} book={catalog.data} plan={plan} clientId={clientId} />
                ))
            : [0, 1].map((i) => <Skeleton key={i} height={420} radius="md" />)}
        </SimpleGrid>
      )}
      {catalog.data ? (
        <Text size="xs" c="dimmed" mt="md">
          Valores da {catalog.data.name}, vigente desde {formatDateBR(catalog.data.validFrom)}.
        </Text>
      ) : null}
    </>
  );
}
