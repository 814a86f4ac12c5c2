import { Alert, Button, Card, Grid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { formatBRL, parseBRL } from '../../../domain/money/money';
import {
  type PaymentMethod,
  type Periodicity,
  type PriceBookSnapshot,
  usesCard,
} from '../../../domain/pricing/catalog';
import { priceQuote, type QuoteConfiguration, switchProduct } from '../../../domain/pricing/price-quote';
import type { ProductCode } from '../../../domain/pricing/products';
import { errorMessage } from '../../api/client';
import {
  inputFromConfiguration,
  type Proposal,
  type QuoteInput,
  useCreateProposal,
  useUpdateProposal,
} from '../../api/proposals';
import { IconAlertCircle } from '../../components/icons';
import { AppsSection } from './apps-dialog';
import { ClientLine, ClientPicker, type PickedClient } from './client-picker';
import { NegotiationSection } from './negotiation-table';
import { PaymentSection } from './payment-section';
import { PeriodicityOptions } from './periodicity-options';
import { PlanSection } from './plan-section';
import { SectionCard } from './section-card';
import { SummaryPanel } from './summary-panel';

/** "250,00" for the negotiated input (no currency sign: the field shows it). */
function moneyText(cents: number): string {
  return formatBRL(cents).replace(/^-?R\$\s?/, '');
}

function stableInput(input: QuoteInput): string {
  const addons = Object.entries(input.addons)
    .filter(([, q]) => q > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({ ...input, addons, apps: [...input.apps].sort() });
}

export interface ContractBuilderProps {
  book: PriceBookSnapshot;
  initial: QuoteConfiguration;
  client: PickedClient | null;
  /** When editing a saved proposal. */
  proposal?: Proposal;
  /** Extra actions under the save button (PDF, ready…). */
  renderActions?: (state: { dirty: boolean; valid: boolean }) => ReactNode;
}

/**
 * Geração de Contratos: everything is priced in the browser with the shared pricing core on every change;
 * the server checks the same rules again when the proposal is saved.
 */
export function ContractBuilder({
  book,
  initial,
  client: initialClient,
  proposal,
  renderActions,
}: ContractBuilderProps) {
  const navigate = useNavigate();
  const [client, setClient] = useState<PickedClient | null>(initialClient);
  const [clientError, setClientError] = useState<string | null>(null);
  const [config, setConfig] = useState<QuoteConfiguration>({ ...initial, negotiatedMonthlyCents: null });
  const [negotiating, setNegotiating] = useState(initial.negotiatedMonthlyCents != null);
  const [text, setText] = useState(
    initial.negotiatedMonthlyCents != null ? moneyText(initial.negotiatedMonthlyCents) : '',
  );
  const [dropped, setDropped] = useState<string[]>([]);
  const create = useCreateProposal();
  const update = useUpdateProposal(proposal?.id ?? '');
  const readOnly = proposal?.status === 'cancelada';

  const negotiated = negotiating ? parseBRL(text) : null;
  const invalidText = negotiating && negotiated === null;
  const effective: QuoteConfiguration = { ...config, negotiatedMonthlyCents: negotiated };
  const quote = priceQuote(book, effective);
  const input = inputFromConfiguration(effective);
  const dirty = proposal ? stableInput(input) !== stableInput(proposal.input) : true;
  const valid = quote.violations.length === 0 && !invalidText;
  const otherViolations = quote.violations.filter(
    (v) =>
      v.code !== 'below_minimum' && v.code !== 'invalid_negotiated_value' && v.field !== 'card_installments',
  );

  const change = (patch: Partial<QuoteConfiguration>) => setConfig((c) => ({ ...c, ...patch }));

  const onProduct = (product: ProductCode) => {
    if (product === config.product) return;
    const result = switchProduct(book, config, product);
    setConfig({ ...result.configuration, negotiatedMonthlyCents: null });
    setDropped(result.dropped.map((d) => d.name));
    setNegotiating(false);
    setText('');
  };

  const onPeriodicity = (periodicity: Periodicity) => {
    const max = book.maxCardInstallments[periodicity];
    setConfig((c) => ({
      ...c,
      periodicity,
      cardInstallments: usesCard(c.paymentMethod) ? Math.min(c.cardInstallments ?? 1, max) : null,
    }));
  };

  const onMethod = (paymentMethod: PaymentMethod) =>
    setConfig((c) => ({
      ...c,
      paymentMethod,
      cardInstallments: usesCard(paymentMethod) ? (c.cardInstallments ?? 1) : null,
    }));

  const save = () => {
    if (!proposal && !client) {
      setClientError('Escolha o cliente da proposta ou cadastre um novo.');
      document.getElementById('client-section')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    const onError = (err: unknown) =>
      notifications.show({
        color: 'red',
        title: 'Não foi possível salvar a proposta',
        message: errorMessage(err),
      });
    if (proposal) {
      update.mutate(input, {
        onSuccess: (saved) =>
          notifications.show({
            color: 'teal',
            title: 'Proposta salva',
            message: `Proposta ${saved.number} atualizada.`,
          }),
        onError,
      });
    } else if (client) {
      create.mutate(
        { client_id: client.id, ...input },
        {
          onSuccess: (saved) => {
            notifications.show({
              color: 'teal',
              title: 'Proposta salva',
              message: `Proposta ${saved.number} salva para ${client.trade_name ?? client.legal_name}.`,
            });
            navigate(`/propostas/${saved.id}`);
          },
          onError,
        },
      );
    }
  };

  return (
    <Grid gap="lg" align="flex-start">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          <div id="client-section">
            <SectionCard step={1} title="Cliente" testId="client-section">
              {proposal ? (
                <ClientLine client={proposal.client} />
              ) : (
                <ClientPicker
                  value={client}
                  onChange={(c) => {
                    setClient(c);
                    setClientError(null);
                  }}
                  error={clientError}
                />
              )}
            </SectionCard>
          </div>
          <PlanSection
            book={book}
            config={config}
            quote={quote}
            dropped={dropped}
            onProduct={onProduct}
            onAddon={(code, quantity) => change({ addons: { ...config.addons, [code]: quantity } })}
            onSetupFee={(setupFee) => change({ setupFee })}
            readOnly={readOnly}
          />
          <AppsSection
            book={book}
            product={config.product}
            selected={config.apps}
            onChange={(apps) => change({ apps })}
            readOnly={readOnly}
          />
          <PeriodicityOptions
            quote={quote}
            value={config.periodicity}
            onChange={onPeriodicity}
            readOnly={readOnly}
          />
          <NegotiationSection
            quote={quote}
            negotiating={negotiating}
            text={text}
            invalidText={invalidText}
            onStart={() => {
              setNegotiating(true);
              setText(moneyText(quote.monthlyOriginalCents));
            }}
            onStop={() => {
              setNegotiating(false);
              setText('');
            }}
            onText={setText}
            onBlur={() => {
              if (negotiated !== null) setText(moneyText(negotiated));
            }}
            readOnly={readOnly}
          />
          <PaymentSection
            book={book}
            quote={quote}
            method={config.paymentMethod}
            installments={config.cardInstallments ?? null}
            onMethod={onMethod}
            onInstallments={(cardInstallments) => change({ cardInstallments })}
            readOnly={readOnly}
          />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }} style={{ alignSelf: 'stretch' }}>
        <SummaryPanel quote={quote} setupFee={config.setupFee}>
          {otherViolations.length > 0 ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              <Stack gap={4}>
                {otherViolations.map((v) => (
                  <Text size="sm" key={`${v.code}-${v.field}-${v.message}`}>
                    {v.message}
                  </Text>
                ))}
              </Stack>
            </Alert>
          ) : null}
          {readOnly ? (
            <Card bg="gray.0" p="sm" withBorder={false}>
              <Text size="sm" c="dimmed">
                Proposta cancelada: não pode mais ser alterada.
              </Text>
            </Card>
          ) : (
            <Button
              size="md"
              fullWidth
              onClick={save}
              disabled={!valid || (proposal !== undefined && !dirty)}
              loading={create.isPending || update.isPending}
            >
              Salvar proposta
            </Button>
          )}
          {!valid && !readOnly ? (
            <Text size="xs" c="red.8" ta="center">
              Corrija os itens destacados para salvar.
            </Text>
          ) : proposal && !dirty && !readOnly ? (
            <Text size="xs" c="dimmed" ta="center">
              Todas as alterações estão salvas.
            </Text>
          ) : null}
          {renderActions?.({ dirty, valid })}
        </SummaryPanel>
      </Grid.Col>
    </Grid>
  );
}
