/** The clocks of one case as the domain computes them, from the stored row. */
import { clockState, petitionClocks, type CasePolicy, type ClockPause, type ClockState, type PetitionFacts } from '@luoshi/domain';
import type { CasesTable } from '../../platform/db/schema.ts';

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
