/** Names and colours of report and task states, shared by the pages that list them. */
import type { TaskStatus } from '@luoshi/domain';
import type { Text2 } from './i18n.tsx';

export type ReportStatus = 'draft' | 'pending_confirmation' | 'submitted' | 'accepted' | 'returned' | 'superseded';

export const REPORT_STATUS_LABELS: Record<ReportStatus, Text2> = {
  draft: { zh: '草稿', en: 'Draft' },
  pending_confirmation: { zh: '待单位领导确认', en: 'Awaiting confirmation' },
  submitted: { zh: '待测评', en: 'Awaiting review' },
  accepted: { zh: '已通过', en: 'Accepted' },
  returned: { zh: '已退回', en: 'Returned' },
  superseded: { zh: '已被更正', en: 'Superseded' },
};

export const REPORT_STATUS_COLORS: Record<ReportStatus, string> = {
  draft: 'default',
  pending_confirmation: 'purple',
  submitted: 'gold',
  accepted: 'green',
  returned: 'red',
  superseded: 'default',
};

export const TASK_STATUS_COLORS: Record<TaskStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  completed: 'success',
  cancelled: 'default',
};

export function reportStatus(s: string): ReportStatus {
  return (s in REPORT_STATUS_LABELS ? s : 'draft') as ReportStatus;
}
