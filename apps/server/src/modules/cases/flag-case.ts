/** The dispatchers mark backlog cases (积案) and disputes, their resolution, duplicates, and publication. */
import { LuoshiError, localDate } from '@luoshi/domain';
import type { CasesTable } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/context.ts';
import { loadForChange, saveCase } from './change.ts';
import { recordEvent } from './events.ts';

export async function flagCase(
  tx: Tx,
  id: string,
  input: { rowVersion: number; backlog?: boolean; dispute?: boolean; resolved?: boolean; duplicateOf?: string | null; published?: boolean; note: string },
) {
  const before = await loadForChange(tx, id, input.rowVersion, 'case.dispatch');
  const changes: Partial<CasesTable> = {};
  if (input.backlog !== undefined) changes.backlog = input.backlog ? 1 : 0;
  if (input.dispute !== undefined) changes.dispute = input.dispute ? 1 : 0;
  if (input.resolved !== undefined) changes.resolved_on = input.resolved ? localDate(tx.now) : null;
  if (input.published !== undefined) changes.published = input.published ? 1 : 0;
  if (input.duplicateOf !== undefined) {
    if (input.duplicateOf === id) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'duplicateOf', zh: '不能标记为自身的重复件', en: 'a case cannot duplicate itself' }] });
    if (input.duplicateOf && !(await tx.db.selectFrom('cases').select('id').where('id', '=', input.duplicateOf).executeTakeFirst())) {
      throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'duplicateOf', zh: '原件不存在', en: 'no such case' }] });
    }
    changes.duplicate_of = input.duplicateOf;
  }
  const after = await saveCase(tx, before, changes, 'case.flag');
  await recordEvent(tx, after, 'flagged', { note: input.note, public: false });
  return after;
}
