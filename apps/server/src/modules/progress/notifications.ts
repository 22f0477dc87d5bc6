/** A user's own in-app notifications. */
import type { Kysely } from 'kysely';
import type { Actor } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';

type Q = Kysely<DB>;

export async function listNotifications(db: Q, actor: Actor, unreadOnly: boolean) {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', actor.userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').limit(200).execute();
  const unread = await db.selectFrom('notifications').select(db.fn.countAll<number>().as('n')).where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirst();
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at })),
    unread: Number(unread?.n ?? 0),
  };
}

/** Reading one's notifications is bookkeeping, not a change to the record: it is not audited. */
export async function markRead(db: Q, actor: Actor, at: string, input: { ids?: string[]; all?: boolean }) {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', actor.userId).where('read_at', 'is', null);
  if (!input.all) {
    if (!input.ids?.length) return { updated: 0 };
    q = q.where('id', 'in', input.ids);
  }
  const r = await q.executeTakeFirst();
  return { updated: Number(r.numUpdatedRows) };
}
