import { z } from 'zod';
import { LIGHTS } from '@luoshi/domain';
import { endpoint, DateOnly, Id, IdParams, OptText, Text } from './endpoint.ts';

export const REPORT_STATUSES = ['draft', 'pending_confirmation', 'submitted', 'accepted', 'returned', 'superseded'] as const;
export const Attachment = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  hasThumbnail: z.boolean(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export const IndicatorActual = z.object({ indicatorId: Id, actual: z.number().finite() });
export const Report = z.object({
  id: z.string(),
  taskId: z.string(),
  chainId: z.string(),
  version: z.number().int(),
  unitId: z.string(),
  unitName: z.string(),
  narrative: z.string(),
  percent: z.number(),
  indicatorActuals: z.array(z.object({ indicatorId: z.string(), name: z.string(), unit: z.string(), target: z.number().nullable(), actual: z.number() })),
  completionClaim: z.boolean(),
  status: z.enum(REPORT_STATUSES),
  authorUserId: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
  attachments: z.array(Attachment),
  /** what this version changed against the one it corrects */
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type ReportT = z.infer<typeof Report>;

const ReportInput = z.object({
  narrative: Text(20000),
  percent: z.number().min(0).max(100),
  indicatorActuals: z.array(IndicatorActual).max(50).default([]),
  /** the unit declares the task done (办结) — the office then accepts or returns it */
  completionClaim: z.boolean().default(false),
});

export const listReports = endpoint({
  id: 'listReports',
  method: 'GET',
  path: '/api/v1/tasks/:id/reports',
  summary: '任务的进度填报(含全部版本) Reports of a task, every version',
  tag: 'progress',
  params: IdParams,
  response: z.object({ items: z.array(Report) }),
});
export const createReport = endpoint({
  id: 'createReport',
  method: 'POST',
  path: '/api/v1/tasks/:id/reports',
  summary: '起草进度填报 Draft a progress report',
  tag: 'progress',
  params: IdParams,
  body: ReportInput.extend({ unitId: Id.optional() }),
  response: Report,
});
export const updateDraft = endpoint({
  id: 'updateDraft',
  method: 'PUT',
  path: '/api/v1/reports/:id',
  summary: '修改草稿(仅草稿可改) Edit a draft',
  tag: 'progress',
  params: IdParams,
  body: ReportInput,
  response: Report,
});
export const submitReport = endpoint({
  id: 'submitReport',
  method: 'POST',
  path: '/api/v1/reports/:id/submit',
  summary: '报送 Submit a report',
  tag: 'progress',
  params: IdParams,
  response: Report,
});
export const confirmReport = endpoint({
  id: 'confirmReport',
  method: 'POST',
  path: '/api/v1/reports/:id/confirm',
  summary: '单位领导确认 The unit’s leader confirms',
  tag: 'progress',
  params: IdParams,
  response: Report,
});
export const correctReport = endpoint({
  id: 'correctReport',
  method: 'POST',
  path: '/api/v1/reports/:id/correct',
  summary: '更正(生成新版本) Correct a report as a new version',
  tag: 'progress',
  params: IdParams,
  body: ReportInput,
  response: Report,
});
export const reviewReport = endpoint({
  id: 'reviewReport',
  method: 'POST',
  path: '/api/v1/reports/:id/review',
  summary: '督查室测评:通过或退回 The office accepts or returns',
  tag: 'progress',
  params: IdParams,
  body: z.object({ decision: z.enum(['accept', 'return']), comment: OptText(2000).default('') }),
  response: Report,
});
export const reviewQueue = endpoint({
  id: 'reviewQueue',
  method: 'GET',
  path: '/api/v1/campaigns/:id/review-queue',
  summary: '待测评的填报 Reports awaiting the office',
  tag: 'progress',
  params: IdParams,
  response: z.object({ items: z.array(Report.extend({ taskCode: z.string(), taskTitle: z.string() })) }),
});

export const SelfInspection = z.object({
  id: z.string(),
  taskId: z.string(),
  unitId: z.string(),
  period: z.string(),
  rating: z.enum(['good', 'fair', 'poor']),
  comment: z.string(),
  byName: z.string(),
  createdAt: z.string(),
});
export const listSelfInspections = endpoint({
  id: 'listSelfInspections',
  method: 'GET',
  path: '/api/v1/tasks/:id/self-inspections',
  summary: '自查评价记录 Self-inspections of a task',
  tag: 'progress',
  params: IdParams,
  response: z.object({ items: z.array(SelfInspection) }),
});
export const addSelfInspection = endpoint({
  id: 'addSelfInspection',
  method: 'POST',
  path: '/api/v1/tasks/:id/self-inspections',
  summary: '自查评价 Rate one’s own task against its standard',
  tag: 'progress',
  params: IdParams,
  body: z.object({
    unitId: Id.optional(),
    period: z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4]|H[12])$/, { message: 'period' }),
    rating: z.enum(['good', 'fair', 'poor']),
    comment: OptText(5000).default(''),
  }),
  response: SelfInspection,
});

export const LightCounts = z.object({
  total: z.number().int(),
  green: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
  done: z.number().int(),
  none: z.number().int(),
});
const Group = z.object({ key: z.string(), name: z.string(), counts: LightCounts, averageProgress: z.number(), completionRate: z.number() });
export const TaskLight = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  leadUnitName: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  progress: z.number(),
  light: z.enum(LIGHTS),
  rule: z.string(),
  zh: z.string(),
  en: z.string(),
});
export const dashboard = endpoint({
  id: 'dashboard',
  method: 'GET',
  path: '/api/v1/campaigns/:id/dashboard',
  summary: '看板:按单位、内容流、分管领导的灯与完成率 Dashboard',
  tag: 'progress',
  params: IdParams,
  query: z.object({ date: DateOnly.optional() }),
  response: z.object({
    date: z.string(),
    totals: LightCounts,
    byUnit: z.array(Group),
    byStream: z.array(Group),
    byLeader: z.array(Group),
    overdue: z.array(TaskLight),
    awaitingReview: z.number().int(),
    trend: z.array(z.object({ date: z.string(), submitted: z.number().int(), completed: z.number().int() })),
  }),
});
export const dailyTracking = endpoint({
  id: 'dailyTracking',
  method: 'GET',
  path: '/api/v1/campaigns/:id/daily',
  summary: '日常跟踪:昨日以来的变化 What changed since yesterday',
  tag: 'progress',
  params: IdParams,
  query: z.object({ since: DateOnly.optional() }),
  response: z.object({
    since: z.string(),
    reports: z.array(z.object({ id: z.string(), taskId: z.string(), taskCode: z.string(), taskTitle: z.string(), unitName: z.string(), status: z.string(), percent: z.number(), at: z.string() })),
    lightChanges: z.array(z.object({ taskId: z.string(), taskCode: z.string(), taskTitle: z.string(), on: z.string(), from: z.string().nullable(), to: z.string(), rule: z.string() })),
    newlyOverdue: z.array(TaskLight),
  }),
});

export const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const listNotifications = endpoint({
  id: 'listNotifications',
  method: 'GET',
  path: '/api/v1/notifications',
  summary: '我的提醒 My notifications',
  tag: 'progress',
  query: z.object({ unread: z.enum(['true', 'false']).optional() }),
  response: z.object({ items: z.array(Notification), unread: z.number().int() }),
});
export const markNotificationsRead = endpoint({
  id: 'markNotificationsRead',
  method: 'POST',
  path: '/api/v1/notifications/read',
  summary: '标记为已读 Mark as read',
  tag: 'progress',
  body: z.object({ ids: z.array(Id).max(500).optional(), all: z.boolean().optional() }),
  response: z.object({ updated: z.number().int() }),
});
