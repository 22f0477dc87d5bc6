/** Reading the organisation: units, one unit with its posts and people, people, regions. */
import type { Kysely } from 'kysely';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { org, QueryT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import * as repo from './repo.ts';
import { presentPerson, presentPost, presentUnit } from './present.ts';
import { beyond, countOf, pageOf, readCursor, type KeyPart } from '../../platform/cursor.ts';
import { containsText } from '../../platform/db/like.ts';

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

const PEOPLE_LIST = 'people';
type PeopleFilters = Omit<QueryT<typeof org.listPeople>, 'limit' | 'cursor'>;

/** The people matching the filters, each with their account if any, as a query to count or to page. */
export function peopleMatching(db: Kysely<DB>, q: PeopleFilters) {
  let query = db.selectFrom('people').leftJoin('users', 'users.person_id', 'people.id');
  if (q.unitId) query = query.where('people.unit_id', '=', q.unitId);
  const text = q.q;
  if (text) query = query.where(containsText('people.name', text));
  if (q.account) query = query.where('users.id', q.account === 'true' ? 'is not' : 'is', null);
  if (q.active) query = query.where('people.active', '=', q.active === 'true' ? 1 : 0);
  return query;
}

/** One page of those people by name (then id), after the cursor's: `limit + 1` rows. */
export function peoplePage(matching: ReturnType<typeof peopleMatching>, after: KeyPart[] | null, limit: number) {
  return (after ? matching.where(beyond(['people.name', 'people.id'], 'asc', after)) : matching)
    .selectAll('people')
    .select('users.id as user_id')
    .orderBy('people.name')
    .orderBy('people.id')
    .limit(limit + 1);
}

/**
 * A page of the people by name, with the true count of those matching: every staff member may list
 * them all (names are for pickers and org charts); contact details only as presentPerson allows.
 */
export async function listPeople(db: Kysely<DB>, actor: Actor, q: QueryT<typeof org.listPeople>) {
  requireCan(actor, 'org.read');
  const after = q.cursor ? readCursor(PEOPLE_LIST, q.cursor, ['string', 'string']) : null;
  const matching = peopleMatching(db, q);
  const counted = await matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const page = pageOf(PEOPLE_LIST, await peoplePage(matching, after, q.limit).execute(), q.limit, (p) => [p.name, p.id]);
  return { items: page.rows.map((p) => presentPerson(p, actor)), nextCursor: page.nextCursor, total: countOf(counted) };
}

export async function listRegions(db: Kysely<DB>, actor: Actor) {
  requireCan(actor, 'org.read');
  const rows = await db.selectFrom('regions').selectAll().orderBy('level').orderBy('name').execute();
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, level: r.level as never, parentId: r.parent_id, code: r.code })),
  };
}
