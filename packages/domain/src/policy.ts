/**
 * The campaign policy (SPEC §9.5, §10): every number and role the seed names — deduction points,
 * light thresholds, deadlines, approval chain, document prefixes, scoring and budget — as one
 * versioned, validated object per campaign. Another county adapts Luoshi by changing this data.
 */
import { z } from 'zod';

const Points = z.number().min(0).max(100);
const Days = z.number().int().min(0).max(3650);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const PolicySchema = z.object({
  /** deadlines are local dates in this time zone */
  timeZone: z.string().min(1).max(60).default('Asia/Shanghai'),
  lights: z
    .object({
      /** yellow when this many percentage points behind the planned progress */
      yellowBehindPoints: z.number().min(0).max(100).default(10),
      /** red when more than this many points behind */
      redBehindPoints: z.number().min(0).max(100).default(30),
      /** yellow when due within this many days */
      dueSoonDays: Days.default(3),
      /** red when not started this many days after its start date (3 months) */
      notStartedRedDays: Days.default(90),
    })
    .refine((l) => l.redBehindPoints >= l.yellowBehindPoints, { message: 'red threshold below yellow' })
    .default({ yellowBehindPoints: 10, redBehindPoints: 30, dueSoonDays: 3, notStartedRedDays: 90 }),
  /** points deducted per notice issued within the year (§四.4) */
  deductions: z
    .object({ supervise: Points.default(0.5), urge: Points.default(1), investigate: Points.default(1.5) })
    .default({ supervise: 0.5, urge: 1, investigate: 1.5 }),
  deadlines: z
    .object({
      /** units submit their implementation plans by this date (seed: end of April) */
      planSubmission: IsoDate.nullable().default(null),
      /** 限期办结: days given by a supervision notice */
      superviseDays: Days.default(15),
      /** days to rectify after an urging notice */
      urgeDays: Days.default(10),
      /** days a unit has to appeal a notice */
      appealDays: Days.default(7),
      /** reminders this many days before a due date */
      remindDaysBefore: z.array(Days).max(10).default([3, 1]),
    })
    .default({ planSubmission: null, superviseDays: 15, urgeDays: 10, appealDays: 7, remindDaysBefore: [3, 1] }),
  approval: z
    .object({
      /** who approves an urging opinion: the county leader in charge of the unit */
      urge: z.enum(['deputy_in_charge', 'principal']).default('deputy_in_charge'),
      /** who approves an investigation opinion: the principal county leader */
      investigate: z.enum(['principal']).default('principal'),
      /** who signs a commendation */
      commend: z.enum(['deputy_in_charge', 'principal', 'office']).default('deputy_in_charge'),
      /** a unit's report must be confirmed by its deputy or principal before the office sees it */
      reportConfirmation: z.enum(['none', 'deputy', 'principal']).default('none'),
    })
    .default({ urge: 'deputy_in_charge', investigate: 'principal', commend: 'deputy_in_charge', reportConfirmation: 'none' }),
  documents: z
    .object({
      /** issuing organ printed in the red header */
      issuer: z.string().min(1).max(60).default('柞水县人民政府'),
      /** document number prefixes, e.g. 柞政督〔2013〕12号 */
      prefixes: z
        .object({
          supervise: z.string().min(1).max(10).default('柞政督'),
          urge: z.string().min(1).max(10).default('柞政催'),
          investigate: z.string().min(1).max(10).default('柞政查'),
          bulletin: z.string().min(1).max(10).default('柞政通'),
        })
        .default({ supervise: '柞政督', urge: '柞政催', investigate: '柞政查', bulletin: '柞政通' }),
    })
    .default({ issuer: '柞水县人民政府', prefixes: { supervise: '柞政督', urge: '柞政催', investigate: '柞政查', bulletin: '柞政通' } }),
  scoring: z
    .object({
      base: z.number().min(0).max(1000).default(100),
      /** weights of the configured components, in points */
      completionWeight: z.number().min(0).max(1000).default(0),
      efficiencyWeight: z.number().min(0).max(1000).default(0),
    })
    .default({ base: 100, completionWeight: 0, efficiencyWeight: 0 }),
});

export type CampaignPolicy = z.output<typeof PolicySchema>;
export type CampaignPolicyInput = z.input<typeof PolicySchema>;

/** The seed's defaults, with the plan-submission deadline of the campaign year (end of April). */
export function defaultPolicy(year: number): CampaignPolicy {
  return PolicySchema.parse({ deadlines: { planSubmission: `${year}-04-30` } });
}

export interface PolicyVersion {
  version: number;
  effectiveFrom: string;
  policy: CampaignPolicy;
}

/**
 * The version in force on a date: the newest version whose effective date is on or before it.
 * A change applies from its effective date and never rewrites what earlier versions decided.
 */
export function policyOn(versions: PolicyVersion[], date: string): PolicyVersion | null {
  let best: PolicyVersion | null = null;
  for (const v of versions) {
    if (v.effectiveFrom <= date && (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version))) {
      best = v;
    }
  }
  return best ?? versions.reduce<PolicyVersion | null>((a, v) => (!a || v.effectiveFrom < a.effectiveFrom ? v : a), null);
}

/** Shifts every date of a policy by whole years, for a campaign copied into the next year. */
export function shiftPolicyYears(p: CampaignPolicy, years: number): CampaignPolicy {
  const shift = (d: string | null) => (d ? `${Number(d.slice(0, 4)) + years}${d.slice(4)}` : d);
  return { ...p, deadlines: { ...p.deadlines, planSubmission: shift(p.deadlines.planSubmission) } };
}
