/** The audit log is read by the auditor only, newest first, by key-set pages. */
import type { Kysely } from 'kysely';
import type { Actor } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import { verifyAuditChain } from '../../platform/audit.ts';

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function listAudit(
  db: Kysely<DB>,
  actor: Actor,
  q: { limit: number; cursor?: string; entityType?: string; entityId?: string; actorUserId?: string; action?: string },
) {
  requireCan(actor, 'audit.read');
  let query = db.selectFrom('audit_log').selectAll();
  const before = q.cursor ? Number(q.cursor) : NaN;
  // a cursor beyond the safe integers would reach PostgreSQL as 1e+21 and fail there
  if (Number.isSafeInteger(before)) query = query.where('seq', '<', before);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.actorUserId) query = query.where('actor_user_id', '=', q.actorUserId);
  if (q.action) query = query.where('action', '=', q.action);
  const rows = await query.orderBy('seq', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actorUserId: r.actor_user_id,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: parse(r.before),
      after: parse(r.after),
      ip: r.ip,
      hash: r.hash,
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.seq) : null,
  };
}

export async function verifyAudit(db: Kysely<DB>, actor: Actor) {
  requireCan(actor, 'audit.read');
  return verifyAuditChain(db);
}
