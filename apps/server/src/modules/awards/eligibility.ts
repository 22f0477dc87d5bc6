/**
 * Award eligibility (R-ESC-3, R-ASSESS-2): a unit, its principal, its responsible leader and its
 * handler lose it with a 催办 or 查办; an upheld appeal gives it back. The refusal names the notices.
 */
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { eligibilityLosses } from '../assessment/facts.ts';

type Q = Kysely<DB>;

export interface Nominee {
  nomineeType: 'unit' | 'person';
  unitId: string;
  personId: string | null;
}

export type Losses = Awaited<ReturnType<typeof eligibilityLosses>>;

/** The standing losses that bar a nominee: the unit's own, or the person's wherever they were. */
export function lossesOf(all: Losses, n: Nominee) {
  const rows = n.nomineeType === 'unit' ? all.filter((l) => l.role === 'unit' && l.unit_id === n.unitId) : all.filter((l) => l.person_id !== null && l.person_id === n.personId);
  const seen = new Set<string>();
  return rows
    .filter((l) => (seen.has(l.notice_id) ? false : (seen.add(l.notice_id), true)))
    .map((l) => ({ noticeId: l.notice_id, docNumber: l.doc_number, role: l.role }));
}

/** Refuses a nominee who lost eligibility, citing the notices (e.g. 柞政催〔2013〕1号). */
export async function requireEligible(db: Q, campaignId: string, n: Nominee, name: string): Promise<void> {
  const losses = lossesOf(await eligibilityLosses(db, campaignId), n);
  if (!losses.length) return;
  const docs = losses.map((l) => l.docNumber ?? l.noticeId).join('、');
  throw new LuoshiError('INVALID_STATE', {
    issues: [
      {
        path: n.nomineeType === 'unit' ? 'unitId' : 'personId',
        zh: `${name}已被取消年终考核评优资格(${docs}),不能评选表彰`,
        en: `${name} lost award eligibility (${docs}) and cannot be commended`,
      },
    ],
    detail: { losses },
  });
}
