/**
 * The owner unit handles a case: accept or refuse (with reasons), transfer with reasons (the third
 * transfer sends it up to the county government, hotline practice), and reply.
 */
import { LuoshiError, escalatesOnTransfer, localDate, nextCaseStatus, type CaseStatus } from '@luoshi/domain';
import { requireCan, type Tx } from '../../platform/context.ts';
import { notifyUsers, usersInUnitRoles, usersWithFunction } from '../../platform/notify.ts';
import { loadForChange, saveCase, stateError } from './change.ts';
import { recordEvent } from './events.ts';
import { recordDecision } from './decisions.ts';
import { readCasePolicy, unitWithFunction } from './repo.ts';

export async function acceptCase(tx: Tx, id: string, input: { rowVersion: number; accept: boolean; note: string }) {
  const before = await loadForChange(tx, id, input.rowVersion);
  const next = nextCaseStatus(before.status as CaseStatus, input.accept ? 'accept' : 'reject');
  if (!next) throw stateError('该诉求已受理或已办结', 'the case was already accepted or closed');
  if (!input.accept && !input.note.trim()) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'note', zh: '不予受理须说明理由', en: 'a refusal needs its reasons' }] });
  }
  const today = localDate(tx.now);
  const after = await saveCase(tx, before, { status: next, acceptance_on: today, accepted: input.accept ? 1 : 0, acceptance_note: input.note || null, closed_at: input.accept ? null : tx.nowIso }, input.accept ? 'case.accept' : 'case.reject');
  await recordEvent(tx, after, input.accept ? 'accepted' : 'not_accepted', { note: input.note });
  await recordDecision(tx, after, 'acceptance', input.note, input.accept ? 'accepted' : 'not_accepted');
  return after;
}

export async function transferCase(tx: Tx, id: string, input: { rowVersion: number; toUnitId: string; reason: string }) {
  const before = await loadForChange(tx, id, input.rowVersion);
  // once up at the county government, only the dispatchers move it again
  if (before.escalated_at) requireCan(tx.actor, 'case.dispatch');
  if (!nextCaseStatus(before.status as CaseStatus, 'transfer')) throw stateError('当前状态不能转办', 'the case cannot be transferred now');
  const target = await tx.db.selectFrom('units').select(['id', 'name', 'active']).where('id', '=', input.toUnitId).executeTakeFirst();
  if (!target?.active) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'toUnitId', zh: '单位不存在或已停用', en: 'no such active unit' }] });
  if (target.id === before.owner_unit_id) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'toUnitId', zh: '不能转给本单位', en: 'the case is already with this unit' }] });
  const policy = await readCasePolicy(tx.db);
  const goesUp = !before.escalated_at && escalatesOnTransfer(before.transfers, policy);
  const county = goesUp ? ((await unitWithFunction(tx.db, 'gov_office')) ?? (await unitWithFunction(tx.db, 'government'))) : null;
  const owner = county ?? target.id;
  const after = await saveCase(tx, before, { owner_unit_id: owner, transfers: before.transfers + 1, escalated_at: goesUp ? tx.nowIso : before.escalated_at }, goesUp ? 'case.escalate' : 'case.transfer');
  await recordEvent(tx, after, 'transferred', { fromUnitId: before.owner_unit_id, toUnitId: owner, note: goesUp ? `${input.reason}(拟转 ${target.name})` : input.reason });
  if (goesUp) {
    await recordEvent(tx, after, 'escalated', { fromUnitId: before.owner_unit_id, toUnitId: owner, note: `第 ${after.transfers} 次转办` });
    const leaders = await usersInUnitRoles(tx.db, (await unitWithFunction(tx.db, 'government')) ?? owner, ['principal']);
    await notifyUsers(tx.db, tx.nowIso, [...leaders, ...(await usersWithFunction(tx.db, 'office'))], {
      kind: 'case.escalated',
      title: `诉求 ${after.number} 已转办 ${after.transfers} 次,提级至县政府`,
      link: `/app/cases/${after.id}`,
      dedupeKey: `case.escalated:${after.id}`,
    });
  }
  await notifyUsers(tx.db, tx.nowIso, await usersInUnitRoles(tx.db, owner, ['handler', 'deputy']), {
    kind: 'case.transferred',
    title: `转来诉求 ${after.number}:${after.title}`,
    link: `/app/cases/${after.id}`,
    dedupeKey: `case.transferred:${after.id}:${after.transfers}`,
  });
  return after;
}

export async function replyCase(tx: Tx, id: string, input: { rowVersion: number; reply: string }) {
  const before = await loadForChange(tx, id, input.rowVersion);
  if (before.status !== 'handling') throw stateError('只有办理中的诉求可以答复', 'only a case being handled can be replied to');
  const after = await saveCase(tx, before, { status: 'replied', replied_on: localDate(tx.now), reply: input.reply }, 'case.reply');
  await recordEvent(tx, after, 'replied', { note: input.reply });
  await recordDecision(tx, after, 'reply', input.reply);
  return after;
}

/** The owner unit closes a replied case (办结) without waiting for the rating or the automatic close. */
export async function closeCase(tx: Tx, id: string, input: { rowVersion: number; note: string }) {
  const before = await loadForChange(tx, id, input.rowVersion);
  if (nextCaseStatus(before.status as CaseStatus, 'close') !== 'closed') throw stateError('只有已答复的诉求可以办结', 'only a replied case can be closed');
  const after = await saveCase(tx, before, { status: 'closed', closed_at: tx.nowIso }, 'case.close');
  await recordEvent(tx, after, 'closed', { note: input.note });
  return after;
}
