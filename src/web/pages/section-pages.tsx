import { isStaff } from '../../domain/access/roles';
import { useMe } from '../api/session';
import { EmptyPanel } from '../components/empty-panel';
import { IconBox, IconFileText, IconWallet } from '../components/icons';
import { PageHeader } from '../components/page-header';

function useStaff(): boolean {
  const me = useMe();
  return me.data ? isStaff(me.data.user.role) : false;
}

export function ContractsPage() {
  const staff = useStaff();
  return (
    <>
      <PageHeader
        title="Contratos"
        description={
          staff
            ? 'Contratos de adesão e aditivos emitidos para os clientes dos Hiperadores.'
            : 'Contratos de adesão e aditivos emitidos para os seus clientes.'
        }
      />
      <EmptyPanel
        icon={<IconFileText size={28} />}
        title="Nenhum contrato emitido ainda"
        description="Quando um contrato for emitido para um cliente, ele aparecerá aqui com a situação da assinatura, a data de emissão e o plano contratado."
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

export function CatalogPage() {
  return (
    <>
      <PageHeader
        title="Catálogo"
        description="Planos, adicionais e aplicativos oferecidos aos clientes, com preço de tabela, preço mínimo e custo."
      />
      <EmptyPanel
        icon={<IconBox size={28} />}
        title="Catálogo em preparação"
        description="A consulta e a edição dos planos Hiper Mini e Hiper Gestão, dos adicionais e dos aplicativos ficarão disponíveis aqui."
      />
    </>
  );
}
