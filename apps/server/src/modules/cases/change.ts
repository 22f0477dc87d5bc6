/** Loading a case for a change (policy check, optimistic lock) and saving it with its audit entry. */
import { LuoshiError, localDate, type Action } from '@luoshi/domain';
import type { CasesTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { clocksOf, currentDue } from './clocks.ts';
import { findCase, readCasePolicy } from './repo.ts';

export async function loadForChange(tx: Tx, id: string, rowVersion: number, action: Action = 'case.handle'): Promise<CasesTable> {
  const row = await findCase(tx.db, id);
  requireCan(tx.actor, action, { unitId: row.owner_unit_id ?? '' });
  if (row.row_version !== rowVersion) throw new LuoshiError('CONFLICT');
  return row;
}

export function stateError(zh: string, en: string): LuoshiError {
  return new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh, en }] });
}

/** Writes the changed fields, the current due date and a new row version; audits before and after. */
export async function saveCase(tx: Tx, before: CasesTable, changes: Partial<CasesTable>, action: string): Promise<CasesTable> {
  const after: CasesTable = { ...before, ...changes, updated_at: tx.nowIso, row_version: before.row_version + 1 };
  const policy = await readCasePolicy(tx.db);
  const cat = await tx.db.selectFrom('case_categories').select('handle_days').where('id', '=', after.category_id).executeTakeFirst();
  after.due_on = currentDue(clocksOf(after, policy, cat?.handle_days ?? null, localDate(tx.now)));
  const { id: _id, ...set } = after;
  await tx.db.updateTable('cases').set(set).where('id', '=', before.id).execute();
  const hide = (r: CasesTable) => ({ ...r, check_code: '(secret)' });
  await tx.audit({ action, entityType: 'case', entityId: before.id, before: hide(before), after: hide(after) });
  return after;
}
