/** The approval-items catalogue (R-PUB-4): items with legal basis, materials, steps and time limits, kept by the office and the government office. */
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { BodyT, catalogue } from '@luoshi/contracts';
import type { CatalogueItemsTable, DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';

type ItemT = catalogue.ItemT;

export function presentItem(r: CatalogueItemsTable, units: Map<string, string>): ItemT {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as ItemT['kind'],
    unitId: r.unit_id,
    unitName: units.get(r.unit_id) ?? '',
    legalBasis: r.legal_basis,
    materials: JSON.parse(r.materials) as string[],
    steps: JSON.parse(r.steps) as string[],
    legalDays: r.legal_days,
    promisedDays: r.promised_days,
    fee: r.fee,
    decision: r.decision as ItemT['decision'],
    decisionOn: r.decision_on,
    decisionNote: r.decision_note,
    published: r.published === 1,
    rowVersion: r.row_version,
  };
}

export async function unitMap(db: Kysely<DB>) {
  return new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
}

export async function listItems(db: Kysely<DB>, q: { unitId?: string; decision?: string; q?: string }, onlyPublished = false) {
  let query = db.selectFrom('catalogue_items').selectAll();
  if (onlyPublished) query = query.where('published', '=', 1);
  if (q.unitId) query = query.where('unit_id', '=', q.unitId);
  if (q.decision) query = q.decision === 'none' ? query.where('decision', 'is', null) : query.where('decision', '=', q.decision);
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'like', like), eb('code', 'like', like)]));
  }
  const units = await unitMap(db);
  return { items: (await query.orderBy('code').limit(5000).execute()).map((r) => presentItem(r, units)) };
}

export function invalid(path: string, zh: string, en: string) {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

export async function checkUnit(db: Kysely<DB>, unitId: string) {
  const u = await db.selectFrom('units').select('active').where('id', '=', unitId).executeTakeFirst();
  if (!u?.active) throw invalid('unitId', '实施单位不存在或已停用', 'no such active unit');
}

export function rowOf(b: BodyT<typeof catalogue.createItem>, id: string, at: string): CatalogueItemsTable {
  return {
    id,
    code: b.code,
    name: b.name,
    kind: b.kind,
    unit_id: b.unitId,
    legal_basis: b.legalBasis,
    materials: JSON.stringify(b.materials),
    steps: JSON.stringify(b.steps),
    legal_days: b.legalDays,
    promised_days: b.promisedDays,
    fee: b.fee,
    decision: null,
    decision_on: null,
    decision_note: '',
    published: b.published ? 1 : 0,
    created_at: at,
    updated_at: at,
    row_version: 1,
  };
}

export async function createItem(tx: Tx, b: BodyT<typeof catalogue.createItem>) {
  requireCan(tx.actor, 'catalogue.manage');
  await checkUnit(tx.db, b.unitId);
  if (b.promisedDays !== null && b.legalDays !== null && b.promisedDays > b.legalDays) throw invalid('promisedDays', '承诺时限不能长于法定时限', 'the promised time cannot exceed the legal limit');
  if (await tx.db.selectFrom('catalogue_items').select('id').where('code', '=', b.code).executeTakeFirst()) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'code', zh: '事项编码已存在', en: 'the code is taken' }] });
  const row = rowOf(b, newId(tx.now.getTime()), tx.nowIso);
  await tx.db.insertInto('catalogue_items').values(row).execute();
  await tx.audit({ action: 'catalogue.create', entityType: 'catalogue_item', entityId: row.id, after: row });
  return presentItem(row, await unitMap(tx.db));
}

async function loadForChange(tx: Tx, id: string, rowVersion: number) {
  requireCan(tx.actor, 'catalogue.manage');
  const before = await tx.db.selectFrom('catalogue_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  if (before.row_version !== rowVersion) throw new LuoshiError('CONFLICT');
  return before;
}

async function save(tx: Tx, before: CatalogueItemsTable, changes: Partial<CatalogueItemsTable>, action: string) {
  const after = { ...before, ...changes, updated_at: tx.nowIso, row_version: before.row_version + 1 };
  if (after.promised_days !== null && after.legal_days !== null && after.promised_days > after.legal_days) throw invalid('promisedDays', '承诺时限不能长于法定时限', 'the promised time cannot exceed the legal limit');
  const { id: _id, ...set } = after;
  await tx.db.updateTable('catalogue_items').set(set).where('id', '=', before.id).execute();
  await tx.audit({ action, entityType: 'catalogue_item', entityId: before.id, before, after });
  return presentItem(after, await unitMap(tx.db));
}

export async function updateItem(tx: Tx, id: string, b: BodyT<typeof catalogue.updateItem>) {
  const before = await loadForChange(tx, id, b.rowVersion);
  if (b.unitId) await checkUnit(tx.db, b.unitId);
  const c: Partial<CatalogueItemsTable> = {};
  if (b.name !== undefined) c.name = b.name;
  if (b.kind !== undefined) c.kind = b.kind;
  if (b.unitId !== undefined) c.unit_id = b.unitId;
  if (b.legalBasis !== undefined) c.legal_basis = b.legalBasis;
  if (b.materials !== undefined) c.materials = JSON.stringify(b.materials);
  if (b.steps !== undefined) c.steps = JSON.stringify(b.steps);
  if (b.legalDays !== undefined) c.legal_days = b.legalDays;
  if (b.promisedDays !== undefined) c.promised_days = b.promisedDays;
  if (b.fee !== undefined) c.fee = b.fee;
  if (b.published !== undefined) c.published = b.published ? 1 : 0;
  return save(tx, before, c, 'catalogue.update');
}

/** 清理规范: the decision and its date; a cancelled item is no longer published. */
export async function decideItem(tx: Tx, id: string, b: BodyT<typeof catalogue.decideItem>) {
  const before = await loadForChange(tx, id, b.rowVersion);
  if (b.decision === 'merge' && !b.note.trim()) throw invalid('note', '合并须写明并入的事项', 'a merge names the item it goes into');
  return save(tx, before, { decision: b.decision, decision_on: b.decisionOn, decision_note: b.note, published: b.decision === 'cancel' ? 0 : before.published }, 'catalogue.decide');
}
