/**
 * 五个一作风转变行动 (R-FIVE, seed §三.3): the discipline rectification drive with its checks,
 * public commitments (tasks of the source kind 'commitment' under a campaign goal), and the cases
 * of violations investigated (查处). The efficiency evaluation is in evaluation.ts.
 */
import { z } from 'zod';
import { LIGHTS, TASK_STATUSES } from '@luoshi/domain';
import { endpoint, DateOnly, Id, IdParams, OptText, Text } from './endpoint.ts';

export const RectificationCheck = z.object({
  id: z.string(),
  driveId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  checkedOn: z.string(),
  checkerUnitName: z.string().nullable(),
  result: z.enum(['good', 'problem']),
  findings: z.string(),
  requirement: z.string(),
  deadline: z.string().nullable(),
  rectifiedOn: z.string().nullable(),
  rectifiedNote: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const Drive = z.object({
  id: z.string(),
  campaignId: z.string(),
  title: z.string(),
  description: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  /** the units the drive covers; empty: every unit */
  unitIds: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  checks: z.array(RectificationCheck),
});
export const listDrives = endpoint({
  id: 'listDrives',
  method: 'GET',
  path: '/api/v1/campaigns/:id/rectification-drives',
  summary: '作风纪律集中整顿及检查情况(单位只见本单位的检查) Rectification drives and their checks',
  tag: 'conduct',
  params: IdParams,
  response: z.object({ items: z.array(Drive) }),
});
export const createDrive = endpoint({
  id: 'createDrive',
  method: 'POST',
  path: '/api/v1/campaigns/:id/rectification-drives',
  summary: '部署作风纪律集中整顿 Schedule a discipline rectification drive',
  tag: 'conduct',
  params: IdParams,
  body: z.object({ title: Text(200), description: OptText(5000).default(''), startDate: DateOnly, endDate: DateOnly, unitIds: z.array(Id).max(500).default([]) }),
  response: Drive,
});
export const addCheck = endpoint({
  id: 'addCheck',
  method: 'POST',
  path: '/api/v1/rectification-drives/:id/checks',
  summary: '登记对单位的检查及发现的问题 Record a check of a unit and its findings',
  tag: 'conduct',
  params: IdParams,
  body: z.object({
    unitId: Id,
    checkedOn: DateOnly,
    result: z.enum(['good', 'problem']),
    findings: OptText(5000).default(''),
    requirement: OptText(2000).default(''),
    deadline: DateOnly.nullable().default(null),
  }),
  response: RectificationCheck,
});
export const markRectified = endpoint({
  id: 'markRectified',
  method: 'POST',
  path: '/api/v1/rectification-checks/:id/rectified',
  summary: '确认问题已整改 Confirm a finding was rectified',
  tag: 'conduct',
  params: IdParams,
  body: z.object({ rectifiedOn: DateOnly, note: Text(2000) }),
  response: RectificationCheck,
});

export const CONDUCT_CASE_SOURCES = ['check', 'inspection', 'public_report', 'other'] as const;
export const ConductCase = z.object({
  id: z.string(),
  campaignId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  title: z.string(),
  allegation: z.string(),
  source: z.enum(CONDUCT_CASE_SOURCES),
  sourceId: z.string().nullable(),
  status: z.enum(['open', 'decided']),
  violation: z.boolean().nullable(),
  findings: z.string().nullable(),
  decision: z.string().nullable(),
  people: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string(), measure: z.string() })),
  openedBy: z.string(),
  openedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedOn: z.string().nullable(),
});
export const listConductCases = endpoint({
  id: 'listConductCases',
  method: 'GET',
  path: '/api/v1/campaigns/:id/conduct-cases',
  summary: '影响效能建设行为的查处 Cases of violations investigated',
  tag: 'conduct',
  params: IdParams,
  response: z.object({ items: z.array(ConductCase) }),
});
export const openConductCase = endpoint({
  id: 'openConductCase',
  method: 'POST',
  path: '/api/v1/campaigns/:id/conduct-cases',
  summary: '立案查处 Open a case',
  tag: 'conduct',
  params: IdParams,
  body: z.object({ unitId: Id, title: Text(200), allegation: Text(5000), source: z.enum(CONDUCT_CASE_SOURCES), sourceId: Id.nullable().default(null) }),
  response: ConductCase,
});
export const decideConductCase = endpoint({
  id: 'decideConductCase',
  method: 'POST',
  path: '/api/v1/conduct-cases/:id/decide',
  summary: '查处结论、处理决定和涉及人员 Findings, decision and the people concerned',
  tag: 'conduct',
  params: IdParams,
  body: z.object({
    violation: z.boolean(),
    findings: Text(5000),
    decision: Text(5000),
    decidedOn: DateOnly.optional(),
    people: z.array(z.object({ personId: Id, role: OptText(60).default(''), measure: OptText(500).default('') })).max(50).default([]),
  }),
  response: ConductCase,
});

// ── 公开承诺 ──

export const CommitmentItem = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  /** the problem the public reported */
  problem: z.string(),
  /** what the unit commits to do */
  commitment: z.string(),
  acceptanceStandard: z.string(),
  plannedEnd: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  progress: z.number(),
  light: z.enum(LIGHTS),
  lightText: z.string(),
  actualEnd: z.string().nullable(),
  published: z.boolean(),
});
export const CommitmentPlan = z.object({
  id: z.string(),
  code: z.string(),
  goalId: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  title: z.string(),
  /** the rectification plan (整改方案), with the problems it answers */
  plan: z.string(),
  published: z.boolean(),
  progress: z.number(),
  commitments: z.array(CommitmentItem),
});
export const listCommitmentPlans = endpoint({
  id: 'listCommitmentPlans',
  method: 'GET',
  path: '/api/v1/campaigns/:id/commitments',
  summary: '整改方案与公开承诺(按任务可见范围) Rectification plans and public commitments',
  tag: 'conduct',
  params: IdParams,
  query: z.object({ unitId: Id.optional() }),
  response: z.object({
    items: z.array(CommitmentPlan),
    /** the campaign's goals, which a unit's plan hangs under (a unit's staff may not read them in the task tree) */
    goals: z.array(z.object({ id: z.string(), code: z.string(), title: z.string() })),
  }),
});
export const createCommitmentPlan = endpoint({
  id: 'createCommitmentPlan',
  method: 'POST',
  path: '/api/v1/campaigns/:id/commitment-plans',
  summary: '单位制定整改方案(挂在活动目标下) A unit writes its rectification plan under a campaign goal',
  tag: 'conduct',
  params: IdParams,
  body: z.object({ goalId: Id, unitId: Id, title: Text(200), problems: Text(5000), plan: Text(20000) }),
  response: CommitmentPlan,
});
export const addCommitment = endpoint({
  id: 'addCommitment',
  method: 'POST',
  path: '/api/v1/commitment-plans/:id/commitments',
  summary: '添加承诺事项(有承诺时限,像任务一样跟踪) Add a commitment with its due date, tracked like a task',
  tag: 'conduct',
  params: IdParams,
  body: z.object({
    title: Text(200),
    problem: Text(500),
    commitment: Text(5000),
    acceptanceStandard: OptText(2000).default(''),
    plannedStart: DateOnly.nullable().default(null),
    plannedEnd: DateOnly,
  }),
  response: CommitmentPlan,
});
export const publishCommitmentPlan = endpoint({
  id: 'publishCommitmentPlan',
  method: 'POST',
  path: '/api/v1/commitment-plans/:id/publish',
  summary: '公开承诺(单位主要领导或督查室) Publish the plan and its commitments',
  tag: 'conduct',
  params: IdParams,
  response: CommitmentPlan,
});
export const portalCommitmentPlans = endpoint({
  id: 'portalCommitmentPlans',
  method: 'GET',
  path: '/api/v1/portal/campaigns/:id/commitments',
  summary: '已公开的整改方案和承诺及兑现情况 Published commitments and how they stand (public)',
  tag: 'portal',
  params: IdParams,
  public: true,
  response: z.object({
    items: z.array(
      CommitmentPlan.omit({ goalId: true, published: true, unitId: true }).extend({
        commitments: z.array(CommitmentItem.omit({ published: true })),
      }),
    ),
  }),
});
