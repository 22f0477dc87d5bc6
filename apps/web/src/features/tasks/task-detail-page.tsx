/**
 * One task: everything about it (定量、定性、定岗、定责), where it sits in the tree, how its progress
 * number is made from its children, its reports with every version, and its self-inspections.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Breadcrumb, Button, Card, Col, Descriptions, Flex, Popconfirm, Row, Table, Typography } from 'antd';
import { campaigns, progress, tasks, type TaskDetailT, type TaskRowT } from '@luoshi/contracts';
import { OBSTACLE_KIND_LABELS, PRIORITY_LABELS, SOURCE_KIND_LABELS } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { pct } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { LightDot } from '../../lib/lights.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { taskDict } from './messages.ts';
import { ProgressBar, StatusTag, TypeTag } from './cells.tsx';
import { ResponsibilityCard } from './responsibility.tsx';
import { ReportsSection } from './reports.tsx';
import { SelfInspections } from './self-inspections.tsx';
import { TaskFormModal, type TaskFormMode } from './task-form.tsx';
import { ObstaclesCard } from './obstacles.tsx';

type Working = TaskDetailT['working'][number];

function Rollup({ task }: { task: TaskDetailT }) {
  const t = useT(taskDict);
  if (!task.working.length) {
    return (
      <Card size="small" title={t('rollup')} style={{ marginBottom: 16 }}>
        <Typography.Text>{task.status === 'completed' ? t('rollupDone') : t('rollupLeaf', { p: pct(task.rolledProgress) })}</Typography.Text>
      </Card>
    );
  }
  const weights = task.working.reduce((s, w) => s + w.weight, 0);
  const sum = task.working.reduce((s, w) => s + w.weight * w.progress, 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return (
    <Card size="small" title={t('rollup')} style={{ marginBottom: 16 }} data-testid="rollup">
      <Table<Working>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={task.working}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('code'),
            dataIndex: 'code',
            render: (c: string) => <span className="ls-code">{c}</span>,
          },
          {
            title: t('title'),
            dataIndex: 'title',
            render: (v: string, w) => <Link to={`/app/tasks/${w.id}`}>{v}</Link>,
          },
          { title: t('weight'), dataIndex: 'weight', align: 'right' },
          {
            title: t('share'),
            key: 'share',
            align: 'right',
            render: (_, w) => pct(weights ? (w.weight / weights) * 100 : 0),
          },
          {
            title: t('progress'),
            dataIndex: 'progress',
            align: 'right',
            render: (p: number) => pct(p),
          },
          {
            title: t('contribution'),
            key: 'c',
            align: 'right',
            render: (_, w) => pct(weights ? (w.weight * w.progress) / weights : 0),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
        {task.status === 'completed'
          ? t('rollupDone')
          : t('rollupFormula', {
              sum: round(sum),
              weights: round(weights),
              p: pct(task.rolledProgress),
            })}
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        {t('rollupCancelled')} {t('rollupEqual')}
      </Typography.Text>
    </Card>
  );
}

export function TaskDetailPage() {
  const { id = '' } = useParams();
  const t = useT(taskDict);
  const label = useLabel();
  const { lang } = useLang();
  const navigate = useNavigate();
  const { can } = useSession();
  const manage = can('task.manage');
  const detail = useLoad((signal) => call(tasks.getTask, { params: { id }, signal }), [id]);
  const reports = useLoad((signal) => call(progress.listReports, { params: { id }, signal }), [id]);
  const campaignId = detail.data?.campaignId;
  const campaign = useLoad(
    (signal) => (campaignId ? call(campaigns.getCampaign, { params: { id: campaignId }, signal }) : Promise.resolve(undefined)),
    [campaignId],
  );
  const [form, setForm] = useState<TaskFormMode | null>(null);
  const { run, busy } = useAction();
  useRememberCampaign(campaignId);

  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loading />;
  const task = detail.data;
  const c = campaign.data;
  const obstacles = task.children.filter((r) => r.nodeType === 'obstacle');
  const others = task.children.filter((r) => r.nodeType !== 'obstacle');
  const base = `/app/campaigns/${task.campaignId}`;
  const reload = () => {
    detail.reload();
    reports.reload();
  };
  const remove = () =>
    run(() => call(tasks.deleteTask, { params: { id: task.id } }), t('deleted'))
      .then(() => navigate(`${base}/tasks`))
      .catch(() => undefined);
  const stream = c?.streams.find((s) => s.key === task.streamKey)?.title ?? task.streamKey ?? '';
  const list = c?.lists.find((l) => l.id === task.listId)?.name ?? '';

  return (
    <Page
      title={
        <span>
          <span className="ls-code">{task.code}</span> {task.title}
        </span>
      }
      extra={
        <>
          <Button onClick={() => navigate(`${base}/tasks`)}>{t('toTree')}</Button>
          <Button onClick={() => navigate(`${base}/timetable?q=${encodeURIComponent(task.code)}`)}>{t('toTimetable')}</Button>
          <Button onClick={() => navigate(`/app/tasks/${task.id}/escalations`)}>{t('toEscalations')}</Button>
          {manage && c && (
            <>
              <Button onClick={() => setForm({ kind: 'edit', task })}>{t('editTask')}</Button>
              {task.nodeType !== 'milestone' && task.nodeType !== 'obstacle' && (
                <Button onClick={() => setForm({ kind: 'create', parent: task })}>{t('addChild')}</Button>
              )}
              {task.childCount === 0 && reports.data?.items.length === 0 && (
                <Popconfirm
                  title={t('deleteConfirm', { title: task.title })}
                  okText={t('confirm')}
                  cancelText={t('cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void remove()}
                >
                  <Button danger loading={busy}>
                    {t('deleteTask')}
                  </Button>
                </Popconfirm>
              )}
            </>
          )}
        </>
      }
    >
      {task.path.length > 0 && (
        <Breadcrumb
          style={{ marginTop: -8, marginBottom: 12 }}
          items={[
            ...(c
              ? [
                  {
                    key: 'c',
                    title: <Link to={`${base}/tasks`}>{c.name}</Link>,
                  },
                ]
              : []),
            ...task.path.map((p) => ({
              key: p.id,
              title: <Link to={`/app/tasks/${p.id}`}>{`${p.code} ${p.title}`}</Link>,
            })),
          ]}
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap align="center">
          <TypeTag type={task.nodeType} />
          <StatusTag status={task.status} />
          <LightDot light={task.light} reason={task.lightText} />
          <Typography.Text type="secondary" data-testid="light-rule">
            {t('lightRule')}{t('colon')}{lang === 'zh' ? task.lightText.zh : task.lightText.en}
          </Typography.Text>
          <Flex align="center" gap={8}>
            <span>{t('progress')}</span>
            <ProgressBar value={task.rolledProgress} width={180} />
          </Flex>
        </Flex>
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('overview')} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'lead',
                  label: t('leadUnit'),
                  children: task.leadUnitName ?? t('none'),
                },
                {
                  key: 'coop',
                  label: t('cooperating'),
                  children: task.cooperatingUnits.map((u) => u.name).join('、') || t('none'),
                },
                {
                  key: 'ps',
                  label: t('plannedStart'),
                  children: task.plannedStart ?? '',
                },
                {
                  key: 'pe',
                  label: t('plannedEnd'),
                  children: task.plannedEnd ?? '',
                },
                {
                  key: 'as',
                  label: t('actualStart'),
                  children: task.actualStart ?? '',
                },
                {
                  key: 'ae',
                  label: t('actualEnd'),
                  children: task.actualEnd ?? '',
                },
                {
                  key: 'post',
                  label: t('post'),
                  children: task.postTitle ?? t('noPost'),
                },
                { key: 'w', label: t('weight'), children: task.weight },
                {
                  key: 'pri',
                  label: t('priority'),
                  children: label(PRIORITY_LABELS[task.priority]),
                },
                { key: 'stream', label: t('stream'), children: stream },
                {
                  key: 'src',
                  label: t('sourceKind'),
                  children: `${label(SOURCE_KIND_LABELS[task.sourceKind])}${task.sourceRef ? ` · ${task.sourceRef}` : ''}`,
                },
                ...(list ? [{ key: 'list', label: t('list'), children: list }] : []),
                ...(task.obstacleKind
                  ? [
                      {
                        key: 'ok',
                        label: t('obstacleKind'),
                        children: label(OBSTACLE_KIND_LABELS[task.obstacleKind]),
                      },
                    ]
                  : []),
                ...(task.coordinator
                  ? [
                      {
                        key: 'co',
                        label: t('coordinator'),
                        children: task.coordinator.name,
                      },
                    ]
                  : []),
                ...(task.description
                  ? [
                      {
                        key: 'desc',
                        label: t('description'),
                        span: 2,
                        children: <span style={{ whiteSpace: 'pre-wrap' }}>{task.description}</span>,
                      },
                    ]
                  : []),
                {
                  key: 'std',
                  label: t('acceptanceStandard'),
                  span: 2,
                  children: task.acceptanceStandard ? <span style={{ whiteSpace: 'pre-wrap' }}>{task.acceptanceStandard}</span> : t('none'),
                },
              ]}
            />
          </Card>
          {task.indicators.length > 0 && (
            <Card size="small" title={t('indicators')} style={{ marginBottom: 16 }}>
              <Table<TaskDetailT['indicators'][number]>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={task.indicators}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('none') }}
                columns={[
                  { title: t('indicatorName'), dataIndex: 'name' },
                  { title: t('indicatorUnit'), dataIndex: 'unit' },
                  { title: t('target'), dataIndex: 'target', align: 'right' },
                  {
                    title: t('baseline'),
                    dataIndex: 'baseline',
                    align: 'right',
                  },
                  { title: t('actual'), dataIndex: 'actual', align: 'right' },
                  {
                    title: t('progress'),
                    key: 'p',
                    render: (_, i) => (i.target && i.actual !== null ? <ProgressBar value={Math.min(100, (i.actual / i.target) * 100)} width={100} /> : ''),
                  },
                ]}
              />
            </Card>
          )}
          <ReportsSection task={task} reports={reports.data?.items ?? []} onChanged={reload} />
          <ErrorAlert error={reports.error} />
          <SelfInspections task={task} />
        </Col>
        <Col xs={24} xl={10}>
          <ResponsibilityCard task={task} manage={manage} onChanged={() => detail.reload()} />
          <Rollup task={task} />
          {obstacles.length > 0 && <ObstaclesCard obstacles={obstacles} />}
          {(others.length > 0 || (task.nodeType !== 'milestone' && task.nodeType !== 'obstacle')) && (
            <Card size="small" title={t('children')} style={{ marginBottom: 16 }}>
              <Table<TaskRowT>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={others}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('noChildren') }}
                columns={[
                  {
                    title: t('code'),
                    dataIndex: 'code',
                    render: (v: string) => <span className="ls-code">{v}</span>,
                  },
                  {
                    title: t('title'),
                    dataIndex: 'title',
                    render: (v: string, r) => <Link to={`/app/tasks/${r.id}`}>{v}</Link>,
                  },
                  { title: t('due'), dataIndex: 'plannedEnd' },
                  {
                    title: t('progress'),
                    dataIndex: 'rolledProgress',
                    render: (p: number) => <ProgressBar value={p} width={90} />,
                  },
                  {
                    title: t('light'),
                    dataIndex: 'light',
                    render: (l: TaskRowT['light'], r) => <LightDot light={l} reason={r.lightText} compact />,
                  },
                ]}
              />
            </Card>
          )}
        </Col>
      </Row>
      {form && c && (
        <TaskFormModal
          campaign={c}
          mode={form}
          onClose={() => setForm(null)}
          onSaved={(d) => (form.kind === 'create' ? navigate(`/app/tasks/${d.id}`) : detail.reload())}
        />
      )}
    </Page>
  );
}
