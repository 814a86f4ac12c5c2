import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Code,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { formatBRL } from '../../../domain/money/money';
import {
  CARD_BRAND_LABELS,
  CARD_NUMBER_MESSAGES,
  type CardBrand,
  cardDigits,
  cardExpired,
  cardNumberProblem,
  cvvLength,
  detectCardBrand,
  formatCardNumberInput,
  formatExpiryInput,
  parseExpiry,
} from '../../../domain/payments/card-number';
import {
  type CardLinkInfo,
  type CardRegistered,
  tokenizeCard,
  useCardLink,
  useRegisterCard,
} from '../../api/cards';
import { ApiError, errorMessage } from '../../api/client';
import { IconAlertCircle, IconCheck, IconLock } from '../../components/icons';
import { PublicShell } from '../../components/public-shell';

const SUBTITLE = 'Cadastro do cartão de crédito';

const ERROR_TITLES: Record<number, string> = {
  404: 'Link inválido',
  410: 'Link sem validade',
};

/** Today in São Paulo, 'YYYY-MM-DD' (card expiry is checked against it). */
function todaySaoPaulo(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
}

const dateBR = (iso: string) =>
  new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo' }).format(new Date(iso));

function SandboxNotice({ info }: { info: CardLinkInfo }) {
  if (!info.sandbox) return null;
  return (
    <Alert color="yellow" variant="light" title="Ambiente de testes" data-testid="sandbox-notice">
      <Stack gap="xs">
        <Text fz="sm">
          Nenhum valor é cobrado de verdade. Use um dos cartões de teste abaixo, qualquer validade futura e
          qualquer CVV de 3 dígitos.
        </Text>
        <Table fz="sm" verticalSpacing={4} horizontalSpacing="xs">
          <Table.Tbody>
            {info.test_numbers.map((t) => (
              <Table.Tr key={t.number}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Code>{t.number}</Code>
                </Table.Td>
                <Table.Td>{t.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Alert>
  );
}

function Success({ done }: { done: CardRegistered }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm" align="flex-start">
        <Group gap="xs" wrap="nowrap">
          <IconCheck color="var(--mantine-color-green-7)" size={28} />
          <Title order={2} fz={{ base: 'xl', sm: 'h2' }} c="green.8" data-testid="card-success">
            Cartão {done.card.label} cadastrado
          </Title>
        </Group>
        <Text>
          Validade {done.card.expiry.replace(/^(\d{2})\/\d{2}(\d{2})$/, '$1/$2')} · {done.card.holder_name}.
          As próximas cobranças serão feitas neste cartão.
        </Text>
        {done.charges.map((c) =>
          c.status === 'paga' ? (
            <Alert key={c.charge_id} color="teal" variant="light" icon={<IconCheck />} w="100%">
              Cobrança {c.charge_number} de {formatBRL(c.amount_cents)} aprovada no cartão.
            </Alert>
          ) : (
            <Alert key={c.charge_id} color="red" variant="light" icon={<IconAlertCircle />} w="100%">
              A cobrança {c.charge_number} de {formatBRL(c.amount_cents)} foi recusada: {c.reason}. Fale com o
              seu Hiperador para cadastrar outro cartão.
            </Alert>
          ),
        )}
        <Text fz="sm" c="dimmed">
          Guardamos só a bandeira, os 4 últimos dígitos e a validade. Você já pode fechar esta página.
        </Text>
      </Stack>
    </Card>
  );
}

interface Fields {
  number: string;
  expiry: string;
  cvv: string;
  holder: string;
}
type FieldErrors = Partial<Record<keyof Fields, string>>;

function validate(f: Fields, brand: CardBrand | null): FieldErrors {
  const errors: FieldErrors = {};
  const problem = cardNumberProblem(f.number);
  if (problem) errors.number = CARD_NUMBER_MESSAGES[problem];
  const exp = parseExpiry(f.expiry);
  if (!exp) errors.expiry = 'Validade inválida. Use MM/AA.';
  else if (cardExpired(exp.month, exp.year, todaySaoPaulo())) errors.expiry = 'Cartão vencido.';
  const n = cvvLength(brand);
  if (!new RegExp(`^\\d{${n}}$`).test(f.cvv)) errors.cvv = `Digite os ${n} dígitos do CVV.`;
  if (f.holder.trim().length < 2) errors.holder = 'Digite o nome impresso no cartão.';
  else if (/\d/.test(f.holder)) errors.holder = 'O nome não pode ter números.';
  return errors;
}

/** Where a gateway's field error goes on the form. */
const GATEWAY_FIELDS: Record<string, keyof Fields> = {
  number: 'number',
  exp_month: 'expiry',
  exp_year: 'expiry',
  cvv: 'cvv',
  holder_name: 'holder',
};

function CardForm({
  info,
  token,
  onDone,
}: {
  info: CardLinkInfo;
  token: string;
  onDone: (d: CardRegistered) => void;
}) {
  const register = useRegisterCard(token);
  const [fields, setFields] = useState<Fields>({ number: '', expiry: '', cvv: '', holder: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const brand = detectCardBrand(fields.number);
  const set = (key: keyof Fields, value: string) => {
    setFields((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const found = validate(fields, brand);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (!info.tokenize_url) {
      setFormError('O processador de pagamentos não está disponível. Tente novamente mais tarde.');
      return;
    }
    const exp = parseExpiry(fields.expiry)!;
    setBusy(true);
    try {
      // 1. The number and the CVV go to the gateway only…
      const tokenized = await tokenizeCard(info.tokenize_url, {
        number: cardDigits(fields.number),
        exp_month: exp.month,
        exp_year: exp.year,
        cvv: fields.cvv,
        holder_name: fields.holder.trim(),
      });
      // …and leave this page's memory at once.
      setFields((f) => ({ ...f, number: '', cvv: '' }));
      // 2. Our API gets the token, brand, last 4 digits and expiry.
      const done = await register.mutateAsync({ ...tokenized, holder_name: fields.holder.trim() });
      onDone(done);
    } catch (err) {
      const field = err instanceof ApiError && err.field ? GATEWAY_FIELDS[err.field] : undefined;
      if (field) setErrors({ [field]: errorMessage(err) });
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder radius="md" padding="md" component="form" onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Número do cartão"
          placeholder="0000 0000 0000 0000"
          inputMode="numeric"
          autoComplete="cc-number"
          value={fields.number}
          onChange={(e) => set('number', formatCardNumberInput(e.currentTarget.value))}
          error={errors.number}
          rightSectionWidth={brand ? 150 : undefined}
          rightSection={
            brand ? (
              <Badge variant="light" data-testid="card-brand">
                {CARD_BRAND_LABELS[brand]}
              </Badge>
            ) : null
          }
          data-autofocus
        />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label="Validade"
            placeholder="MM/AA"
            inputMode="numeric"
            autoComplete="cc-exp"
            value={fields.expiry}
            onChange={(e) => set('expiry', formatExpiryInput(e.currentTarget.value))}
            error={errors.expiry}
          />
          <TextInput
            label="CVV"
            placeholder={brand === 'amex' ? '0000' : '000'}
            inputMode="numeric"
            autoComplete="cc-csc"
            maxLength={cvvLength(brand)}
            value={fields.cvv}
            onChange={(e) => set('cvv', cardDigits(e.currentTarget.value).slice(0, cvvLength(brand)))}
            error={errors.cvv}
            description={brand === 'amex' ? 'Na frente do cartão' : 'No verso do cartão'}
          />
        </SimpleGrid>
        <TextInput
          label="Nome impresso no cartão"
          placeholder="Como está no cartão"
          autoComplete="cc-name"
          value={fields.holder}
          onChange={(e) => set('holder', e.currentTarget.value.toUpperCase())}
          error={errors.holder}
          maxLength={60}
        />
        {formError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle />}>
            {formError}
          </Alert>
        )}
        <Button type="submit" size="md" loading={busy} leftSection={<IconLock />} fullWidth>
          Cadastrar cartão
        </Button>
        <Text fz="xs" c="dimmed" ta="center">
          O número e o CVV vão direto para o processador de pagamentos: não são guardados pela Hiper.
        </Text>
      </Stack>
    </Card>
  );
}

/** Public: the client registers its credit card from the e-mailed link (no portal session). */
export function CardPage() {
  const token = useParams().token ?? '';
  const link = useCardLink(token);
  const [done, setDone] = useState<CardRegistered | null>(null);

  if (link.isPending) {
    return (
      <PublicShell subtitle={SUBTITLE}>
        <Center py="xl">
          <Loader />
        </Center>
      </PublicShell>
    );
  }
  if (link.isError) {
    const status = link.error instanceof ApiError ? link.error.status : 0;
    return (
      <PublicShell subtitle={SUBTITLE}>
        <Alert
          color={status === 410 ? 'yellow' : 'red'}
          icon={<IconAlertCircle />}
          title={ERROR_TITLES[status] ?? 'Não foi possível abrir o link'}
          data-testid="card-link-error"
        >
          {errorMessage(link.error)}
        </Alert>
      </PublicShell>
    );
  }
  const info = link.data;
  return (
    <PublicShell subtitle={SUBTITLE}>
      <Stack gap="md">
        {done ? (
          <Success done={done} />
        ) : (
          <>
            <Stack gap={4}>
              <Title order={1} fz={{ base: 'xl', sm: 'h2' }}>
                Cadastre o cartão de crédito
              </Title>
              <Text c="dimmed" fz="sm">
                {info.client.legal_name} · Hiperador {info.reseller_name} · link válido até{' '}
                {dateBR(info.expires_at)}
              </Text>
            </Stack>
            {info.card && (
              <Alert color="blue" variant="light">
                Cartão atual: {info.card.label} (validade {info.card.expiry}). O novo cartão vai substituí-lo.
              </Alert>
            )}
            <CardForm info={info} token={token} onDone={setDone} />
            <SandboxNotice info={info} />
          </>
        )}
      </Stack>
    </PublicShell>
  );
}
