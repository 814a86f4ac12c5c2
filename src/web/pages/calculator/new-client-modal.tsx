import { Alert, Button, Grid, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { isStaff } from '../../../domain/access/roles';
import { isValidCnpj, isValidCpf, normalizeDocument } from '../../../domain/documents/cpf-cnpj';
import { ApiError, errorMessage } from '../../api/client';
import { useCreateClient } from '../../api/clients';
import { useResellers } from '../../api/resellers';
import { useMe } from '../../api/session';
import type { ClientDetail } from '../../api/types';
import { IconAlertCircle } from '../../components/icons';
import { maskCep, maskDocument, maskPhone, UFS } from './labels';

interface Form {
  document: string;
  legal_name: string;
  trade_name: string;
  email: string;
  phone: string;
  city: string;
  state: string | null;
  cep: string;
  reseller_id: string | null;
}

const EMPTY: Form = {
  document: '',
  legal_name: '',
  trade_name: '',
  email: '',
  phone: '',
  city: '',
  state: null,
  cep: '',
  reseller_id: null,
};

type Errors = Partial<Record<keyof Form, string>>;

const DOCUMENT_MESSAGE = 'CPF ou CNPJ inválido: confira os dígitos.';

function validate(form: Form, staff: boolean): Errors {
  const errors: Errors = {};
  const doc = normalizeDocument(form.document);
  if (!doc) errors.document = 'Informe o CPF ou o CNPJ.';
  else if (!(doc.length === 11 ? isValidCpf(doc) : isValidCnpj(doc))) errors.document = DOCUMENT_MESSAGE;
  if (!form.legal_name.trim()) errors.legal_name = 'Informe a razão social (ou o nome, para CPF).';
  if (!form.email.trim()) errors.email = 'Informe o e-mail.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errors.email = 'E-mail inválido.';
  const phone = form.phone.replace(/\D/g, '');
  if (phone && phone.length !== 10 && phone.length !== 11)
    errors.phone = 'Telefone com DDD: 10 ou 11 dígitos.';
  if (!form.city.trim()) errors.city = 'Informe a cidade.';
  if (!form.state) errors.state = 'Escolha a UF.';
  const cep = form.cep.replace(/\D/g, '');
  if (cep && cep.length !== 8) errors.cep = 'O CEP tem 8 dígitos.';
  if (staff && !form.reseller_id) errors.reseller_id = 'Escolha o Hiperador responsável.';
  return errors;
}

export function NewClientModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (client: ClientDetail) => void;
}) {
  const me = useMe();
  const staff = me.data ? isStaff(me.data.user.role) : false;
  const resellers = useResellers(staff);
  const create = useCreateClient();
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const close = () => {
    setForm(EMPTY);
    setErrors({});
    setServerError(null);
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(form, staff);
    setErrors(found);
    setServerError(null);
    if (Object.values(found).some(Boolean)) return;
    create.mutate(
      {
        document: normalizeDocument(form.document),
        legal_name: form.legal_name.trim(),
        ...(form.trade_name.trim() ? { trade_name: form.trade_name.trim() } : {}),
        email: form.email.trim(),
        ...(form.phone ? { phone: form.phone.replace(/\D/g, '') } : {}),
        city: form.city.trim(),
        state: form.state ?? '',
        ...(form.cep ? { cep: form.cep.replace(/\D/g, '') } : {}),
        ...(staff && form.reseller_id ? { reseller_id: form.reseller_id } : {}),
      },
      {
        onSuccess: (client) => {
          notifications.show({
            color: 'teal',
            title: 'Cliente cadastrado',
            message: `${client.trade_name ?? client.legal_name} foi cadastrado e já está selecionado.`,
          });
          onCreated(client);
          close();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.field && err.field in EMPTY) {
            setErrors((e) => ({ ...e, [err.field as keyof Form]: err.message }));
          } else {
            setServerError(errorMessage(err));
          }
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Cadastrar novo cliente" size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {serverError ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {serverError}
            </Alert>
          ) : null}
          <Grid gap="sm">
            {staff ? (
              <Grid.Col span={12}>
                <Select
                  label="Hiperador"
                  placeholder="Escolha o Hiperador responsável"
                  data={(resellers.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
                  value={form.reseller_id}
                  onChange={(v) => set('reseller_id', v)}
                  error={errors.reseller_id}
                  searchable
                  withAsterisk
                />
              </Grid.Col>
            ) : null}
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="CPF ou CNPJ"
                placeholder="00.000.000/0000-00"
                description="Aceita o CNPJ alfanumérico"
                value={form.document}
                onChange={(e) => set('document', maskDocument(e.currentTarget.value))}
                error={errors.document}
                withAsterisk
                autoComplete="off"
                data-autofocus
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="E-mail"
                placeholder="financeiro@empresa.com.br"
                description="Recebe a proposta, o contrato e as cobranças"
                type="email"
                value={form.email}
                onChange={(e) => set('email', e.currentTarget.value)}
                error={errors.email}
                withAsterisk
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <TextInput
                label="Razão social"
                value={form.legal_name}
                onChange={(e) => set('legal_name', e.currentTarget.value)}
                error={errors.legal_name}
                maxLength={200}
                withAsterisk
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <TextInput
                label="Nome fantasia"
                value={form.trade_name}
                onChange={(e) => set('trade_name', e.currentTarget.value)}
                error={errors.trade_name}
                maxLength={200}
              />
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
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="Cidade"
                value={form.city}
                onChange={(e) => set('city', e.currentTarget.value)}
                error={errors.city}
                maxLength={120}
                withAsterisk
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 2 }}>
              <Select
                label="UF"
                data={[...UFS]}
                value={form.state}
                onChange={(v) => set('state', v)}
                error={errors.state}
                searchable
                withAsterisk
                comboboxProps={{ withinPortal: true }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <TextInput
                label="CEP"
                placeholder="00000-000"
                value={form.cep}
                onChange={(e) => set('cep', maskCep(e.currentTarget.value))}
                error={errors.cep}
                inputMode="numeric"
              />
            </Grid.Col>
          </Grid>
          <Text size="xs" c="dimmed">
            O cliente começa como “Prospect”; com o contrato emitido passa a “Aguardando contrato”. Preencha o
            responsável pela assinatura depois, em Dados do cliente.
          </Text>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancelar
            </Button>
            <Button type="submit" loading={create.isPending}>
              Cadastrar cliente
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
