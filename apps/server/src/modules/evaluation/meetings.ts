/**
 * 座谈会、评议会 (R-FIVE-3): recorded with their date, place, participants, summary and the result
 * for each unit rated (0–100), which counts in the efficiency evaluation as the group 'meeting'.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate, readsAssessment, type Actor } from '@luoshi/domain';
import type { BodyT, evaluation } from '@luoshi/contracts';
import type { DB, EvaluationMeetingsTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';

type Q = Kysely<DB>;

function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

async function present(db: Q, rows: EvaluationMeetingsTable[], scope: string[] | null) {
  const names = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  return rows.map((m) => ({
    id: m.id,
    campaignId: m.campaign_id,
    kind: m.kind as 'symposium' | 'meeting',
    title: m.title,
    heldOn: m.held_on,
    place: m.place,
    participants: m.participants,
    summary: m.summary,
    results: (JSON.parse(m.results) as { unitId: string; value: number; note: string }[])
      .filter((r) => scope === null || scope.includes(r.unitId))
      .map((r) => ({ ...r, unitName: names.get(r.unitId) ?? '' })),
    createdBy: m.created_name,
    createdAt: m.created_at,
  }));
}

export async function listMeetings(db: Q, actor: Actor, campaignId: string) {
  requireCan(actor, 'survey.read');
  const c = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  const scope = readsAssessment(actor) ? null : [...new Set([...actor.memberships.map((m) => m.unitId), ...actor.chargedUnitIds])];
  return { items: await present(db, await db.selectFrom('evaluation_meetings').selectAll().where('campaign_id', '=', campaignId).orderBy('held_on').execute(), scope) };
}

export async function recordMeeting(tx: Tx, campaignId: string, input: BodyT<typeof evaluation.recordMeeting>) {
  const actor = requireCan(tx.actor, 'survey.manage');
  const c = await tx.db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  if (input.heldOn > localDate(tx.now)) throw invalid('heldOn', '会议日期不能晚于今天', 'the meeting date is in the future');
  const ids = input.results.map((r) => r.unitId);
  if (new Set(ids).size !== ids.length) throw invalid('results', '同一单位只能有一个结果', 'one result per unit');
  if (ids.length) {
    const found = await tx.db.selectFrom('units').select('id').where('id', 'in', ids).execute();
    if (found.length !== ids.length) throw invalid('results', '单位不存在', 'no such unit');
  }
  const row: EvaluationMeetingsTable = {
    id: newId(tx.now.getTime()),
    campaign_id: campaignId,
    kind: input.kind,
    title: input.title,
    held_on: input.heldOn,
    place: input.place,
    participants: input.participants,
    summary: input.summary,
    results: JSON.stringify(input.results),
    created_name: actor.displayName,
    created_at: tx.nowIso,
  };
  await tx.db.insertInto('evaluation_meetings').values(row).execute();
  await tx.audit({ action: 'evaluation.meeting.record', entityType: 'evaluation_meeting', entityId: row.id, after: row });
  return (await present(tx.db, [row], null))[0]!;
}
