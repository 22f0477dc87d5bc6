import { z } from 'zod';
import { NOTICE_KINDS, NOTICE_STATUSES } from '@luoshi/domain';
import { endpoint, pageBy, DateOnly, Id, IdParams, OptText, Paged, Text } from './endpoint.ts';
import { FileBytes } from './files.ts';

/** a citizen's case that missed its clock enters the ladder like a late task (SPEC §10) */
export const SUBJECT_TYPES = ['task', 'plan', 'unit', 'case'] as const;

export const Notice = z.object({
  id: z.string(),
  campaignId: z.string(),
  kind: z.enum(NOTICE_KINDS),
  subjectType: z.enum(SUBJECT_TYPES),
  subjectId: z.string(),
  subjectTitle: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  parentNoticeId: z.string().nullable(),
  proposalId: z.string().nullable(),
  status: z.enum(NOTICE_STATUSES),
  title: z.string(),
  body: z.string(),
  criticism: z.boolean(),
  majorImpact: z.boolean(),
  deadline: z.string().nullable(),
  docNumber: z.string().nullable(),
  approvers: z.array(z.object({ personId: z.string(), name: z.string() })),
  draftedBy: z.string(),
  draftedAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  issuedAt: z.string().nullable(),
  issuedOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  deduction: z.number(),
  appealOpenUntil: z.string().nullable(),
  /** shown on the public portal (issued commendations and criticism bulletins only) */
  published: z.boolean(),
  rowVersion: z.number().int(),
});
export type NoticeT = z.infer<typeof Notice>;

export const listNotices = endpoint({
  id: 'listNotices',
  method: 'GET',
  path: '/api/v1/campaigns/:id/notices',
  summary: '督办、催办、查办与通报 Notices',
  tag: 'supervision',
  params: IdParams,
  /** newest first (drafted, then id); bulletin: issued commendations and criticism bulletins, what may be published */
  query: z
    .object({
      unitId: Id.optional(),
      kind: z.enum(NOTICE_KINDS).optional(),
      status: z.enum(NOTICE_STATUSES).optional(),
      subjectId: Id.optional(),
      bulletin: z.enum(['true', 'false']).optional(),
    })
    .extend(pageBy(100, 500).shape),
  response: Paged(Notice),
});
export const getNotice = endpoint({
  id: 'getNotice',
  method: 'GET',
  path: '/api/v1/notices/:id',
  summary: '通知详情 Notice detail',
  tag: 'supervision',
  params: IdParams,
  response: Notice,
});
export const draftNotice = endpoint({
  id: 'draftNotice',
  method: 'POST',
  path: '/api/v1/campaigns/:id/notices',
  summary: '督查室拟稿(督办/催办意见/查办意见/通报表扬) The office drafts a notice or opinion',
  tag: 'supervision',
  params: IdParams,
  body: z.object({
    kind: z.enum(NOTICE_KINDS),
    subjectType: z.enum(SUBJECT_TYPES).default('task'),
    subjectId: Id,
    /** the unit addressed; defaults to the task's lead unit */
    unitId: Id.optional(),
    /** the lapsed notice a 催办 or 查办 follows */
    parentNoticeId: Id.nullable().default(null),
    proposalId: Id.nullable().default(null),
    title: OptText(200).optional(),
    body: OptText(20000).optional(),
    deadline: DateOnly.optional(),
    /** 查办 needs the office's finding that the delay has a major impact on the county */
    majorImpact: z.boolean().default(false),
  }),
  response: Notice,
});
export const updateNotice = endpoint({
  id: 'updateNotice',
  method: 'PATCH',
  path: '/api/v1/notices/:id',
  summary: '修改草稿 Edit a draft',
  tag: 'supervision',
  params: IdParams,
  body: z.object({ rowVersion: z.number().int(), title: Text(200).optional(), body: Text(20000).optional(), deadline: DateOnly.optional(), majorImpact: z.boolean().optional() }),
  response: Notice,
});
export const submitNotice = endpoint({
  id: 'submitNotice',
  method: 'POST',
  path: '/api/v1/notices/:id/submit',
  summary: '送审或直接下发(督办) Send for approval, or issue (督办)',
  tag: 'supervision',
  params: IdParams,
  response: Notice,
});
export const decideNotice = endpoint({
  id: 'decideNotice',
  method: 'POST',
  path: '/api/v1/notices/:id/decide',
  summary: '县领导审定:同意或不同意 The county leader approves or rejects',
  tag: 'supervision',
  params: IdParams,
  body: z.object({ decision: z.enum(['approve', 'reject']), reason: OptText(2000).default('') }),
  response: Notice,
});
export const withdrawNotice = endpoint({
  id: 'withdrawNotice',
  method: 'POST',
  path: '/api/v1/notices/:id/withdraw',
  summary: '撤回草稿或送审件 Withdraw a draft',
  tag: 'supervision',
  params: IdParams,
  body: z.object({ reason: Text(1000) }),
  response: Notice,
});
export const fulfilNotice = endpoint({
  id: 'fulfilNotice',
  method: 'POST',
  path: '/api/v1/notices/:id/fulfil',
  summary: '确认整改到位 The office confirms rectification',
  tag: 'supervision',
  params: IdParams,
  body: z.object({ note: Text(2000) }),
  response: Notice,
});
/** One step of a subject's escalation history, said in both languages. */
export const TimelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  zh: z.string(),
  en: z.string(),
  noticeId: z.string().nullable(),
  actor: z.string().nullable(),
});
export const approvalQueue = endpoint({
  id: 'approvalQueue',
  method: 'GET',
  path: '/api/v1/approvals',
  summary: '我的待审定事项 Drafts awaiting my approval',
  tag: 'supervision',
  response: z.object({
    items: z.array(
      Notice.extend({
        task: z
          .object({ code: z.string(), title: z.string(), plannedEnd: z.string().nullable(), progress: z.number(), light: z.string(), lightText: z.object({ zh: z.string(), en: z.string() }) })
          .nullable(),
        /** the subject's escalation history, oldest first; `what` is in the request's language */
        history: z.array(TimelineEntry.extend({ what: z.string() })),
      }),
    ),
  }),
});

/** 公文 of an issued notice (GB/T 9704-2012): .docx, or PDF when LibreOffice is installed on the server. */
export const noticeDocument = endpoint({
  id: 'noticeDocument',
  method: 'GET',
  path: '/api/v1/notices/:id/document',
  summary: '下载通知公文(.docx 或 PDF) Download an issued notice as an official document (.docx or PDF)',
  tag: 'supervision',
  params: IdParams,
  query: z.object({ format: z.enum(['docx', 'pdf']).default('docx') }),
  response: FileBytes,
});

/** How many drafts await the signed-in leader: the menu badge asks this, not the whole queue. */
export const approvalCount = endpoint({
  id: 'approvalCount',
  method: 'GET',
  path: '/api/v1/approvals/count',
  summary: '待我审定的件数 How many drafts await my approval',
  tag: 'supervision',
  response: z.object({ count: z.number().int() }),
});

export const subjectTimeline = endpoint({
  id: 'subjectTimeline',
  method: 'GET',
  path: '/api/v1/tasks/:id/escalations',
  summary: '任务的督查问责全过程 A task’s escalation history',
  tag: 'supervision',
  params: IdParams,
  response: z.object({ notices: z.array(Notice), timeline: z.array(TimelineEntry) }),
});

export const Proposal = z.object({
  id: z.string(),
  kind: z.string(),
  subjectType: z.enum(SUBJECT_TYPES),
  subjectId: z.string(),
  subjectTitle: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  parentNoticeId: z.string().nullable(),
  /** the lapsed notice a 催办 or 查办 follows: its number (once issued) and title */
  parentNotice: z.object({ id: z.string(), docNumber: z.string().nullable(), title: z.string() }).nullable(),
  reason: z.string(),
  rule: z.string(),
  status: z.enum(['open', 'drafted', 'dismissed']),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  noticeId: z.string().nullable(),
});
export const listProposals = endpoint({
  id: 'listProposals',
  method: 'GET',
  path: '/api/v1/campaigns/:id/proposals',
  summary: '系统巡查生成的建议 Proposals from the sweep',
  tag: 'supervision',
  params: IdParams,
  /** newest first (equal instants by id); q: words of the subject, the unit or the reason */
  query: z
    .object({ status: z.enum(['open', 'drafted', 'dismissed']).optional(), kind: z.enum(NOTICE_KINDS).optional(), q: OptText(60).optional() })
    .extend(pageBy(100, 500).shape),
  response: Paged(Proposal),
});
export const dismissProposal = endpoint({
  id: 'dismissProposal',
  method: 'POST',
  path: '/api/v1/proposals/:id/dismiss',
  summary: '不予采纳(须说明理由) Dismiss a proposal with reasons',
  tag: 'supervision',
  params: IdParams,
  body: z.object({ reason: Text(1000) }),
  response: Proposal,
});

export const Appeal = z.object({
  id: z.string(),
  noticeId: z.string(),
  unitId: z.string(),
  reasons: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  status: z.enum(['pending', 'upheld', 'rejected']),
  deciders: z.array(z.object({ personId: z.string(), name: z.string() })),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export const submitAppeal = endpoint({
  id: 'submitAppeal',
  method: 'POST',
  path: '/api/v1/notices/:id/appeals',
  summary: '申诉 Appeal a notice',
  tag: 'supervision',
  params: IdParams,
  body: z.object({ reasons: Text(10000) }),
  response: Appeal,
});
export const listAppeals = endpoint({
  id: 'listAppeals',
  method: 'GET',
  path: '/api/v1/notices/:id/appeals',
  summary: '申诉记录 Appeals of a notice',
  tag: 'supervision',
  params: IdParams,
  response: z.object({ items: z.array(Appeal) }),
});
export const decideAppeal = endpoint({
  id: 'decideAppeal',
  method: 'POST',
  path: '/api/v1/appeals/:id/decide',
  summary: '申诉处理:成立或不成立 Uphold or reject an appeal',
  tag: 'supervision',
  params: IdParams,
  body: z.object({ decision: z.enum(['uphold', 'reject']), reason: Text(5000) }),
  response: Appeal,
});

export const AccountabilityCase = z.object({
  id: z.string(),
  noticeId: z.string(),
  docNumber: z.string().nullable(),
  kind: z.enum(['efficiency', 'accountability']),
  unitId: z.string(),
  unitName: z.string(),
  status: z.enum(['open', 'decided', 'cancelled']),
  people: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string(), measure: z.string().nullable() })),
  decision: z.string().nullable(),
  measures: z.string().nullable(),
  openedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
});
export const listAccountability = endpoint({
  id: 'listAccountability',
  method: 'GET',
  path: '/api/v1/campaigns/:id/accountability',
  summary: '效能问责与问责 Accountability cases',
  tag: 'supervision',
  params: IdParams,
  response: z.object({ items: z.array(AccountabilityCase) }),
});
export const decideAccountability = endpoint({
  id: 'decideAccountability',
  method: 'POST',
  path: '/api/v1/accountability/:id/decide',
  summary: '监察局记录问责决定 The supervision bureau records the decision',
  tag: 'supervision',
  params: IdParams,
  body: z.object({
    decision: Text(5000),
    measures: OptText(5000).default(''),
    people: z.array(z.object({ personId: Id, measure: OptText(500).default('') })).max(50).default([]),
  }),
  response: AccountabilityCase,
});

export const LedgerEntry = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  noticeId: z.string(),
  docNumber: z.string().nullable(),
  kind: z.enum(['deduction', 'reversal']),
  points: z.number(),
  reason: z.string(),
  createdAt: z.string(),
});
export const deductionLedger = endpoint({
  id: 'deductionLedger',
  method: 'GET',
  path: '/api/v1/campaigns/:id/deductions',
  summary: '扣分台账 The deduction ledger',
  tag: 'supervision',
  params: IdParams,
  query: z.object({ unitId: Id.optional() }),
  response: z.object({ entries: z.array(LedgerEntry), totals: z.array(z.object({ unitId: z.string(), unitName: z.string(), points: z.number() })) }),
});
export const eligibility = endpoint({
  id: 'eligibility',
  method: 'GET',
  path: '/api/v1/campaigns/:id/eligibility',
  summary: '取消评优资格名单 Who lost award eligibility',
  tag: 'supervision',
  params: IdParams,
  query: z.object({ unitId: Id.optional(), includeReversed: z.enum(['true', 'false']).default('false') }),
  response: z.object({
    items: z.array(
      z.object({
        id: z.string(),
        unitId: z.string(),
        unitName: z.string(),
        personId: z.string().nullable(),
        personName: z.string().nullable(),
        role: z.enum(['unit', 'principal', 'responsible_leader', 'handler']),
        noticeId: z.string(),
        docNumber: z.string().nullable(),
        createdAt: z.string(),
        reversedAt: z.string().nullable(),
      }),
    ),
  }),
});
