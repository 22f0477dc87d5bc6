import { z } from 'zod';
import { LIGHTS, NODE_TYPES, OBSTACLE_KINDS, PRIORITIES, SOURCE_KINDS, TASK_STATUSES } from '@luoshi/domain';
import { endpoint, DateOnly, Id, IdParams, Ok, OptText, Text } from './endpoint.ts';

export const PersonRef = z.object({ personId: z.string(), name: z.string() });
export const Indicator = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  target: z.number().nullable(),
  baseline: z.number().nullable(),
  actual: z.number().nullable(),
});
export const IndicatorInput = z.object({
  /** an existing indicator being edited (a rename keeps its reported actual); without it the name matches */
  id: Id.optional(),
  name: Text(100),
  unit: OptText(20).default(''),
  target: z.number().finite().nullable().default(null),
  baseline: z.number().finite().nullable().default(null),
});

/** One row of the task tree: everything a list, a tree, a Gantt chart or an export shows. */
export const TaskRow = z.object({
  id: z.string(),
  campaignId: z.string(),
  parentId: z.string().nullable(),
  code: z.string(),
  nodeType: z.enum(NODE_TYPES),
  title: z.string(),
  streamKey: z.string().nullable(),
  sourceKind: z.enum(SOURCE_KINDS),
  sourceRef: z.string().nullable(),
  listId: z.string().nullable(),
  priority: z.enum(PRIORITIES),
  leadUnitId: z.string().nullable(),
  leadUnitName: z.string().nullable(),
  cooperatingUnitIds: z.array(z.string()),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  actualStart: z.string().nullable(),
  actualEnd: z.string().nullable(),
  weight: z.number(),
  /** the node's own progress (leaves: from reports) */
  progress: z.number(),
  /** rolled up from the children by weight (equals progress for a leaf) */
  rolledProgress: z.number(),
  status: z.enum(TASK_STATUSES),
  obstacleKind: z.enum(OBSTACLE_KINDS).nullable(),
  leaderIds: z.array(z.string()),
  childCount: z.number().int(),
  /** the status light with the rule that set it (R-PROG-3) */
  light: z.enum(LIGHTS),
  lightRule: z.string(),
  lightText: z.object({ zh: z.string(), en: z.string() }),
  /** shown on the public portal (the office's choice) */
  published: z.boolean(),
  /** false for an ancestor included only to place a match in the tree */
  match: z.boolean(),
});
export type TaskRowT = z.infer<typeof TaskRow>;

export const TaskDetail = TaskRow.extend({
  description: z.string(),
  acceptanceStandard: z.string(),
  postId: z.string().nullable(),
  postTitle: z.string().nullable(),
  coordinator: PersonRef.nullable(),
  published: z.boolean(),
  rowVersion: z.number().int(),
  indicators: z.array(Indicator),
  responsible: z.object({ principal: PersonRef.nullable(), deputy: PersonRef.nullable(), handler: PersonRef.nullable() }),
  responsibilityHistory: z.array(
    z.object({ role: z.enum(['principal', 'deputy', 'handler']), personId: z.string(), name: z.string(), from: z.string(), to: z.string().nullable() }),
  ),
  /** how rolledProgress was made */
  working: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), weight: z.number(), progress: z.number() })),
  path: z.array(z.object({ id: z.string(), code: z.string(), title: z.string() })),
  children: z.array(TaskRow),
  cooperatingUnits: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TaskDetailT = z.infer<typeof TaskDetail>;

export const TaskQuery = z.object({
  unitId: Id.optional(),
  /** the stream a task belongs to, its own or its nearest ancestor's; '-' for none */
  streamKey: z.string().trim().max(40).optional(),
  nodeType: z.enum(NODE_TYPES).optional(),
  sourceKind: z.enum(SOURCE_KINDS).optional(),
  listId: Id.optional(),
  leaderId: Id.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  light: z.enum(LIGHTS).optional(),
  dueFrom: DateOnly.optional(),
  dueTo: DateOnly.optional(),
  q: z.string().trim().max(100).optional(),
  /** true: only leaves match (work not broken down further), as the dashboard counts */
  leaves: z.enum(['true', 'false']).default('false'),
  /** lead: unitId means the lead unit only, as the dashboard groups; any: lead or cooperating */
  unitRole: z.enum(['any', 'lead']).default('any'),
  /** mine: tasks my units lead or cooperate on; charge: units a leader is in charge of */
  scope: z.enum(['all', 'mine', 'charge']).default('all'),
  includeAncestors: z.enum(['true', 'false']).default('true'),
  limit: z.coerce.number().int().min(1).max(50000).default(20000),
});
export type TaskQueryT = z.output<typeof TaskQuery>;

export const listTasks = endpoint({
  id: 'listTasks',
  method: 'GET',
  path: '/api/v1/campaigns/:id/tasks',
  summary: '任务分解树(可筛选) The task tree, filtered',
  tag: 'tasks',
  params: IdParams,
  query: TaskQuery,
  response: z.object({ items: z.array(TaskRow), total: z.number().int(), truncated: z.boolean() }),
});
export const getTask = endpoint({
  id: 'getTask',
  method: 'GET',
  path: '/api/v1/tasks/:id',
  summary: '任务详情 Task detail',
  tag: 'tasks',
  params: IdParams,
  response: TaskDetail,
});

const Responsible = z.object({ principal: Id.nullable().optional(), deputy: Id.nullable().optional(), handler: Id.nullable().optional() });
const TaskFields = z.object({
  code: z.string().trim().min(1).max(40).regex(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, { message: 'code' }).optional(),
  nodeType: z.enum(NODE_TYPES),
  title: Text(300),
  description: OptText(10000).default(''),
  streamKey: z.string().trim().max(40).nullable().default(null),
  sourceKind: z.enum(SOURCE_KINDS).default('other'),
  sourceRef: OptText(300).nullable().default(null),
  listId: Id.nullable().default(null),
  priority: z.enum(PRIORITIES).default('normal'),
  leadUnitId: Id.nullable().default(null),
  cooperatingUnitIds: z.array(Id).max(200).default([]),
  postId: Id.nullable().default(null),
  acceptanceStandard: OptText(5000).default(''),
  plannedStart: DateOnly.nullable().default(null),
  plannedEnd: DateOnly.nullable().default(null),
  weight: z.number().min(0).max(1000).default(1),
  obstacleKind: z.enum(OBSTACLE_KINDS).nullable().default(null),
  coordinatorPersonId: Id.nullable().default(null),
  indicators: z.array(IndicatorInput).max(50).default([]),
  /** defaults to the lead unit's current principal, deputy and handler */
  responsible: Responsible.default({}),
});
export const createTask = endpoint({
  id: 'createTask',
  method: 'POST',
  path: '/api/v1/campaigns/:id/tasks',
  summary: '新建任务节点 Create a task node',
  tag: 'tasks',
  params: IdParams,
  body: TaskFields.extend({ parentId: Id.nullable().default(null) }),
  response: TaskDetail,
});
export const updateTask = endpoint({
  id: 'updateTask',
  method: 'PATCH',
  path: '/api/v1/tasks/:id',
  summary: '修改任务 Update a task',
  tag: 'tasks',
  params: IdParams,
  body: z.object({
    rowVersion: z.number().int().min(1),
    title: Text(300).optional(),
    description: OptText(10000).optional(),
    streamKey: z.string().trim().max(40).nullable().optional(),
    sourceKind: z.enum(SOURCE_KINDS).optional(),
    sourceRef: OptText(300).nullable().optional(),
    listId: Id.nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    leadUnitId: Id.nullable().optional(),
    cooperatingUnitIds: z.array(Id).max(200).optional(),
    postId: Id.nullable().optional(),
    acceptanceStandard: OptText(5000).optional(),
    plannedStart: DateOnly.nullable().optional(),
    plannedEnd: DateOnly.nullable().optional(),
    weight: z.number().min(0).max(1000).optional(),
    status: z.enum(['not_started', 'in_progress', 'cancelled']).optional(),
    obstacleKind: z.enum(OBSTACLE_KINDS).nullable().optional(),
    coordinatorPersonId: Id.nullable().optional(),
    indicators: z.array(IndicatorInput).max(50).optional(),
  }),
  response: TaskDetail,
});
export const setResponsibility = endpoint({
  id: 'setResponsibility',
  method: 'POST',
  path: '/api/v1/tasks/:id/responsibility',
  summary: '变更责任人(保留历史) Change who is responsible, keeping history',
  tag: 'tasks',
  params: IdParams,
  body: z.object({ role: z.enum(['principal', 'deputy', 'handler']), personId: Id.nullable(), from: DateOnly.optional() }),
  response: TaskDetail,
});
export const deleteTask = endpoint({
  id: 'deleteTask',
  method: 'DELETE',
  path: '/api/v1/tasks/:id',
  summary: '删除任务节点(无下级、无填报时) Delete a node without children or reports',
  tag: 'tasks',
  params: IdParams,
  response: Ok,
});

export const Job = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  progress: z.number().int(),
  total: z.number().int(),
  result: z.unknown(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const getJob = endpoint({
  id: 'getJob',
  method: 'GET',
  path: '/api/v1/jobs/:id',
  summary: '后台任务进度 Background job progress',
  tag: 'tasks',
  params: IdParams,
  response: Job,
});

// ── 任务分解表: the Excel template, import and export (R-TASK-5) ──

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An .xlsx file: file routes answer the bytes themselves, not JSON. */
export const XlsxFile = z.string().describe(`${XLSX_MIME} (binary)`);

/** One problem of an import: the Excel row number, the column's header as written, the message. */
export const TaskImportIssue = z.object({ row: z.number().int(), column: z.string(), zh: z.string(), en: z.string() });
export type TaskImportIssueT = z.infer<typeof TaskImportIssue>;

/** The `result` of an import job, while it runs and when it ends. */
export const TaskImportResult = z.object({
  phase: z.enum(['queued', 'reading', 'validating', 'writing', 'done']),
  fileName: z.string(),
  dryRun: z.boolean(),
  /** data rows read (blank rows are skipped) */
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** the first few hundred problems; errorCount counts them all */
  errors: z.array(TaskImportIssue),
  errorCount: z.number().int(),
  /** a failure that is not about one row: an unreadable file, a change made during the import */
  failure: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
});
export type TaskImportResultT = z.infer<typeof TaskImportResult>;

export const importTasks = endpoint({
  id: 'importTasks',
  method: 'POST',
  path: '/api/v1/campaigns/:id/tasks/import',
  summary: '导入任务分解表(multipart,字段 file 为 .xlsx;全部保存或全部不保存,进度见 getJob)Import a task breakdown sheet: all rows or none; follow the job',
  tag: 'tasks',
  params: IdParams,
  /** dryRun=true only validates */
  query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
  response: Job,
});
export const taskSheetTemplate = endpoint({
  id: 'taskSheetTemplate',
  method: 'GET',
  path: '/api/v1/campaigns/:id/tasks/template.xlsx',
  summary: '下载任务分解表模板(含填写说明) Download the empty sheet with an explanation of its columns',
  tag: 'tasks',
  params: IdParams,
  response: XlsxFile,
});
export const exportTasks = endpoint({
  id: 'exportTasks',
  method: 'GET',
  path: '/api/v1/campaigns/:id/tasks/export.xlsx',
  summary: '导出任务分解表(与列表相同的筛选和可见范围) Export the filtered task tree as a sheet that imports back',
  tag: 'tasks',
  params: IdParams,
  query: TaskQuery,
  response: XlsxFile,
});
