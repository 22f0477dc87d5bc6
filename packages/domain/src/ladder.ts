/**
 * The supervision ladder (R-ESC, seed §四.4) as a pure state machine: 通报表扬, 督办 → 催办 → 查办 →
 * 问责. Who may approve, what each notice costs, and which transitions are allowed are decided
 * here; numbers and approvers come from the campaign policy.
 */
import type { CampaignPolicy } from './policy.ts';

export const NOTICE_KINDS = ['commend', 'supervise', 'urge', 'investigate'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_KIND_LABELS: Record<NoticeKind, { zh: string; en: string; doc: string }> = {
  commend: { zh: '通报表扬', en: 'Commendation', doc: '通报' },
  supervise: { zh: '督办', en: 'Supervision notice', doc: '督办通知' },
  urge: { zh: '催办', en: 'Urging notice', doc: '催办通知' },
  investigate: { zh: '查办', en: 'Investigation notice', doc: '查办通知' },
};

export const NOTICE_STATUSES = ['draft', 'pending_approval', 'rejected', 'withdrawn', 'issued', 'fulfilled', 'lapsed', 'reversed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICE_STATUS_LABELS: Record<NoticeStatus, { zh: string; en: string }> = {
  draft: { zh: '草拟中', en: 'Draft' },
  pending_approval: { zh: '待领导审定', en: 'Awaiting approval' },
  rejected: { zh: '未同意', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  issued: { zh: '已下发,限期办理中', en: 'Issued, deadline running' },
  fulfilled: { zh: '已按期办结', en: 'Fulfilled in time' },
  lapsed: { zh: '逾期未办结', en: 'Deadline passed unfinished' },
  reversed: { zh: '申诉成立,已撤销', en: 'Reversed on appeal' },
};

export type NoticeAction = 'submit' | 'approve' | 'reject' | 'withdraw' | 'issue' | 'fulfil' | 'lapse' | 'reverse';

const TRANSITIONS: Record<NoticeStatus, Partial<Record<NoticeAction, NoticeStatus>>> = {
  draft: { submit: 'pending_approval', issue: 'issued', withdraw: 'withdrawn' },
  pending_approval: { approve: 'issued', reject: 'rejected', withdraw: 'withdrawn' },
  rejected: {},
  withdrawn: {},
  issued: { fulfil: 'fulfilled', lapse: 'lapsed', reverse: 'reversed' },
  fulfilled: { reverse: 'reversed' },
  // a lapsed notice stays lapsed: finishing late does not undo the lateness
  lapsed: { reverse: 'reversed' },
  reversed: {},
};

/** The state after `action`, or null when the ladder does not allow it. */
export function nextStatus(status: NoticeStatus, action: NoticeAction): NoticeStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

/** 督办 is followed by 催办, 催办 by 查办; 查办 and 通报表扬 end the ladder. */
export function nextLevel(kind: NoticeKind): NoticeKind | null {
  return kind === 'supervise' ? 'urge' : kind === 'urge' ? 'investigate' : null;
}

/** The level a notice must follow: a 催办 follows a lapsed 督办, a 查办 a lapsed 催办. */
export function previousLevel(kind: NoticeKind): NoticeKind | null {
  return kind === 'urge' ? 'supervise' : kind === 'investigate' ? 'urge' : null;
}

export type ApproverRule = { by: 'none' } | { by: 'deputy_in_charge' } | { by: 'principal' } | { by: 'office' };

/**
 * Who must approve a draft. The seed: the office issues 督办 itself; a 催办 opinion is approved by
 * a county government leader (the deputy in charge of the unit); a 查办 opinion by the principal
 * county leader. A commendation is signed as the policy says.
 */
export function approverRule(kind: NoticeKind, policy: CampaignPolicy): ApproverRule {
  switch (kind) {
    case 'supervise':
      return { by: 'none' };
    case 'urge':
      return { by: policy.approval.urge };
    case 'investigate':
      return { by: 'principal' };
    case 'commend':
      return policy.approval.commend === 'office' ? { by: 'none' } : { by: policy.approval.commend };
  }
}

/**
 * The people who may approve: the deputies in charge of the unit, else the principal county leader
 * (a unit with nobody in charge still needs a county leader's approval).
 */
export function approversFor(rule: ApproverRule, leaders: { principal: string | null; inCharge: string[] }): string[] {
  if (rule.by === 'none' || rule.by === 'office') return [];
  if (rule.by === 'deputy_in_charge' && leaders.inCharge.length) return leaders.inCharge;
  return leaders.principal ? [leaders.principal] : [];
}

export interface Consequences {
  /** points deducted in the annual target-responsibility assessment */
  deduction: number;
  /** 通报批评 accompanies a 督办 */
  criticism: boolean;
  /** the unit, its principal, its responsible leader and the handler lose award eligibility */
  eligibilityLoss: boolean;
  /** 效能问责 by 监察局 after a 催办; 问责 after a 查办 */
  accountability: 'efficiency' | 'accountability' | null;
  /** default days to finish or rectify */
  deadlineDays: number | null;
}

export function consequences(kind: NoticeKind, policy: CampaignPolicy): Consequences {
  switch (kind) {
    case 'commend':
      return { deduction: 0, criticism: false, eligibilityLoss: false, accountability: null, deadlineDays: null };
    case 'supervise':
      return { deduction: policy.deductions.supervise, criticism: true, eligibilityLoss: false, accountability: null, deadlineDays: policy.deadlines.superviseDays };
    case 'urge':
      return { deduction: policy.deductions.urge, criticism: true, eligibilityLoss: true, accountability: 'efficiency', deadlineDays: policy.deadlines.urgeDays };
    case 'investigate':
      return { deduction: policy.deductions.investigate, criticism: true, eligibilityLoss: true, accountability: 'accountability', deadlineDays: policy.deadlines.urgeDays };
  }
}

/** 柞政督〔2013〕12号 */
export function formatDocNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

export function docPrefix(kind: NoticeKind, policy: CampaignPolicy): string {
  const p = policy.documents.prefixes;
  return kind === 'commend' ? p.bulletin : p[kind];
}

/** An appeal is open for the policy's number of days after the notice was issued. */
export function appealOpen(issuedOn: string, today: string, appealDays: number): boolean {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${issuedOn}T00:00:00Z`)) / 86_400_000);
  return days >= 0 && days <= appealDays;
}

/** Adds whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
