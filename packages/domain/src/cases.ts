/**
 * Citizens' and enterprises' cases (R-PUB-2, R-PUB-5): channels, states, the hotline practice
 * (a case transferred three or more times goes up to the county government; a unit whose
 * satisfaction is below 85% gets a criticism mark), tracking numbers and routing — pure rules.
 * Every number here is policy data (CasePolicy), kept in settings and changed by the office.
 */
import { z } from 'zod';
import { DEFAULT_PETITION_CLOCKS } from './petition-clocks.ts';

export const CASE_CHANNELS = ['web', 'hotline', 'letter', 'visit', 'media', 'open311'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export const CASE_CHANNEL_LABELS: Record<CaseChannel, { zh: string; en: string }> = {
  web: { zh: '网上留言', en: 'Web form' },
  hotline: { zh: '热线电话', en: 'Hotline call' },
  letter: { zh: '来信', en: 'Letter' },
  visit: { zh: '来访', en: 'Visit' },
  media: { zh: '媒体反映', en: 'Media report' },
  open311: { zh: '第三方应用', en: 'Client app (Open311)' },
};

/**
 * received: registered, acceptance not yet decided; handling: accepted and with an owner unit;
 * not_accepted: 不予受理 (ends, with reasons); replied: answered; review / re_review: the
 * petitioner asked for 复查 / 复核; closed: rated, or no review asked in time.
 */
export const CASE_STATUSES = ['received', 'handling', 'not_accepted', 'replied', 'review', 're_review', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  received: { zh: '已登记,待受理', en: 'Received' },
  handling: { zh: '办理中', en: 'Being handled' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  replied: { zh: '已答复', en: 'Replied' },
  review: { zh: '复查中', en: 'Under review' },
  re_review: { zh: '复核中', en: 'Under re-review' },
  closed: { zh: '已办结', en: 'Closed' },
};
/** Open311 knows two states. */
export function open311Status(s: CaseStatus): 'open' | 'closed' {
  return s === 'received' || s === 'handling' || s === 'review' || s === 're_review' ? 'open' : 'closed';
}

export const SATISFACTION = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Fairly satisfied' },
  unsatisfied: { zh: '不满意', en: 'Not satisfied' },
};

export type CaseAction = 'accept' | 'reject' | 'transfer' | 'reply' | 'rate' | 'requestReview' | 'decideReview' | 'requestReReview' | 'decideReReview' | 'close';

const TRANSITIONS: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  received: { accept: 'handling', reject: 'not_accepted', transfer: 'received' },
  handling: { transfer: 'handling', reply: 'replied' },
  not_accepted: {},
  replied: { rate: 'closed', requestReview: 'review', close: 'closed' },
  review: { decideReview: 'replied' },
  re_review: { decideReReview: 'closed' },
  closed: { requestReview: 'review', requestReReview: 're_review' },
};

/** The state after an action, or null when it is not allowed. */
export function nextCaseStatus(s: CaseStatus, a: CaseAction, opts: { reviewed?: boolean } = {}): CaseStatus | null {
  // after a review decision the reply stands; the petitioner may then ask for re-review
  if (a === 'requestReReview' && s === 'replied' && opts.reviewed) return 're_review';
  if (a === 'requestReview' && opts.reviewed) return null;
  return TRANSITIONS[s][a] ?? null;
}

export const CasePolicySchema = z.object({
  /** tracking-number prefix: ZS2013-402913 */
  numberPrefix: z.string().regex(/^[A-Z]{1,6}$/).default('ZS'),
  /** handling days for cases that are not 信访 (categories may set their own) */
  defaultHandleDays: z.number().int().min(1).max(365).default(15),
  /** transfers after which a case goes up to the county government (hotline practice) */
  escalateAfterTransfers: z.number().int().min(1).max(20).default(3),
  /** a unit below this satisfaction rate (percent) gets a criticism mark */
  satisfactionMarkBelow: z.number().min(0).max(100).default(85),
  /** days a replied case waits for a rating before it closes by itself */
  autoCloseDays: z.number().int().min(1).max(365).default(30),
  petition: z
    .object({
      acceptDays: z.number().int().min(1).max(365),
      handleDays: z.number().int().min(1).max(365),
      extensionMaxDays: z.number().int().min(0).max(365),
      reviewRequestDays: z.number().int().min(1).max(365),
      reviewDecideDays: z.number().int().min(1).max(365),
      reReviewRequestDays: z.number().int().min(1).max(365),
      reReviewDecideDays: z.number().int().min(1).max(365),
      /** the last-day rule: a period ending on a rest day ends on the next working day */
      calendar: z
        .object({
          shiftToWorkingDay: z.boolean().default(true),
          /** public holidays of the State Council's schedule (YYYY-MM-DD) */
          restDays: z.array(z.iso.date()).max(400).default([]),
          /** make-up working days on weekends (调休上班) */
          workDays: z.array(z.iso.date()).max(400).default([]),
          /** what a listed day is, e.g. 国庆节 or 国庆节调休上班 (shown on the holiday screen only) */
          notes: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string().max(60)).optional(),
        })
        .default({ shiftToWorkingDay: true, restDays: [], workDays: [] }),
    })
    .default(DEFAULT_PETITION_CLOCKS),
  /** the public form: longest description and the per-address limit per hour */
  publicForm: z
    .object({ maxChars: z.number().int().min(100).max(20000).default(2000), perHour: z.number().int().min(1).max(1000).default(10) })
    .default({ maxChars: 2000, perHour: 10 }),
});
export type CasePolicy = z.output<typeof CasePolicySchema>;
export const DEFAULT_CASE_POLICY: CasePolicy = CasePolicySchema.parse({});

/** Does this transfer send the case up to the county government? */
export function escalatesOnTransfer(transfersBefore: number, policy: CasePolicy = DEFAULT_CASE_POLICY): boolean {
  return transfersBefore + 1 >= policy.escalateAfterTransfers;
}

export interface SatisfactionCount {
  satisfied: number;
  basic: number;
  unsatisfied: number;
}
/**
 * 满意率 = (satisfied + fairly satisfied) / rated, in percent with one decimal; null without
 * ratings. Below the policy's mark (85%) a unit gets a criticism mark.
 */
export function satisfactionRate(c: SatisfactionCount): number | null {
  const rated = c.satisfied + c.basic + c.unsatisfied;
  if (!rated) return null;
  return Math.round(((c.satisfied + c.basic) / rated) * 1000) / 10;
}
export function criticismMark(c: SatisfactionCount, policy: CasePolicy = DEFAULT_CASE_POLICY): boolean {
  const rate = satisfactionRate(c);
  return rate !== null && rate < policy.satisfactionMarkBelow;
}

/** Tracking numbers: prefix, year and six random digits, e.g. ZS2013-402913. */
export const CASE_NUMBER = /^[A-Z]{1,6}\d{4}-\d{6,8}$/;
export function formatCaseNumber(prefix: string, year: number, serial: number): string {
  return `${prefix}${year}-${String(serial).padStart(6, '0')}`;
}
/**
 * How many digits the random part of a new case number has on the given attempt: six while the
 * year's numbers are sparse; when draws keep meeting numbers already taken (a city's year passes
 * hundreds of thousands of cases, and six digits hold 900,000), seven and then eight, so a number
 * is always found. Every width matches CASE_NUMBER.
 */
export function caseNumberDigits(attempt: number): 6 | 7 | 8 {
  return attempt < 4 ? 6 : attempt < 10 ? 7 : 8;
}
/** Check codes avoid letters and digits that read alike (0/O, 1/I/L). */
export const CHECK_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CHECK_CODE = /^[A-HJKMNP-Z2-9]{6}$/;
export function normalizeCheckCode(s: string): string {
  return s.trim().toUpperCase().replace(/[\s-]/g, '');
}

export interface RoutingRule {
  id: string;
  categoryId: string | null;
  regionId: string | null;
  unitId: string;
  priority: number;
}
/**
 * The owner unit for a new case: the most specific matching rule (category and area, then
 * category, then area), ties broken by priority; null when no rule matches.
 */
export function routeCase(rules: RoutingRule[], categoryId: string, regionIds: string[]): RoutingRule | null {
  const score = (r: RoutingRule): number => {
    if (r.categoryId !== null && r.categoryId !== categoryId) return -1;
    let s = r.categoryId ? 100 : 0;
    if (r.regionId !== null) {
      const depth = regionIds.indexOf(r.regionId);
      if (depth < 0) return -1;
      // the case's own region is more specific than its parents
      s += 50 - depth;
    }
    return s;
  };
  let best: RoutingRule | null = null;
  let bestScore = -1;
  for (const r of rules) {
    const s = score(r);
    if (s < 0) continue;
    if (s > bestScore || (s === bestScore && best && r.priority > best.priority)) {
      best = r;
      bestScore = s;
    }
  }
  return best;
}

/**
 * Text from the public that looks like markup or script: refused with a clear message rather
 * than stored and escaped, so nobody is tempted to paste it into a page or a document later.
 */
export function looksLikeMarkup(s: string): boolean {
  return /<\s*\/?\s*(script|iframe|object|embed|svg|img|style|link|meta|a|form|input|body|html)\b|javascript\s*:|\bon[a-z]+\s*=|<\s*!--/i.test(s);
}
