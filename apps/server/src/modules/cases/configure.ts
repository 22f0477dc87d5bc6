/** Categories, routing rules and the case policy: data the office keeps (SPEC §9.5). */
import { CasePolicySchema, LuoshiError, localDate, type CasePolicy } from '@luoshi/domain';
import type { BodyT, cases as contracts } from '@luoshi/contracts';
import type { Kysely } from 'kysely';
import type { CaseCategoriesTable, DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { writeSetting } from '../../platform/settings.ts';
import { CASE_POLICY_KEY, readCasePolicy } from './repo.ts';
import { clocksOf, currentDue } from './clocks.ts';

export function presentCategory(c: CaseCategoriesTable) {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    nameEn: c.name_en,
    description: c.description,
    group: c.group_name,
    keywords: c.keywords,
    petition: c.petition === 1,
    handleDays: c.handle_days,
    attributes: JSON.parse(c.attributes) as Record<string, unknown>[],
    open311: c.open311 === 1,
    active: c.active === 1,
    sortOrder: c.sort_order,
  };
}

export async function listCategories(db: Kysely<DB>) {
  return { items: (await db.selectFrom('case_categories').selectAll().orderBy('sort_order').orderBy('code').execute()).map(presentCategory) };
}

export async function createCategory(tx: Tx, b: BodyT<typeof contracts.createCategory>) {
  requireCan(tx.actor, 'case.configure');
  const row: CaseCategoriesTable = {
    id: newId(tx.now.getTime()),
    code: b.code,
    name: b.name,
    name_en: b.nameEn,
    description: b.description,
    group_name: b.group,
    keywords: b.keywords,
    petition: b.petition ? 1 : 0,
    handle_days: b.handleDays,
    attributes: JSON.stringify(b.attributes),
    open311: b.open311 ? 1 : 0,
    active: b.active ? 1 : 0,
    sort_order: b.sortOrder,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
  };
  if (await tx.db.selectFrom('case_categories').select('id').where('code', '=', b.code).executeTakeFirst()) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'code', zh: '分类代码已存在', en: 'the code is taken' }] });
  await tx.db.insertInto('case_categories').values(row).execute();
  await tx.audit({ action: 'caseCategory.create', entityType: 'case_category', entityId: row.id, after: row });
  return presentCategory(row);
}

export async function updateCategory(tx: Tx, id: string, b: BodyT<typeof contracts.updateCategory>) {
  requireCan(tx.actor, 'case.configure');
  const before = await tx.db.selectFrom('case_categories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  const after: CaseCategoriesTable = {
    ...before,
    name: b.name ?? before.name,
    name_en: b.nameEn ?? before.name_en,
    description: b.description ?? before.description,
    group_name: b.group ?? before.group_name,
    keywords: b.keywords ?? before.keywords,
    petition: b.petition === undefined ? before.petition : b.petition ? 1 : 0,
    handle_days: b.handleDays === undefined ? before.handle_days : b.handleDays,
    attributes: b.attributes === undefined ? before.attributes : JSON.stringify(b.attributes),
    open311: b.open311 === undefined ? before.open311 : b.open311 ? 1 : 0,
    active: b.active === undefined ? before.active : b.active ? 1 : 0,
    sort_order: b.sortOrder ?? before.sort_order,
    updated_at: tx.nowIso,
  };
  const { id: _id, ...set } = after;
  await tx.db.updateTable('case_categories').set(set).where('id', '=', id).execute();
  // the open cases of the category run on its new days: their stored due dates follow (lists filter by them)
  const redated = after.handle_days !== before.handle_days ? await redateOpenCases(tx, await readCasePolicy(tx.db), id) : 0;
  await tx.audit({ action: 'caseCategory.update', entityType: 'case_category', entityId: id, before, after: redated ? { ...after, openCasesRedated: redated } : after });
  return presentCategory(after);
}

export async function listRoutingRules(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('case_routing_rules as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('case_categories as c', 'c.id', 'r.category_id')
    .leftJoin('regions as g', 'g.id', 'r.region_id')
    .select(['r.id', 'r.category_id', 'r.region_id', 'r.unit_id', 'r.priority', 'u.name as unit_name', 'c.name as category_name', 'g.name as region_name'])
    .orderBy('r.created_at')
    .execute();
  return {
    items: rows.map((r) => ({ id: r.id, categoryId: r.category_id, categoryName: r.category_name, regionId: r.region_id, regionName: r.region_name, unitId: r.unit_id, unitName: r.unit_name, priority: r.priority })),
  };
}

export async function createRoutingRule(tx: Tx, b: BodyT<typeof contracts.createRoutingRule>) {
  requireCan(tx.actor, 'case.configure');
  const unit = await tx.db.selectFrom('units').select('active').where('id', '=', b.unitId).executeTakeFirst();
  const bad = (path: string, zh: string, en: string) => new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
  if (!unit?.active) throw bad('unitId', '单位不存在或已停用', 'no such active unit');
  if (b.categoryId && !(await tx.db.selectFrom('case_categories').select('id').where('id', '=', b.categoryId).executeTakeFirst())) throw bad('categoryId', '分类不存在', 'no such category');
  if (b.regionId && !(await tx.db.selectFrom('regions').select('id').where('id', '=', b.regionId).executeTakeFirst())) throw bad('regionId', '区域不存在', 'no such region');
  const row = { id: newId(tx.now.getTime()), category_id: b.categoryId, region_id: b.regionId, unit_id: b.unitId, priority: b.priority, created_at: tx.nowIso };
  await tx.db.insertInto('case_routing_rules').values(row).execute();
  await tx.audit({ action: 'caseRouting.create', entityType: 'case_routing_rule', entityId: row.id, after: row });
  return (await listRoutingRules(tx.db)).items.find((r) => r.id === row.id)!;
}

export async function deleteRoutingRule(tx: Tx, id: string) {
  requireCan(tx.actor, 'case.configure');
  const before = await tx.db.selectFrom('case_routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  await tx.db.deleteFrom('case_routing_rules').where('id', '=', id).execute();
  await tx.audit({ action: 'caseRouting.delete', entityType: 'case_routing_rule', entityId: id, before });
  return { ok: true as const };
}

export async function updateCasePolicy(tx: Tx, body: CasePolicy) {
  requireCan(tx.actor, 'case.configure');
  const before = await readCasePolicy(tx.db);
  const after = CasePolicySchema.parse(body);
  const redated = await saveCasePolicy(tx, after);
  await tx.audit({ action: 'casePolicy.update', entityType: 'setting', entityId: CASE_POLICY_KEY, before, after: { ...after, openCasesRedated: redated } });
  return after;
}

/**
 * Stores the policy and re-dates the due dates kept on open cases (for lists and the portal) by
 * the new days and holidays; answers how many moved. The caller writes the audit entry.
 */
export async function saveCasePolicy(tx: Tx, after: CasePolicy): Promise<number> {
  await writeSetting(tx.db, CASE_POLICY_KEY, after, tx.nowIso);
  return redateOpenCases(tx, after);
}

/** Re-dates the stored due dates of open cases (of one category, or all) by the policy and the categories' days; answers how many moved. */
async function redateOpenCases(tx: Tx, policy: CasePolicy, categoryId?: string): Promise<number> {
  const days = new Map((await tx.db.selectFrom('case_categories').select(['id', 'handle_days']).execute()).map((c) => [c.id, c.handle_days]));
  const today = localDate(tx.now);
  let redated = 0;
  let open = tx.db.selectFrom('cases').selectAll().where('status', 'not in', ['closed', 'not_accepted']);
  if (categoryId) open = open.where('category_id', '=', categoryId);
  for (const row of await open.execute()) {
    const due = currentDue(clocksOf(row, policy, days.get(row.category_id) ?? null, today));
    if (due !== row.due_on) {
      await tx.db.updateTable('cases').set({ due_on: due }).where('id', '=', row.id).execute();
      redated++;
    }
  }
  return redated;
}
