/**
 * The campaign policy (SPEC §9.5, §10): every number and role the seed names — deduction points,
 * light thresholds, deadlines, approval chain, document prefixes, scoring and budget — as one
 * versioned, validated object per campaign. Another county adapts Luoshi by changing this data.
 */
import { z } from 'zod';
import { UNIT_KINDS, type UnitKind } from './org.ts';

const Points = z.number().min(0).max(100);
const Days = z.number().int().min(0).max(3650);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Share = z.number().min(0).max(1);
/** yuan, to the fen */
const Money = z.number().min(0).max(1e12);

/** The measured parts of the annual score (R-ASSESS-1). */
export const SCORE_COMPONENT_KEYS = ['completion', 'efficiency', 'inspection', 'commitment'] as const;
export type ScoreComponentKey = (typeof SCORE_COMPONENT_KEYS)[number];

export const ScoreComponentSchema = z.object({
  key: z.enum(SCORE_COMPONENT_KEYS),
  /** points of the base this part is worth */
  weight: z.number().min(0).max(1000),
  /** completion, commitment: the credit of work finished after its due date (on time 1, never 0) */
  lateCredit: Share.default(0.5),
  /** inspection: points taken off this part per finding */
  perFinding: z.number().min(0).max(1000).default(1),
  /** nothing to measure (no tasks, no commitments, no answers): full marks or none */
  noData: z.enum(['full', 'zero']).default('full'),
});
export type ScoreComponentPolicy = z.output<typeof ScoreComponentSchema>;

/** Defaults (a local choice; the seed gives only the deductions): 40 + 20 + 10 + 10 of 100, 20 given. */
export const DEFAULT_COMPONENTS: ScoreComponentPolicy[] = [
  { key: 'completion', weight: 40, lateCredit: 0.5, perFinding: 1, noData: 'full' },
  { key: 'efficiency', weight: 20, lateCredit: 0.5, perFinding: 1, noData: 'full' },
  { key: 'inspection', weight: 10, lateCredit: 0.5, perFinding: 1, noData: 'full' },
  { key: 'commitment', weight: 10, lateCredit: 0.5, perFinding: 1, noData: 'full' },
];

/** Unit kinds assessed by default: all but the county government itself. */
export const DEFAULT_ASSESSED_KINDS: UnitKind[] = ['town', 'department', 'institution', 'special'];

export const DEFAULT_EVALUATION_WEIGHTS = { public: 30, enterprise: 25, deputy: 20, internal: 10, meeting: 15 };

export const DEFAULT_BUDGET = {
  reward: { heavyRate: 0.02, heavyFactor: 1.5, qualityRate: 0.03, qualityScore: 95, innovationRate: 0.02, requiresEligibility: true, maxShare: 0.05, maxAmount: null as number | null },
  cut: { efficiencyBelow: 0.6, scoreBelow: 85, late: true, factor: 1, maxShare: 0.3, maxAmount: null as number | null },
};

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
      /** the full mark of the annual target-responsibility assessment */
      base: z.number().min(0).max(1000).default(100),
      /** @deprecated kept so that policies stored before `components` existed still parse; unused */
      completionWeight: z.number().min(0).max(1000).default(0),
      /** @deprecated kept so that policies stored before `components` existed still parse; unused */
      efficiencyWeight: z.number().min(0).max(1000).default(0),
      /**
       * The measured parts of the score, each worth `weight` points of `base`; the rest of `base`
       * is given in full. A unit's score = base − Σ weight + Σ weight × rate − deductions + bonuses.
       */
      components: z
        .array(ScoreComponentSchema)
        .max(10)
        .refine((cs) => new Set(cs.map((c) => c.key)).size === cs.length, { message: 'a component appears twice' })
        .default(() => DEFAULT_COMPONENTS.map((c) => ({ ...c }))),
      /** decimals of every published number of the score (half away from zero) */
      decimals: z.number().int().min(0).max(4).default(2),
      /** which kinds of unit are assessed and ranked (the county government itself is not) */
      unitKinds: z.array(z.enum(UNIT_KINDS)).min(1).max(UNIT_KINDS.length).default(() => [...DEFAULT_ASSESSED_KINDS]),
    })
    .refine((s) => s.components.reduce((a, c) => a + c.weight, 0) <= s.base, { message: 'the component weights exceed the base' })
    .default(() => ({
      base: 100,
      completionWeight: 0,
      efficiencyWeight: 0,
      components: DEFAULT_COMPONENTS.map((c) => ({ ...c })),
      decimals: 2,
      unitKinds: [...DEFAULT_ASSESSED_KINDS],
    })),
  /** 加分: points a unit gains, never more than `maxTotal` a year */
  bonuses: z
    .object({
      /** per 通报表扬 issued to the unit within the year (§四.4) */
      commendation: Points.default(0.5),
      /** the most one bonus record entered by the assessment office may carry */
      maxPerRecord: Points.default(1),
      /** the most bonus points of all kinds a unit can gain in a year */
      maxTotal: Points.default(3),
    })
    .default(() => ({ commendation: 0.5, maxPerRecord: 1, maxTotal: 3 })),
  /** 政府效能评议: how the answers of each group of raters weigh in a unit's result */
  evaluation: z
    .object({
      weights: z
        .object({
          public: Points.default(30),
          enterprise: Points.default(25),
          deputy: Points.default(20),
          internal: Points.default(10),
          meeting: Points.default(15),
        })
        .default(() => ({ ...DEFAULT_EVALUATION_WEIGHTS })),
      /** a group with fewer answers for a unit than this is left out of its result */
      minAnswers: z.number().int().min(1).max(10000).default(1),
    })
    .default(() => ({ weights: { ...DEFAULT_EVALUATION_WEIGHTS }, minAnswers: 1 })),
  /** 经费挂钩 (§四.4): rewards and cuts of the annual work budget; see docs/assessment.md */
  budget: z
    .object({
      reward: z
        .object({
          /** 承担任务重: share of the budget when the unit leads at least heavyFactor × the median number of tasks */
          heavyRate: Share.default(0.02),
          heavyFactor: z.number().min(1).max(100).default(1.5),
          /** 完成质量好: share of the budget when the score is at least qualityScore */
          qualityRate: Share.default(0.03),
          qualityScore: z.number().min(0).max(1000).default(95),
          /** 工作有创新: share of the budget when the assessment office recorded an innovation */
          innovationRate: Share.default(0.02),
          /** a unit that lost its award eligibility gets no reward */
          requiresEligibility: z.boolean().default(true),
          /** caps: a share of the budget, and an amount in yuan (null: none) */
          maxShare: Share.default(0.05),
          maxAmount: Money.nullable().default(null),
        })
        .default(() => ({ ...DEFAULT_BUDGET.reward })),
      cut: z
        .object({
          /** 效率低下: the efficiency evaluation rate (0–1) is below this */
          efficiencyBelow: Share.default(0.6),
          /** 完成质量差: the score is below this */
          scoreBelow: z.number().min(0).max(1000).default(85),
          /** 不能按时完成任务: some counted work was not finished by its due date */
          late: z.boolean().default(true),
          /** 按完成任务的进度比例削减: cut = budget × factor × (1 − completion progress) */
          factor: Share.default(1),
          /** caps: a share of the budget, and an amount in yuan (null: none) */
          maxShare: Share.default(0.3),
          maxAmount: Money.nullable().default(null),
        })
        .default(() => ({ ...DEFAULT_BUDGET.cut })),
    })
    .default(() => ({ reward: { ...DEFAULT_BUDGET.reward }, cut: { ...DEFAULT_BUDGET.cut } })),
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
