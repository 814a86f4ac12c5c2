import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../domain/access/roles';
import { accountManagerResellers } from './schema';

/**
 * The one place that turns "who is asking" into a SQL condition on a reseller column.
 * Every query on reseller-owned data goes through it.
 */
export function visibleResellerCondition(actor: Actor, resellerColumn: AnyPgColumn): SQL | undefined {
  switch (actor.role) {
    case 'admin':
    case 'financeiro':
      return undefined;
    case 'gerente_contas':
      return inArray(
        resellerColumn,
        sql`(select ${accountManagerResellers.resellerId} from ${accountManagerResellers} where ${accountManagerResellers.userId} = ${actor.userId})`,
      );
    case 'hiperador':
      // A Hiperador's user without a reseller sees nothing.
      return actor.resellerId ? eq(resellerColumn, actor.resellerId) : sql`false`;
  }
}
