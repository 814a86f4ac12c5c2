import type { AuditEntry, AuditLog } from '../../../app/shared/ports';
import type { Db } from '../database';
import { auditLog } from '../schema';

export class DbAuditLog implements AuditLog {
  constructor(private readonly db: Db) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.insert(auditLog).values({
      actorUserId: entry.actorUserId,
      actorEmail: entry.actorEmail,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
    });
  }
}
