import { Alert, Button, Divider, Grid, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { formatDocument, isValidCnpj, isValidCpf, normalizeDocument } from '../../domain/documents/cpf-cnpj';
import { ApiError, errorMessage } from '../api/client';
import { useUpdateClient } from '../api/clients';
import type { ClientDetail } from '../api/types';
import { IconAlertCircle } from '../components/icons';
import { maskCep, maskDocument, maskPhone, UFS } from './calculator/labels';

/** 000.000.000-00 */
function maskCpf(input: string): string {
  const d = input.replace(/\D/g, '').slice(0, 11);
  const p = [d.slice(0, 3), d.slice(3, 6), d.slice(6, 9), d.slice(9, 11)];
  let out = p[0] ?? '';
  if (p[1]) out += `.${p[1]}`;
  if (p[2]) out += `.${p[2]}`;
  if (p[3]) out += `-${p[3]}`;
  return out;
}

interface Form {
  document: string;
  legal_name: string;
  trade_name: string;
  state_registration: string;
  email: string;
  billing_emails: string;
  phone: string;
  contact_name: string;
  cep: string;
  street: string;
  number: string;
  district: string;
  city: string;
  state: string | null;
  responsible_name: string;
  responsible_cpf: string;
  responsible_email: string;
}

type Errors = Partial<Record<keyof Form, string>>;

function formOf(c: ClientDetail): Form {
  return {
    document: formatDocument(c.document),
    legal_name: c.legal_name,
    trade_name: c.trade_name ?? '',
    state_registration: c.state_registration ?? '',
    email: c.email,
    billing_emails: c.billing_emails.join(', '),
    phone: c.phone ? maskPhone(c.phone) : '',
    contact_name: c.contact_name ?? '',
    cep: c.address.cep ? maskCep(c.address.cep) : '',
    street: c.address.street ?? '',
    number: c.address.number ?? '',
    district: c.address.district ?? '',
    city: c.address.city,
    state: c.address.state,
    responsible_name: c.responsible.name ?? '',
    responsible_cpf: c.responsible.cpf ? maskCpf(c.responsible.cpf) : '',
    responsible_email: c.responsible.email ?? '',
  };
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function splitEmails(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

function validate(form: Form): Errors {
  const errors: Errors = {};
  const doc = normalizeDocument(form.document);
  if (!(doc.length === 11 ? isValidCpf(doc) : isValidCnpj(doc)))
    errors.document = 'CPF ou CNPJ inválido: confira os dígitos.';
  if (form.legal_name.trim().length < 2) errors.legal_name = 'Informe a razão social (ou o nome, para CPF).';
  if (!EMAIL_RE.test(form.email.trim())) errors.email = 'E-mail inválido.';
  const bad = splitEmails(form.billing_emails).find((e) => !EMAIL_RE.test(e));
  if (bad) errors.billing_emails = `E-mail de cobrança inválido: "${bad}".`;
  const phone = form.phone.replace(/\D/g, '');
  if (phone && phone.length !== 10 && phone.length !== 11)
    errors.phone = 'Telefone com DDD: 10 ou 11 dígitos.';
  const cep = form.cep.replace(/\D/g, '');
  if (cep && cep.length !== 8) errors.cep = 'O CEP tem 8 dígitos.';
  if (!form.city.trim()) errors.city = 'Informe a cidade.';
  if (!form.state) errors.state = 'Escolha a UF.';
  const ie = form.state_registration
    .trim()
    .toUpperCase()
    .replace(/[\s./-]/g, '');
  if (ie && !/^(ISENTO|\d{2,14})$/.test(ie)) errors.state_registration = 'Até 14 dígitos ou "ISENTO".';
  if (form.responsible_name.trim() && form.responsible_name.trim().length < 3)
    errors.responsible_name = 'Informe o nome completo.';
  if (form.responsible_cpf && !isValidCpf(form.responsible_cpf))
    errors.responsible_cpf = 'CPF inválido: confira os dígitos.';
  if (form.responsible_email.trim() && !EMAIL_RE.test(form.responsible_email.trim()))
    errors.responsible_email = 'E-mail inválido.';
  return errors;
}

const nullable = (text: string) => (text.trim() ? text.trim() : null);

/** Dados > Editar: the client's registry, the address and the responsável who signs the contracts. */
export function ClientEditModal({
  client,
  opened,
  onClose,
}: {
  client: ClientDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const update = useUpdateClient(client.id);
  const [form, setForm] = useState<Form>(() => formOf(client));
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const close = () => {
    setForm(formOf(client));
    setErrors({});
    setServerError(null);
    update.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(form);
    setErrors(found);
    setServerError(null);
    if (Object.values(found).some(Boolean)) return;
    update.mutate(
      {
        document: normalizeDocument(form.document),
        legal_name: form.legal_name.trim(),
        trade_name: nullable(form.trade_name),
        state_registration: nullable(form.state_registration),
        email: form.email.trim(),
        billing_emails: splitEmails(form.billing_emails),
        phone: nullable(form.phone.replace(/\D/g, '')),
        contact_name: nullable(form.contact_name),
        cep: nullable(form.cep.replace(/\D/g, '')),
        street: nullable(form.street),
        number: nullable(form.number),
        district: nullable(form.district),
        city: form.city.trim(),
        state: form.state ?? '',
        responsible_name: nullable(form.responsible_name),
        responsible_cpf: nullable(form.responsible_cpf.replace(/\D/g, '')),
        responsible_email: nullable(form.responsible_email),
      },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Dados salvos',
            message: `Os dados de ${saved.trade_name ?? saved.legal_name} foram atualizados.`,
          });
          setErrors({});
          onClose();
        },
        onError: (err) => {
          const field = err instanceof ApiError ? err.field?.split('.')[0] : undefined;
          if (field && field in form) setErrors((e) => ({ ...e, [field]: err.message }));
          else setServerError(errorMessage(err));
        },
      },
    );
  };

  const text = (key: keyof Form, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={form[key] ?? ''}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errors[key]}
      {...extra}
    />
  );

  return (
    <Modal opened={opened} onClose={close} title="Editar dados do cliente" size="xl" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {serverError ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {serverError}
            </Alert>
          ) : null}
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput
                label="CPF ou CNPJ"
                description="Aceita o CNPJ alfanumérico"
                value={form.document}
                onChange={(e) => set('document', maskDocument(e.currentTarget.value))}
                error={errors.document}
                withAsterisk
                autoComplete="off"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              {text('state_registration', 'Inscrição estadual', {
                description: 'Só os dígitos, ou ISENTO',
                placeholder: 'ISENTO',
              })}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              {text('legal_name', 'Razão social', { withAsterisk: true, maxLength: 200 })}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              {text('trade_name', 'Nome fantasia', { maxLength: 200 })}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              {text('email', 'E-mail', { type: 'email', withAsterisk: true })}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              {text('billing_emails', 'Outros e-mails de cobrança', {
                description: 'Separe por vírgula',
                placeholder: 'financeiro@empresa.com.br',
              })}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput
                label="Telefone"
                placeholder="(00) 00000-0000"
                value={form.phone}
                onChange={(e) => set('phone', maskPhone(e.currentTarget.value))}
                error={errors.phone}
                inputMode="tel"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              {text('contact_name', 'Contato', { maxLength: 120 })}
            </Grid.Col>
          </Grid>

          <Divider label="Endereço" labelPosition="left" mt="xs" />
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <TextInput
                label="CEP"
                placeholder="00000-000"
                value={form.cep}
                onChange={(e) => set('cep', maskCep(e.currentTarget.value))}
                error={errors.cep}
                inputMode="numeric"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>{text('street', 'Logradouro', { maxLength: 200 })}</Grid.Col>
            <Grid.Col span={{ base: 12, sm: 2 }}>{text('number', 'Número', { maxLength: 20 })}</Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>{text('district', 'Bairro', { maxLength: 100 })}</Grid.Col>
            <Grid.Col span={{ base: 8, sm: 5 }}>
              {text('city', 'Cidade', { withAsterisk: true, maxLength: 100 })}
            </Grid.Col>
            <Grid.Col span={{ base: 4, sm: 2 }}>
              <Select
                label="UF"
                data={[...UFS]}
                value={form.state}
                onChange={(v) => set('state', v)}
                error={errors.state}
                searchable
                withAsterisk
              />
            </Grid.Col>
          </Grid>

          <Divider label="Responsável pela assinatura" labelPosition="left" mt="xs" />
          <Text size="xs" c="dimmed" mt={-6}>
            Quem assina os contratos digitalmente: recebe o link de assinatura por e-mail e confirma o nome e
            o CPF.
          </Text>
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 5 }}>{text('responsible_name', 'Nome do responsável')}</Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <TextInput
                label="CPF do responsável"
                placeholder="000.000.000-00"
                value={form.responsible_cpf}
                onChange={(e) => set('responsible_cpf', maskCpf(e.currentTarget.value))}
                error={errors.responsible_cpf}
                inputMode="numeric"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              {text('responsible_email', 'E-mail do responsável', { type: 'email' })}
            </Grid.Col>
          </Grid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancelar
            </Button>
            <Button type="submit" loading={update.isPending}>
              Salvar dados
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
