import { Button, Stack, Title } from '@mantine/core';
import { Link as RouterLink } from 'react-router';
import { isStaff } from '../../domain/access/roles';
import { useMe } from '../api/session';
import { EmptyPanel } from '../components/empty-panel';
import { IconWallet } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { ContractsTable } from './contracts-table';
import { ProposalsTable } from './proposals-table';

function useStaff(): boolean {
  const me = useMe();
  return me.data ? isStaff(me.data.user.role) : false;
}

export function ContractsPage() {
  const staff = useStaff();
  return (
    <>
      <PageHeader
        title="Contratos e propostas"
        description={
          staff
            ? 'Propostas montadas na calculadora e contratos emitidos para os clientes dos Hiperadores.'
            : 'Propostas montadas na calculadora e contratos emitidos para os seus clientes.'
        }
        actions={
          <Button component={RouterLink} to="/clientes/escolha-o-produto">
            Novo contrato
          </Button>
        }
      />
      <Title order={4} mb="sm">
        Contratos emitidos
      </Title>
      <Stack mb="xl">
        <ContractsTable emptyText="Nenhum contrato emitido ainda." />
      </Stack>
      <Title order={4} mb="sm">
        Propostas
      </Title>
      <ProposalsTable
        emptyTitle="Nenhuma proposta ainda"
        emptyDescription="Monte uma proposta na calculadora (Novo contrato), marque-a como pronta para contrato e emita o contrato: ele aparecerá acima com a situação da assinatura."
      />
    </>
  );
}

export function FinancePage() {
  const staff = useStaff();
  return (
    <>
      <PageHeader
        title="Financeiro"
        description={
          staff
            ? 'Cobranças dos clientes, pagamentos recebidos e repasses aos Hiperadores.'
            : 'Cobranças dos seus clientes, pagamentos recebidos e os repasses que você recebe.'
        }
      />
      <EmptyPanel
        icon={<IconWallet size={28} />}
        title="Nenhuma movimentação financeira ainda"
        description="As faturas emitidas, os pagamentos confirmados e os repasses mensais aparecerão aqui, mês a mês."
      />
    </>
  );
}
