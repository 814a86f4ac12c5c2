import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ReactNode, useMemo, useState } from 'react';
import { isStaff } from '../../domain/access/roles';
import { addDays, businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { formatBRL, parseBRL } from '../../domain/money/money';
import type { PriceBookJson } from '../../domain/pricing/catalog-json';
import {
  type CatalogProblem,
  type CatalogWarning,
  checkPriceBook,
  checkValidFrom,
  marginAtMinimum,
  type PriceBookDraft,
} from '../../domain/pricing/catalog-rules';
import { isProductCode, type ProductCode, productLabel } from '../../domain/pricing/products';
import { ApiError, errorMessage } from '../api/client';
import {
  type NewPriceBookBody,
  type PriceBookStatus,
  type PriceBookVersion,
  useCreatePriceBook,
  usePriceBook,
  usePriceBooks,
} from '../api/price-books';
import { useMe } from '../api/session';
import { EmptyPanel } from '../components/empty-panel';
import { IconAlertCircle, IconBox, IconCalendar, IconCheck } from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';
import { PageHeader } from '../components/page-header';
import { SetupFeeShareCard } from './setup-fee-share-card';

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
const NOWRAP = { whiteSpace: 'nowrap' } as const;

type Kind = 'plans' | 'addons' | 'apps';
type Item = PriceBookJson['apps'][number];
type Plan = PriceBookJson['plans'][number];

const STATUS_BADGE: Record<PriceBookStatus, { label: string; color: string }> = {
  em_vigor: { label: 'Em vigor', color: 'teal' },
  agendada: { label: 'Agendada', color: 'blue' },
  encerrada: { label: 'Encerrada', color: 'gray' },
};

/** 650 bp → "6,5%". */
function percent(bp: number): string {
  return `${(bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 })}%`;
}

/** 650 bp → "6,5" (for an input). */
function percentInput(bp: number): string {
  return (bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2, useGrouping: false });
}

/** 8990 → "89,90" (for an input with the R$ aside). */
function moneyInput(cents: number): string {
  return formatBRL(cents).replace(/^R\$\s?/, '');
}

function productName(code: string | null): string {
  return productLabel(code) ?? 'Todos';
}

function Money({ cents }: { cents: number }) {
  return (
    <Text size="sm" style={NUMERIC}>
      {formatBRL(cents)}
    </Text>
  );
}

/** Mínimo − custo − taxa da central: what the Hiperador keeps selling at the floor; red when negative. */
function MarginHint({ minimum, cost, feeBp }: { minimum: number; cost: number; feeBp: number }) {
  if (![minimum, cost, feeBp].every(Number.isSafeInteger)) return <Text size="sm">—</Text>;
  const margin = marginAtMinimum({ minimumCents: minimum, costCents: cost }, feeBp);
  return (
    <Tooltip label="Mínimo − custo Hiper − taxa da central: o repasse por mês vendendo pelo mínimo" withArrow>
      <Text
        size="sm"
        fw={margin < 0 ? 700 : 500}
        c={margin < 0 ? 'red.7' : 'teal.8'}
        style={NUMERIC}
        data-testid="margin-hint"
      >
        {formatBRL(margin)}
      </Text>
    </Tooltip>
  );
}

function PriceHeaders({ margin = true }: { margin?: boolean }) {
  return (
    <>
      <Table.Th ta="right" style={NOWRAP}>
        Original
      </Table.Th>
      <Table.Th ta="right" style={NOWRAP}>
        Mínimo
      </Table.Th>
      <Table.Th ta="right" style={NOWRAP}>
        Custo Hiper
      </Table.Th>
      {margin ? (
        <Table.Th ta="right" style={NOWRAP}>
          <Tooltip label="Mínimo − custo − taxa da central" withArrow>
            <span>Margem no mínimo</span>
          </Tooltip>
        </Table.Th>
      ) : null}
    </>
  );
}

function PriceCells({ item, feeBp }: { item: Item; feeBp: number }) {
  return (
    <>
      <Table.Td ta="right">
        <Money cents={item.original_cents} />
      </Table.Td>
      <Table.Td ta="right">
        <Money cents={item.minimum_cents} />
      </Table.Td>
      <Table.Td ta="right">
        <Money cents={item.cost_cents} />
      </Table.Td>
      <Table.Td ta="right">
        <MarginHint minimum={item.minimum_cents} cost={item.cost_cents} feeBp={feeBp} />
      </Table.Td>
    </>
  );
}

function TableFrame({ children, minWidth = 760 }: { children: ReactNode; minWidth?: number }) {
  return (
    <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="sm" horizontalSpacing="sm" striped={false} highlightOnHover>
          {children}
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function included(plan: Plan): string {
  const { users, registers, stores } = plan.included;
  const n = (v: number, one: string, many: string) => `${v} ${v === 1 ? one : many}`;
  return [
    n(users, 'usuário', 'usuários'),
    n(registers, 'caixa', 'caixas'),
    n(stores, 'filial', 'filiais'),
  ].join(' · ');
}

function BookTabs({ book }: { book: PriceBookJson }) {
  const fee = book.central_fee_bp;
  return (
    <Tabs defaultValue="planos" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="planos">Planos</Tabs.Tab>
        <Tabs.Tab value="adicionais">Adicionais</Tabs.Tab>
        <Tabs.Tab value="aplicativos">Aplicativos</Tabs.Tab>
        <Tabs.Tab value="condicoes">Condições</Tabs.Tab>
      </Tabs.List>

      <Tabs.Panel value="planos">
        <TableFrame minWidth={900}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>Plano</Table.Th>
              <Table.Th>Incluído</Table.Th>
              <Table.Th ta="right">Implantação</Table.Th>
              <PriceHeaders />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {book.plans.map((plan) => (
              <Table.Tr key={plan.code} data-testid="catalog-plan-row">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {plan.name}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {plan.description}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={NOWRAP}>
                    {included(plan)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Money cents={plan.setup_fee_cents} />
                </Table.Td>
                <PriceCells item={plan} feeBp={fee} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableFrame>
      </Tabs.Panel>

      <Tabs.Panel value="adicionais">
        <TableFrame>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>Adicional</Table.Th>
              <Table.Th>Produto</Table.Th>
              <PriceHeaders />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {book.addons.map((addon) => (
              <Table.Tr key={`${addon.code}-${addon.product_code}`}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {addon.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{productName(addon.product_code)}</Text>
                </Table.Td>
                <PriceCells item={addon} feeBp={fee} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableFrame>
      </Tabs.Panel>

      <Tabs.Panel value="aplicativos">
        <TableFrame>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>Aplicativo</Table.Th>
              <Table.Th>Produto</Table.Th>
              <PriceHeaders />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {book.apps.map((app) => (
              <Table.Tr key={`${app.code}-${app.product_code}`}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {app.name}
                    </Text>
                    {app.original_cents === 0 ? (
                      <Badge size="sm" variant="light" color="violet" tt="none">
                        Bonificado
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{productName(app.product_code)}</Text>
                </Table.Td>
                <PriceCells item={app} feeBp={fee} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableFrame>
      </Tabs.Panel>

      <Tabs.Panel value="condicoes">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Paper withBorder p="lg">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb="sm">
              Descontos e taxa
            </Text>
            <Stack gap="xs">
              <Row label="Desconto Semestral" value={percent(book.discount_bp.semestral)} />
              <Row label="Desconto Anual" value={percent(book.discount_bp.anual)} />
              <Row label="Taxa da central" value={percent(book.central_fee_bp)} />
            </Stack>
          </Paper>
          <Paper withBorder p="lg">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb="sm">
              Máximo de parcelas no cartão
            </Text>
            <Stack gap="xs">
              <Row label="Mensal" value={`${book.max_card_installments.mensal}x`} />
              <Row label="Semestral" value={`${book.max_card_installments.semestral}x`} />
              <Row label="Anual" value={`${book.max_card_installments.anual}x`} />
            </Stack>
          </Paper>
        </SimpleGrid>
      </Tabs.Panel>
    </Tabs>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Group justify="space-between">
      <Text size="sm">{label}</Text>
      <Text size="sm" fw={600} style={NUMERIC}>
        {value}
      </Text>
    </Group>
  );
}

function StatusBadge({ status }: { status: PriceBookStatus }) {
  const { label, color } = STATUS_BADGE[status];
  return (
    <Badge variant="light" color={color} radius="sm" tt="none" fw={600} size="sm">
      {label}
    </Badge>
  );
}

function VersionsTable({
  versions,
  selectedId,
  onSelect,
}: {
  versions: PriceBookVersion[] | undefined;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <TableFrame minWidth={680}>
      <Table.Thead bg="gray.0">
        <Table.Tr>
          <Table.Th>Vigência</Table.Th>
          <Table.Th>Tabela</Table.Th>
          <Table.Th>Criada por</Table.Th>
          <Table.Th>Criada em</Table.Th>
          <Table.Th>Situação</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {versions
          ? versions.map((v) => (
              <Table.Tr
                key={v.id}
                data-testid="price-book-version"
                onClick={() => onSelect(v.id)}
                bg={v.id === selectedId ? 'brand.0' : undefined}
                style={{ cursor: 'pointer' }}
                aria-selected={v.id === selectedId}
              >
                <Table.Td>
                  <Text size="sm" fw={600} style={NUMERIC}>
                    a partir de {formatDateBR(v.valid_from)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{v.name}</Text>
                  <Text size="xs" c="dimmed">
                    {v.items_count} itens
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{v.created_by_name ?? 'Carga inicial'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={NUMERIC}>
                    {formatDateBR(businessDateAt(new Date(v.created_at)))}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={v.status} />
                </Table.Td>
              </Table.Tr>
            ))
          : [0, 1].map((row) => (
              <Table.Tr key={row}>
                {[0, 1, 2, 3, 4].map((col) => (
                  <Table.Td key={col}>
                    <Skeleton height={12} width="70%" />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
      </Table.Tbody>
    </TableFrame>
  );
}

export function CatalogPage() {
  const me = useMe();
  const admin = me.data?.user.role === 'admin';
  const staff = me.data ? isStaff(me.data.user.role) : false;
  const versions = usePriceBooks();
  const [chosen, setChosen] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const current = versions.data?.find((v) => v.in_force) ?? null;
  const shownId = chosen ?? current?.id ?? null;
  const shown = versions.data?.find((v) => v.id === shownId) ?? null;
  const book = usePriceBook(shownId);
  const currentBook = usePriceBook(current?.id);

  if (!staff) return null;
  return (
    <>
      <PageHeader
        title="Catálogo"
        description="Planos, adicionais e aplicativos oferecidos aos clientes, com valor original, valor mínimo e custo Hiper. Cada alteração de preços é uma nova versão da tabela, com data de vigência."
        actions={
          admin ? (
            <Button onClick={() => setEditing(true)} disabled={!currentBook.data}>
              Nova versão da tabela
            </Button>
          ) : null
        }
      />

      {versions.isError ? (
        <LoadErrorAlert
          error={versions.error}
          onRetry={() => void versions.refetch()}
          retrying={versions.isFetching}
          title="Não foi possível carregar o catálogo"
        />
      ) : versions.data && versions.data.length === 0 ? (
        <EmptyPanel
          icon={<IconBox size={28} />}
          title="Nenhuma tabela de preços cadastrada"
          description="Quando houver uma tabela de preços, os planos, adicionais e aplicativos aparecerão aqui."
        />
      ) : (
        <Stack gap="xl">
          <Stack gap="sm">
            <Group justify="space-between" align="flex-end">
              <Stack gap={2}>
                <Group gap="xs">
                  <Title order={4}>{shown?.name ?? 'Tabela de preços'}</Title>
                  {shown ? <StatusBadge status={shown.status} /> : null}
                </Group>
                <Group gap={6}>
                  <IconCalendar size={14} />
                  <Text size="sm" c="dimmed">
                    {shown ? `Vigência a partir de ${formatDateBR(shown.valid_from)}` : 'Carregando…'}
                    {shown && shown.id !== current?.id ? ' · você está vendo outra versão' : ''}
                  </Text>
                  {shown && current && shown.id !== current.id ? (
                    <Button variant="subtle" size="compact-sm" onClick={() => setChosen(null)}>
                      Ver a tabela em vigor
                    </Button>
                  ) : null}
                </Group>
              </Stack>
            </Group>
            {book.isError ? (
              <LoadErrorAlert error={book.error} onRetry={() => void book.refetch()} />
            ) : book.data ? (
              <BookTabs book={book.data} />
            ) : (
              <Skeleton height={260} />
            )}
          </Stack>

          <Stack gap="sm">
            <div>
              <Title order={4}>Versões da tabela</Title>
              <Text size="sm" c="dimmed">
                A calculadora usa a versão em vigor no dia; propostas já salvas mantêm os preços com que foram
                feitas. Clique numa versão para ver os preços dela.
              </Text>
            </div>
            <VersionsTable versions={versions.data} selectedId={shownId} onSelect={setChosen} />
          </Stack>

          <SetupFeeShareCard
            admin={admin}
            setupFees={Object.fromEntries(
              (currentBook.data?.plans ?? []).map((p) => [p.product_code, p.setup_fee_cents]),
            )}
          />
        </Stack>
      )}

      {admin && currentBook.data ? (
        <PriceBookEditor
          opened={editing}
          base={currentBook.data}
          onClose={() => setEditing(false)}
          onCreated={(id) => {
            setEditing(false);
            setChosen(id);
          }}
        />
      ) : null}
    </>
  );
}

// ───────────────────────────── Editor of a new version ─────────────────────────────

interface MoneyFields {
  original: string;
  minimum: string;
  cost: string;
}

interface EditorItem extends MoneyFields {
  code: string;
  name: string;
  productCode: string | null;
  sortOrder: number;
}

interface EditorPlan extends EditorItem {
  description: string;
  setupFee: string;
  users: string;
  registers: string;
  stores: string;
}

interface EditorState {
  name: string;
  validFrom: string;
  centralFee: string;
  semestral: string;
  anual: string;
  mensalInstallments: string;
  semestralInstallments: string;
  anualInstallments: string;
  plans: EditorPlan[];
  addons: EditorItem[];
  apps: EditorItem[];
}

const itemState = (i: Item): EditorItem => ({
  code: i.code,
  name: i.name,
  productCode: i.product_code,
  sortOrder: i.sort_order,
  original: moneyInput(i.original_cents),
  minimum: moneyInput(i.minimum_cents),
  cost: moneyInput(i.cost_cents),
});

function initialState(book: PriceBookJson, today: string): EditorState {
  return {
    name: book.name,
    validFrom: addDays(today, 1),
    centralFee: percentInput(book.central_fee_bp),
    semestral: percentInput(book.discount_bp.semestral),
    anual: percentInput(book.discount_bp.anual),
    mensalInstallments: String(book.max_card_installments.mensal),
    semestralInstallments: String(book.max_card_installments.semestral),
    anualInstallments: String(book.max_card_installments.anual),
    plans: book.plans.map((p) => ({
      ...itemState(p),
      description: p.description,
      setupFee: moneyInput(p.setup_fee_cents),
      users: String(p.included.users),
      registers: String(p.included.registers),
      stores: String(p.included.stores),
    })),
    addons: book.addons.map(itemState),
    apps: book.apps.map(itemState),
  };
}

/** Parsed form: the draft (NaN where a field does not parse) and the fields that did not parse. */
function readState(state: EditorState) {
  const parseErrors = new Map<string, string>();
  const money = (text: string, field: string) => {
    const cents = parseBRL(text);
    if (cents === null) {
      parseErrors.set(field, 'Valor inválido (ex.: 89,90)');
      return Number.NaN;
    }
    return cents;
  };
  const bp = (text: string, field: string) => {
    const value = parseBRL(text.replace('%', ''));
    if (value === null) {
      parseErrors.set(field, 'Percentual inválido (ex.: 6,5)');
      return Number.NaN;
    }
    return value;
  };
  const int = (text: string, field: string) => {
    if (!/^\d{1,4}$/.test(text.trim())) {
      parseErrors.set(field, 'Número inteiro');
      return Number.NaN;
    }
    return Number(text.trim());
  };
  const item = (kind: Kind) => (i: EditorItem, index: number) => ({
    code: i.code,
    name: i.name,
    productCode: i.productCode as ProductCode | null,
    sortOrder: i.sortOrder,
    originalCents: money(i.original, `${kind}.${index}.original_cents`),
    minimumCents: money(i.minimum, `${kind}.${index}.minimum_cents`),
    costCents: money(i.cost, `${kind}.${index}.cost_cents`),
  });
  const draft: PriceBookDraft = {
    name: state.name,
    validFrom: state.validFrom,
    centralFeeBp: bp(state.centralFee, 'central_fee_bp'),
    discountBp: {
      mensal: 0,
      semestral: bp(state.semestral, 'discount_bp.semestral'),
      anual: bp(state.anual, 'discount_bp.anual'),
    },
    maxCardInstallments: {
      mensal: int(state.mensalInstallments, 'max_card_installments.mensal'),
      semestral: int(state.semestralInstallments, 'max_card_installments.semestral'),
      anual: int(state.anualInstallments, 'max_card_installments.anual'),
    },
    plans: state.plans.map((p, index) => ({
      ...item('plans')(p, index),
      productCode: (isProductCode(p.productCode ?? '') ? p.productCode : 'hiper-mini') as ProductCode,
      description: p.description,
      setupFeeCents: money(p.setupFee, `plans.${index}.setup_fee_cents`),
      included: {
        users: int(p.users, `plans.${index}.included.users`),
        registers: int(p.registers, `plans.${index}.included.registers`),
        stores: int(p.stores, `plans.${index}.included.stores`),
      },
    })),
    addons: state.addons.map(item('addons')),
    apps: state.apps.map(item('apps')),
  };
  return { draft, parseErrors };
}

function toBody(d: PriceBookDraft): NewPriceBookBody {
  const item = (i: PriceBookDraft['apps'][number]) => ({
    code: i.code,
    name: i.name,
    product_code: i.productCode,
    original_cents: i.originalCents,
    minimum_cents: i.minimumCents,
    cost_cents: i.costCents,
    sort_order: i.sortOrder,
  });
  return {
    name: d.name.trim(),
    valid_from: d.validFrom,
    central_fee_bp: d.centralFeeBp,
    discount_bp: { semestral: d.discountBp.semestral, anual: d.discountBp.anual },
    max_card_installments: { ...d.maxCardInstallments },
    plans: d.plans.map((p) => ({
      ...item(p),
      product_code: p.productCode,
      setup_fee_cents: p.setupFeeCents,
      included: { ...p.included },
    })),
    addons: d.addons.map(item),
    apps: d.apps.map(item),
  };
}

function MoneyField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <TextInput
      aria-label={label}
      size="xs"
      w={112}
      leftSection={
        <Text size="xs" c="dimmed">
          R$
        </Text>
      }
      inputMode="decimal"
      value={value}
      error={error}
      styles={{ input: { textAlign: 'right', ...NUMERIC } }}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => {
        const cents = parseBRL(value);
        if (cents !== null) onChange(moneyInput(cents));
      }}
    />
  );
}

function SmallField({
  label,
  value,
  onChange,
  error,
  suffix,
  w = 72,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  suffix?: string;
  w?: number;
}) {
  return (
    <TextInput
      aria-label={label}
      size="xs"
      w={w}
      inputMode="decimal"
      value={value}
      error={error}
      rightSection={
        suffix ? (
          <Text size="xs" c="dimmed">
            {suffix}
          </Text>
        ) : undefined
      }
      styles={{ input: { textAlign: 'right', ...NUMERIC } }}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

function PriceBookEditor({
  opened,
  base,
  onClose,
  onCreated,
}: {
  opened: boolean;
  base: PriceBookJson;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const today = businessDateAt(new Date());
  const [state, setState] = useState(() => initialState(base, today));
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const create = useCreatePriceBook();

  const { draft, parseErrors } = useMemo(() => readState(state), [state]);
  const check = useMemo(() => {
    const result = checkPriceBook(draft);
    const dateProblem = checkValidFrom(draft.validFrom, today);
    const errors: CatalogProblem[] = dateProblem ? [dateProblem, ...result.errors] : result.errors;
    if (!draft.name.trim())
      errors.unshift({ code: 'invalid_value', field: 'name', message: 'Informe o nome da tabela.' });
    return { errors, warnings: result.warnings };
  }, [draft, today]);

  const fieldErrors = new Map<string, string>();
  for (const [field, message] of parseErrors) fieldErrors.set(field, message);
  for (const e of check.errors) if (!fieldErrors.has(e.field)) fieldErrors.set(e.field, e.message);
  if (serverError?.field && !fieldErrors.has(serverError.field))
    fieldErrors.set(serverError.field, serverError.message);
  const warningFields = new Set(check.warnings.map((w) => w.field));
  const hasErrors = parseErrors.size > 0 || check.errors.length > 0;
  const fee = draft.centralFeeBp;

  const reset = () => {
    setState(initialState(base, today));
    setStep('edit');
    setServerError(null);
  };
  const close = () => {
    onClose();
    reset();
  };
  const update = (change: (s: EditorState) => EditorState) => {
    setServerError(null);
    setState(change);
  };
  const setItem = (kind: Kind, index: number, patch: Partial<EditorPlan>) =>
    update((s) => ({
      ...s,
      [kind]: (s[kind] as EditorItem[]).map((item, i) => (i === index ? { ...item, ...patch } : item)),
    }));
  const err = (field: string) => fieldErrors.get(field);

  const submit = () => {
    create.mutate(toBody(draft), {
      onSuccess: (created) => {
        notifications.show({
          color: 'teal',
          icon: <IconCheck size={18} />,
          title: 'Nova versão da tabela criada',
          message: `Vale a partir de ${formatDateBR(created.valid_from)}${
            created.warnings.length ? ` (${created.warnings.length} aviso(s) de repasse negativo)` : ''
          }.`,
        });
        onCreated(created.id);
        reset();
      },
      onError: (error) => {
        setStep('edit');
        setServerError(error instanceof ApiError ? error : new ApiError(0, 'erro', errorMessage(error)));
      },
    });
  };

  const priceInputs = (kind: Kind, item: EditorItem, index: number) => (
    <>
      {(['original', 'minimum', 'cost'] as const).map((prop) => {
        const field = `${kind}.${index}.${{ original: 'original_cents', minimum: 'minimum_cents', cost: 'cost_cents' }[prop]}`;
        const label = { original: 'Original', minimum: 'Mínimo', cost: 'Custo Hiper' }[prop];
        return (
          <Table.Td key={prop} ta="right" style={{ verticalAlign: 'top' }}>
            <Group justify="flex-end">
              <MoneyField
                label={`${label} — ${item.name}${item.productCode && kind !== 'plans' ? ` (${productName(item.productCode)})` : ''}`}
                value={item[prop]}
                error={err(field)}
                onChange={(value) => setItem(kind, index, { [prop]: value })}
              />
            </Group>
          </Table.Td>
        );
      })}
      <Table.Td ta="right" style={{ verticalAlign: 'top', paddingTop: 14 }}>
        <MarginHint
          minimum={parseBRL(item.minimum) ?? Number.NaN}
          cost={parseBRL(item.cost) ?? Number.NaN}
          feeBp={fee}
        />
        {warningFields.has(`${kind}.${index}.minimum_cents`) ? (
          <Text size="xs" c="orange.8">
            repasse negativo
          </Text>
        ) : null}
      </Table.Td>
    </>
  );

  const itemsTable = (kind: 'addons' | 'apps', title: string) => (
    <TableFrame minWidth={820}>
      <Table.Thead bg="gray.0">
        <Table.Tr>
          <Table.Th>{title}</Table.Th>
          <Table.Th>Produto</Table.Th>
          <PriceHeaders />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {state[kind].map((item, index) => (
          <Table.Tr key={`${item.code}-${item.productCode}`}>
            <Table.Td style={{ verticalAlign: 'top', paddingTop: 14 }}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={600}>
                  {item.name}
                </Text>
                {parseBRL(item.original) === 0 ? (
                  <Badge size="xs" variant="light" color="violet" tt="none">
                    Bonificado
                  </Badge>
                ) : null}
              </Group>
              {err(`${kind}.${index}.code`) ? (
                <Text size="xs" c="red.7">
                  {err(`${kind}.${index}.code`)}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td style={{ verticalAlign: 'top', paddingTop: 14 }}>
              <Text size="sm">{productName(item.productCode)}</Text>
            </Table.Td>
            {priceInputs(kind, item, index)}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </TableFrame>
  );

  const problems = [
    ...new Set([...parseErrors.values()].length ? ['Corrija os campos marcados em vermelho.'] : []),
  ];
  const allErrors = [...problems, ...check.errors.map((e) => e.message)];

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={700}>Nova versão da tabela de preços</Text>}
      size="min(1180px, 96vw)"
      closeOnClickOutside={false}
    >
      {step === 'confirm' ? (
        <Stack gap="md">
          <Alert
            color="blue"
            variant="light"
            icon={<IconCalendar size={18} />}
            title="Confirme a nova versão"
          >
            <Text size="sm">
              <b>{draft.name.trim()}</b> passa a valer em <b>{formatDateBR(draft.validFrom)}</b>
              {draft.validFrom === today ? ' (hoje: as próximas cotações já usam estes preços)' : ''}. A
              tabela atual continua valendo até lá, e as propostas já salvas mantêm os preços delas.
            </Text>
          </Alert>
          {check.warnings.length > 0 ? (
            <WarningsAlert warnings={check.warnings} title="Atenção: repasse negativo no valor mínimo" />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep('edit')} disabled={create.isPending}>
              Voltar
            </Button>
            <Button onClick={submit} loading={create.isPending}>
              Confirmar e criar versão
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Group align="flex-start" grow>
            <TextInput
              label="Nome da tabela"
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              description="Identifica a versão na lista de versões."
              value={state.name}
              error={err('name')}
              onChange={(e) => {
                const name = e.currentTarget.value;
                update((s) => ({ ...s, name }));
              }}
            />
            <TextInput
              label="Vigência a partir de"
              type="date"
              min={today}
              value={state.validFrom}
              error={err('valid_from')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              description={
                checkValidFrom(state.validFrom, today)
                  ? 'Hoje ou depois; a tabela atual vale até a véspera.'
                  : `Vale a partir de ${formatDateBR(state.validFrom)}${state.validFrom === today ? ' (hoje)' : ''}; a tabela atual vale até a véspera.`
              }
              onChange={(e) => {
                const validFrom = e.currentTarget.value;
                update((s) => ({ ...s, validFrom }));
              }}
            />
          </Group>

          {serverError && !serverError.field ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              title="Não foi possível criar"
            >
              {serverError.message}
            </Alert>
          ) : null}

          <Tabs defaultValue="planos">
            <Tabs.List mb="md">
              <Tabs.Tab value="planos">Planos</Tabs.Tab>
              <Tabs.Tab value="adicionais">Adicionais</Tabs.Tab>
              <Tabs.Tab value="aplicativos">Aplicativos</Tabs.Tab>
              <Tabs.Tab value="condicoes">Condições</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="planos">
              <TableFrame minWidth={1000}>
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>Plano</Table.Th>
                    <Table.Th>Usuários / caixas / filiais incluídos</Table.Th>
                    <Table.Th ta="right">Implantação</Table.Th>
                    <PriceHeaders />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {state.plans.map((plan, index) => (
                    <Table.Tr key={plan.code}>
                      <Table.Td style={{ verticalAlign: 'top', paddingTop: 14 }}>
                        <Text size="sm" fw={600}>
                          {plan.name}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <Group gap={6} wrap="nowrap">
                          {(
                            [
                              ['users', 'Usuários incluídos'],
                              ['registers', 'Caixas incluídos'],
                              ['stores', 'Filiais incluídas'],
                            ] as const
                          ).map(([k, label]) => (
                            <SmallField
                              key={k}
                              w={56}
                              label={`${label} — ${plan.name}`}
                              value={plan[k]}
                              error={err(`plans.${index}.included.${k}`)}
                              onChange={(value) => setItem('plans', index, { [k]: value })}
                            />
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right" style={{ verticalAlign: 'top' }}>
                        <Group justify="flex-end">
                          <MoneyField
                            label={`Implantação — ${plan.name}`}
                            value={plan.setupFee}
                            error={err(`plans.${index}.setup_fee_cents`)}
                            onChange={(value) => setItem('plans', index, { setupFee: value })}
                          />
                        </Group>
                      </Table.Td>
                      {priceInputs('plans', plan, index)}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </TableFrame>
            </Tabs.Panel>
            <Tabs.Panel value="adicionais">{itemsTable('addons', 'Adicional')}</Tabs.Panel>
            <Tabs.Panel value="aplicativos">{itemsTable('apps', 'Aplicativo')}</Tabs.Panel>
            <Tabs.Panel value="condicoes">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Paper withBorder p="lg">
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb="sm">
                    Descontos e taxa
                  </Text>
                  <Stack gap="xs">
                    {(
                      [
                        ['semestral', 'Desconto Semestral', 'discount_bp.semestral'],
                        ['anual', 'Desconto Anual', 'discount_bp.anual'],
                        ['centralFee', 'Taxa da central', 'central_fee_bp'],
                      ] as const
                    ).map(([k, label, field]) => (
                      <Group key={k} justify="space-between" align="flex-start">
                        <Text size="sm" pt={4}>
                          {label}
                        </Text>
                        <SmallField
                          w={96}
                          suffix="%"
                          label={label}
                          value={state[k]}
                          error={err(field)}
                          onChange={(value) => update((s) => ({ ...s, [k]: value }))}
                        />
                      </Group>
                    ))}
                  </Stack>
                </Paper>
                <Paper withBorder p="lg">
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb="sm">
                    Máximo de parcelas no cartão
                  </Text>
                  <Stack gap="xs">
                    {(
                      [
                        ['mensalInstallments', 'Mensal', 'max_card_installments.mensal'],
                        ['semestralInstallments', 'Semestral', 'max_card_installments.semestral'],
                        ['anualInstallments', 'Anual', 'max_card_installments.anual'],
                      ] as const
                    ).map(([k, label, field]) => (
                      <Group key={k} justify="space-between" align="flex-start">
                        <Text size="sm" pt={4}>
                          {label}
                        </Text>
                        <SmallField
                          w={96}
                          suffix="x"
                          label={`Máximo de parcelas — ${label}`}
                          value={state[k]}
                          error={err(field)}
                          onChange={(value) => update((s) => ({ ...s, [k]: value }))}
                        />
                      </Group>
                    ))}
                  </Stack>
                </Paper>
              </SimpleGrid>
            </Tabs.Panel>
          </Tabs>

          {allErrors.length > 0 ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              title="Corrija antes de salvar"
              data-testid="price-book-errors"
            >
              <List size="sm" spacing={2}>
                {[...new Set(allErrors)].map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            </Alert>
          ) : check.warnings.length > 0 ? (
            <WarningsAlert warnings={check.warnings} title="Avisos (não impedem a gravação)" />
          ) : null}

          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Valores mensais em R$; percentuais em %. A margem é o mínimo menos o custo Hiper e a taxa da
              central.
            </Text>
            <Group>
              <Button variant="default" onClick={close}>
                Cancelar
              </Button>
              <Button onClick={() => setStep('confirm')} disabled={hasErrors}>
                Revisar e salvar
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function WarningsAlert({ warnings, title }: { warnings: CatalogWarning[]; title: string }) {
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={title}
      data-testid="price-book-warnings"
    >
      <List size="sm" spacing={2}>
        {warnings.map((w) => (
          <List.Item key={w.field}>{w.message}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
