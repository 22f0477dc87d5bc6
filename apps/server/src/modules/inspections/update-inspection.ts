/** The recording unit corrects its findings or conclusion, or sets or clears the 督办依据 flag. */
import type { BodyT, inspections } from '@luoshi/contracts';
import type { Tx } from '../../platform/context.ts';
import { ownInspection } from './access.ts';
import { checkFlag } from './create-inspection.ts';
import { getInspection } from './read-inspections.ts';

export async function updateInspection(tx: Tx, id: string, patch: BodyT<typeof inspections.updateInspection>) {
  const before = await ownInspection(tx.db, tx.actor, id);
  const next = {
    findings: patch.findings ?? before.findings,
    conclusion: patch.conclusion ?? before.conclusion,
    grounds_for_supervision: patch.groundsForSupervision === undefined ? Number(before.grounds_for_supervision) : patch.groundsForSupervision ? 1 : 0,
  };
  checkFlag(next.conclusion, next.grounds_for_supervision === 1);
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
  if (changed.length) {
    await tx.db.updateTable('inspections').set(next).where('id', '=', id).execute();
    await tx.audit({
      action: 'inspection.update',
      entityType: 'inspection',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    });
  }
  return getInspection(tx.db, tx.actor, id);
}
