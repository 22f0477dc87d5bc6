/** Cross-record checks shared by the organisation use cases; each fails with a bilingual issue. */
import { LuoshiError, type UnitFunction } from '@luoshi/domain';
import type { Tx } from '../../platform/context.ts';

/** Functions that only one active unit may have: there is one office, one government, … */
export const SINGLE_HOLDER_FUNCTIONS: UnitFunction[] = ['government', 'office', 'supervision', 'finance', 'assessment', 'gov_office'];

export function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

export async function requireUnit(tx: Tx, id: string, path: string) {
  const u = await tx.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u) throw invalid(path, '单位不存在', 'no such unit');
  return u;
}

export async function requirePerson(tx: Tx, id: string, path: string) {
  const p = await tx.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw invalid(path, '人员不存在', 'no such person');
  return p;
}

export async function requireRegion(tx: Tx, id: string, path: string) {
  const r = await tx.db.selectFrom('regions').select('id').where('id', '=', id).executeTakeFirst();
  if (!r) throw invalid(path, '行政区划不存在', 'no such region');
}

/** A unit may not become its own ancestor. */
export async function checkNoCycle(tx: Tx, unitId: string, parentId: string): Promise<void> {
  let cursor: string | null = parentId;
  for (let depth = 0; cursor && depth < 100; depth++) {
    if (cursor === unitId) throw invalid('parentId', '上级单位不能是本单位或其下级', 'a unit cannot be its own ancestor');
    const row: { parent_id: string | null } | undefined = await tx.db
      .selectFrom('units')
      .select('parent_id')
      .where('id', '=', cursor)
      .executeTakeFirst();
    cursor = row?.parent_id ?? null;
  }
}

export async function checkSingleFunctions(tx: Tx, unitId: string | null, functions: UnitFunction[]): Promise<void> {
  const single = functions.filter((f) => SINGLE_HOLDER_FUNCTIONS.includes(f));
  if (!single.length) return;
  const others = await tx.db.selectFrom('units').select(['id', 'name', 'functions']).where('active', '=', 1).execute();
  for (const o of others) {
    if (o.id === unitId) continue;
    const theirs = JSON.parse(o.functions) as UnitFunction[];
    const clash = single.find((f) => theirs.includes(f));
    if (clash) {
      throw new LuoshiError('DUPLICATE', {
        issues: [{ path: 'functions', zh: `职能“${clash}”已由“${o.name}”承担`, en: `function ${clash} is already held by ${o.name}` }],
      });
    }
  }
}
