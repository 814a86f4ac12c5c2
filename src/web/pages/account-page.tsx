import { Alert, Badge, Button, Card, DataList, Grid, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { MIN_PASSWORD_LENGTH, passwordProblems } from '../../domain/access/password-policy';
import { ROLE_LABELS } from '../../domain/access/roles';
import { ApiError, errorMessage } from '../api/client';
import { useChangePassword } from '../api/session';
import type { SessionUser } from '../api/types';
import { IconAlertCircle, IconCheck } from '../components/icons';
import { PageHeader } from '../components/page-header';

interface PasswordErrors {
  current?: string;
  next?: string;
  confirm?: string;
}

function validate(current: string, next: string, confirm: string, email: string): PasswordErrors {
  const errors: PasswordErrors = {};
  if (!current) errors.current = 'Informe a senha atual.';
  if (!next) errors.next = 'Informe a nova senha.';
  else if (passwordProblems(next, email).length > 0) errors.next = passwordProblems(next, email)[0];
  else if (next === current) errors.next = 'A nova senha deve ser diferente da atual.';
  if (!confirm) errors.confirm = 'Confirme a nova senha.';
  else if (confirm !== next) errors.confirm = 'A confirmação não confere com a nova senha.';
  return errors;
}

function hasErrors(errors: PasswordErrors): boolean {
  return Boolean(errors.current || errors.next || errors.confirm);
}

export function AccountPage({ user }: { user: SessionUser }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setServerError(null);
    const found = validate(current, next, confirm, user.email);
    setErrors(found);
    if (hasErrors(found)) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
          notifications.show({
            color: 'teal',
            icon: <IconCheck size={18} />,
            title: 'Pronto',
            message: 'Senha alterada com sucesso.',
          });
        },
        onError: (err) => {
          // Point the message at the field the server names, when it names one.
          if (err instanceof ApiError && err.field === 'current_password')
            setErrors({ current: err.message });
          else if (err instanceof ApiError && err.field === 'new_password') setErrors({ next: err.message });
          else setServerError(errorMessage(err));
        },
      },
    );
  };

  return (
    <>
      <PageHeader title="Minha conta" description="Seus dados de acesso ao Portal do Hiperador." />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card h="100%">
            <Title order={4} mb="md">
              Dados do usuário
            </Title>
            <DataList orientation="horizontal" withDivider labelWidth={110}>
              <DataList.Item>
                <DataList.ItemLabel>Nome</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Text size="sm">{user.name}</Text>
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>E-mail</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Text size="sm">{user.email}</Text>
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Perfil</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Badge variant="light" radius="sm">
                    {ROLE_LABELS[user.role]}
                  </Badge>
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Hiperador</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Text size="sm" c={user.reseller ? undefined : 'dimmed'}>
                    {user.reseller ? user.reseller.name : 'Equipe Hiper'}
                  </Text>
                </DataList.ItemValue>
              </DataList.Item>
            </DataList>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card>
            <Title order={4}>Trocar senha</Title>
            <Text size="sm" c="dimmed" mb="md">
              Use ao menos {MIN_PASSWORD_LENGTH} caracteres. Ao trocar a senha, as suas outras sessões abertas
              são encerradas.
            </Text>
            <form onSubmit={handleSubmit} noValidate aria-label="Trocar senha">
              <Stack gap="sm">
                {serverError ? (
                  <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
                    {serverError}
                  </Alert>
                ) : null}
                <PasswordInput
                  label="Senha atual"
                  autoComplete="current-password"
                  value={current}
                  onChange={(e) => setCurrent(e.currentTarget.value)}
                  error={errors.current}
                />
                <PasswordInput
                  label="Nova senha"
                  autoComplete="new-password"
                  value={next}
                  onChange={(e) => setNext(e.currentTarget.value)}
                  error={errors.next}
                />
                <PasswordInput
                  label="Confirmar nova senha"
                  autoComplete="new-password"
                  value={confirm}
                  onChange={(e) => setConfirm(e.currentTarget.value)}
                  error={errors.confirm}
                />
                <div>
                  <Button type="submit" loading={change.isPending} mt="xs">
                    Trocar senha
                  </Button>
                </div>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
