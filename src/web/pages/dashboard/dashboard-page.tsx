import { Button, Group, Select } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { BACK_OFFICE, isStaff } from '../../../domain/access/roles';
import { useResellers } from '../../api/resellers';
import { useMe } from '../../api/session';
import { IconArrowLeft } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { ResellerDashboardView } from './reseller-dashboard';
import { BackOfficeView, PortfolioView } from './staff-dashboards';

/** Staff pick a Hiperador to see its dashboard (a gerente de contas: only those assigned to them). */
function ResellerPicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const resellers = useResellers();
  return (
    <Select
      aria-label="Hiperador"
      placeholder={resellers.isPending ? 'Carregando…' : 'Ver o painel de um Hiperador'}
      data={(resellers.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
      value={value}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage="Nenhum Hiperador encontrado"
      w={280}
    />
  );
}

/**
 * Painel (/painel, the portal's home): a Hiperador sees its own numbers; a gerente de contas the totals and
 * ranking of its Hiperadores; admin and financeiro the back office's view. Staff open one Hiperador's
 * dashboard with ?revenda=<id> (the picker or the ranking).
 */
export function DashboardPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const user = me.data?.user;
  if (!user) return null;
  const staff = isStaff(user.role);
  const chosen = staff ? params.get('revenda') : null;
  const open = (id: string | null) => setParams(id ? { revenda: id } : {});

  if (!staff) {
    return (
      <>
        <PageHeader
          title="Painel"
          description={`Seus números na Central de Cobranças${user.reseller ? ` — ${user.reseller.name}` : ''}.`}
        />
        <ResellerDashboardView resellerId={null} />
      </>
    );
  }

  const backOffice = BACK_OFFICE.includes(user.role);
  return (
    <>
      <PageHeader
        title="Painel"
        description={
          chosen
            ? 'Painel do Hiperador escolhido.'
            : backOffice
              ? 'Totais de todos os Hiperadores, recebíveis, execuções de cobrança e conciliação.'
              : 'Os Hiperadores que você acompanha.'
        }
        actions={
          <Group gap="sm">
            {chosen ? (
              <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={() => open(null)}>
                Voltar ao painel geral
              </Button>
            ) : null}
            <ResellerPicker value={chosen} onChange={open} />
          </Group>
        }
      />
      {chosen ? (
        <ResellerDashboardView key={chosen} resellerId={chosen} />
      ) : backOffice ? (
        <BackOfficeView onOpen={open} />
      ) : (
        <PortfolioView onOpen={open} />
      )}
    </>
  );
}
