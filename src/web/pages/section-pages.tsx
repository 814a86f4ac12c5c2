import { Button, Stack, Tabs, Title } from '@mantine/core';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { isStaff } from '../../domain/access/roles';
import { useMe } from '../api/session';
import { PageHeader } from '../components/page-header';
import { ContractsTable } from './contracts-table';
import { BankFilesPanel } from './finance/bank-files-panel';
import { ChargesPanel } from './finance/charges-page-panel';
import { StatementsPanel } from './finance/statements-panel';
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
  const [params, setParams] = useSearchParams();
  const tab = params.get('aba') ?? 'cobrancas';
  return (
    <>
      <PageHeader
        title="Financeiro"
        description={
          staff
            ? 'Cobranças dos clientes, arquivos bancários (CNAB), extratos e conciliação de TED.'
            : 'Cobranças dos seus clientes e os pagamentos recebidos.'
        }
      />
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'cobrancas' ? { aba: value } : {})}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="cobrancas">Cobranças</Tabs.Tab>
          {staff ? <Tabs.Tab value="arquivos">Arquivos bancários</Tabs.Tab> : null}
          {staff ? <Tabs.Tab value="extratos">Extratos e TED</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="cobrancas">
          <ChargesPanel />
        </Tabs.Panel>
        {staff ? (
          <Tabs.Panel value="arquivos">
            <BankFilesPanel />
          </Tabs.Panel>
        ) : null}
        {staff ? (
          <Tabs.Panel value="extratos">
            <StatementsPanel />
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </>
  );
}
