/**
 * 待我审定: a county leader's queue of 催办 and 查办 opinions, one to a page so that it reads on a
 * phone — the draft, the task's state (code, title, due date, progress, light) and the escalation
 * history so far, with the decision in two taps at the bottom of the screen.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Card, Empty, Flex, Progress, Space, Typography } from 'antd';
import { supervision, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { formatInstant } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { isLight, LightDot } from '../../lib/lights.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { DecidePanel } from './decide-panel.tsx';
import { HistoryTimeline, KindTag, NoticeStatusTag, type HistoryEntry } from './parts.tsx';
import { approvalsChanged } from './events.ts';

type Item = ResponseOf<typeof supervision.approvalQueue>['items'][number];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section style={{ marginTop: 16 }}>
      <Typography.Text
        strong
        style={{
          display: 'block',
          marginBottom: 6,
          borderInlineStart: '3px solid #c0392b',
          paddingInlineStart: 8,
        }}
      >
        {title}
      </Typography.Text>
      {children}
    </section>
  );
}

function ApprovalCard({ item, position, onDecided }: { item: Item; position: ReactNode; onDecided: () => void }) {
  const t = useT(dict);
  const { lang } = useLang();
  const task = item.task;
  // each step comes in both languages: the page follows the reader's
  const history: HistoryEntry[] = item.history.map((e) => ({ at: e.at, kind: e.kind, text: lang === 'zh' ? e.zh : e.en, actor: e.actor, noticeId: e.noticeId }));
  return (
    <Card size="small" data-testid="approval-card" styles={{ body: { padding: '12px 14px 0' } }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size={4} wrap>
          <KindTag kind={item.kind} />
          <NoticeStatusTag status={item.status} />
        </Space>
        {position}
      </Flex>
      <Typography.Title level={5} style={{ margin: '10px 0 4px' }} data-testid="approval-title">
        <Link to={`/app/notices/${item.id}`}>{item.title}</Link>
      </Typography.Title>
      <div className="ls-muted">{item.unitName}</div>
      <div className="ls-muted">
        {t('sentBy', {
          who: item.draftedBy,
          at: formatInstant(item.submittedAt, lang),
        })}
      </div>

      {task && (
        <Section title={t('taskState')}>
          <div data-testid="approval-task">
            <Link to={`/app/tasks/${item.subjectId}`}>
              <span className="ls-code">{task.code}</span> {task.title}
            </Link>
            <Flex vertical gap={4} style={{ marginTop: 6 }}>
              <div>
                <Typography.Text type="secondary">{t('due')}:</Typography.Text>
                {task.plannedEnd ?? t('notYet')}
              </div>
              <Flex align="center" gap={8}>
                <Typography.Text type="secondary" style={{ flex: 'none' }}>
                  {t('progress')}:
                </Typography.Text>
                <Progress percent={Math.round(task.progress * 10) / 10} size="small" style={{ margin: 0, flex: 1, maxWidth: 260 }} />
              </Flex>
              <Flex align="center" gap={8} wrap>
                <Typography.Text type="secondary">{t('light')}:</Typography.Text>
                {isLight(task.light) && <LightDot light={task.light} />}
                <span data-testid="approval-light-text">{lang === 'zh' ? task.lightText.zh : task.lightText.en}</span>
              </Flex>
            </Flex>
          </div>
        </Section>
      )}
      {!task && (
        <Section title={t('subject')}>
          <div>{item.subjectTitle}</div>
        </Section>
      )}

      <Section title={t('opinion')}>
        {item.deadline && (
          <div style={{ marginBottom: 4 }}>
            <Typography.Text type="secondary">{t('proposedDeadline')}:</Typography.Text>
            <Typography.Text strong>{item.deadline}</Typography.Text>
          </div>
        )}
        <Typography.Paragraph
          style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
          ellipsis={{
            rows: 5,
            expandable: 'collapsible',
            symbol: (open: boolean) => (open ? t('showLess') : t('showAll')),
          }}
        >
          {item.body}
        </Typography.Paragraph>
      </Section>

      <Section title={t('history')}>
        <div data-testid="approval-history">
          <HistoryTimeline entries={history} />
        </div>
      </Section>

      {/* the decision stays in reach at the bottom of the screen while the card scrolls */}
      <div
        style={{
          position: 'sticky',
          bottom: 0,
          zIndex: 2,
          margin: '16px -14px 0',
          padding: '12px 14px',
          background: '#fff',
          borderTop: '1px solid rgba(5, 5, 5, 0.08)',
          borderRadius: '0 0 8px 8px',
        }}
      >
        <DecidePanel key={item.id} noticeId={item.id} onDecided={onDecided} />
      </div>
    </Card>
  );
}

export function ApprovalsPage() {
  const t = useT(dict);
  const queue = useLoad((signal) => call(supervision.approvalQueue, { signal }), []);
  const [index, setIndex] = useState(0);
  const items = queue.data?.items ?? [];
  useEffect(() => {
    if (index > 0 && index >= items.length) setIndex(Math.max(0, items.length - 1));
  }, [items.length, index]);
  // the menu badge follows what this page loaded
  useEffect(() => {
    if (queue.data) approvalsChanged(queue.data.items.length);
  }, [queue.data]);
  const item = items[Math.min(index, Math.max(0, items.length - 1))];

  const position =
    items.length > 1 ? (
      <Flex align="center" gap={4}>
        <Button size="small" disabled={index === 0} onClick={() => setIndex((i) => i - 1)} aria-label={t('prev')}>
          ‹
        </Button>
        <Typography.Text type="secondary" data-testid="approval-position">
          {t('nOfM', { n: index + 1, m: items.length })}
        </Typography.Text>
        <Button size="small" disabled={index >= items.length - 1} onClick={() => setIndex((i) => i + 1)} aria-label={t('next')}>
          ›
        </Button>
      </Flex>
    ) : null;

  return (
    <Page title={t('approvalsTitle')}>
      <div style={{ maxWidth: 720 }}>
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }} data-testid="approvals-count">
          {t('approvalsCount', { n: items.length })}
        </Typography.Text>
        <ErrorAlert error={queue.error} />
        {!queue.data && queue.loading ? (
          <Loading />
        ) : item ? (
          <ApprovalCard item={item} position={position} onDecided={() => queue.reload()} />
        ) : (
          <Empty style={{ marginTop: 32 }} description={t('approvalsEmpty')} />
        )}
      </div>
    </Page>
  );
}
