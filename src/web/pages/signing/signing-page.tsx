import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Center,
  Checkbox,
  Container,
  Divider,
  Group,
  Loader,
  Modal,
  PinInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { formatBRL } from '../../../domain/money/money';
import { ApiError, errorMessage } from '../../api/client';
import { IconAlertCircle, IconCheck, IconFileText, IconLock, IconMail } from '../../components/icons';
import { PublicShell } from '../../components/public-shell';
import {
  type SigningInfo,
  signedPdfUrl,
  signingPdfUrl,
  useRefuse,
  useRequestCode,
  useSign,
  useSigning,
} from './signing-api';

/** 000.000.000-00 while typing. */
export function maskCpfInput(input: string): string {
  const d = input.replace(/\D/g, '').slice(0, 11);
  let out = d.slice(0, 3);
  if (d.length > 3) out += `.${d.slice(3, 6)}`;
  if (d.length > 6) out += `.${d.slice(6, 9)}`;
  if (d.length > 9) out += `-${d.slice(9, 11)}`;
  return out;
}

const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('pt-BR', {
    timeZone: 'America/Sao_Paulo',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <PublicShell subtitle="Assinatura digital de contrato" size="xl">
      {children}
    </PublicShell>
  );
}

const ERROR_TITLES: Record<number, string> = {
  404: 'Link inválido',
  409: 'Contrato indisponível',
  410: 'Link sem validade',
};

function Summary({ info, token }: { info: SigningInfo; token: string }) {
  const c = info.contract;
  const row = (label: string, value: React.ReactNode) => (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="sm" fw={500} ta="right">
        {value}
      </Text>
    </Group>
  );
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="lg">
            Contrato nº <span style={{ whiteSpace: 'nowrap' }}>{c.number}</span>
          </Title>
          <Badge variant="light" style={{ flexShrink: 0 }}>
            {c.kind_label}
          </Badge>
        </Group>
        <Text fz="sm" c="dimmed">
          Versão {c.version} · enviado por {c.reseller_name}
        </Text>
        <Divider my={4} />
        {row('Cliente', c.client_legal_name)}
        {row('CNPJ/CPF', c.client_document)}
        {row('Hiperador', c.reseller_name)}
        {row('Produto', c.product_name)}
        {row('Mensalidade', formatBRL(c.monthly_cents))}
        {row('Periodicidade', c.periodicity_label)}
        {row(
          'Forma de pagamento',
          c.card_installments && c.card_installments > 1
            ? `${c.payment_method_label} em ${c.card_installments}x`
            : c.payment_method_label,
        )}
        {row('Primeira cobrança', formatBRL(c.first_charge_cents))}
        <Button
          component="a"
          href={signingPdfUrl(token)}
          target="_blank"
          rel="noopener"
          variant="light"
          leftSection={<IconFileText />}
          mt="xs"
          fullWidth
        >
          Abrir o contrato (PDF)
        </Button>
      </Stack>
    </Card>
  );
}

function Signed({ info, token }: { info: SigningInfo; token: string }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm" align="flex-start">
        <Group gap="xs">
          <IconCheck color="var(--mantine-color-green-7)" size={28} />
          <Title order={2} fz={{ base: 'xl', sm: 'h2' }} c="green.8">
            Contrato assinado
          </Title>
        </Group>
        <Text>
          O contrato nº {info.contract.number} de {info.contract.client_legal_name} foi assinado por{' '}
          {info.signer.name}
          {info.signed ? ` em ${dateTime(info.signed.at)}` : ''}.
        </Text>
        {info.signed && (
          <>
            <Button component="a" href={signedPdfUrl(token)} leftSection={<IconFileText />}>
              Baixar o contrato assinado (PDF)
            </Button>
            <Text fz="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              SHA-256 do PDF assinado: {info.signed.sha256}
            </Text>
          </>
        )}
        <Text fz="sm" c="dimmed">
          {info.contract.reseller_name} vai entrar em contato com os próximos passos.
        </Text>
      </Stack>
    </Card>
  );
}

function Ceremony({ info, token }: { info: SigningInfo; token: string }) {
  const requestCode = useRequestCode(token);
  const sign = useSign(token);
  const refuse = useRefuse(token);
  const [name, setName] = useState('');
  const [cpf, setCpf] = useState('');
  const [editing, setEditing] = useState(!info.code.sent);
  const [code, setCode] = useState('');
  const [accept, setAccept] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');

  const step = editing || !info.code.sent ? 1 : 2;

  const submitData = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim().split(/\s+/).length < 2) return setFieldError('Informe o nome completo.');
    if (cpf.replace(/\D/g, '').length !== 11) return setFieldError('Informe o CPF com 11 dígitos.');
    setFieldError(null);
    requestCode.mutate({ name, cpf }, { onSuccess: () => setEditing(false) });
  };

  const submitSign = (e: FormEvent) => {
    e.preventDefault();
    if (code.length !== 6) return setFieldError('Digite os 6 dígitos do código.');
    if (!accept) return setFieldError('Marque “Li e concordo com os termos do contrato”.');
    setFieldError(null);
    sign.mutate({ code, accept }, { onError: () => setCode('') });
  };

  return (
    <Card withBorder radius="md" padding="md">
      {step === 1 ? (
        <form onSubmit={submitData} noValidate>
          <Stack gap="sm">
            <Title order={3} fz="md">
              1. Confirme seus dados
            </Title>
            <Text fz="sm" c="dimmed">
              Este contrato deve ser assinado por {info.signer.name} (CPF {info.signer.cpf_masked}).
              Enviaremos um código para {info.signer.email_masked}.
            </Text>
            <TextInput
              label="Nome completo"
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <TextInput
              label="CPF"
              inputMode="numeric"
              placeholder="000.000.000-00"
              value={cpf}
              onChange={(e) => setCpf(maskCpfInput(e.currentTarget.value))}
            />
            {(fieldError || requestCode.error) && (
              <Alert color="red" icon={<IconAlertCircle />} role="alert">
                {fieldError ?? errorMessage(requestCode.error)}
              </Alert>
            )}
            <Button type="submit" leftSection={<IconMail />} loading={requestCode.isPending} fullWidth>
              Enviar código por e-mail
            </Button>
          </Stack>
        </form>
      ) : (
        <form onSubmit={submitSign} noValidate>
          <Stack gap="sm">
            <Title order={3} fz="md">
              2. Digite o código de 6 dígitos
            </Title>
            <Text fz="sm" c="dimmed">
              Enviamos o código para {info.signer.email_masked}. Ele vale por 10 minutos.
            </Text>
            {info.code.locked ? (
              <Alert color="orange" icon={<IconLock />} role="alert">
                Código bloqueado após 5 tentativas. Peça um novo código.
              </Alert>
            ) : (
              <Center>
                <PinInput
                  length={6}
                  type="number"
                  oneTimeCode
                  size="lg"
                  value={code}
                  onChange={setCode}
                  aria-label="Código de 6 dígitos"
                />
              </Center>
            )}
            <Checkbox
              label="Li e concordo com os termos do contrato"
              checked={accept}
              onChange={(e) => setAccept(e.currentTarget.checked)}
            />
            {(fieldError || sign.error) && (
              <Alert color="red" icon={<IconAlertCircle />} role="alert">
                {fieldError ?? errorMessage(sign.error)}
              </Alert>
            )}
            <Button type="submit" size="md" loading={sign.isPending} disabled={info.code.locked} fullWidth>
              Confirmar assinatura
            </Button>
            <Anchor component="button" type="button" fz="sm" onClick={() => setEditing(true)}>
              Pedir um novo código
            </Anchor>
          </Stack>
        </form>
      )}
      <Divider my="md" />
      <Group justify="space-between">
        <Text fz="xs" c="dimmed">
          Link válido até {dateTime(info.expires_at)}
        </Text>
        <Anchor component="button" type="button" fz="sm" c="red.7" onClick={() => setRefusing(true)}>
          Recusar
        </Anchor>
      </Group>
      <Modal opened={refusing} onClose={() => setRefusing(false)} title="Recusar o contrato" centered>
        <Stack>
          <Textarea
            label="Motivo da recusa"
            description="O Hiperador verá o motivo e poderá enviar uma nova versão."
            minRows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {refuse.error && (
            <Alert color="red" icon={<IconAlertCircle />}>
              {errorMessage(refuse.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRefusing(false)}>
              Voltar
            </Button>
            <Button
              color="red"
              disabled={reason.trim().length < 3}
              loading={refuse.isPending}
              onClick={() => refuse.mutate(reason, { onSuccess: () => setRefusing(false) })}
            >
              Recusar contrato
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** The public signing page (/assinar/:token): outside the portal, works on a phone. */
export function SigningPage() {
  const { token = '' } = useParams();
  const query = useSigning(token);

  if (query.isPending)
    return (
      <Shell>
        <Center py="xl">
          <Loader />
        </Center>
      </Shell>
    );
  if (query.error) {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    return (
      <Shell>
        <Container size="sm" px={0}>
          <Alert
            color="orange"
            icon={<IconAlertCircle />}
            title={ERROR_TITLES[status] ?? 'Não foi possível abrir'}
          >
            {errorMessage(query.error)}
          </Alert>
        </Container>
      </Shell>
    );
  }
  const info = query.data;
  return (
    <Shell>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <Box visibleFrom="md">
          <Card withBorder radius="md" padding={0} h="calc(100vh - 110px)">
            <iframe
              title="Contrato (PDF)"
              src={signingPdfUrl(token)}
              style={{ border: 0, width: '100%', height: '100%', borderRadius: 8 }}
            />
          </Card>
        </Box>
        <Stack gap="md">
          {info.status === 'aguardando_assinatura' && <Summary info={info} token={token} />}
          {info.status === 'assinado' ? (
            <Signed info={info} token={token} />
          ) : info.status === 'recusado' ? (
            <Alert color="gray" icon={<IconAlertCircle />} title="Contrato recusado">
              Você recusou este contrato. {info.contract.reseller_name} foi avisado e pode enviar uma nova
              versão.
            </Alert>
          ) : (
            <Ceremony info={info} token={token} />
          )}
          {info.status !== 'aguardando_assinatura' && <Summary info={info} token={token} />}
        </Stack>
      </SimpleGrid>
    </Shell>
  );
}
