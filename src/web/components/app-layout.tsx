import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { ComponentType } from 'react';
import { Outlet, Link as RouterLink, useLocation, useNavigate } from 'react-router';
import { BACK_OFFICE, isStaff, ROLE_LABELS, type Role } from '../../domain/access/roles';
import { errorMessage } from '../api/client';
import { useLogout } from '../api/session';
import type { SessionUser } from '../api/types';
import { Brand } from './brand';
import {
  IconBox,
  IconBuildingStore,
  IconChartBar,
  IconChevronDown,
  IconFileText,
  IconLogout,
  IconMail,
  IconReceipt,
  IconRefresh,
  IconUserCircle,
  IconUsers,
  IconWallet,
} from './icons';

interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number }>;
  staffOnly?: boolean;
  /** Only these roles see it (e.g. admin and financeiro for the e-mail templates). */
  roles?: readonly Role[];
  /** Other paths under this item (e.g. a proposal belongs to Contratos). */
  also?: string[];
}

const NAV_ITEMS: NavItem[] = [
  { to: '/painel', label: 'Painel', icon: IconChartBar },
  { to: '/clientes', label: 'Clientes', icon: IconUsers },
  { to: '/contratos', label: 'Contratos', icon: IconFileText, also: ['/propostas'] },
  { to: '/financeiro', label: 'Financeiro', icon: IconWallet },
  { to: '/repasse', label: 'Repasse', icon: IconReceipt },
  { to: '/catalogo', label: 'Catálogo', icon: IconBox, staffOnly: true },
  { to: '/hiperadores', label: 'Hiperadores', icon: IconBuildingStore, staffOnly: true },
  { to: '/execucoes-de-cobranca', label: 'Execuções de cobrança', icon: IconRefresh, staffOnly: true },
  { to: '/caixa-de-saida', label: 'Caixa de saída', icon: IconMail, staffOnly: true },
  { to: '/modelos-de-email', label: 'Modelos de e-mail', icon: IconFileText, roles: BACK_OFFICE },
];

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

export function AppLayout({ user }: { user: SessionUser }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const staff = isStaff(user.role);
  const items = NAV_ITEMS.filter(
    (item) => (!item.staffOnly || staff) && (!item.roles || item.roles.includes(user.role)),
  );
  const roleLabel = ROLE_LABELS[user.role];

  const handleLogout = () => {
    logout.mutate(undefined, {
      onSuccess: () => navigate('/entrar', { replace: true }),
      onError: (err) =>
        notifications.show({ color: 'red', title: 'Não foi possível sair', message: errorMessage(err) }),
    });
  };

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 224, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', xl: 'xl' }}
      styles={{ main: { backgroundColor: 'var(--mantine-color-gray-0)' } }}
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Abrir menu" />
            <UnstyledButton component={RouterLink} to="/painel" aria-label="Central de Cobranças — início">
              <Brand />
            </UnstyledButton>
          </Group>

          <Menu position="bottom-end" width={240} shadow="md" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label="Menu do usuário" data-testid="user-menu">
                <Group gap="sm" wrap="nowrap">
                  <Avatar color="brand" radius="xl" size={36}>
                    {initials(user.name)}
                  </Avatar>
                  <Stack gap={0} visibleFrom="xs" style={{ textAlign: 'left' }}>
                    <Text size="sm" fw={600} lh={1.3}>
                      {user.name}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.3}>
                      {roleLabel}
                      {user.reseller ? ` · ${user.reseller.name}` : ''}
                    </Text>
                  </Stack>
                  <IconChevronDown size={16} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>
                <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
                  {user.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {user.email}
                </Text>
              </Menu.Label>
              <Menu.Divider />
              <Menu.Item leftSection={<IconUserCircle size={16} />} component={RouterLink} to="/minha-conta">
                Minha conta
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconLogout size={16} />}
                onClick={handleLogout}
                disabled={logout.isPending}
              >
                Sair
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Menu principal">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={4}>
            {items.map((item) => {
              const active = [item.to, ...(item.also ?? [])].some(
                (path) => location.pathname === path || location.pathname.startsWith(`${path}/`),
              );
              const Icon = item.icon;
              return (
                <NavLink
                  key={item.to}
                  component={RouterLink}
                  to={item.to}
                  label={item.label}
                  leftSection={<Icon size={20} />}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  variant="light"
                  onClick={close}
                  styles={{ root: { borderRadius: 'var(--mantine-radius-md)' }, label: { fontWeight: 500 } }}
                />
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Stack gap={6} p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Perfil
            </Text>
            <Group gap={6}>
              <Badge variant="light" color={staff ? 'violet' : 'brand'} radius="sm">
                {roleLabel}
              </Badge>
            </Group>
            {user.reseller ? (
              <Text size="sm" fw={500} data-testid="reseller-name">
                {user.reseller.name}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                Equipe Hiper
              </Text>
            )}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <div style={{ maxWidth: 1280, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
