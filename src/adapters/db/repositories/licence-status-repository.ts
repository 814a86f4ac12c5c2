import { eq } from 'drizzle-orm';
import type { LicenceStatusStore } from '../../../app/licence/licence-status';
import type { ClientStatus } from '../../../domain/clients/client-status';
import type { Db } from '../database';
import { clients } from '../schema';

/**
 * The licence status's read of a client (status and paid_through = liberado até). The client id comes from the
 * installation's API key, never from the request, so there is no tenancy condition to apply here.
 */
export class DbLicenceStatusRepository implements LicenceStatusStore {
  constructor(private readonly db: Db) {}

  async clientAccess(clientId: string): Promise<{ status: ClientStatus; paidThrough: string | null } | null> {
    const [row] = await this.db
      .select({ status: clients.status, paidThrough: clients.paidThrough })
      .from(clients)
      .where(eq(clients.id, clientId))
      .limit(1);
    return row ?? null;
  }
}
