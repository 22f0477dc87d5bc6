/** Pieces the supervision pages share: tags, the subject link, the server's date, the history timeline. */
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Flex, Tag, Timeline, Typography } from 'antd';
import { CLOCK_LABELS, NOTICE_KIND_LABELS, NOTICE_STATUS_LABELS, type NoticeKind, type NoticeStatus } from '@luoshi/domain';
import { supervision, system, type NoticeT } from '@luoshi/contracts';
import { call, download } from '../../lib/api.ts';
import { useLoad } from '../../lib/hooks.ts';
import { formatInstant } from '../../lib/format.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { LIGHT_RULE_LABELS } from '../../lib/lights.tsx';
import { dict, KIND_COLORS, ROLE_KEYS, RULE_KEYS, STATUS_COLORS } from './messages.ts';

export function KindTag({ kind }: { kind: string }) {
  const label = useLabel();
  return <Tag color={KIND_COLORS[kind] ?? 'default'}>{label(NOTICE_KIND_LABELS[kind as NoticeKind]) || kind}</Tag>;
}

export function NoticeStatusTag({ status }: { status: string }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-status={status}>
      {label(NOTICE_STATUS_LABELS[status as NoticeStatus]) || status}
    </Tag>
  );
}

/** The rule a proposal came from, in the reader's language. */
export function useRuleText(): (rule: string) => string {
  const t = useT(dict);
  const label = useLabel();
  return useCallback(
    (rule: string) => {
      const light = (LIGHT_RULE_LABELS as Record<string, { zh: string; en: string }>)[rule];
      if (light) return label(light);
      const key = RULE_KEYS[rule];
      if (key) return t(key);
      // a citizen's case past one of its clocks (case_handling_overdue …)
      const clock = /^case_(\w+)_overdue$/.exec(rule)?.[1];
      const clockLabel = clock ? (CLOCK_LABELS as Record<string, { zh: string; en: string }>)[clock] : undefined;
      return clockLabel ? t('rule_case_overdue', { clock: label(clockLabel) }) : rule;
    },
    [t, label],
  );
}

export function useRoleText(): (role: string) => string {
  const t = useT(dict);
  return useCallback((role: string) => (ROLE_KEYS[role] ? t(ROLE_KEYS[role]) : role), [t]);
}

/** Where the subject of a notice or proposal lives in the app. */
export function subjectPath(s: { subjectType: string; subjectId: string; campaignId?: string }, campaignId?: string): string | null {
  const cid = s.campaignId ?? campaignId;
  if (s.subjectType === 'task') return `/app/tasks/${s.subjectId}`;
  if (s.subjectType === 'plan') return cid ? `/app/campaigns/${cid}/plans/${s.subjectId}` : null;
  if (s.subjectType === 'unit') return `/app/units/${s.subjectId}`;
  // a citizen's case (群众诉求) has no staff page here yet
  return null;
}

export function SubjectLink({
  s,
  campaignId,
}: {
  s: {
    subjectType: string;
    subjectId: string;
    subjectTitle: string;
    campaignId?: string;
  };
  campaignId?: string;
}) {
  const to = subjectPath(s, campaignId);
  return to ? <Link to={to}>{s.subjectTitle}</Link> : <span>{s.subjectTitle}</span>;
}

/** The notice's title with its document number, or its state when it has none yet. */
export function NoticeLink({ n }: { n: Pick<NoticeT, 'id' | 'title' | 'docNumber'> }) {
  return (
    <Link to={`/app/notices/${n.id}`}>
      {n.docNumber ? <span className="ls-muted">{n.docNumber} </span> : null}
      {n.title}
    </Link>
  );
}

/** YYYY-MM-DD of an instant in China Standard Time (the county's calendar). */
function dateInChina(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/**
 * Today by the server's clock (which decides appeal windows and deadlines), not the browser's;
 * null until known.
 */
export function useServerToday(): string | null {
  const r = useLoad((signal) => call(system.ready, { signal }), []);
  return r.data ? dateInChina(r.data.now) : null;
}

/**
 * 公文 (.docx and printable PDF) of an issued notice, made by the server as GB/T 9704 asks. The PDF
 * takes LibreOffice a few seconds; the button says so while it works, and a server without
 * LibreOffice answers with a message instead of a file.
 */
export function NoticeDocuments({ n }: { n: NoticeT }) {
  const t = useT(dict);
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'docx' | 'pdf' | null>(null);
  if (!n.docNumber) return null;
  const get = async (format: 'docx' | 'pdf') => {
    setBusy(format);
    try {
      await download(supervision.noticeDocument, { params: { id: n.id }, query: { format } }, `notice.${format}`);
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Flex
      gap={8}
      wrap
      align="center"
      data-testid="notice-documents"
      style={{
        marginTop: 12,
        paddingTop: 12,
        borderTop: '1px dashed rgba(5, 5, 5, 0.12)',
      }}
    >
      <Typography.Text strong>{t('documents')}</Typography.Text>
      <Button loading={busy === 'docx'} disabled={busy !== null && busy !== 'docx'} onClick={() => void get('docx')} data-testid="download-docx">
        {t('downloadDocx')}
      </Button>
      <Button loading={busy === 'pdf'} disabled={busy !== null && busy !== 'pdf'} onClick={() => void get('pdf')} data-testid="download-pdf">
        {t('downloadPdf')}
      </Button>
      {busy === 'pdf' && <Typography.Text type="secondary">{t('pdfWorking')}</Typography.Text>}
    </Flex>
  );
}

const TIMELINE_COLORS: Record<string, string> = {
  proposal: 'gray',
  'proposal.dismissed': 'gray',
  'notice.draft': 'blue',
  'notice.submit': 'blue',
  'notice.approve': 'green',
  'notice.reject': 'gray',
  'notice.issue': 'red',
  'notice.fulfilled': 'green',
  'notice.lapsed': 'red',
  'notice.withdrawn': 'gray',
  appeal: 'purple',
  'appeal.upheld': 'green',
  'appeal.rejected': 'purple',
  'accountability.open': 'red',
  'accountability.decide': 'red',
};

export interface HistoryEntry {
  at: string;
  text: string;
  kind?: string;
  actor?: string | null;
  noticeId?: string | null;
}

/** A subject's escalation history as a timeline, oldest first. */
export function HistoryTimeline({ entries, testId }: { entries: HistoryEntry[]; testId?: string }) {
  const t = useT(dict);
  const { lang } = useLang();
  if (!entries.length) return <Typography.Text type="secondary">{t('noHistory')}</Typography.Text>;
  return (
    <Timeline
      data-testid={testId}
      style={{ marginTop: 8, marginBottom: -16 }}
      items={entries.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: (e.kind && TIMELINE_COLORS[e.kind]) || 'blue',
        children: (
          <div>
            <div className="ls-muted">
              {formatInstant(e.at, lang)}
              {e.actor ? ` · ${e.actor === '系统巡查' ? t('systemSweep') : e.actor}` : ''}
            </div>
            <div style={{ wordBreak: 'break-word' }}>{e.noticeId ? <Link to={`/app/notices/${e.noticeId}`}>{e.text}</Link> : e.text}</div>
          </div>
        ),
      }))}
    />
  );
}
