/** The only place with SQL for the organisation area. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function findUnits(db: Q, f: { kind?: string; q?: string; includeInactive?: boolean; ids?: string[] }) {
  let query = db.selectFrom('units').selectAll();
  if (f.kind) query = query.where('kind', '=', f.kind);
  if (!f.includeInactive) query = query.where('active', '=', 1);
  if (f.ids) query = f.ids.length ? query.where('id', 'in', f.ids) : query.where('id', '=', '');
  if (f.q) {
    const p = likePattern(f.q);
    query = query.where((eb) =>
      eb.or([eb('name', 'like', p), eb('short_name', 'like', p), eb('code', 'like', p), eb('name_en', 'like', p)]),
    );
  }
  return query.orderBy('sort_order').orderBy('name').execute();
}

export async function findUnit(db: Q, id: string) {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** county leaders in charge of each unit */
export async function chargesByUnit(db: Q, unitIds?: string[]) {
  let q = db
    .selectFrom('leader_charges')
    .innerJoin('people', 'people.id', 'leader_charges.person_id')
    .select(['leader_charges.unit_id', 'leader_charges.person_id', 'people.name']);
  if (unitIds) q = unitIds.length ? q.where('leader_charges.unit_id', 'in', unitIds) : q.where('leader_charges.unit_id', '=', '');
  const rows = await q.orderBy('people.name').execute();
  const map = new Map<string, { personId: string; name: string }[]>();
  for (const r of rows) {
    const list = map.get(r.unit_id) ?? [];
    list.push({ personId: r.person_id, name: r.name });
    map.set(r.unit_id, list);
  }
  return map;
}

export async function headcounts(db: Q): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('people')
    .select(['unit_id', db.fn.countAll<number>().as('n')])
    .where('active', '=', 1)
    .groupBy('unit_id')
    .execute();
  return new Map(rows.filter((r) => r.unit_id).map((r) => [r.unit_id!, Number(r.n)]));
}

export async function findPeople(db: Q, f: { unitId?: string; q?: string; ids?: string[] }) {
  let query = db
    .selectFrom('people')
    .leftJoin('users', 'users.person_id', 'people.id')
    .selectAll('people')
    .select('users.id as user_id');
  if (f.unitId) query = query.where('people.unit_id', '=', f.unitId);
  if (f.ids) query = f.ids.length ? query.where('people.id', 'in', f.ids) : query.where('people.id', '=', '');
  if (f.q) query = query.where('people.name', 'like', likePattern(f.q));
  return query.orderBy('people.name').limit(2000).execute();
}

export async function findPerson(db: Q, id: string) {
  return db
    .selectFrom('people')
    .leftJoin('users', 'users.person_id', 'people.id')
    .selectAll('people')
    .select('users.id as user_id')
    .where('people.id', '=', id)
    .executeTakeFirst();
}

export async function findPosts(db: Q, f: { unitId?: string; id?: string }) {
  let q = db.selectFrom('posts').selectAll().where('active', '=', 1);
  if (f.unitId) q = q.where('unit_id', '=', f.unitId);
  if (f.id) q = q.where('id', '=', f.id);
  const posts = await q.orderBy('sort_order').orderBy('created_at').execute();
  const ids = posts.map((p) => p.id);
  const terms = ids.length
    ? await db
        .selectFrom('post_terms')
        .innerJoin('people', 'people.id', 'post_terms.person_id')
        .select(['post_terms.post_id', 'post_terms.person_id', 'people.name', 'post_terms.from_date', 'post_terms.to_date', 'post_terms.created_at'])
        .where('post_terms.post_id', 'in', ids)
        .orderBy('post_terms.from_date')
        .orderBy('post_terms.created_at')
        .execute()
    : [];
  return posts.map((p) => ({ post: p, terms: terms.filter((t) => t.post_id === p.id) }));
}

export async function findGroup(db: Q) {
  return db.selectFrom('leading_groups').selectAll().orderBy('created_at').limit(1).executeTakeFirst();
}

export async function findGroupMembers(db: Q, groupId: string) {
  return db
    .selectFrom('group_members')
    .innerJoin('people', 'people.id', 'group_members.person_id')
    .leftJoin('units', 'units.id', 'group_members.unit_id')
    .select([
      'group_members.id',
      'group_members.person_id',
      'people.name',
      'group_members.position',
      'group_members.unit_id',
      'units.name as unit_name',
      'group_members.duty',
      'group_members.sort_order',
    ])
    .where('group_members.group_id', '=', groupId)
    .orderBy('group_members.sort_order')
    .orderBy('people.name')
    .execute();
}

export async function chargesOf(db: Q, personIds: string[]) {
  if (!personIds.length) return new Map<string, string[]>();
  const rows = await db.selectFrom('leader_charges').select(['person_id', 'unit_id']).where('person_id', 'in', personIds).execute();
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.person_id, [...(map.get(r.person_id) ?? []), r.unit_id]);
  return map;
}
