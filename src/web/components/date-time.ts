import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';

const TIME_FORMAT = new Intl.DateTimeFormat('pt-BR', {
  timeZone: 'America/Sao_Paulo',
  hour: '2-digit',
  minute: '2-digit',
});

/** "01/06/2026 09:00", in São Paulo time; "—" when there is no instant. */
export function formatDateTimeBR(iso: string | null): string {
  if (!iso) return '—';
  const instant = new Date(iso);
  return `${formatDateBR(businessDateAt(instant))} ${TIME_FORMAT.format(instant)}`;
}
