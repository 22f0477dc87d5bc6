/** Reading cases: lists scoped to the units the reader may see, details, similar cases, the audited full view, satisfaction. */
import type { Kysely } from 'kysely';
import { addDays, can, localDate, mostSimilar, readableUnitIds, type Actor, type CaseStatus, type Lang } from '@luoshi/domain';
import type { QueryT, cases as contracts } from '@luoshi/contracts';
import type { CasesTable, DB } from '../../platform/db/schema.ts';
import { requireCan, runTx, type Services } from '../../platform/context.ts';
import { personalDataCipher } from '../../platform/secrets.ts';
import { categoriesById, findCase, readCasePolicy, unitNames } from './repo.ts';
import { presentCase, presentEvent, submitterOf, type PresentCtx } from './present.ts';
import { notOverdueCondition, overdueCondition } from './clocks.ts';
import { containsText } from '../../platform/db/like.ts';
import { beyond, countOf, pageOf, readCursor, type KeyPart } from '../../platform/cursor.ts';
import { decisionsOf } from './decisions.ts';
import { VersionedCache, scopes, share, versionKey } from '../../platform/db/versions.ts';

type Q = Kysely<DB>;

/** What every case is presented with: unit names, categories and the case policy, at their versions. */
const CONTEXTS = new VersionedCache<Pick<PresentCtx, 'units' | 'categories' | 'policy'>>(1);

/** The names, categories and policy a case is shown with (shared maps: read them, never change them). */
export async function presentCtx(s: Services, lang: Lang = 'zh', today = localDate(s.clock.now())): Promise<PresentCtx> {
  const db = s.db.kysely;
  const version = db.isTransaction ? '' : await versionKey(db, scopes.org, scopes.caseCategories, scopes.settings);
  let parts = version ? CONTEXTS.get('all', version) : undefined;
  if (!parts) {
    parts = { units: await unitNames(db), categories: await categoriesById(db), policy: await readCasePolicy(db) };
    if (version) CONTEXTS.set('all', version, parts);
  }
  return { ...parts, cipher: personalDataCipher(s.config.dataDir), today, lang };
}

const CASE_LIST = 'cases';
type CaseFilters = Omit<QueryT<typeof contracts.listCases>, 'limit' | 'cursor'>;

/** The cases in `units` (null: every unit) matching the filters, as a query to count or to page. */
export function casesMatching(db: Q, units: string[] | null, q: CaseFilters, today: string) {
  let query = db.selectFrom('cases');
  if (units !== null) query = query.where('owner_unit_id', 'in', units.length ? units : ['']);
  if (q.unitId) query = query.where('owner_unit_id', '=', q.unitId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.categoryId) query = query.where('category_id', '=', q.categoryId);
  if (q.petition) query = query.where('petition', '=', q.petition === 'true' ? 1 : 0);
  if (q.backlog) query = query.where('backlog', '=', q.backlog === 'true' ? 1 : 0);
  if (q.dispute) query = query.where('dispute', '=', q.dispute === 'true' ? 1 : 0);
  if (q.overdue) query = query.where(q.overdue === 'true' ? overdueCondition(today) : notOverdueCondition(today));
  const text = q.q;
  if (text) query = query.where((eb) => eb.or([containsText('number', text), containsText('title', text), containsText('content', text)]));
  return query;
}

/** One page of those cases, newest first (created, then id), after the cursor's case: `limit + 1` rows, to tell whether more follow. */
export function casePage(matching: ReturnType<typeof casesMatching>, after: KeyPart[] | null, limit: number) {
  return (after ? matching.where(beyond(['created_at', 'id'], 'desc', after)) : matching)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
}

/**
 * A page of the cases the reader may see, newest first, with the filters asked for; `total` counts
 * every case matching them that the reader may see. Every filter is a condition of the query, so
 * the pages and the total agree; overdue is read from the stored due date (see overdueCondition).
 */
export async function listCases(s: Services, actor: Actor, q: QueryT<typeof contracts.listCases>, lang: Lang) {
  requireCan(actor, 'case.read');
  // a bad cursor is refused before anything is read
  const after = q.cursor ? readCursor(CASE_LIST, q.cursor, ['string', 'string']) : null;
  const units = readableUnitIds(actor);
  if (units !== null && !units.length) return { items: [], nextCursor: null, total: 0 };
  const today = localDate(s.clock.now());
  const matching = casesMatching(s.db.kysely, units, q, today);
  const counted = await matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const page = pageOf(CASE_LIST, await casePage(matching, after, q.limit).execute(), q.limit, (r) => [r.created_at, r.id]);
  const ctx = await presentCtx(s, lang, today);
  return { items: page.rows.map((r) => presentCase(r, ctx)), nextCursor: page.nextCursor, total: countOf(counted) };
}

function readable(actor: Actor, row: CasesTable): void {
  requireCan(actor, 'case.read', { unitId: row.owner_unit_id ?? '' });
}

type Detail = Awaited<ReturnType<typeof detailOf>>;

/**
 * Case pages as answered, by case, language and day (the clocks count to today), with the versions
 * of the case and of what it is shown with; the same for every reader but for the check code,
 * which only those who may see the personal data get (so both forms are kept).
 */
const DETAILS = new VersionedCache<{ ownerUnitId: string | null; plain: Detail; withCode: Detail }>(500);

export async function getCase(s: Services, actor: Actor, id: string, lang: Lang) {
  const db = s.db.kysely;
  const today = localDate(s.clock.now());
  const key = `${id} ${lang} ${today}`;
  // the versions before the rows: what is built afterwards is at least as new as the key it is kept under
  const version = await versionKey(db, scopes.case(id), scopes.org, scopes.caseCategories, scopes.settings);
  let entry = DETAILS.get(key, version);
  if (!entry) {
    const row = await findCase(db, id);
    readable(actor, row);
    const plain = await detailOf(db, row, await presentCtx(s, lang, today), null);
    entry = { ownerUnitId: row.owner_unit_id, plain: share(plain), withCode: share({ ...plain, checkCode: row.check_code }) };
    DETAILS.set(key, version, entry);
  }
  const unitId = entry.ownerUnitId ?? '';
  requireCan(actor, 'case.read', { unitId });
  return can(actor, 'case.readPersonal', { unitId }) ? entry.withCode : entry.plain;
}

export async function detailOf(db: Q, row: CasesTable, ctx: PresentCtx, actor: Actor | null) {
  const events = await db.selectFrom('case_events').selectAll().where('case_id', '=', row.id).orderBy('at').orderBy('id').execute();
  const mayReveal = actor !== null && can(actor, 'case.readPersonal', { unitId: row.owner_unit_id ?? '' });
  const decisions = await decisionsOf(db, row.id, ctx.units, ctx.lang);
  return { ...presentCase(row, ctx), events: events.map((e) => presentEvent(e, ctx.units, ctx.lang)), decisions, checkCode: mayReveal ? row.check_code : null };
}

/** The full name, phone, ID number and e-mail, for those who must call the petitioner back; every read is audited. */
export async function revealPersonal(s: Services, who: { actor: Actor | null; ip: string | null }, id: string) {
  return runTx(s, who, async (tx) => {
    const row = await findCase(tx.db, id);
    requireCan(tx.actor, 'case.readPersonal', { unitId: row.owner_unit_id ?? '' });
    const full = submitterOf(row, personalDataCipher(s.config.dataDir), true);
    const fields = (['name', 'phone', 'idNumber', 'email'] as const).filter((k) => full[k] !== null);
    await tx.audit({ action: 'case.personal.read', entityType: 'case', entityId: row.id, after: { number: row.number, fields } });
    return full;
  });
}

/** Open and recent cases that read like this one (character bigrams and trigrams). */
export async function similarTo(db: Q, text: string, excludeId: string | null, today: string, units: Map<string, string>) {
  let q = db.selectFrom('cases').select(['id', 'number', 'title', 'content', 'status', 'owner_unit_id']).where('received_on', '>=', addDays(today, -180));
  if (excludeId) q = q.where('id', '!=', excludeId);
  const rows = await q.orderBy('received_on', 'desc').limit(3000).execute();
  return mostSimilar(text, rows.map((r) => ({ ...r, text: `${r.title} ${r.content}` })), { limit: 5 }).map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status as CaseStatus,
    ownerUnitName: r.owner_unit_id ? (units.get(r.owner_unit_id) ?? null) : null,
    score: r.score,
  }));
}

export async function similarCases(s: Services, actor: Actor, id: string) {
  const db = s.db.kysely;
  const row = await findCase(db, id);
  readable(actor, row);
  const all = await similarTo(db, `${row.title} ${row.content}`, row.id, localDate(s.clock.now()), await unitNames(db));
  // only cases the reader may see themselves
  const ids = readableUnitIds(actor);
  if (ids === null) return { items: all };
  const owners = new Map((await db.selectFrom('cases').select(['id', 'owner_unit_id']).where('id', 'in', all.length ? all.map((x) => x.id) : ['']).execute()).map((r) => [r.id, r.owner_unit_id]));
  return { items: all.filter((x) => ids.includes(owners.get(x.id) ?? '')) };
}
