/** Create and update a unit (R-ORG-1). */
import { LuoshiError } from '@luoshi/domain';
import type { org, BodyT } from '@luoshi/contracts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { presentUnit } from './present.ts';
import { checkNoCycle, checkSingleFunctions, invalid, requireRegion, requireUnit } from './validate.ts';
import * as repo from './repo.ts';

async function checkNameFree(tx: Tx, name: string, code: string | null, exceptId: string | null) {
  const rows = await tx.db.selectFrom('units').select(['id', 'name', 'code']).where((eb) => eb.or([eb('name', '=', name), ...(code ? [eb('code', '=', code)] : [])])).execute();
  const clash = rows.find((r) => r.id !== exceptId);
  if (clash) {
    const byName = clash.name === name;
    throw new LuoshiError('DUPLICATE', {
      issues: [byName ? { path: 'name', zh: '已有同名单位', en: 'a unit with this name exists' } : { path: 'code', zh: '单位编码已被使用', en: 'the unit code is taken' }],
    });
  }
}

export async function createUnit(tx: Tx, input: BodyT<typeof org.createUnit>) {
  requireCan(tx.actor, 'org.manage');
  await checkNameFree(tx, input.name, input.code, null);
  if (input.regionId) await requireRegion(tx, input.regionId, 'regionId');
  if (input.parentId) await requireUnit(tx, input.parentId, 'parentId');
  const functions = [...new Set(input.functions)];
  await checkSingleFunctions(tx, null, functions);
  const row = {
    id: newId(tx.now.getTime()),
    code: input.code || null,
    name: input.name,
    short_name: input.shortName || null,
    name_en: input.nameEn || null,
    kind: input.kind,
    functions: JSON.stringify(functions),
    region_id: input.regionId,
    parent_id: input.parentId,
    sort_order: input.sortOrder,
    active: 1,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
  };
  await tx.db.insertInto('units').values(row).execute();
  const unit = presentUnit(row, [], 0);
  await tx.audit({ action: 'unit.create', entityType: 'unit', entityId: row.id, after: unit });
  return unit;
}

export async function updateUnit(tx: Tx, id: string, input: BodyT<typeof org.updateUnit>) {
  requireCan(tx.actor, 'org.manage');
  const before = await repo.findUnit(tx.db, id);
  if (!before) throw new LuoshiError('NOT_FOUND');
  const next = {
    code: input.code !== undefined ? input.code || null : before.code,
    name: input.name ?? before.name,
    short_name: input.shortName !== undefined ? input.shortName || null : before.short_name,
    name_en: input.nameEn !== undefined ? input.nameEn || null : before.name_en,
    kind: input.kind ?? before.kind,
    functions: input.functions ? JSON.stringify([...new Set(input.functions)]) : before.functions,
    region_id: input.regionId !== undefined ? input.regionId : before.region_id,
    parent_id: input.parentId !== undefined ? input.parentId : before.parent_id,
    sort_order: input.sortOrder ?? before.sort_order,
    active: input.active === undefined ? before.active : input.active ? 1 : 0,
    updated_at: tx.nowIso,
  };
  await checkNameFree(tx, next.name, next.code, id);
  if (next.region_id && next.region_id !== before.region_id) await requireRegion(tx, next.region_id, 'regionId');
  if (next.parent_id) {
    await requireUnit(tx, next.parent_id, 'parentId');
    await checkNoCycle(tx, id, next.parent_id);
  }
  if (next.active) await checkSingleFunctions(tx, id, JSON.parse(next.functions));
  if (!next.active && before.active) {
    const holders = await tx.db
      .selectFrom('post_terms')
      .innerJoin('posts', 'posts.id', 'post_terms.post_id')
      .select('post_terms.id')
      .where('posts.unit_id', '=', id)
      .where('post_terms.to_date', 'is', null)
      .limit(1)
      .execute();
    if (holders.length) throw invalid('active', '该单位仍有在岗人员,请先免去其岗位', 'the unit still has post holders; vacate them first');
  }
  await tx.db.updateTable('units').set(next).where('id', '=', id).execute();
  const charges = (await repo.chargesByUnit(tx.db, [id])).get(id) ?? [];
  const counts = await repo.headcounts(tx.db);
  const after = presentUnit({ ...before, ...next }, charges, counts.get(id) ?? 0);
  await tx.audit({ action: 'unit.update', entityType: 'unit', entityId: id, before: presentUnit(before, [], 0), after });
  return after;
}
