/**
 * Actions on the legal clocks: one extension approved by the head of the organ, hearings that stop
 * the count, and the petitioner's review (复查) and re-review (复核) — each checked by the domain.
 */
import { LuoshiError, checkExtension, checkPause, checkReReviewRequest, checkReviewRequest, localDate, type ClockCheck, type ClockPause } from '@luoshi/domain';
import type { Tx } from '../../platform/context.ts';
import { factsOf } from './clocks.ts';
import { loadForChange, saveCase, stateError } from './change.ts';
import { recordEvent } from './events.ts';
import { recordDecision } from './decisions.ts';
import { readCasePolicy } from './repo.ts';

function orRefuse(c: ClockCheck, path: string): void {
  if (!c.ok) throw new LuoshiError('INVALID_STATE', { issues: [{ path, zh: c.zh, en: c.en }] });
}

export async function extendCase(tx: Tx, id: string, input: { rowVersion: number; days: number; approvedBy: string; reason: string }) {
  const before = await loadForChange(tx, id, input.rowVersion);
  const policy = await readCasePolicy(tx.db);
  const today = localDate(tx.now);
  const f = factsOf(before);
  if (before.petition) orRefuse(checkExtension(f, input.days, input.approvedBy, today, policy.petition), 'days');
  else {
    if (f.extension) orRefuse({ ok: false, zh: '办理期限只能延长一次', en: 'the handling period can be extended only once' }, 'days');
    if (before.status !== 'handling' && before.status !== 'received') throw stateError('已答复或已办结,无需延长', 'the case was replied to or closed');
    if (input.days > policy.petition.extensionMaxDays) orRefuse({ ok: false, zh: `延长天数不能超过 ${policy.petition.extensionMaxDays} 天`, en: `at most ${policy.petition.extensionMaxDays} days` }, 'days');
  }
  const extension = { days: input.days, approvedBy: input.approvedBy, on: today };
  const after = await saveCase(tx, before, { extension: JSON.stringify(extension) }, 'case.extend');
  await recordEvent(tx, after, 'extended', { note: `延长 ${input.days} 天(经${input.approvedBy}批准):${input.reason}` });
  return after;
}

export async function pauseCase(tx: Tx, id: string, input: { rowVersion: number; action: 'start' | 'end'; note: string }) {
  const before = await loadForChange(tx, id, input.rowVersion);
  if (['closed', 'not_accepted'].includes(before.status)) throw stateError('已办结的诉求不能听证', 'the case is closed');
  const today = localDate(tx.now);
  const f = factsOf(before);
  let pauses: ClockPause[];
  if (input.action === 'start') {
    orRefuse(checkPause(f, today), 'action');
    pauses = [...f.pauses, { from: today, to: null }];
  } else {
    if (!f.pauses.some((p) => p.to === null)) throw stateError('没有进行中的听证', 'no hearing is open');
    pauses = f.pauses.map((p) => (p.to === null ? { ...p, to: today } : p));
  }
  const after = await saveCase(tx, before, { pauses: JSON.stringify(pauses) }, input.action === 'start' ? 'case.pause' : 'case.resume');
  await recordEvent(tx, after, input.action === 'start' ? 'paused' : 'resumed', { note: input.note });
  return after;
}

export async function reviewCase(tx: Tx, id: string, input: { rowVersion: number; action: 'request' | 'decide' | 'requestReReview' | 'decideReReview'; note: string }) {
  const before = await loadForChange(tx, id, input.rowVersion);
  const policy = await readCasePolicy(tx.db);
  const today = localDate(tx.now);
  const f = factsOf(before);
  switch (input.action) {
    case 'request': {
      if (!['replied', 'closed'].includes(before.status)) throw stateError('尚未答复,不能申请复查', 'there is no reply to review');
      orRefuse(checkReviewRequest(f, today, policy.petition), 'action');
      const after = await saveCase(tx, before, { status: 'review', review_requested_on: today, closed_at: null }, 'case.review.request');
      await recordEvent(tx, after, 'review_requested', { note: input.note });
      return after;
    }
    case 'decide': {
      if (before.status !== 'review') throw stateError('不在复查中', 'the case is not under review');
      const after = await saveCase(tx, before, { status: 'replied', review_decided_on: today, reply: input.note }, 'case.review.decide');
      await recordEvent(tx, after, 'review_decided', { note: input.note });
      await recordDecision(tx, after, 'review', input.note);
      return after;
    }
    case 'requestReReview': {
      if (!['replied', 'closed'].includes(before.status) || !before.review_decided_on) throw stateError('尚无复查意见,不能申请复核', 'there is no review decision');
      orRefuse(checkReReviewRequest(f, today, policy.petition), 'action');
      const after = await saveCase(tx, before, { status: 're_review', re_review_requested_on: today, closed_at: null }, 'case.rereview.request');
      await recordEvent(tx, after, 're_review_requested', { note: input.note });
      return after;
    }
    case 'decideReReview': {
      if (before.status !== 're_review') throw stateError('不在复核中', 'the case is not under re-review');
      const after = await saveCase(tx, before, { status: 'closed', re_review_decided_on: today, reply: input.note, closed_at: tx.nowIso }, 'case.rereview.decide');
      await recordEvent(tx, after, 're_review_decided', { note: input.note });
      await recordDecision(tx, after, 'reReview', input.note);
      return after;
    }
  }
}
