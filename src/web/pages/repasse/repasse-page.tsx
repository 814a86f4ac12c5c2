import { PageHeader } from '../../components/page-header';

export function RepassePage() {
  return <PageHeader title="Repasse" description="Extratos de repasse por mês." />;
}
