import { Button } from '@mantine/core';
import { Link as RouterLink } from 'react-router';
import { EmptyPanel } from '../components/empty-panel';
import { IconArrowLeft, IconCompass } from '../components/icons';

export function NotFoundPage() {
  return (
    <EmptyPanel
      icon={<IconCompass size={28} />}
      title="Página não encontrada"
      description="O endereço acessado não existe no Portal do Hiperador. Confira o link ou volte para a lista de clientes."
    >
      <Button component={RouterLink} to="/clientes" leftSection={<IconArrowLeft size={16} />}>
        Ir para Clientes
      </Button>
    </EmptyPanel>
  );
}
