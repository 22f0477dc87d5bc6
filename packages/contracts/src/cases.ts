/** Citizens' cases (R-PUB-2, R-PUB-3, R-PUB-5): staff intake and handling, configuration, statistics. */
import { z } from 'zod';
import { CASE_CHANNELS, CASE_STATUSES, CLOCK_NAMES, CasePolicySchema, SATISFACTION } from '@luoshi/domain';
import { endpoint, pageBy, DateOnly, Id, IdParams, Ok, OptText, Paged, Text } from './endpoint.ts';

const Phone = z.string().trim().regex(/^[0-9+\-\s]{5,20}$/);
const Email = z.string().trim().max(120).email();

export const Clock = z.object({
  name: z.enum(CLOCK_NAMES),
  startedOn: z.string(),
  dueOn: z.string(),
  stoppedOn: z.string().nullable(),
  status: z.enum(['running', 'paused', 'met', 'late', 'overdue']),
  pausedDays: z.number(),
  daysLeft: z.number().nullable(),
  limitDays: z.number(),
});

/** Personal data as most readers see it: masked. */
export const Submitter = z.object({
  anonymous: z.boolean(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  email: z.string().nullable(),
  /** true only in the audited full view */
  full: z.boolean(),
});

export const CaseEvent = z.object({ at: z.string(), kind: z.string(), label: z.string(), actorName: z.string().nullable(), note: z.string(), fromUnitName: z.string().nullable(), toUnitName: z.string().nullable(), public: z.boolean() });

export const Case = z.object({
  id: z.string(),
  number: z.string(),
  channel: z.enum(CASE_CHANNELS),
  categoryId: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  regionId: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  title: z.string(),
  content: z.string(),
  petition: z.boolean(),
  submitter: Submitter,
  ownerUnitId: z.string().nullable(),
  ownerUnitName: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  statusLabel: z.string(),
  transfers: z.number().int(),
  escalatedAt: z.string().nullable(),
  receivedOn: z.string(),
  acceptanceOn: z.string().nullable(),
  accepted: z.boolean().nullable(),
  acceptanceNote: z.string().nullable(),
  dueOn: z.string().nullable(),
  extension: z.object({ days: z.number(), approvedBy: z.string(), on: z.string() }).nullable(),
  pauses: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
  repliedOn: z.string().nullable(),
  reply: z.string().nullable(),
  reviewRequestedOn: z.string().nullable(),
  reviewDecidedOn: z.string().nullable(),
  reReviewRequestedOn: z.string().nullable(),
  reReviewDecidedOn: z.string().nullable(),
  satisfaction: z.enum(SATISFACTION).nullable(),
  closedAt: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  backlog: z.boolean(),
  dispute: z.boolean(),
  resolvedOn: z.string().nullable(),
  published: z.boolean(),
  clocks: z.array(Clock),
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  rowVersion: z.number().int(),
});
export type CaseT = z.infer<typeof Case>;
/** One stage's decision (受理, 办理答复, 复查, 复核); `reply` on the case stays the latest text. */
export const CaseDecision = z.object({
  stage: z.enum(['acceptance', 'reply', 'review', 'reReview']),
  stageLabel: z.string(),
  /** acceptance only */
  outcome: z.enum(['accepted', 'not_accepted']).nullable(),
  decidedOn: z.string(),
  at: z.string(),
  actorName: z.string().nullable(),
  unitName: z.string().nullable(),
  text: z.string(),
});
export const CaseDetail = Case.extend({ events: z.array(CaseEvent), decisions: z.array(CaseDecision), checkCode: z.string().nullable() });

export const Similar = z.object({ id: z.string(), number: z.string(), title: z.string(), status: z.enum(CASE_STATUSES), ownerUnitName: z.string().nullable(), score: z.number() });

export const Category = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  group: z.string(),
  keywords: z.string(),
  petition: z.boolean(),
  handleDays: z.number().int().nullable(),
  attributes: z.array(z.record(z.string(), z.unknown())),
  open311: z.boolean(),
  active: z.boolean(),
  sortOrder: z.number().int(),
});

const Attribute = z.object({
  code: z.string().regex(/^[A-Za-z0-9_]{1,40}$/),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean().default(false),
  description: z.string().max(200),
  order: z.number().int().min(0).max(100).default(0),
  variable: z.boolean().default(true),
  values: z.array(z.object({ key: z.string().max(60), name: z.string().max(120) })).max(50).optional(),
});
const CategoryBody = z.object({
  code: z.string().regex(/^[a-z0-9_]{1,40}$/),
  name: Text(60),
  nameEn: Text(80),
  description: OptText(500).default(''),
  group: OptText(60).default(''),
  keywords: OptText(300).default(''),
  petition: z.boolean().default(false),
  handleDays: z.number().int().min(1).max(365).nullable().default(null),
  attributes: z.array(Attribute).max(20).default([]),
  open311: z.boolean().default(true),
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(100000).default(0),
});

export const listCategories = endpoint({ id: 'listCaseCategories', method: 'GET', path: '/api/v1/case-categories', summary: '问题分类 Case categories', tag: 'cases', response: z.object({ items: z.array(Category) }) });
export const createCategory = endpoint({ id: 'createCaseCategory', method: 'POST', path: '/api/v1/case-categories', summary: '新增分类 Add a category', tag: 'cases', body: CategoryBody, response: Category });
export const updateCategory = endpoint({ id: 'updateCaseCategory', method: 'PATCH', path: '/api/v1/case-categories/:id', summary: '修改分类 Change a category', tag: 'cases', params: IdParams, body: CategoryBody.partial().omit({ code: true }), response: Category });

export const RoutingRule = z.object({ id: z.string(), categoryId: z.string().nullable(), categoryName: z.string().nullable(), regionId: z.string().nullable(), regionName: z.string().nullable(), unitId: z.string(), unitName: z.string(), priority: z.number().int() });
export const listRoutingRules = endpoint({ id: 'listRoutingRules', method: 'GET', path: '/api/v1/case-routing-rules', summary: '分派规则 Routing rules', tag: 'cases', response: z.object({ items: z.array(RoutingRule) }) });
export const createRoutingRule = endpoint({
  id: 'createRoutingRule',
  method: 'POST',
  path: '/api/v1/case-routing-rules',
  summary: '新增分派规则 Add a routing rule',
  tag: 'cases',
  body: z.object({ categoryId: Id.nullable().default(null), regionId: Id.nullable().default(null), unitId: Id, priority: z.number().int().min(-1000).max(1000).default(0) }),
  response: RoutingRule,
});
export const deleteRoutingRule = endpoint({ id: 'deleteRoutingRule', method: 'DELETE', path: '/api/v1/case-routing-rules/:id', summary: '删除分派规则 Delete a routing rule', tag: 'cases', params: IdParams, response: Ok });

export const getCasePolicy = endpoint({ id: 'getCasePolicy', method: 'GET', path: '/api/v1/case-policy', summary: '诉求办理政策 Case policy', tag: 'cases', response: CasePolicySchema });
export const updateCasePolicy = endpoint({ id: 'updateCasePolicy', method: 'PUT', path: '/api/v1/case-policy', summary: '修改诉求办理政策 Change the case policy', tag: 'cases', body: CasePolicySchema, response: CasePolicySchema });

export const IntakeBody = z.object({
  channel: z.enum(['hotline', 'letter', 'visit', 'media']),
  categoryId: Id,
  title: OptText(100).default(''),
  content: Text(5000),
  regionId: Id.nullable().default(null),
  address: OptText(200).default(''),
  petition: z.boolean().optional(),
  anonymous: z.boolean().default(false),
  name: OptText(40).default(''),
  phone: Phone.or(z.literal('')).default(''),
  idNumber: z.string().trim().regex(/^(\d{17}[\dXx])?$/).default(''),
  email: Email.or(z.literal('')).default(''),
  /** the day the letter, call or visit came in (default today) */
  receivedOn: DateOnly.optional(),
  /** media reports: the outlet and date */
  sourceNote: OptText(200).default(''),
});
export const intakeCase = endpoint({
  id: 'intakeCase',
  method: 'POST',
  path: '/api/v1/cases',
  summary: '登记诉求(热线、来信、来访、媒体) Register a case',
  tag: 'cases',
  body: IntakeBody,
  response: z.object({ case: CaseDetail, similar: z.array(Similar) }),
});
export const CaseQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  unitId: Id.optional(),
  categoryId: Id.optional(),
  petition: z.enum(['true', 'false']).optional(),
  backlog: z.enum(['true', 'false']).optional(),
  dispute: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
}).extend(pageBy(100, 500).shape);
/** Newest first (received into the system; equal instants by id), a page at a time. */
export const listCases = endpoint({ id: 'listCases', method: 'GET', path: '/api/v1/cases', summary: '诉求列表 Cases', tag: 'cases', query: CaseQuery, response: Paged(Case) });
export const getCase = endpoint({ id: 'getCase', method: 'GET', path: '/api/v1/cases/:id', summary: '诉求详情 Case detail', tag: 'cases', params: IdParams, response: CaseDetail });
export const revealPersonal = endpoint({
  id: 'revealCasePersonal',
  method: 'POST',
  path: '/api/v1/cases/:id/personal',
  summary: '查看完整个人信息(留痕) Full personal data, audited',
  tag: 'cases',
  params: IdParams,
  response: Submitter,
});
export const similarCases = endpoint({ id: 'similarCases', method: 'GET', path: '/api/v1/cases/:id/similar', summary: '相似诉求 Similar cases', tag: 'cases', params: IdParams, response: z.object({ items: z.array(Similar) }) });

const Row = z.object({ rowVersion: z.number().int() });
export const acceptCase = endpoint({
  id: 'acceptCase',
  method: 'POST',
  path: '/api/v1/cases/:id/accept',
  summary: '受理或不予受理 Accept or refuse',
  tag: 'cases',
  params: IdParams,
  body: Row.extend({ accept: z.boolean(), note: OptText(1000).default('') }),
  response: CaseDetail,
});
export const transferCase = endpoint({
  id: 'transferCase',
  method: 'POST',
  path: '/api/v1/cases/:id/transfer',
  summary: '转办(须说明理由) Transfer to another unit',
  tag: 'cases',
  params: IdParams,
  body: Row.extend({ toUnitId: Id, reason: Text(500) }),
  response: CaseDetail,
});
export const replyCase = endpoint({ id: 'replyCase', method: 'POST', path: '/api/v1/cases/:id/reply', summary: '答复 Reply', tag: 'cases', params: IdParams, body: Row.extend({ reply: Text(5000) }), response: CaseDetail });
/** The owner unit closes a replied case (办结) when the citizen does not rate it, e.g. after a phone call. */
export const closeCase = endpoint({
  id: 'closeCase',
  method: 'POST',
  path: '/api/v1/cases/:id/close',
  summary: '办结(答复后) Close a replied case',
  tag: 'cases',
  params: IdParams,
  body: Row.extend({ note: OptText(1000).default('') }),
  response: CaseDetail,
});
export const extendCase = endpoint({
  id: 'extendCase',
  method: 'POST',
  path: '/api/v1/cases/:id/extension',
  summary: '延长办理期限(一次,须负责人批准) Extend once',
  tag: 'cases',
  params: IdParams,
  body: Row.extend({ days: z.number().int().min(1).max(365), approvedBy: Text(60), reason: Text(500) }),
  response: CaseDetail,
});
export const pauseCase = endpoint({
  id: 'pauseCase',
  method: 'POST',
  path: '/api/v1/cases/:id/pause',
  summary: '听证开始或结束(期间不计时) Start or end a hearing',
  tag: 'cases',
  params: IdParams,
  body: Row.extend({ action: z.enum(['start', 'end']), note: OptText(500).default('') }),
  response: CaseDetail,
});
export const reviewCase = endpoint({
  id: 'reviewCase',
  method: 'POST',
  path: '/api/v1/cases/:id/review',
  summary: '复查、复核的申请与决定 Review and re-review',
  tag: 'cases',
  params: IdParams,
  body: Row.extend({ action: z.enum(['request', 'decide', 'requestReReview', 'decideReReview']), note: Text(5000) }),
  response: CaseDetail,
});
export const flagCase = endpoint({
  id: 'flagCase',
  method: 'POST',
  path: '/api/v1/cases/:id/flags',
  summary: '积案、矛盾纠纷、重复件、公开 Backlog, dispute, duplicate, publication',
  tag: 'cases',
  params: IdParams,
  body: Row.extend({ backlog: z.boolean().optional(), dispute: z.boolean().optional(), resolved: z.boolean().optional(), duplicateOf: Id.nullable().optional(), published: z.boolean().optional(), note: OptText(500).default('') }),
  response: CaseDetail,
});

export const UnitSatisfaction = z.object({
  unitId: z.string(),
  unitName: z.string(),
  /** cases received in the period and owned by the unit now */
  cases: z.number().int(),
  /** of them, closed (办结, including not accepted) */
  closed: z.number().int(),
  /** of them, rated by the resident */
  rated: z.number().int(),
  satisfied: z.number().int(),
  basic: z.number().int(),
  unsatisfied: z.number().int(),
  /** (satisfied + basically satisfied) / rated, percent with one decimal; null without ratings */
  rate: z.number().nullable(),
  criticismMark: z.boolean(),
  overdue: z.number().int(),
});
/** A calendar year, or a period from–to (both days included) of the day cases were received. */
export const SatisfactionQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
});
export const satisfaction = endpoint({
  id: 'caseSatisfaction',
  method: 'GET',
  path: '/api/v1/case-stats/satisfaction',
  summary: '各单位满意度统计(低于85%通报) Satisfaction by unit',
  tag: 'cases',
  query: SatisfactionQuery,
  response: z.object({ from: z.string(), to: z.string(), threshold: z.number(), items: z.array(UnitSatisfaction) }),
});
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const exportSatisfaction = endpoint({
  id: 'caseSatisfactionExport',
  method: 'GET',
  path: '/api/v1/case-stats/satisfaction.xlsx',
  summary: '导出各单位满意度统计 Export satisfaction by unit (.xlsx)',
  tag: 'cases',
  query: SatisfactionQuery,
  response: z.string().describe(`${XLSX_MIME} (binary)`),
});

/** 节假日安排: the holiday schedule the petition clocks count against (the case policy's calendar). */
export const HolidayDay = z.object({ date: z.string(), kind: z.enum(['rest', 'work']), weekday: z.number().int().min(0).max(6), note: z.string() });
export const HolidayYear = z.object({
  year: z.number().int(),
  /** false: the last-day rule is off and the schedule changes no clock */
  shiftToWorkingDay: z.boolean(),
  /** the years that have a schedule, newest first */
  years: z.array(z.number().int()),
  days: z.array(HolidayDay),
});
export const HolidayChange = HolidayYear.extend({ /** open cases whose due date moved */ redated: z.number().int() });
const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const DateParams = z.object({ date: DateOnly });
export const listHolidays = endpoint({ id: 'listCaseHolidays', method: 'GET', path: '/api/v1/case-holidays', summary: '节假日安排(某年) The holiday schedule of a year', tag: 'cases', query: YearQuery, response: HolidayYear });
export const setHoliday = endpoint({
  id: 'setCaseHoliday',
  method: 'PUT',
  path: '/api/v1/case-holidays/:date',
  summary: '设置放假日或调休上班日 Set a day off or a make-up working day',
  tag: 'cases',
  params: DateParams,
  body: z.object({ kind: z.enum(['rest', 'work']), note: OptText(60).default('') }),
  response: HolidayChange,
});
export const deleteHoliday = endpoint({ id: 'deleteCaseHoliday', method: 'DELETE', path: '/api/v1/case-holidays/:date', summary: '删除一天 Remove a day from the schedule', tag: 'cases', params: DateParams, response: HolidayChange });
export const importHolidays = endpoint({
  id: 'importCaseHolidays',
  method: 'POST',
  path: '/api/v1/case-holidays/import',
  summary: '粘贴导入一年的节假日安排(替换该年) Import a year from pasted lines, replacing it',
  tag: 'cases',
  body: z.object({ year: z.number().int().min(2000).max(2100), text: Text(20000) }),
  response: HolidayChange,
});
export const importHolidaysXlsx = endpoint({
  id: 'importCaseHolidaysXlsx',
  method: 'POST',
  path: '/api/v1/case-holidays/:year/import.xlsx',
  summary: '从 .xlsx 导入一年的节假日安排(multipart,字段 file;替换该年) Import a year from .xlsx, replacing it',
  tag: 'cases',
  params: YearQuery,
  response: HolidayChange,
});
