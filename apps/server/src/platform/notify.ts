/**
 * In-app notifications, written in the caller's transaction. A dedupe key makes a reminder
 * idempotent: the sweep may run twice, on two instances, and the user is told once. Email and
 * webhook delivery are queued from the same rows (see the delivery outbox).
 */
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';
import { newId } from './ids.ts';
import { enqueueDeliveries } from './delivery/enqueue.ts';

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  /** one notification per user and key, ever */
  dedupeKey?: string;
}

export async function notifyUsers(db: Kysely<DB>, at: string, userIds: string[], n: Notice): Promise<number> {
  let written = 0;
  const fresh: { userId: string; notificationId: string }[] = [];
  for (const userId of [...new Set(userIds)]) {
    const id = newId(Date.parse(at));
    const r = await db
      .insertInto('notifications')
      .values({
        id,
        user_id: userId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link ?? null,
        dedupe_key: n.dedupeKey ? `${n.dedupeKey}:${userId}` : null,
        created_at: at,
        read_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) {
      written++;
      fresh.push({ userId, notificationId: id });
    }
  }
  // email and webhook messages for the new notifications, committed with them
  await enqueueDeliveries(db, at, fresh, n);
  return written;
}

/** Accounts of the people currently holding a unit's posts of the given roles. */
export async function usersInUnitRoles(db: Kysely<DB>, unitId: string, roles: string[]): Promise<string[]> {
  if (!roles.length) return [];
  const rows = await db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .innerJoin('users', 'users.person_id', 'post_terms.person_id')
    .select('users.id')
    .where('posts.unit_id', '=', unitId)
    .where('posts.role', 'in', roles)
    .where('posts.active', '=', 1)
    .where('post_terms.to_date', 'is', null)
    .where('users.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}

/** Accounts of the people currently holding posts in units with a function (e.g. the office). */
export async function usersWithFunction(db: Kysely<DB>, fn: string): Promise<string[]> {
  const units = await db.selectFrom('units').select(['id', 'functions']).where('active', '=', 1).execute();
  const ids = units.filter((u) => (JSON.parse(u.functions) as string[]).includes(fn)).map((u) => u.id);
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .innerJoin('users', 'users.person_id', 'post_terms.person_id')
    .select('users.id')
    .where('posts.unit_id', 'in', ids)
    .where('post_terms.to_date', 'is', null)
    .where('users.disabled', '=', 0)
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}
