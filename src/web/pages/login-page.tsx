import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client';
import { useLogin, useMe } from '../api/session';
import { Brand } from '../components/brand';
import { FullPageLoader } from '../components/guards';
import { IconAlertCircle } from '../components/icons';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Only same-site paths are accepted as the return address (never "//evil.example"). */
export function safeReturnPath(value: string | null): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/entrar')) {
    return '/painel';
  }
  return value;
}

interface FieldErrors {
  email?: string;
  password?: string;
}

function validate(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'Informe o e-mail.';
  else if (!EMAIL_RE.test(email.trim())) errors.email = 'Informe um e-mail válido.';
  if (!password) errors.password = 'Informe a senha.';
  return errors;
}

export function LoginPage() {
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = safeReturnPath(params.get('voltar'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  if (me.isPending) return <FullPageLoader />;
  if (me.data && !login.isPending) return <Navigate to={returnTo} replace />;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(email, password);
    setErrors(found);
    if (found.email || found.password) return;
    login.mutate(
      { email: email.trim(), password },
      { onSuccess: () => navigate(returnTo, { replace: true }) },
    );
  };

  return (
    <Box
      mih="100vh"
      style={{
        background:
          'radial-gradient(circle at 15% 10%, var(--mantine-color-brand-1), transparent 45%), linear-gradient(160deg, var(--mantine-color-gray-0), var(--mantine-color-brand-0))',
      }}
    >
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={420} gap="lg">
          <Center>
            <Brand size="lg" />
          </Center>
          <Paper withBorder shadow="md" p={{ base: 'lg', xs: 32 }} radius="lg">
            <form onSubmit={handleSubmit} noValidate aria-label="Entrar no portal">
              <Stack gap="md">
                <div>
                  <Title order={3}>Entrar</Title>
                  <Text size="sm" c="dimmed" mt={4}>
                    Acesse com o e-mail e a senha cadastrados.
                  </Text>
                </div>

                {login.isError ? (
                  <Alert
                    color="red"
                    variant="light"
                    icon={<IconAlertCircle size={20} />}
                    role="alert"
                    data-testid="login-error"
                  >
                    {errorMessage(login.error)}
                  </Alert>
                ) : null}

                <TextInput
                  label="E-mail"
                  type="email"
                  placeholder="voce@empresa.com.br"
                  autoComplete="username"
                  autoFocus
                  value={email}
                  onChange={(e) => {
                    setEmail(e.currentTarget.value);
                    if (errors.email) setErrors((prev) => ({ ...prev, email: undefined }));
                  }}
                  error={errors.email}
                  size="md"
                />
                <PasswordInput
                  label="Senha"
                  placeholder="Sua senha"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => {
                    setPassword(e.currentTarget.value);
                    if (errors.password) setErrors((prev) => ({ ...prev, password: undefined }));
                  }}
                  error={errors.password}
                  size="md"
                />
                <Button type="submit" size="md" fullWidth loading={login.isPending} mt="xs">
                  Entrar
                </Button>
              </Stack>
            </form>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            Esqueceu a senha? Fale com o seu gerente de contas na Hiper.
          </Text>
          <Text size="xs" ta="center">
            <Anchor component={Link} to="/verificar" size="xs">
              Verificar um documento assinado
            </Anchor>
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
