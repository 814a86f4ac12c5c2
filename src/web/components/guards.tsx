import { Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isStaff } from '../../domain/access/roles';
import { useMe } from '../api/session';
import type { SessionUser } from '../api/types';
import { ForbiddenPage } from '../pages/forbidden-page';
import { LoadErrorAlert } from './load-error-alert';

export function FullPageLoader() {
  return (
    <Center h="100vh">
      <Stack align="center" gap="sm">
        <Loader />
        <Text size="sm" c="dimmed">
          Carregando…
        </Text>
      </Stack>
    </Center>
  );
}

/** Renders its children with the session user, or sends the visitor to /entrar (remembering where to return). */
export function RequireAuth({ children }: { children: (user: SessionUser) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <Center h="100vh" p="md">
        <LoadErrorAlert
          error={me.error}
          onRetry={() => void me.refetch()}
          title="Não foi possível abrir o portal"
        />
      </Center>
    );
  }
  if (!me.data) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to={`/entrar?voltar=${encodeURIComponent(from)}`} replace />;
  }
  return <>{children(me.data.user)}</>;
}

/** Pages for Hiper staff only: a Hiperador gets "Acesso não permitido". */
export function RequireStaff({ children }: { children: ReactNode }) {
  const me = useMe();
  if (!me.data || !isStaff(me.data.user.role)) return <ForbiddenPage />;
  return <>{children}</>;
}
