/** SQL for the supervision ladder. */
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';

type Q = Kysely<DB>;

export async function findNotice(db: Q, id: string) {
  const n = await db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!n) throw new LuoshiError('NOT_FOUND');
  return n;
}

/** The principal county leader (县长) and the deputy county heads in charge of a unit. */
export async function countyLeadersFor(db: Q, unitId: string): Promise<{ principal: string | null; inCharge: string[] }> {
  const gov = await db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .innerJoin('units', 'units.id', 'posts.unit_id')
    .select(['post_terms.person_id', 'units.functions'])
    .where('posts.role', '=', 'principal')
    .where('posts.active', '=', 1)
    .where('post_terms.to_date', 'is', null)
    .where('units.active', '=', 1)
    .execute();
  const principal = gov.find((g) => (JSON.parse(g.functions) as string[]).includes('government'))?.person_id ?? null;
  const inCharge = (await db.selectFrom('leader_charges').select('person_id').where('unit_id', '=', unitId).execute()).map((r) => r.person_id);
  return { principal, inCharge };
}

/** Current holders of a unit's posts by role. */
export async function unitPostHolders(db: Q, unitId: string, roles: string[]) {
  return db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .innerJoin('people', 'people.id', 'post_terms.person_id')
    .select(['posts.role', 'people.id as person_id', 'people.name'])
    .where('posts.unit_id', '=', unitId)
    .where('posts.role', 'in', roles)
    .where('posts.active', '=', 1)
    .where('post_terms.to_date', 'is', null)
    .orderBy('posts.sort_order')
    .execute();
}

/** What a notice is about, for titles and lists. */
export async function subjectTitle(db: Q, type: string, id: string): Promise<string> {
  return (await subjectTitles(db, [{ type, id }])).get(`${type}:${id}`) ?? '';
}

/**
 * The titles of many subjects (a task, a citizen's case, a unit or its plan) in one query per kind,
 * keyed `type:id` — for lists of proposals and notices, which would otherwise ask once per row.
 */
export async function subjectTitles(db: Q, subjects: { type: string; id: string }[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(subjects.filter((s) => s.type === type).map((s) => s.id))];
  const unitIds = [...new Set(subjects.filter((s) => s.type !== 'task' && s.type !== 'case').map((s) => s.id))];
  const out = new Map<string, string>();
  const taskIds = ids('task');
  for (let i = 0; i < taskIds.length; i += 500) {
    for (const t of await db.selectFrom('tasks').select(['id', 'code', 'title']).where('id', 'in', taskIds.slice(i, i + 500)).execute()) out.set(`task:${t.id}`, `${t.code} ${t.title}`);
  }
  const caseIds = ids('case');
  for (let i = 0; i < caseIds.length; i += 500) {
    for (const c of await db.selectFrom('cases').select(['id', 'number', 'title']).where('id', 'in', caseIds.slice(i, i + 500)).execute()) out.set(`case:${c.id}`, `诉求 ${c.number} ${c.title}`);
  }
  const names = new Map<string, string>();
  for (let i = 0; i < unitIds.length; i += 500) {
    for (const u of await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds.slice(i, i + 500)).execute()) names.set(u.id, u.name);
  }
  for (const s of subjects) {
    if (s.type === 'task' || s.type === 'case') continue;
    const name = names.get(s.id) ?? '';
    out.set(`${s.type}:${s.id}`, s.type === 'plan' ? `${name}实施方案` : name);
  }
  return out;
}

export async function peopleNames(db: Q, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The next document number for a prefix and year. The counter row is updated inside the issuing
 * transaction, so numbers never repeat or skip: a rolled-back issue rolls back its number too, and
 * concurrent issuers queue on the row.
 */
export async function nextDocSeq(db: Q, prefix: string, year: number): Promise<number> {
  await db.insertInto('doc_sequences').values({ prefix, year, last: 0 }).onConflict((oc) => oc.columns(['prefix', 'year']).doNothing()).execute();
  const row = await db
    .updateTable('doc_sequences')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('prefix', '=', prefix)
    .where('year', '=', year)
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}
