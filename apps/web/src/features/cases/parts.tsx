/** Pieces the case screens share: status and clock tags, the masked submitter, pick lists. */
import { Tag, Typography } from 'antd';
import { CASE_STATUS_LABELS, CLOCK_LABELS, type CaseStatus, type ClockName } from '@luoshi/domain';
import { cases, org, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { casesDict } from './messages.ts';

export type CaseRowT = ResponseOf<typeof cases.listCases>['items'][number];
export type CaseDetailT = ResponseOf<typeof cases.getCase>;
export type SubmitterT = CaseRowT['submitter'];
export type ClockT = CaseRowT['clocks'][number];
export type SimilarT = ResponseOf<typeof cases.similarCases>['items'][number];

export const STATUS_COLORS: Record<CaseStatus, string> = {
  received: 'gold',
  handling: 'processing',
  not_accepted: 'default',
  replied: 'cyan',
  review: 'purple',
  re_review: 'magenta',
  closed: 'success',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const label = useLabel();
  return <Tag color={STATUS_COLORS[status]}>{label(CASE_STATUS_LABELS[status])}</Tag>;
}

const CLOCK_COLORS: Record<ClockT['status'], string> = { running: 'processing', paused: 'purple', met: 'success', late: 'error', overdue: 'error' };
const CLOCK_STATUS = {
  running: { zh: '计时中', en: 'Running' },
  paused: { zh: '暂停', en: 'Paused' },
  met: { zh: '按期', en: 'Met' },
  late: { zh: '逾期完成', en: 'Met late' },
  overdue: { zh: '已超期', en: 'Overdue' },
};

export function ClockStatusTag({ status }: { status: ClockT['status'] }) {
  const label = useLabel();
  return <Tag color={CLOCK_COLORS[status]}>{label(CLOCK_STATUS[status])}</Tag>;
}

export function useClockName(): (n: ClockName) => string {
  const label = useLabel();
  return (n) => label(CLOCK_LABELS[n]);
}

/** The submitter as lists show it: masked, or 匿名. */
export function SubmitterText({ s }: { s: SubmitterT }) {
  const t = useT(casesDict);
  if (s.anonymous) return <Typography.Text type="secondary">{t('anonymous')}</Typography.Text>;
  return <span>{[s.name, s.phone].filter(Boolean).join(' ')}</span>;
}

export function useCategories() {
  const r = useLoad((signal) => call(cases.listCategories, { signal }), []);
  return { categories: r.data?.items ?? [], reload: r.reload, loading: r.loading, error: r.error };
}

export function useRegions() {
  const r = useLoad((signal) => call(org.listRegions, { signal }), []);
  return r.data?.items ?? [];
}
