/**
 * Recording an inspection (R-PROG-4): the office, 纠风办, 项目办, 考核办 or 监察局 records what it
 * found, in which units and tasks, and whether it is grounds for supervision (督办依据). The
 * inspecting unit is the recorder's own.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, can, localDate, type Actor } from '@luoshi/domain';
import type { BodyT, inspections } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { policyFor } from '../campaigns/policy.ts';
import { getInspection } from './read-inspections.ts';

type Input = BodyT<typeof inspections.createInspection>;

export function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

/** 督办依据 is a finding of a problem; a good conclusion cannot be grounds for supervision. */
export function checkFlag(conclusion: string, flagged: boolean): void {
  if (flagged && conclusion !== 'problem') {
    throw invalid('groundsForSupervision', '结论为“良好”的督查不能作为督办依据', 'an inspection that found no problem cannot be grounds for supervision');
  }
}

/** The actor's units that record inspections: a membership the policy alone would allow to. */
function recordingUnit(actor: Actor, wanted: string | undefined): string {
  const units = actor.memberships.filter((m) => can({ ...actor, memberships: [m], chargedUnitIds: [] }, 'inspection.write')).map((m) => m.unitId);
  if (wanted) {
    if (!units.includes(wanted)) throw new LuoshiError('FORBIDDEN');
    return wanted;
  }
  if (units.length > 1) throw invalid('inspectingUnitId', '您属于多个督查单位,请选择以哪个单位登记', 'you belong to several inspecting units; choose one');
  if (!units.length) throw new LuoshiError('FORBIDDEN');
  return units[0]!;
}

/** Each target as a unit and optionally a task of the campaign that unit leads or cooperates on. */
async function resolveTargets(db: Kysely<DB>, campaignId: string, targets: Input['targets']) {
  const out = new Map<string, { unit_id: string; task_id: string | null }>();
  for (const [i, t] of targets.entries()) {
    let unitId = t.unitId;
    if (t.taskId) {
      const task = await db.selectFrom('tasks').select(['id', 'lead_unit_id']).where('id', '=', t.taskId).where('campaign_id', '=', campaignId).executeTakeFirst();
      if (!task) throw invalid(`targets.${i}.taskId`, '该任务不属于此活动', 'the task does not belong to this campaign');
      const coop = (await db.selectFrom('task_cooperators').select('unit_id').where('task_id', '=', task.id).execute()).map((c) => c.unit_id);
      unitId ??= task.lead_unit_id ?? undefined;
      if (!unitId || ![task.lead_unit_id, ...coop].includes(unitId)) {
        throw invalid(`targets.${i}.unitId`, '该单位不是此任务的牵头或配合单位', 'the unit neither leads nor cooperates on the task');
      }
    } else if (!(await db.selectFrom('units').select('id').where('id', '=', unitId!).where('active', '=', 1).executeTakeFirst())) {
      throw invalid(`targets.${i}.unitId`, '单位不存在或已撤销', 'no such active unit');
    }
    out.set(`${unitId}|${t.taskId ?? ''}`, { unit_id: unitId!, task_id: t.taskId ?? null });
  }
  return [...out.values()];
}

export async function createInspection(tx: Tx, input: Input) {
  const actor = requireCan(tx.actor, 'inspection.write');
  const unitId = recordingUnit(actor, input.inspectingUnitId);
  const campaign = await tx.db.selectFrom('campaigns').select('id').where('id', '=', input.campaignId).executeTakeFirst();
  if (!campaign) throw invalid('campaignId', '活动不存在', 'no such campaign');
  const policy = await policyFor(tx.db, campaign.id, tx.now);
  if (input.inspectedOn > localDate(tx.now, policy.timeZone)) throw invalid('inspectedOn', '督查日期不能晚于今天', 'the inspection date cannot be in the future');
  checkFlag(input.conclusion, input.groundsForSupervision);
  const targets = await resolveTargets(tx.db, campaign.id, input.targets);
  const row = {
    id: newId(tx.now.getTime()),
    campaign_id: campaign.id,
    kind: input.kind,
    inspecting_unit_id: unitId,
    inspected_on: input.inspectedOn,
    title: input.title,
    findings: input.findings,
    conclusion: input.conclusion,
    grounds_for_supervision: input.groundsForSupervision ? 1 : 0,
    created_by: actor.userId,
    created_name: actor.displayName,
    created_at: tx.nowIso,
  };
  await tx.db.insertInto('inspections').values(row).execute();
  await tx.db.insertInto('inspection_targets').values(targets.map((t) => ({ inspection_id: row.id, ...t }))).execute();
  await tx.audit({ action: 'inspection.create', entityType: 'inspection', entityId: row.id, after: { ...row, targets } });
  return getInspection(tx.db, actor, row.id);
}
