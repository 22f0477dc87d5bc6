/** Reading the organisation: units, one unit with its posts and people, people, regions. */
import type { Kysely } from 'kysely';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { org, QueryT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import * as repo from './repo.ts';
import { presentPerson, presentPost, presentUnit } from './present.ts';

export async function listUnits(db: Kysely<DB>, actor: Actor, q: QueryT<typeof org.listUnits>) {
  requireCan(actor, 'org.read');
  const rows = await repo.findUnits(db, { kind: q.kind, q: q.q, includeInactive: q.includeInactive === 'true' });
  const charges = await repo.chargesByUnit(db);
  const counts = await repo.headcounts(db);
  return {
    items: rows.map((u) => presentUnit(u, charges.get(u.id) ?? [], counts.get(u.id) ?? 0)),
  };
}

export async function getUnit(db: Kysely<DB>, actor: Actor, id: string) {
  requireCan(actor, 'org.read');
  const u = await repo.findUnit(db, id);
  if (!u) throw new LuoshiError('NOT_FOUND');
  const charges = (await repo.chargesByUnit(db, [id])).get(id) ?? [];
  const counts = await repo.headcounts(db);
  const posts = await repo.findPosts(db, { unitId: id });
  const people = await repo.findPeople(db, { unitId: id });
  const children = (await repo.findUnits(db, {})).filter((c) => c.parent_id === id);
  return {
    unit: presentUnit(u, charges, counts.get(id) ?? 0),
    posts: posts.map((p) => presentPost(p.post, p.terms)),
    people: people.map((p) => presentPerson(p, actor)),
    leaders: charges,
    children: children.map((c) => presentUnit(c, [], counts.get(c.id) ?? 0)),
  };
}

export async function listPeople(db: Kysely<DB>, actor: Actor, q: { unitId?: string; q?: string }) {
  requireCan(actor, 'org.read');
  const rows = await repo.findPeople(db, q);
  return { items: rows.map((p) => presentPerson(p, actor)) };
}

export async function listRegions(db: Kysely<DB>, actor: Actor) {
  requireCan(actor, 'org.read');
  const rows = await db.selectFrom('regions').selectAll().orderBy('level').orderBy('name').execute();
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, level: r.level as never, parentId: r.parent_id, code: r.code })),
  };
}
