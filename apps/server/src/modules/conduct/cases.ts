/**
 * 查处 (R-FIVE-4): 监察局 or 纠风办 open a case of behaviour that harms efficiency work, from a
 * rectification check, an inspection, a public report or otherwise, and record the findings, the
 * decision and the people concerned. A case decided as a violation counts as a finding in the
 * unit's assessment.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate, type Actor } from '@luoshi/domain';
import type { BodyT, conduct } from '@luoshi/contracts';
import type { ConductCasesTable, DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers, usersInUnitRoles } from '../../platform/notify.ts';

type Q = Kysely<DB>;

function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

async function present(db: Q, rows: ConductCasesTable[]) {
  const names = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    unitName: names.get(r.unit_id) ?? '',
    title: r.title,
    allegation: r.allegation,
    source: r.source as 'check' | 'inspection' | 'public_report' | 'other',
    sourceId: r.source_id,
    status: r.status as 'open' | 'decided',
    violation: r.violation === null ? null : r.violation === 1,
    findings: r.findings,
    decision: r.decision,
    people: JSON.parse(r.people) as { personId: string; name: string; role: string; measure: string }[],
    openedBy: r.opened_name,
    openedAt: r.opened_at,
    decidedBy: r.decided_name,
    decidedOn: r.decided_on,
  }));
}

export async function listConductCases(db: Q, actor: Actor, campaignId: string) {
  requireCan(actor, 'conductCase.read');
  const campaign = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  return { items: await present(db, await db.selectFrom('conduct_cases').selectAll().where('campaign_id', '=', campaignId).orderBy('opened_at').execute()) };
}

export async function openConductCase(tx: Tx, campaignId: string, input: BodyT<typeof conduct.openConductCase>) {
  const actor = requireCan(tx.actor, 'conductCase.manage');
  const campaign = await tx.db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const unit = await tx.db.selectFrom('units').select('active').where('id', '=', input.unitId).executeTakeFirst();
  if (!unit?.active) throw invalid('unitId', '单位不存在或已停用', 'no such active unit');
  if (input.sourceId) {
    const ok =
      input.source === 'check'
        ? await tx.db.selectFrom('rectification_checks').select('id').where('id', '=', input.sourceId).where('unit_id', '=', input.unitId).executeTakeFirst()
        : input.source === 'inspection'
          ? await tx.db.selectFrom('inspection_targets').select('inspection_id as id').where('inspection_id', '=', input.sourceId).where('unit_id', '=', input.unitId).executeTakeFirst()
          : undefined;
    if (!ok) throw invalid('sourceId', '来源记录不存在或与该单位无关', 'no such source record for this unit');
  }
  const row: ConductCasesTable = {
    id: newId(tx.now.getTime()),
    campaign_id: campaignId,
    unit_id: input.unitId,
    title: input.title,
    allegation: input.allegation,
    source: input.source,
    source_id: input.sourceId,
    status: 'open',
    violation: null,
    findings: null,
    decision: null,
    people: '[]',
    opened_name: actor.displayName,
    opened_at: tx.nowIso,
    decided_name: null,
    decided_at: null,
    decided_on: null,
  };
  await tx.db.insertInto('conduct_cases').values(row).execute();
  await tx.audit({ action: 'conduct.case.open', entityType: 'conduct_case', entityId: row.id, after: row });
  return (await present(tx.db, [row]))[0]!;
}

export async function decideConductCase(tx: Tx, id: string, input: BodyT<typeof conduct.decideConductCase>) {
  const actor = requireCan(tx.actor, 'conductCase.manage');
  const before = await tx.db.selectFrom('conduct_cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  if (before.status !== 'open') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '该案件已有结论', en: 'the case is decided' }] });
  const today = localDate(tx.now);
  const decidedOn = input.decidedOn ?? today;
  if (decidedOn > today || decidedOn < localDate(new Date(before.opened_at))) throw invalid('decidedOn', '结论日期须在立案之后、今天之前', 'between the opening and today');
  const ids = [...new Set(input.people.map((p) => p.personId))];
  const found = ids.length ? await tx.db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  if (found.length !== ids.length) throw invalid('people', '人员不存在', 'no such person');
  const names = new Map(found.map((p) => [p.id, p.name]));
  const people = input.people.map((p) => ({ personId: p.personId, name: names.get(p.personId)!, role: p.role, measure: p.measure }));
  const change = {
    status: 'decided',
    violation: input.violation ? 1 : 0,
    findings: input.findings,
    decision: input.decision,
    people: JSON.stringify(people),
    decided_name: actor.displayName,
    decided_at: tx.nowIso,
    decided_on: decidedOn,
  };
  await tx.db.updateTable('conduct_cases').set(change).where('id', '=', id).execute();
  await notifyUsers(tx.db, tx.nowIso, await usersInUnitRoles(tx.db, before.unit_id, ['principal']), {
    kind: 'conduct.case.decided',
    title: `查处结论:${before.title}`,
    body: input.decision,
    link: `/app/conduct/${before.campaign_id}`,
  });
  await tx.audit({ action: 'conduct.case.decide', entityType: 'conduct_case', entityId: id, before, after: { ...before, ...change } });
  return (await present(tx.db, [{ ...before, ...change }]))[0]!;
}
