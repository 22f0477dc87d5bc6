/**
 * A task's whole escalation history (督查问责全过程) as one timeline: proposals, drafts, approvals,
 * notices issued, lapsed and fulfilled, appeals and accountability. The office may draft the next
 * step from here: a 督办 or a commendation on its own finding, a 催办 or 查办 after a lapsed notice.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Col, Empty, Flex, List, Progress, Row, Space, Typography } from 'antd';
import { nextLevel, type NoticeKind } from '@luoshi/domain';
import { supervision, tasks, type NoticeT } from '@luoshi/contracts';
import { ApiError, call } from '../../lib/api.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { LightDot } from '../../lib/lights.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Forbidden, Loading, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { HistoryTimeline, KindTag, NoticeLink, NoticeStatusTag } from './parts.tsx';
import { DraftModal, type DraftPreset } from './draft-modal.tsx';

const LIVE = ['draft', 'pending_approval', 'issued'];

export function EscalationsPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const { lang } = useLang();
  const { can } = useSession();
  const task = useLoad((signal) => call(tasks.getTask, { params: { id }, signal }), [id]);
  const tl = useLoad((signal) => call(supervision.subjectTimeline, { params: { id }, signal }), [id]);
  const [drafting, setDrafting] = useState<DraftPreset | null>(null);
  const notices = useMemo(() => tl.data?.notices ?? [], [tl.data]);

  if ((task.error instanceof ApiError && task.error.status === 403) || (tl.error instanceof ApiError && tl.error.status === 403)) return <Forbidden />;
  if (task.error) return <ErrorAlert error={task.error} />;
  const tk = task.data;
  if (!tk) return <Loading />;

  const office = can('notice.draft');
  const preset = (kind: NoticeKind, parent?: NoticeT): DraftPreset => ({
    campaignId: tk.campaignId,
    kind,
    subjectType: 'task',
    subjectId: tk.id,
    subjectTitle: `${tk.code} ${tk.title}`,
    unitId: parent?.unitId ?? tk.leadUnitId ?? undefined,
    unitName: parent?.unitName ?? tk.leadUnitName ?? undefined,
    parentNoticeId: parent?.id ?? null,
    parentLabel: parent ? `${parent.docNumber ?? ''} ${parent.title}`.trim() : null,
  });
  // as the sweep sees it: a subject on the ladder (a notice running or lapsed) takes no new 督办
  const onLadder = notices.some((n) => n.kind !== 'commend' && [...LIVE, 'lapsed'].includes(n.status));
  // a lapsed 督办 or 催办 with no next step yet may be followed by the next level
  const followable = notices.filter((n) => {
    if (n.status !== 'lapsed') return false;
    const next = nextLevel(n.kind as NoticeKind);
    return !!next && !notices.some((m) => m.parentNoticeId === n.id && m.kind === next && [...LIVE, 'lapsed', 'fulfilled'].includes(m.status));
  });
  const open = tk.status !== 'completed' && tk.status !== 'cancelled';

  return (
    <Page
      title={
        <span>
          {t('escalationsTitle')}:<span className="ls-code">{tk.code}</span> {tk.title}
        </span>
      }
      extra={
        <>
          <Link to={`/app/tasks/${tk.id}`}>
            <Button>{t('toTask')}</Button>
          </Link>
          {office && open && !onLadder && <Button onClick={() => setDrafting(preset('supervise'))}>{t('draftSupervise')}</Button>}
          {office &&
            open &&
            followable.map((n) => {
              const next = nextLevel(n.kind as NoticeKind)!;
              return (
                <Button key={n.id} type="primary" onClick={() => setDrafting(preset(next, n))}>
                  {next === 'urge' ? t('draftUrge') : t('draftInvestigate')}
                </Button>
              );
            })}
          {office && <Button onClick={() => setDrafting(preset('commend'))}>{t('draftCommend')}</Button>}
        </>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap align="center">
          <span>{tk.leadUnitName}</span>
          <LightDot light={tk.light} reason={tk.lightText} />
          <Typography.Text type="secondary">{lang === 'zh' ? tk.lightText.zh : tk.lightText.en}</Typography.Text>
          <span>
            {t('due')}:{tk.plannedEnd ?? t('notYet')}
          </span>
          <Flex align="center" gap={8}>
            <span>{t('progress')}</span>
            <Progress percent={Math.round(tk.rolledProgress * 10) / 10} size="small" style={{ width: 160, margin: 0 }} />
          </Flex>
        </Flex>
      </Card>
      <ErrorAlert error={tl.error} />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('history')} style={{ marginBottom: 16 }}>
            {tl.data && tl.data.timeline.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timelineEmpty')} />
            ) : (
              <div data-testid="escalation-timeline">
                <HistoryTimeline
                  entries={(tl.data?.timeline ?? []).map((e) => ({
                    at: e.at,
                    kind: e.kind,
                    text: lang === 'zh' ? e.zh : e.en,
                    actor: e.actor,
                    noticeId: e.noticeId,
                  }))}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('relatedNotices')} style={{ marginBottom: 16 }}>
            <List<NoticeT>
              size="small"
              dataSource={notices}
              locale={{ emptyText: t('noticesEmpty') }}
              renderItem={(n) => (
                <List.Item key={n.id}>
                  <Flex vertical gap={2}>
                    <Space size={4} wrap>
                      <KindTag kind={n.kind} />
                      <NoticeStatusTag status={n.status} />
                      {n.deadline && <span className="ls-muted">{`${t('deadline')} ${n.deadline}`}</span>}
                    </Space>
                    <NoticeLink n={n} />
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      {drafting && <DraftModal preset={drafting} onClose={() => setDrafting(null)} onDrafted={() => tl.reload()} />}
    </Page>
  );
}
