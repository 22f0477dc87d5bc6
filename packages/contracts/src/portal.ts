/** The public portal (R-PUB-1, R-PUB-2): no sign-in; only what the office published leaves through here. */
import { z } from 'zod';
import { CASE_STATUSES, SATISFACTION } from '@luoshi/domain';
import { endpoint, IdParams, OptText, Text } from './endpoint.ts';
import { FileBytes } from './files.ts';

export const PublicCategory = z.object({ code: z.string(), name: z.string(), nameEn: z.string(), group: z.string(), description: z.string() });
export const categories = endpoint({ id: 'portalCategories', method: 'GET', path: '/api/v1/portal/categories', summary: '可反映的问题分类 Categories', tag: 'portal', public: true, response: z.object({ items: z.array(PublicCategory) }) });

/** Public text: the length is checked again against the case policy; markup is refused. */
export const SubmitBody = z.object({
  categoryCode: z.string().regex(/^[a-z0-9_]{1,40}$/),
  title: OptText(100).default(''),
  content: Text(5000),
  address: OptText(200).default(''),
  anonymous: z.boolean().default(false),
  name: OptText(40).default(''),
  phone: z.string().trim().regex(/^([0-9+\-\s]{5,20})?$/).default(''),
  email: z.union([z.string().trim().max(120).email(), z.literal('')]).default(''),
});
export const submitCase = endpoint({
  id: 'portalSubmitCase',
  method: 'POST',
  path: '/api/v1/portal/cases',
  summary: '反映问题 Report a problem',
  tag: 'portal',
  public: true,
  body: SubmitBody,
  response: z.object({ number: z.string(), checkCode: z.string(), status: z.enum(CASE_STATUSES), statusLabel: z.string(), receivedOn: z.string() }),
});

const Lookup = z.object({
  number: z.string().trim().toUpperCase().regex(/^[A-Z]{1,6}\d{4}-\d{6,8}$/),
  /** the check code given at submission, or the last four digits of the phone number given */
  code: z.string().trim().min(4).max(12),
});
export const PublicCase = z.object({
  number: z.string(),
  categoryName: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  statusLabel: z.string(),
  receivedOn: z.string(),
  ownerUnitName: z.string().nullable(),
  dueOn: z.string().nullable(),
  repliedOn: z.string().nullable(),
  reply: z.string().nullable(),
  satisfaction: z.enum(SATISFACTION).nullable(),
  canRate: z.boolean(),
  timeline: z.array(z.object({ at: z.string(), label: z.string(), note: z.string() })),
});
export const lookupCase = endpoint({ id: 'portalLookupCase', method: 'POST', path: '/api/v1/portal/cases/lookup', summary: '查询办理进度 Look a case up', tag: 'portal', public: true, body: Lookup, response: PublicCase });
export const rateCase = endpoint({
  id: 'portalRateCase',
  method: 'POST',
  path: '/api/v1/portal/cases/rate',
  summary: '评价办理结果 Rate the reply',
  tag: 'portal',
  public: true,
  body: Lookup.extend({ satisfaction: z.enum(SATISFACTION), comment: OptText(500).default('') }),
  response: PublicCase,
});


/** A published progress report as the public sees it. */
export const PublicReport = z.object({ date: z.string(), percent: z.number(), narrative: z.string() });
/** One published task with every published progress report and evidence file: its own page. */
export const PublicTask = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  unitName: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  progress: z.number(),
  light: z.string().nullable(),
  status: z.string(),
  reports: z.array(PublicReport),
  evidence: z.array(z.object({ id: z.string(), name: z.string(), mime: z.string() })),
});
/** The length a list item's report text is cut to (the whole text is on the task's page). */
export const SUMMARY_NARRATIVE_CHARS = 140;
/** A published task in the list: the latest published report only, and how many files its page lists. */
export const PublicTaskSummary = PublicTask.omit({ reports: true, evidence: true }).extend({
  /** the latest published progress report, its text cut to SUMMARY_NARRATIVE_CHARS; null when none is published */
  latestReport: PublicReport.nullable(),
  evidenceCount: z.number().int(),
});
export const TASK_PAGE_MAX = 100;
/**
 * Pages by key: `cursor` is the previous page's `nextCursor` (opaque), so a page never repeats or
 * skips a task when others are published or withdrawn meanwhile. `q` matches the code, the title or
 * the lead unit's name (Latin letters in either case).
 */
export const TaskPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(TASK_PAGE_MAX).default(20),
  cursor: z.string().max(400).optional(),
  q: OptText(50).optional(),
});
export const tasks = endpoint({
  id: 'portalTasks',
  method: 'GET',
  path: '/api/v1/portal/tasks',
  summary: '公开的工作任务(分页)Published tasks, a page at a time',
  tag: 'portal',
  public: true,
  query: TaskPageQuery,
  /** items in code order; total counts every task matching q; nextCursor is null on the last page */
  response: z.object({ items: z.array(PublicTaskSummary), nextCursor: z.string().nullable(), total: z.number().int() }),
});
export const task = endpoint({ id: 'portalTask', method: 'GET', path: '/api/v1/portal/tasks/:id', summary: '公开的工作任务详情 A published task', tag: 'portal', public: true, params: IdParams, response: PublicTask });
export const evidence = endpoint({
  id: 'portalEvidence',
  method: 'GET',
  path: '/api/v1/portal/evidence/:id',
  summary: '下载公开的佐证材料 Download published evidence',
  tag: 'portal',
  public: true,
  params: IdParams,
  response: FileBytes,
});
export const PublicRanking = z.object({
  year: z.number().int(),
  campaignName: z.string(),
  closedOn: z.string(),
  rows: z.array(z.object({ rank: z.number().int(), unitName: z.string(), kind: z.string(), score: z.number() })),
});
export const ranking = endpoint({ id: 'portalRanking', method: 'GET', path: '/api/v1/portal/ranking', summary: '公开的年度考核排名 Published annual rankings', tag: 'portal', public: true, response: z.object({ items: z.array(PublicRanking) }) });
export const PublicBulletin = z.object({ id: z.string(), kind: z.enum(['commend', 'criticism']), kindLabel: z.string(), docNumber: z.string().nullable(), title: z.string(), body: z.string(), unitName: z.string(), issuedOn: z.string().nullable() });
export const bulletins = endpoint({ id: 'portalBulletins', method: 'GET', path: '/api/v1/portal/bulletins', summary: '通报(表扬与批评)Bulletins', tag: 'portal', public: true, response: z.object({ items: z.array(PublicBulletin) }) });
export const PublicCommitment = z.object({ id: z.string(), unitName: z.string(), problem: z.string(), commitment: z.string(), dueOn: z.string(), status: z.enum(['open', 'done']), doneOn: z.string().nullable(), progressNote: z.string() });
export const commitments = endpoint({ id: 'portalCommitments', method: 'GET', path: '/api/v1/portal/commitments', summary: '公开承诺 Commitments', tag: 'portal', public: true, response: z.object({ items: z.array(PublicCommitment) }) });
export const PublicItem = z.object({ code: z.string(), name: z.string(), kind: z.string(), unitName: z.string(), legalBasis: z.string(), materials: z.array(z.string()), steps: z.array(z.string()), legalDays: z.number().nullable(), promisedDays: z.number().nullable(), fee: z.string(), decision: z.string().nullable(), decisionOn: z.string().nullable() });
export const catalogue = endpoint({ id: 'portalCatalogue', method: 'GET', path: '/api/v1/portal/catalogue', summary: '行政审批事项目录 Approval items', tag: 'portal', public: true, response: z.object({ items: z.array(PublicItem) }) });
