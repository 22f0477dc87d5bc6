/** The clocks of one case as the domain computes them, from the stored row. */
import { clockState, petitionClocks, type CasePolicy, type ClockPause, type ClockState, type PetitionFacts } from '@luoshi/domain';
import type { ExpressionBuilder } from 'kysely';
import type { CasesTable, DB } from '../../platform/db/schema.ts';

/** The columns a case's clocks are worked out from. */
export const CLOCK_COLUMNS = [
  'status',
  'petition',
  'received_on',
  'acceptance_on',
  'accepted',
  'extension',
  'replied_on',
  'review_requested_on',
  'review_decided_on',
  're_review_requested_on',
  're_review_decided_on',
  'pauses',
] as const;
export type ClockFacts = Pick<CasesTable, (typeof CLOCK_COLUMNS)[number]>;

export function factsOf(row: ClockFacts): PetitionFacts {
  return {
    receivedOn: row.received_on,
    acceptanceOn: row.acceptance_on,
    accepted: row.accepted === null ? null : row.accepted === 1,
    extension: row.extension ? (JSON.parse(row.extension) as PetitionFacts['extension']) : null,
    repliedOn: row.replied_on,
    reviewRequestedOn: row.review_requested_on,
    reviewDecidedOn: row.review_decided_on,
    reReviewRequestedOn: row.re_review_requested_on,
    reReviewDecidedOn: row.re_review_decided_on,
    pauses: JSON.parse(row.pauses) as ClockPause[],
  };
}

/**
 * 信访 cases run on the legal clocks; other cases on one handling clock from receipt, with the
 * category's days or the policy's default (hotline practice), extended and paused alike.
 */
export function clocksOf(row: ClockFacts, policy: CasePolicy, handleDays: number | null, today: string): ClockState[] {
  if (row.status === 'not_accepted' && !row.petition) return [];
  const f = factsOf(row);
  if (row.petition) return petitionClocks(f, today, policy.petition);
  const limit = (handleDays ?? policy.defaultHandleDays) + (f.extension?.days ?? 0);
  const clocks = [clockState('handling', row.received_on, limit, row.replied_on, f.pauses, today)];
  if (f.reviewRequestedOn) clocks.push(clockState('review', f.reviewRequestedOn, policy.petition.reviewDecideDays, f.reviewDecidedOn, f.pauses, today));
  if (f.reReviewRequestedOn) clocks.push(clockState('reReview', f.reReviewRequestedOn, policy.petition.reReviewDecideDays, f.reReviewDecidedOn, f.pauses, today));
  return clocks;
}

/** The due date of the clock that is running now, if any (stored for sorting lists). */
export function currentDue(clocks: ClockState[]): string | null {
  const open = clocks.filter((c) => c.stoppedOn === null);
  return open.length ? open[open.length - 1]!.dueOn : null;
}

/**
 * An open hearing in the stored pauses (JSON as JSON.stringify writes it, so no spaces): `"to":null`.
 * Pauses are only written by pauseCase, with JSON.stringify.
 */
const OPEN_PAUSE = '%"to":null%';

/**
 * The cases whose clocks show one overdue on `today`, as a condition of the query, so a list can be
 * filtered, paged and counted by it (presentCase works out `overdue` from the clocks themselves).
 *
 * A clock is overdue when it has not stopped, no hearing holds it and today is past its due date.
 * Clocks run one after another (a clock starts only once the one before it stopped: handling after
 * acceptance, review after the reply, re-review after the review), so at most the last one runs,
 * and the stored due_on is its due date (currentDue, kept on every change of the case, of the
 * policy, of the holidays and of a category's days) or null when none runs. While a hearing is
 * open no clock is overdue: the one it began in is paused, and a later one counts the open
 * hearing's days up to today, so its due date stays ahead of today.
 */
export function overdueCondition(today: string) {
  return (eb: ExpressionBuilder<DB, 'cases'>) => eb.and([eb('cases.due_on', 'is not', null), eb('cases.due_on', '<', today), eb('cases.pauses', 'not like', OPEN_PAUSE)]);
}

/** The opposite of overdueCondition, exactly (due_on may be null). */
export function notOverdueCondition(today: string) {
  return (eb: ExpressionBuilder<DB, 'cases'>) => eb.or([eb('cases.due_on', 'is', null), eb('cases.due_on', '>=', today), eb('cases.pauses', 'like', OPEN_PAUSE)]);
}
