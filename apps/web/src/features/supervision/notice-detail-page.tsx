/**
 * One notice: its text, number, deadline and state; who drafted, sent, approved or rejected it and
 * when, with reasons; what it cost; the appeal window and appeals; the notice it follows and the
 * others on the same subject. The actions offered are the ones the state and the user allow —
 * the office edits, sends, withdraws and confirms rectification; the approving leader decides;
 * the unit's principal appeals; the office or the approving leader decides the appeal.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Alert, Button, Card, Col, Descriptions, Empty, Flex, List, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { supervision, type NoticeT, type ResponseOf } from '@luoshi/contracts';
import { ApiError, call } from '../../lib/api.ts';
import { formatInstant } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { LoadMore, usePagedList } from '../../lib/paging.tsx';
import { useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Forbidden, Loading, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { KindTag, NoticeDocuments, NoticeLink, NoticeStatusTag, SubjectLink, useServerToday } from './parts.tsx';
import { DecidePanel } from './decide-panel.tsx';
import { EditNoticeModal, ReasonModal } from './dialogs.tsx';

type Appeal = ResponseOf<typeof supervision.listAppeals>['items'][number];

const APPEAL_COLORS: Record<Appeal['status'], string> = {
  pending: 'gold',
  upheld: 'green',
  rejected: 'default',
};
const APPEALABLE = ['issued', 'fulfilled', 'lapsed'];

type Dialog =
  { kind: 'edit' } | { kind: 'withdraw' } | { kind: 'fulfil' } | { kind: 'appeal' } | { kind: 'decideAppeal'; appeal: Appeal; decision: 'uphold' | 'reject' };

export function NoticeDetailPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const { lang } = useLang();
  const { user, can } = useSession();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const detail = useLoad((signal) => call(supervision.getNotice, { params: { id }, signal }), [id]);
  const appeals = useLoad((signal) => call(supervision.listAppeals, { params: { id }, signal }), [id]);
  const n = detail.data;
  const parent = useLoad(
    (signal) =>
      n?.parentNoticeId
        ? call(supervision.getNotice, {
            params: { id: n.parentNoticeId },
            signal,
          }).catch(() => null)
        : Promise.resolve(null),
    [n?.parentNoticeId],
  );
  // the other notices on the same subject (its ladder), a page at a time
  const related = usePagedList(
    (cursor, signal) =>
      n
        ? call(supervision.listNotices, {
            params: { id: n.campaignId },
            query: { subjectId: n.subjectId, limit: 50, cursor },
            signal,
          })
        : Promise.resolve({ items: [], nextCursor: null, total: 0 }),
    [n?.campaignId, n?.subjectId],
    (r) => r.id,
  );
  const serverToday = useServerToday();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  if (detail.error instanceof ApiError && detail.error.status === 403) return <Forbidden />;
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!n) return <Loading />;

  const reload = () => {
    detail.reload();
    appeals.reload();
    related.reload();
  };
  const office = can('notice.draft');
  const approver = n.status === 'pending_approval' && !!user?.personId && n.approvers.some((a) => a.personId === user.personId);
  const principal = !!user?.memberships.some((m) => m.unitId === n.unitId && m.role === 'principal');
  const appealList = appeals.data?.items ?? [];
  const pendingAppeal = appealList.some((a) => a.status === 'pending');
  const windowOpen = !!n.appealOpenUntil && (serverToday === null || serverToday <= n.appealOpenUntil);
  const mayAppeal = principal && can('appeal.submit') && n.kind !== 'commend' && APPEALABLE.includes(n.status) && windowOpen && !pendingAppeal;
  const decidesAppeal = (a: Appeal) =>
    a.status === 'pending' && (a.deciders.length ? !!user?.personId && a.deciders.some((d) => d.personId === user.personId) : office);

  const submit = async () => {
    try {
      const r = await run(() => call(supervision.submitNotice, { params: { id: n.id } }));
      void message.success(r.status === 'issued' ? t('issued') : t('submitted'));
      reload();
    } catch {
      // the message is shown by useAction
    }
  };

  const byAt = (who: string | null, at: string | null) => (at ? t('byAt', { who: who ?? '', at: formatInstant(at, lang) }) : t('notYet'));
  const withdrawn = n.status === 'withdrawn';

  const actions = office ? (
    <>
      {n.status === 'draft' && (
        <>
          <Button onClick={() => setDialog({ kind: 'edit' })}>{t('editDraft')}</Button>
          <Popconfirm
            title={n.kind === 'supervise' ? t('issueConfirm') : t('submitConfirm')}
            okText={t('confirm')}
            cancelText={t('cancel')}
            onConfirm={() => void submit()}
          >
            <Button type="primary" loading={busy}>
              {n.kind === 'supervise' ? t('issue') : t('submit')}
            </Button>
          </Popconfirm>
        </>
      )}
      {(n.status === 'draft' || n.status === 'pending_approval') && (
        <Button danger onClick={() => setDialog({ kind: 'withdraw' })}>
          {t('withdraw')}
        </Button>
      )}
      {n.status === 'issued' && n.kind !== 'commend' && (
        <Button type="primary" onClick={() => setDialog({ kind: 'fulfil' })}>
          {t('fulfil')}
        </Button>
      )}
    </>
  ) : null;

  return (
    <Page
      title={<span data-testid="notice-title">{n.title}</span>}
      extra={
        <>
          {actions}
          {mayAppeal && (
            <Button danger onClick={() => setDialog({ kind: 'appeal' })}>
              {t('appeal')}
            </Button>
          )}
        </>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <KindTag kind={n.kind} />
          <NoticeStatusTag status={n.status} />
          <Typography.Text strong data-testid="notice-doc-number">
            {n.docNumber ?? t('draftNoNumber')}
          </Typography.Text>
          {n.criticism && n.docNumber && <Tag color="red">{t('criticism')}</Tag>}
          {n.majorImpact && <Tag color="magenta">{t('majorImpact')}</Tag>}
          {n.deduction > 0 && <Typography.Text type="danger">{`${t('deduction')} ${t('points', { n: n.deduction })}`}</Typography.Text>}
        </Flex>
      </Card>

      {approver && (
        <Card size="small" title={t('decideHere')} style={{ marginBottom: 16 }}>
          <DecidePanel noticeId={n.id} onDecided={() => reload()} />
        </Card>
      )}

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('body')} style={{ marginBottom: 16 }}>
            <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }} data-testid="notice-body">
              {n.body}
            </div>
            <NoticeDocuments n={n} />
          </Card>
          {(n.issuedOn || appealList.length > 0) && (
            <Card size="small" title={t('appeals')} style={{ marginBottom: 16 }}>
              {n.kind !== 'commend' && <Alert type="info" showIcon message={t('appealHint')} style={{ marginBottom: 12 }} />}
              <ErrorAlert error={appeals.error} />
              {appealList.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noAppeals')} />
              ) : (
                <List<Appeal>
                  dataSource={appealList}
                  renderItem={(a) => (
                    <List.Item key={a.id} data-testid="appeal-item">
                      <Flex vertical gap={4} style={{ width: '100%' }}>
                        <Flex gap={8} wrap align="center">
                          <Tag color={APPEAL_COLORS[a.status]}>{t(`appealStatus_${a.status}`)}</Tag>
                          <Typography.Text type="secondary">
                            {t('appealBy', {
                              who: a.submittedBy,
                              at: formatInstant(a.submittedAt, lang),
                            })}
                          </Typography.Text>
                        </Flex>
                        <div style={{ whiteSpace: 'pre-wrap' }}>{a.reasons}</div>
                        <Typography.Text type="secondary">
                          {t('appealDeciders')}:{a.deciders.length ? a.deciders.map((d) => d.name).join('、') : t('appealDecidersOffice')}
                        </Typography.Text>
                        {a.decidedAt && (
                          <div>
                            <Typography.Text type="secondary">{byAt(a.decidedBy, a.decidedAt)}:</Typography.Text>
                            {a.decisionReason}
                          </div>
                        )}
                        {decidesAppeal(a) && (
                          <Space wrap>
                            <Button
                              type="primary"
                              onClick={() =>
                                setDialog({
                                  kind: 'decideAppeal',
                                  appeal: a,
                                  decision: 'uphold',
                                })
                              }
                            >
                              {t('uphold')}
                            </Button>
                            <Button
                              onClick={() =>
                                setDialog({
                                  kind: 'decideAppeal',
                                  appeal: a,
                                  decision: 'reject',
                                })
                              }
                            >
                              {t('rejectAppeal')}
                            </Button>
                          </Space>
                        )}
                      </Flex>
                    </List.Item>
                  )}
                />
              )}
            </Card>
          )}
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'unit', label: t('unit'), children: n.unitName },
                {
                  key: 'subject',
                  label: t('subject'),
                  children: (
                    <Space wrap size={4}>
                      <SubjectLink s={n} />
                      {n.subjectType === 'task' && <Link to={`/app/tasks/${n.subjectId}/escalations`}>({t('toTimeline')})</Link>}
                    </Space>
                  ),
                },
                ...(n.parentNoticeId
                  ? [
                      {
                        key: 'parent',
                        label: t('parentNotice'),
                        children: parent.data ? <NoticeLink n={parent.data} /> : <Link to={`/app/notices/${n.parentNoticeId}`}>{t('toNotice')}</Link>,
                      },
                    ]
                  : []),
                ...(n.kind !== 'commend'
                  ? [
                      {
                        key: 'deadline',
                        label: t('deadline'),
                        children: n.deadline ?? t('notYet'),
                      },
                    ]
                  : []),
                {
                  key: 'drafted',
                  label: t('draftedBy'),
                  children: byAt(n.draftedBy, n.draftedAt),
                },
                ...(n.approvers.length
                  ? [
                      {
                        key: 'approvers',
                        label: t('approvers'),
                        children: n.approvers.map((a) => a.name).join('、'),
                      },
                    ]
                  : []),
                ...(n.submittedAt && n.approvers.length
                  ? [
                      {
                        key: 'submitted',
                        label: t('submittedAt'),
                        children: formatInstant(n.submittedAt, lang),
                      },
                    ]
                  : []),
                ...(n.decidedAt
                  ? [
                      {
                        key: 'decided',
                        label: t('decided'),
                        children: byAt(n.decidedBy, n.decidedAt),
                      },
                    ]
                  : []),
                ...(n.decisionReason
                  ? [
                      {
                        key: 'reason',
                        label: withdrawn ? t('withdrawReasonShown') : t('decisionReason'),
                        children: <span style={{ whiteSpace: 'pre-wrap' }}>{n.decisionReason}</span>,
                      },
                    ]
                  : []),
                ...(n.issuedAt
                  ? [
                      {
                        key: 'issued',
                        label: t('issuedAt'),
                        children: formatInstant(n.issuedAt, lang),
                      },
                    ]
                  : []),
                ...(n.closedAt
                  ? [
                      {
                        key: 'closed',
                        label: t('closedAt'),
                        children: formatInstant(n.closedAt, lang),
                      },
                    ]
                  : []),
                {
                  key: 'deduction',
                  label: t('deduction'),
                  children: n.deduction ? t('points', { n: n.deduction }) : t('notYet'),
                },
                ...(n.appealOpenUntil
                  ? [
                      {
                        key: 'appeal',
                        label: t('appealWindow'),
                        children: windowOpen ? t('appealUntil', { date: n.appealOpenUntil }) : t('appealClosed', { date: n.appealOpenUntil }),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
          <Card size="small" title={t('relatedNotices')} style={{ marginBottom: 16 }}>
            <List<NoticeT>
              size="small"
              dataSource={related.items}
              locale={{ emptyText: t('noticesEmpty') }}
              renderItem={(r) => (
                <List.Item key={r.id} style={r.id === n.id ? { background: '#f5f7fa' } : undefined}>
                  <Flex vertical gap={2}>
                    <Space size={4} wrap>
                      <KindTag kind={r.kind} />
                      <NoticeStatusTag status={r.status} />
                    </Space>
                    {r.id === n.id ? <span>{r.docNumber ?? r.title}</span> : <NoticeLink n={r} />}
                  </Flex>
                </List.Item>
              )}
            />
            {related.hasMore && <LoadMore list={related} />}
          </Card>
        </Col>
      </Row>

      {dialog?.kind === 'edit' && <EditNoticeModal notice={n} onClose={() => setDialog(null)} onSaved={() => reload()} />}
      {dialog?.kind === 'withdraw' && (
        <ReasonModal
          title={t('withdraw')}
          intro={<Typography.Paragraph type="secondary">{n.title}</Typography.Paragraph>}
          label={t('withdrawReason')}
          requiredMessage={t('reasonRequired')}
          okText={t('withdraw')}
          danger
          max={1000}
          field="reason"
          success={t('withdrawn')}
          submit={(reason) =>
            call(supervision.withdrawNotice, {
              params: { id: n.id },
              body: { reason },
            })
          }
          onClose={() => setDialog(null)}
          onDone={reload}
        />
      )}
      {dialog?.kind === 'fulfil' && (
        <ReasonModal
          title={t('fulfil')}
          intro={<Typography.Paragraph type="secondary">{n.title}</Typography.Paragraph>}
          label={t('fulfilNote')}
          requiredMessage={t('noteRequired')}
          okText={t('fulfil')}
          max={2000}
          field="note"
          success={t('fulfilled')}
          submit={(note) =>
            call(supervision.fulfilNotice, {
              params: { id: n.id },
              body: { note },
            })
          }
          onClose={() => setDialog(null)}
          onDone={reload}
        />
      )}
      {dialog?.kind === 'appeal' && (
        <ReasonModal
          title={t('appealTitle', { title: n.docNumber ?? n.title })}
          intro={<Alert type="info" showIcon message={t('appealUntil', { date: n.appealOpenUntil ?? '' })} style={{ marginBottom: 12 }} />}
          label={t('appealReasons')}
          requiredMessage={t('appealReasonsRequired')}
          okText={t('appeal')}
          max={10000}
          field="reasons"
          success={t('appealSent')}
          submit={(reasons) =>
            call(supervision.submitAppeal, {
              params: { id: n.id },
              body: { reasons },
            })
          }
          onClose={() => setDialog(null)}
          onDone={reload}
        />
      )}
      {dialog?.kind === 'decideAppeal' && (
        <ReasonModal
          title={`${t('decideAppealTitle')}:${dialog.decision === 'uphold' ? t('uphold') : t('rejectAppeal')}`}
          intro={
            <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
              {dialog.appeal.reasons}
            </Typography.Paragraph>
          }
          label={t('decideAppealReason')}
          requiredMessage={t('reasonRequired')}
          okText={dialog.decision === 'uphold' ? t('uphold') : t('rejectAppeal')}
          danger={dialog.decision === 'reject'}
          max={5000}
          field="reason"
          success={dialog.decision === 'uphold' ? t('upheld') : t('appealRejected')}
          submit={(reason) =>
            call(supervision.decideAppeal, {
              params: { id: dialog.appeal.id },
              body: { decision: dialog.decision, reason },
            })
          }
          onClose={() => setDialog(null)}
          onDone={reload}
        />
      )}
    </Page>
  );
}
