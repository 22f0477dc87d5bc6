/**
 * The annual assessment (R-ASSESS): scores with their working, ranking, the closed year (封账) and
 * its corrections, bonus records, award selection (评选表彰) and the budget link (经费挂钩), and the
 * year-end reports.
 */
import { z } from 'zod';
import { BONUS_CATEGORIES, FINDING_SOURCES, RATER_GROUPS, SCORE_COMPONENT_KEYS } from '@luoshi/domain';
import { endpoint, Id, IdParams, OptText, Text } from './endpoint.ts';
import { Notice } from './supervision.ts';

const Bilingual = { zh: z.string(), en: z.string() };

export const TaskCredit = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  plannedEnd: z.string(),
  actualEnd: z.string().nullable(),
  outcome: z.enum(['on_time', 'late', 'unfinished']),
  credit: z.number(),
});
export const Finding = z.object({ source: z.enum(FINDING_SOURCES), id: z.string(), date: z.string(), title: z.string() });
export const ScoreComponent = z.object({
  key: z.enum(SCORE_COMPONENT_KEYS),
  weight: z.number(),
  rate: z.number().nullable(),
  points: z.number(),
  noData: z.boolean(),
  ...Bilingual,
  tasks: z.array(TaskCredit).optional(),
  findings: z.array(Finding).optional(),
  groups: z
    .array(
      z.object({
        group: z.enum(RATER_GROUPS),
        count: z.number(),
        mean: z.number(),
        weight: z.number(),
        used: z.boolean(),
        sources: z.array(z.object({ id: z.string(), title: z.string(), kind: z.enum(['survey', 'meeting']) })),
      }),
    )
    .optional(),
});
export const LedgerFact = z.object({
  id: z.string(),
  noticeId: z.string(),
  docNumber: z.string().nullable(),
  kind: z.enum(['deduction', 'reversal']),
  points: z.number(),
  reason: z.string(),
  createdAt: z.string(),
});
/** One unit's score and everything it was made from. */
export const UnitScore = z.object({
  unitId: z.string(),
  unitName: z.string(),
  kind: z.string(),
  base: z.number(),
  given: z.number(),
  components: z.array(ScoreComponent),
  deductions: z.object({ total: z.number(), entries: z.array(LedgerFact) }),
  bonuses: z.object({
    raw: z.number(),
    total: z.number(),
    capped: z.boolean(),
    commendations: z.array(z.object({ noticeId: z.string(), docNumber: z.string().nullable(), title: z.string(), issuedOn: z.string().nullable(), points: z.number() })),
    records: z.array(z.object({ id: z.string(), category: z.enum(BONUS_CATEGORIES), points: z.number(), reason: z.string(), createdAt: z.string() })),
  }),
  score: z.number(),
  working: z.array(z.object({ ...Bilingual, points: z.number() })),
});
export type UnitScoreT = z.infer<typeof UnitScore>;

const UnitParams = z.object({ id: Id, unitId: Id });

export const AssessmentRow = z.object({
  unitId: z.string(),
  unitName: z.string(),
  kind: z.string(),
  /** the official score: the live one while the year is open, the frozen one (with corrections) after */
  score: z.number(),
  rank: z.number().int(),
  kindRank: z.number().int(),
  /** as frozen at the close, before any correction; null while open */
  closedScore: z.number().nullable(),
  corrected: z.boolean(),
  /** computed from the records now */
  liveScore: z.number(),
  /** the records changed since the close and no correction has caught up yet */
  drift: z.boolean(),
  deductions: z.number(),
  bonuses: z.number(),
  /** has not lost its award eligibility */
  eligible: z.boolean(),
});
export const assessmentOverview = endpoint({
  id: 'assessmentOverview',
  method: 'GET',
  path: '/api/v1/campaigns/:id/assessment',
  summary: '年度目标责任考核:得分与排名(单位只见本单位) Scores and ranking; a unit sees its own',
  tag: 'assessment',
  params: IdParams,
  response: z.object({
    campaignId: z.string(),
    year: z.number().int(),
    asOf: z.string(),
    status: z.enum(['open', 'closed']),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    items: z.array(AssessmentRow),
  }),
});

export const Correction = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  reason: z.string(),
  before: UnitScore,
  after: UnitScore,
  status: z.enum(['pending', 'approved', 'rejected']),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type CorrectionT = z.infer<typeof Correction>;

export const unitAssessment = endpoint({
  id: 'unitAssessment',
  method: 'GET',
  path: '/api/v1/campaigns/:id/assessment/units/:unitId',
  summary: '单位得分明细(每项得分的依据) A unit’s score with its working',
  tag: 'assessment',
  params: UnitParams,
  response: z.object({
    status: z.enum(['open', 'closed']),
    asOf: z.string(),
    rank: z.number().int(),
    kindRank: z.number().int(),
    official: UnitScore,
    live: UnitScore,
    /** as frozen at the close; null while open */
    closed: UnitScore.nullable(),
    drift: z.boolean(),
    corrections: z.array(Correction),
  }),
});

export const Bonus = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  category: z.enum(BONUS_CATEGORIES),
  points: z.number(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export const listBonuses = endpoint({
  id: 'listBonuses',
  method: 'GET',
  path: '/api/v1/campaigns/:id/assessment/bonuses',
  summary: '加分记录 Bonus records',
  tag: 'assessment',
  params: IdParams,
  query: z.object({ unitId: Id.optional() }),
  response: z.object({ items: z.array(Bonus) }),
});
export const addBonus = endpoint({
  id: 'addBonus',
  method: 'POST',
  path: '/api/v1/campaigns/:id/assessment/bonuses',
  summary: '考核办登记加分(须说明理由) Record a bonus with its reason',
  tag: 'assessment',
  params: IdParams,
  body: z.object({ unitId: Id, category: z.enum(BONUS_CATEGORIES), points: z.number().positive().max(100), reason: Text(1000) }),
  response: Bonus,
});
export const revokeBonus = endpoint({
  id: 'revokeBonus',
  method: 'POST',
  path: '/api/v1/assessment-bonuses/:id/revoke',
  summary: '撤销加分(更正) Revoke a bonus record',
  tag: 'assessment',
  params: IdParams,
  body: z.object({ reason: Text(1000) }),
  response: Bonus,
});

export const closeYear = endpoint({
  id: 'closeYear',
  method: 'POST',
  path: '/api/v1/campaigns/:id/assessment/close',
  summary: '年度考核封账(保存每个单位的结果与计算过程) Close the year: freeze every unit’s result with its working',
  tag: 'assessment',
  params: IdParams,
  response: assessmentOverview.response,
});
export const listCorrections = endpoint({
  id: 'listCorrections',
  method: 'GET',
  path: '/api/v1/campaigns/:id/assessment/corrections',
  summary: '封账后的更正 Corrections of the closed year',
  tag: 'assessment',
  params: IdParams,
  response: z.object({ items: z.array(Correction) }),
});
export const proposeCorrection = endpoint({
  id: 'proposeCorrection',
  method: 'POST',
  path: '/api/v1/campaigns/:id/assessment/corrections',
  summary: '督查室提出更正(按现有记录重算该单位) The office proposes to adopt a unit’s result recomputed from the records',
  tag: 'assessment',
  params: IdParams,
  body: z.object({ unitId: Id, reason: Text(2000) }),
  response: Correction,
});
export const decideCorrection = endpoint({
  id: 'decideCorrection',
  method: 'POST',
  path: '/api/v1/assessment-corrections/:id/decide',
  summary: '县长审定更正(提出人不能审定) The county head approves or rejects a correction',
  tag: 'assessment',
  params: IdParams,
  body: z.object({ decision: z.enum(['approve', 'reject']), reason: OptText(2000).default('') }),
  response: Correction,
});

// ── 评选表彰先进机关和个人 ──

export const AWARD_STATUSES = ['nominated', 'selected', 'rejected', 'withdrawn'] as const;
export const Nomination = z.object({
  id: z.string(),
  campaignId: z.string(),
  nomineeType: z.enum(['unit', 'person']),
  unitId: z.string(),
  unitName: z.string(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  title: z.string(),
  reason: z.string(),
  status: z.enum(AWARD_STATUSES),
  nominatedBy: z.string(),
  nominatedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  notice: z.object({ id: z.string(), docNumber: z.string().nullable(), status: z.string() }).nullable(),
  /** whether the nominee may be commended now, and if not the notices that cost the eligibility */
  eligibility: z.object({ eligible: z.boolean(), losses: z.array(z.object({ noticeId: z.string(), docNumber: z.string().nullable(), role: z.string() })) }),
  /** the unit's official score and overall rank */
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
});
export const listAwards = endpoint({
  id: 'listAwards',
  method: 'GET',
  path: '/api/v1/campaigns/:id/awards',
  summary: '评选表彰推荐名单 Nominations for commendation',
  tag: 'awards',
  params: IdParams,
  response: z.object({ items: z.array(Nomination) }),
});
export const nominate = endpoint({
  id: 'nominate',
  method: 'POST',
  path: '/api/v1/campaigns/:id/awards',
  summary: '推荐先进单位或个人(已取消评优资格的不能推荐) Nominate a unit or a person; those who lost eligibility are refused',
  tag: 'awards',
  params: IdParams,
  body: z.object({ nomineeType: z.enum(['unit', 'person']), unitId: Id, personId: Id.optional(), title: Text(60), reason: Text(2000) }),
  response: Nomination,
});
export const decideAward = endpoint({
  id: 'decideAward',
  method: 'POST',
  path: '/api/v1/awards/:id/decide',
  summary: '确定、不予确定或撤回推荐 Select, reject or withdraw a nomination',
  tag: 'awards',
  params: IdParams,
  body: z.object({ decision: z.enum(['select', 'reject', 'withdraw']), reason: OptText(1000).default('') }),
  response: Nomination,
});
export const draftCommendation = endpoint({
  id: 'draftCommendation',
  method: 'POST',
  path: '/api/v1/campaigns/:id/awards/commendation',
  summary: '以确定的名单起草表彰通报(通报表扬,经审定后下发) Draft the commendation notice from the selected list',
  tag: 'awards',
  params: IdParams,
  body: z.object({ title: OptText(200).optional(), body: OptText(20000).optional() }),
  response: Notice,
});
export const portalAwards = endpoint({
  id: 'portalAwards',
  method: 'GET',
  path: '/api/v1/portal/campaigns/:id/awards',
  summary: '已通报表彰的先进单位和个人 Units and people commended (public)',
  tag: 'portal',
  params: IdParams,
  public: true,
  response: z.object({
    items: z.array(z.object({ docNumber: z.string().nullable(), issuedOn: z.string().nullable(), title: z.string(), awards: z.array(z.object({ title: z.string(), unitName: z.string(), personName: z.string().nullable() })) })),
  }),
});

// ── 经费挂钩 ──

export const BudgetRow = z.object({
  unitId: z.string(),
  unitName: z.string(),
  budget: z.number().nullable(),
  note: z.string(),
  enteredBy: z.string().nullable(),
  enteredAt: z.string().nullable(),
  rowVersion: z.number().int().nullable(),
  score: z.number(),
  taskCount: z.number().int(),
  progress: z.number().nullable(),
  reward: z.object({
    criteria: z.array(z.object({ key: z.enum(['heavy', 'quality', 'innovation']), met: z.boolean(), rate: z.number(), ...Bilingual })),
    eligible: z.boolean(),
    rate: z.number(),
    uncapped: z.number(),
    amount: z.number(),
    cappedBy: z.enum(['share', 'amount']).nullable(),
  }),
  cut: z.object({
    triggers: z.array(z.object({ key: z.enum(['inefficient', 'poor', 'late']), met: z.boolean(), ...Bilingual })),
    triggered: z.boolean(),
    unfinishedShare: z.number().nullable(),
    uncapped: z.number(),
    amount: z.number(),
    cappedBy: z.enum(['share', 'amount']).nullable(),
  }),
  net: z.number(),
  adjusted: z.number().nullable(),
  working: z.array(z.object({ ...Bilingual, amount: z.number() })),
});
export type BudgetRowT = z.infer<typeof BudgetRow>;
export const listBudgets = endpoint({
  id: 'listBudgets',
  method: 'GET',
  path: '/api/v1/campaigns/:id/budgets',
  summary: '年度工作经费与奖励、削减(含计算过程) Budgets with rewards and cuts and their working',
  tag: 'budget',
  params: IdParams,
  response: z.object({
    status: z.enum(['open', 'closed']),
    medianTasks: z.number().nullable(),
    formula: z.object(Bilingual),
    items: z.array(BudgetRow),
  }),
});
/** yuan, at most two decimals (fen) */
const Yuan = z
  .number()
  .min(0)
  .max(1e10)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { message: 'at most two decimals' });
export const setBudget = endpoint({
  id: 'setBudget',
  method: 'PUT',
  path: '/api/v1/campaigns/:id/budgets/:unitId',
  summary: '财政局录入单位年度工作经费预算(元) Finance enters a unit’s annual work budget in yuan',
  tag: 'budget',
  params: UnitParams,
  body: z.object({ amount: Yuan, note: OptText(500).default(''), rowVersion: z.number().int().optional() }),
  response: BudgetRow,
});

/** the budget sheet (.xlsx): every unit the reader may see, with its budget, reward, cut and working */
export const budgetSheet = endpoint({
  id: 'budgetSheet',
  method: 'GET',
  path: '/api/v1/campaigns/:id/budgets/sheet',
  summary: '经费挂钩表(.xlsx,含每个单位的计算过程) The budget sheet with every unit’s working',
  tag: 'budget',
  params: IdParams,
  response: z.string().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (binary)'),
});

// ── reports ──

export const REPORT_FORMATS = ['xlsx', 'docx'] as const;
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ReportFile = z.string().describe(`${XLSX_MIME_TYPE} or ${DOCX_MIME} (binary)`);
export const assessmentReport = endpoint({
  id: 'assessmentReport',
  method: 'GET',
  path: '/api/v1/campaigns/:id/assessment/report',
  summary: '全县年度考核报告(.xlsx 或 .docx):排名、得分构成、表彰名单、经费奖惩 The county’s year-end report',
  tag: 'assessment',
  params: IdParams,
  query: z.object({ format: z.enum(REPORT_FORMATS).default('xlsx') }),
  response: ReportFile,
});
export const unitAssessmentReport = endpoint({
  id: 'unitAssessmentReport',
  method: 'GET',
  path: '/api/v1/campaigns/:id/assessment/units/:unitId/report',
  summary: '单位年度考核报告(.xlsx 或 .docx) A unit’s year-end report',
  tag: 'assessment',
  params: UnitParams,
  query: z.object({ format: z.enum(REPORT_FORMATS).default('xlsx') }),
  response: ReportFile,
});
