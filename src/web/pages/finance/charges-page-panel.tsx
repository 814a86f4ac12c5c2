import { BACK_OFFICE } from '../../../domain/access/roles';
import { useMe } from '../../api/session';
import { ChargesList } from './charges-list';

/** Cobranças: every charge the user may see, with filters; back-office users issue and settle charges here. */
export function ChargesPanel() {
  const me = useMe();
  const role = me.data?.user.role;
  return (
    <ChargesList
      canCreate={role ? BACK_OFFICE.includes(role) : false}
      emptyDescription="As cobranças dos clientes (boleto, Pix, cartão e TED) aparecerão aqui com a situação de cada uma."
    />
  );
}
