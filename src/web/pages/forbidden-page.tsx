import { Button } from '@mantine/core';
import { Link as RouterLink } from 'react-router';
import { EmptyPanel } from '../components/empty-panel';
import { IconArrowLeft, IconLock } from '../components/icons';

export function ForbiddenPage() {
  return (
    <EmptyPanel
      icon={<IconLock size={28} />}
      title="Acesso não permitido"
      description="Esta área é exclusiva da equipe Hiper. Se você precisa destas informações, fale com o seu gerente de contas."
    >
      <Button component={RouterLink} to="/clientes" leftSection={<IconArrowLeft size={16} />}>
        Ir para Clientes
      </Button>
    </EmptyPanel>
  );
}
