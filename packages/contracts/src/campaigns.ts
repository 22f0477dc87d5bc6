import { z } from 'zod';
import { PolicySchema } from '@luoshi/domain';
import { endpoint, DateOnly, Id, IdParams, OptText, Text, patchOf } from './endpoint.ts';

const Keyed = z.object({ key: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/), title: Text(200), description: OptText(2000).default('') });

export const ProjectList = z.object({ id: z.string(), name: z.string(), size: z.number().int(), sortOrder: z.number().int(), taskCount: z.number().int() });

export const PolicyVersion = z.object({
  version: z.number().int(),
  effectiveFrom: z.string(),
  policy: PolicySchema,
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});

export const Campaign = z.object({
  id: z.string(),
  year: z.number().int(),
  name: z.string(),
  requirements: z.string(),
  goals: z.array(Keyed),
  streams: z.array(Keyed),
  measures: z.array(Keyed),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(['active', 'closed']),
  copiedFromId: z.string().nullable(),
  lists: z.array(ProjectList),
  /** the policy in force today */
  policy: PolicyVersion,
  taskCount: z.number().int(),
});
export type CampaignT = z.infer<typeof Campaign>;

export const CampaignSummary = Campaign.omit({ policy: true, lists: true, requirements: true, measures: true });

export const listCampaigns = endpoint({
  id: 'listCampaigns',
  method: 'GET',
  path: '/api/v1/campaigns',
  summary: '活动列表 Campaigns',
  tag: 'campaigns',
  response: z.object({ items: z.array(CampaignSummary) }),
});
export const getCampaign = endpoint({
  id: 'getCampaign',
  method: 'GET',
  path: '/api/v1/campaigns/:id',
  summary: '活动详情 Campaign',
  tag: 'campaigns',
  params: IdParams,
  response: Campaign,
});

const CampaignFields = z.object({
  year: z.number().int().min(2000).max(2100),
  name: Text(100),
  requirements: OptText(20000).default(''),
  goals: z.array(Keyed).max(50).default([]),
  streams: z.array(Keyed).max(50).default([]),
  measures: z.array(Keyed).max(100).default([]),
  startDate: DateOnly,
  endDate: DateOnly,
});
export const createCampaign = endpoint({
  id: 'createCampaign',
  method: 'POST',
  path: '/api/v1/campaigns',
  summary: '新建活动 Create campaign',
  tag: 'campaigns',
  body: CampaignFields.extend({ lists: z.array(z.object({ name: Text(60), size: z.number().int().min(1).max(1000) })).max(50).default([]) }),
  response: Campaign,
});
export const updateCampaign = endpoint({
  id: 'updateCampaign',
  method: 'PATCH',
  path: '/api/v1/campaigns/:id',
  summary: '修改活动 Update campaign',
  tag: 'campaigns',
  params: IdParams,
  body: patchOf(CampaignFields).extend({ status: z.enum(['active', 'closed']).optional() }),
  response: Campaign,
});
export const copyCampaign = endpoint({
  id: 'copyCampaign',
  method: 'POST',
  path: '/api/v1/campaigns/:id/copy',
  summary: '按本年结构建立下一年度活动 Start next year’s campaign as a copy',
  tag: 'campaigns',
  params: IdParams,
  body: z.object({ year: z.number().int().min(2000).max(2100), name: Text(100).optional() }),
  response: Campaign,
});
export const listPolicyVersions = endpoint({
  id: 'listPolicyVersions',
  method: 'GET',
  path: '/api/v1/campaigns/:id/policy',
  summary: '政策版本 Policy versions',
  tag: 'campaigns',
  params: IdParams,
  response: z.object({ items: z.array(PolicyVersion) }),
});
export const addPolicyVersion = endpoint({
  id: 'addPolicyVersion',
  method: 'POST',
  path: '/api/v1/campaigns/:id/policy',
  summary: '发布新政策版本 Publish a policy version',
  tag: 'campaigns',
  params: IdParams,
  body: z.object({ effectiveFrom: DateOnly, policy: PolicySchema, note: OptText(500).nullable().default(null) }),
  response: PolicyVersion,
});
export const saveProjectList = endpoint({
  id: 'saveProjectList',
  method: 'POST',
  path: '/api/v1/campaigns/:id/lists',
  summary: '新建或修改项目清单 Create or update a project list',
  tag: 'campaigns',
  params: IdParams,
  body: z.object({ listId: Id.optional(), name: Text(60), size: z.number().int().min(1).max(1000), sortOrder: z.number().int().min(0).max(1000).default(0) }),
  response: ProjectList,
});

// ── unit implementation plans (R-PLAN-2) ──
export const PlanContent = z.object({
  /** 专门机构 and 办公人员 */
  organisation: OptText(2000).default(''),
  staff: z.array(z.object({ name: Text(40), post: OptText(60).default(''), phone: OptText(30).default('') })).max(50).default([]),
  goals: z.array(Text(1000)).max(100).default([]),
  measures: z.array(Text(1000)).max(100).default([]),
  timeNodes: z.array(z.object({ date: DateOnly, item: Text(500) })).max(200).default([]),
});
export const PLAN_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export const PlanVersion = z.object({
  version: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  content: PlanContent,
  draftedBy: z.string(),
  draftedAt: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
});
export const UnitPlan = z.object({
  campaignId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  status: z.enum(['missing', ...PLAN_STATUSES]),
  deadline: z.string().nullable(),
  late: z.boolean(),
  firstSubmittedAt: z.string().nullable(),
  versions: z.array(PlanVersion),
});
export const PlanOverviewRow = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  status: z.enum(['missing', ...PLAN_STATUSES]),
  version: z.number().int(),
  firstSubmittedAt: z.string().nullable(),
  late: z.boolean(),
  lastComment: z.string().nullable(),
});
const PlanParams = z.object({ id: Id, unitId: Id });
export const planOverview = endpoint({
  id: 'planOverview',
  method: 'GET',
  path: '/api/v1/campaigns/:id/plans',
  summary: '各单位实施方案报送情况 Plan submission overview',
  tag: 'plans',
  params: IdParams,
  response: z.object({ deadline: z.string().nullable(), items: z.array(PlanOverviewRow) }),
});
export const getUnitPlan = endpoint({
  id: 'getUnitPlan',
  method: 'GET',
  path: '/api/v1/campaigns/:id/plans/:unitId',
  summary: '单位实施方案 Unit plan with versions',
  tag: 'plans',
  params: PlanParams,
  response: UnitPlan,
});
export const saveUnitPlan = endpoint({
  id: 'saveUnitPlan',
  method: 'PUT',
  path: '/api/v1/campaigns/:id/plans/:unitId',
  summary: '起草实施方案 Draft the unit plan',
  tag: 'plans',
  params: PlanParams,
  body: PlanContent,
  response: UnitPlan,
});
export const submitUnitPlan = endpoint({
  id: 'submitUnitPlan',
  method: 'POST',
  path: '/api/v1/campaigns/:id/plans/:unitId/submit',
  summary: '主要领导报送实施方案 Principal submits the plan',
  tag: 'plans',
  params: PlanParams,
  response: UnitPlan,
});
export const reviewUnitPlan = endpoint({
  id: 'reviewUnitPlan',
  method: 'POST',
  path: '/api/v1/campaigns/:id/plans/:unitId/review',
  summary: '督查室审核(通过或退回) Office accepts or returns',
  tag: 'plans',
  params: PlanParams,
  body: z.object({ decision: z.enum(['accept', 'return']), comment: OptText(2000).default('') }),
  response: UnitPlan,
});
