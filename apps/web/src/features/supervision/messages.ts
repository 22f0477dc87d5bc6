/** Words of the supervision pages (督查、审定、问责、扣分台账), Chinese first. */
import type { Dict, Text2 } from '../../lib/i18n.tsx';
import { common } from '../../lib/common.ts';

export const dict = {
  ...common,
  // page titles
  proposalsTitle: { zh: '督查建议', en: 'Proposals' },
  noticesTitle: { zh: '督查通知', en: 'Notices' },
  approvalsTitle: { zh: '待我审定', en: 'Awaiting my approval' },
  accountabilityTitle: { zh: '效能问责与问责', en: 'Accountability cases' },
  ledgerTitle: { zh: '扣分台账', en: 'Deduction ledger' },
  escalationsTitle: { zh: '督查问责全过程', en: 'Escalation history' },

  // proposals
  proposalsHint: {
    zh: '系统巡查发现的逾期、落后事项和到期的升级环节,由督查室决定拟稿或不予采纳;系统只提出建议,从不自行下发。',
    en: 'Late work and due escalations found by the sweep. The office drafts a notice or dismisses the proposal with reasons; the system never issues anything by itself.',
  },
  proposalStatus_open: { zh: '待处理', en: 'Open' },
  proposalStatus_drafted: { zh: '已拟稿', en: 'Drafted' },
  proposalStatus_dismissed: { zh: '不予采纳', en: 'Dismissed' },
  proposalsEmpty: { zh: '没有督查建议', en: 'No proposals' },
  proposalCount: { zh: '共 {n} 条', en: '{n} in all' },
  createdAt: { zh: '提出时间', en: 'Proposed' },
  reason: { zh: '事由', en: 'Reason' },
  rule: { zh: '依据', en: 'Rule' },
  draft: { zh: '拟稿', en: 'Draft' },
  dismiss: { zh: '不予采纳', en: 'Dismiss' },
  dismissTitle: { zh: '不予采纳:{subject}', en: 'Dismiss: {subject}' },
  dismissReason: { zh: '不予采纳的理由', en: 'Reasons for dismissing' },
  dismissReasonRequired: {
    zh: '请说明不予采纳的理由',
    en: 'Give the reasons for dismissing',
  },
  dismissed: { zh: '已不予采纳', en: 'Dismissed' },
  decidedBy: { zh: '处理人', en: 'Handled by' },
  toNotice: { zh: '查看通知', en: 'Open notice' },

  // rules
  rule_plan_missing: {
    zh: '实施方案逾期未报送',
    en: 'implementation plan missing after the deadline',
  },
  rule_supervise_lapsed: {
    zh: '督办限期已过仍未办结',
    en: 'the supervision deadline passed unfinished',
  },
  rule_urge_lapsed: {
    zh: '催办限期已过仍未整改',
    en: 'the urging deadline passed unrectified',
  },
  rule_case_overdue: {
    zh: '群众诉求{clock}期限已过',
    en: 'a citizen’s case is past its {clock} deadline',
  },

  // notice fields
  kind: { zh: '类别', en: 'Kind' },
  status: { zh: '状态', en: 'Status' },
  unit: { zh: '责任单位', en: 'Unit' },
  subject: { zh: '督查事项', en: 'Subject' },
  docNumber: { zh: '文号', en: 'Document number' },
  noticeTitle: { zh: '标题', en: 'Title' },
  body: { zh: '正文', en: 'Body' },
  deadline: { zh: '办结(整改)期限', en: 'Deadline' },
  deduction: { zh: '扣分', en: 'Deduction' },
  points: { zh: '{n} 分', en: '{n} pt' },
  parentNotice: { zh: '前序通知', en: 'Follows' },
  approvers: { zh: '审定领导', en: 'Approving leader' },
  draftedBy: { zh: '拟稿', en: 'Drafted' },
  submittedAt: { zh: '送审时间', en: 'Sent for approval' },
  decided: { zh: '审定', en: 'Decided' },
  decisionReason: { zh: '审定意见', en: 'Decision reasons' },
  withdrawReasonShown: { zh: '撤回理由', en: 'Reasons for withdrawing' },
  issuedAt: { zh: '下发时间', en: 'Issued' },
  closedAt: { zh: '办结/关闭时间', en: 'Closed' },
  appealWindow: { zh: '申诉期', en: 'Appeal window' },
  appealUntil: { zh: '{date} 前可申诉', en: 'until {date}' },
  appealClosed: { zh: '申诉期已过({date})', en: 'closed ({date})' },
  criticism: { zh: '通报批评', en: 'Public criticism' },
  majorImpact: {
    zh: '对全县发展大局造成重大影响',
    en: 'Major impact on the county',
  },
  majorImpactHint: {
    zh: '查办须由督查室认定延误对全县发展大局造成重大影响。',
    en: 'An investigation needs the office’s finding that the delay has a major impact on the county.',
  },
  issuedOn: { zh: '下发日期', en: 'Issued on' },
  byAt: { zh: '{who} · {at}', en: '{who} · {at}' },
  notYet: { zh: '—', en: '—' },
  unitFilter: { zh: '单位', en: 'Unit' },
  kindFilter: { zh: '类别', en: 'Kind' },
  statusFilter: { zh: '状态', en: 'Status' },
  noticesEmpty: { zh: '没有通知', en: 'No notices' },
  draftNoNumber: {
    zh: '(草稿,下发时编号)',
    en: '(draft; numbered when issued)',
  },
  subjectTask: { zh: '任务', en: 'Task' },
  subjectPlan: { zh: '实施方案', en: 'Implementation plan' },
  subjectUnit: { zh: '单位', en: 'Unit' },
  relatedNotices: { zh: '本事项的督查通知', en: 'Notices on this subject' },
  toTask: { zh: '查看任务', en: 'Open task' },
  toTimeline: { zh: '督查问责全过程', en: 'Escalation history' },

  // draft
  draftTitle: { zh: '拟稿:{kind}', en: 'Draft: {kind}' },
  draftKind: { zh: '类别', en: 'Kind' },
  draftTitleHint: {
    zh: '留空则按公文模板生成',
    en: 'Leave empty for the standard wording',
  },
  draftDeadlineHint: {
    zh: '留空则按活动政策计算',
    en: 'Leave empty for the policy’s default',
  },
  drafted: {
    zh: '已拟稿,请核对后送审或下发',
    en: 'Drafted; check it, then send or issue it',
  },
  opinion_urge: { zh: '催办意见', en: 'Urging opinion' },
  opinion_investigate: { zh: '查办意见', en: 'Investigation opinion' },
  draftSupervise: { zh: '拟督办', en: 'Draft supervision' },
  draftCommend: { zh: '拟通报表扬', en: 'Draft commendation' },
  draftUrge: { zh: '拟催办意见', en: 'Draft urging opinion' },
  draftInvestigate: { zh: '拟查办意见', en: 'Draft investigation opinion' },

  // actions on a notice
  editDraft: { zh: '修改草稿', en: 'Edit draft' },
  issue: { zh: '下发', en: 'Issue' },
  issueConfirm: {
    zh: '确定下发?将生成文号并计入扣分台账。',
    en: 'Issue it? It gets a document number and enters the deduction ledger.',
  },
  issued: { zh: '已下发', en: 'Issued' },
  submit: { zh: '送领导审定', en: 'Send for approval' },
  submitConfirm: {
    zh: '送县政府领导审定?',
    en: 'Send to the county leader for approval?',
  },
  submitted: { zh: '已送审', en: 'Sent for approval' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
  withdrawReason: { zh: '撤回理由', en: 'Reasons for withdrawing' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  fulfil: { zh: '确认整改到位', en: 'Confirm rectification' },
  fulfilNote: { zh: '核实情况', en: 'What was verified' },
  fulfilled: { zh: '已确认办结', en: 'Confirmed' },
  reasonRequired: { zh: '请填写理由', en: 'Give the reasons' },
  noteRequired: { zh: '请填写核实情况', en: 'Say what was verified' },

  // documents (公文)
  documents: { zh: '公文', en: 'Official document' },
  downloadDocx: { zh: '下载 Word', en: 'Download Word' },
  downloadPdf: { zh: '下载 PDF', en: 'Download PDF' },
  pdfWorking: { zh: '正在生成 PDF,请稍候…', en: 'Making the PDF, a moment…' },

  // approval (审定)
  approve: { zh: '同意', en: 'Approve' },
  reject: { zh: '不同意', en: 'Reject' },
  confirmApprove: { zh: '确认同意', en: 'Confirm approval' },
  confirmReject: { zh: '确认不同意', en: 'Confirm rejection' },
  approveOpinion: { zh: '审定意见(可不填)', en: 'Opinion (optional)' },
  rejectReason: {
    zh: '不同意的理由(必填)',
    en: 'Reasons for rejecting (required)',
  },
  approved: { zh: '已同意,通知已下发', en: 'Approved; the notice is issued' },
  rejected: {
    zh: '已不同意,已退回督查室',
    en: 'Rejected; returned to the office',
  },
  approvalsEmpty: {
    zh: '没有待您审定的事项',
    en: 'Nothing awaits your approval',
  },
  approvalsCount: { zh: '待审定 {n} 件', en: '{n} awaiting approval' },
  nOfM: { zh: '第 {n} / {m} 件', en: '{n} of {m}' },
  prev: { zh: '上一件', en: 'Previous' },
  next: { zh: '下一件', en: 'Next' },
  taskState: { zh: '任务情况', en: 'The task' },
  due: { zh: '完成时限', en: 'Due' },
  progress: { zh: '进度', en: 'Progress' },
  light: { zh: '状态灯', en: 'Light' },
  history: { zh: '督查经过', en: 'History' },
  noHistory: { zh: '暂无记录', en: 'Nothing recorded' },
  opinion: { zh: '拟办意见', en: 'The draft' },
  showAll: { zh: '展开全文', en: 'Show all' },
  showLess: { zh: '收起', en: 'Show less' },
  proposedDeadline: { zh: '拟定期限', en: 'Proposed deadline' },
  sentBy: {
    zh: '督查室 {who} 于 {at} 送审',
    en: 'Sent by {who} of the office, {at}',
  },
  awaitingLeader: { zh: '待 {names} 审定', en: 'Awaiting {names}' },
  decideHere: { zh: '您是本事项的审定领导', en: 'You approve this draft' },

  // appeals (申诉)
  appeals: { zh: '申诉', en: 'Appeals' },
  appeal: { zh: '申诉', en: 'Appeal' },
  appealTitle: { zh: '申诉:{title}', en: 'Appeal: {title}' },
  appealReasons: { zh: '申诉理由', en: 'Reasons' },
  appealReasonsRequired: {
    zh: '请写明申诉理由和依据',
    en: 'Give the reasons and the evidence',
  },
  appealSent: { zh: '申诉已提交', en: 'Appeal submitted' },
  appealHint: {
    zh: '申诉由责任单位主要负责人在申诉期内提出;督办由督查室处理,催办、查办由审定领导处理。',
    en: 'The principal appeals within the window; the office decides a supervision notice, the approving leader an urging or investigation notice.',
  },
  appealStatus_pending: { zh: '待处理', en: 'Pending' },
  appealStatus_upheld: { zh: '申诉成立', en: 'Upheld' },
  appealStatus_rejected: { zh: '申诉不成立', en: 'Rejected' },
  appealBy: { zh: '{who} 于 {at} 申诉', en: 'Appealed by {who}, {at}' },
  appealDeciders: { zh: '处理人', en: 'Decided by' },
  appealDecidersOffice: { zh: '督查室', en: 'The office' },
  uphold: { zh: '申诉成立', en: 'Uphold' },
  rejectAppeal: { zh: '申诉不成立', en: 'Reject' },
  decideAppealTitle: { zh: '处理申诉', en: 'Decide the appeal' },
  decideAppealReason: { zh: '处理意见', en: 'Reasons' },
  upheld: {
    zh: '申诉成立,扣分和资格取消已撤销',
    en: 'Upheld; the deduction and lost eligibility are reversed',
  },
  appealRejected: { zh: '申诉不成立', en: 'Appeal rejected' },
  noAppeals: { zh: '没有申诉', en: 'No appeals' },

  // accountability (问责)
  caseKind_efficiency: { zh: '效能问责', en: 'Efficiency accountability' },
  caseKind_accountability: { zh: '问责', en: 'Accountability' },
  caseStatus_open: { zh: '待处理', en: 'Open' },
  caseStatus_decided: { zh: '已作出决定', en: 'Decided' },
  caseStatus_cancelled: { zh: '已撤销(申诉成立)', en: 'Cancelled on appeal' },
  accountabilityHint: {
    zh: '下发催办后由监察局对责任单位班子成员进行效能问责;下发查办后实施问责。',
    en: 'An urging notice opens efficiency accountability of the unit’s leadership; an investigation notice opens accountability.',
  },
  people: { zh: '问责对象', en: 'People' },
  measure: { zh: '处理措施', en: 'Measure' },
  decision: { zh: '问责决定', en: 'Decision' },
  measures: { zh: '整改措施', en: 'Measures' },
  openedAt: { zh: '立案时间', en: 'Opened' },
  decide: { zh: '记录决定', en: 'Record decision' },
  decideCaseTitle: {
    zh: '记录问责决定:{doc}',
    en: 'Record the decision: {doc}',
  },
  decisionRequired: { zh: '请填写问责决定', en: 'Write the decision' },
  addPerson: { zh: '增加人员', en: 'Add a person' },
  removePerson: { zh: '移除', en: 'Remove' },
  person: { zh: '人员', en: 'Person' },
  caseDecided: { zh: '问责决定已记录', en: 'Decision recorded' },
  casesEmpty: { zh: '没有问责案件', en: 'No cases' },
  role_principal: { zh: '主要负责人', en: 'Principal' },
  role_deputy: { zh: '分管领导', en: 'Leader in charge' },
  role_handler: { zh: '责任人(承办人)', en: 'Handler' },
  role_liaison: { zh: '联络员', en: 'Liaison' },
  role_other: { zh: '其他人员', en: 'Other' },
  role_unit: { zh: '责任单位', en: 'The unit' },
  role_responsible_leader: {
    zh: '责任领导(分管领导)',
    en: 'Responsible leader',
  },

  // ledger
  ledgerTab: { zh: '扣分台账', en: 'Deductions' },
  eligibilityTab: { zh: '取消评优资格名单', en: 'Lost award eligibility' },
  ledgerHint: {
    zh: '一年内每下发督办、催办、查办一次,在目标责任考核中分别扣分;申诉成立的以冲销记录撤销,原记录保留。',
    en: 'Each supervision, urging or investigation notice in the year costs points in the annual assessment; an upheld appeal adds a reversing entry and the record stays.',
  },
  totals: { zh: '各单位扣分合计', en: 'Totals by unit' },
  entries: { zh: '扣分记录', en: 'Entries' },
  totalPoints: { zh: '合计扣分', en: 'Total deducted' },
  entryKind_deduction: { zh: '扣分', en: 'Deduction' },
  entryKind_reversal: { zh: '冲销', en: 'Reversal' },
  entryAt: { zh: '记录时间', en: 'Recorded' },
  ledgerEmpty: { zh: '没有扣分记录', en: 'No deductions' },
  eligibilityHint: {
    zh: '下发催办、查办后,责任单位及其主要负责人、责任领导和责任人取消年终考核评优资格;申诉成立的予以恢复。',
    en: 'An urging or investigation notice costs the unit, its principal, its responsible leader and its handler their year-end award eligibility; an upheld appeal restores it.',
  },
  includeReversed: { zh: '包括已恢复的', en: 'Include restored' },
  who: { zh: '单位/人员', en: 'Unit or person' },
  roleCol: { zh: '身份', en: 'Role' },
  lostAt: { zh: '取消时间', en: 'Lost' },
  restoredAt: { zh: '已恢复({at})', en: 'Restored ({at})' },
  eligibilityEmpty: {
    zh: '没有取消评优资格的单位或人员',
    en: 'Nobody lost eligibility',
  },
  allUnits: { zh: '全部单位', en: 'All units' },

  // timeline
  timelineEmpty: {
    zh: '该任务尚无督查记录',
    en: 'No escalations for this task yet',
  },
  systemSweep: { zh: '系统巡查', en: 'The sweep' },
} satisfies Dict;

export type Key = keyof typeof dict & string;

/** Colours of notice states: running red/blue, closed grey or green. */
export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  pending_approval: 'gold',
  rejected: 'volcano',
  withdrawn: 'default',
  issued: 'processing',
  fulfilled: 'success',
  lapsed: 'error',
  reversed: 'purple',
};

export const KIND_COLORS: Record<string, string> = {
  commend: 'green',
  supervise: 'orange',
  urge: 'volcano',
  investigate: 'red',
};

/** What a proposal's rule means, for rules that are not light rules. */
export const RULE_KEYS: Record<string, Key> = {
  plan_missing: 'rule_plan_missing',
  supervise_lapsed: 'rule_supervise_lapsed',
  urge_lapsed: 'rule_urge_lapsed',
};

export const ROLE_KEYS: Record<string, Key> = {
  principal: 'role_principal',
  deputy: 'role_deputy',
  handler: 'role_handler',
  liaison: 'role_liaison',
  other: 'role_other',
  unit: 'role_unit',
  responsible_leader: 'role_responsible_leader',
};

export type { Text2 };
