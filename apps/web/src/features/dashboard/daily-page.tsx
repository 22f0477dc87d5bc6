/** 日常跟踪: what changed since a day (yesterday by default) — reports, light changes, work newly overdue. */
import { Link, useParams, useSearchParams } from 'react-router';
import { Card, Col, Flex, Input, Row, Table, Tag, Typography } from 'antd';
import { progress, type ResponseOf } from '@luoshi/contracts';
import type { LightRule } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { formatInstant, pct } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { LIGHT_RULE_LABELS, LightDot, isLight } from '../../lib/lights.tsx';
import { REPORT_STATUS_COLORS, REPORT_STATUS_LABELS, reportStatus } from '../../lib/status.ts';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dashDict } from './messages.ts';

type Data = ResponseOf<typeof progress.dailyTracking>;

function TaskLink({ id, code, title }: { id: string; code: string; title: string }) {
  return (
    <Link to={`/app/tasks/${id}`}>
      <span className="ls-code">{code}</span> {title}
    </Link>
  );
}

export function DailyPage() {
  const { id = '' } = useParams();
  const t = useT(dashDict);
  const label = useLabel();
  const { lang } = useLang();
  const [params, setParams] = useSearchParams();
  const since = params.get('since') ?? undefined;
  useRememberCampaign(id);
  const data = useLoad((signal) => call(progress.dailyTracking, { params: { id }, query: { since }, signal }), [id, since]);
  const d = data.data;
  const ruleName = (r: string) => (r in LIGHT_RULE_LABELS ? label(LIGHT_RULE_LABELS[r as LightRule]) : r);

  return (
    <Page title={t('daily')} extra={<CampaignSwitch campaignId={id} section="daily" />}>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
        <label htmlFor="daily-since">{t('since')}</label>
        <Input
          id="daily-since"
          type="date"
          style={{ width: 170 }}
          value={since ?? d?.since ?? ''}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (e.target.value) next.set('since', e.target.value);
            else next.delete('since');
            setParams(next, { replace: true });
          }}
        />
        <Typography.Text type="secondary">{t('sinceHint')}</Typography.Text>
      </Flex>
      <ErrorAlert error={data.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${t('reports')}(${d?.reports.length ?? 0})`}>
            <Table<Data['reports'][number]>
              rowKey="id"
              size="small"
              loading={data.loading}
              dataSource={d?.reports ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('nothing') }}
              columns={[
                { title: t('time'), dataIndex: 'at', render: (v: string) => formatInstant(v, lang) },
                { title: t('task'), key: 'task', render: (_, r) => <TaskLink id={r.taskId} code={r.taskCode} title={r.taskTitle} /> },
                { title: t('unit'), dataIndex: 'unitName' },
                {
                  title: t('status'),
                  dataIndex: 'status',
                  render: (s: string) => <Tag color={REPORT_STATUS_COLORS[reportStatus(s)]}>{label(REPORT_STATUS_LABELS[reportStatus(s)])}</Tag>,
                },
                { title: t('percent'), dataIndex: 'percent', align: 'right', render: (p: number) => pct(p) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${t('lightChanges')}(${d?.lightChanges.length ?? 0})`}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('sweepNote')}
            </Typography.Paragraph>
            <Table<Data['lightChanges'][number]>
              rowKey={(r) => `${r.taskId}-${r.on}-${r.to}`}
              size="small"
              loading={data.loading}
              dataSource={d?.lightChanges ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('nothing') }}
              columns={[
                { title: t('on'), dataIndex: 'on' },
                { title: t('task'), key: 'task', render: (_, r) => <TaskLink id={r.taskId} code={r.taskCode} title={r.taskTitle} /> },
                {
                  title: t('change'),
                  key: 'change',
                  render: (_, r) => (
                    <Flex gap={4} align="center">
                      {isLight(r.from) ? <LightDot light={r.from} /> : <span className="ls-muted">—</span>}→{isLight(r.to) ? <LightDot light={r.to} /> : r.to}
                    </Flex>
                  ),
                },
                { title: t('rule'), dataIndex: 'rule', render: (r: string) => ruleName(r) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={`${t('newlyOverdue')}(${d?.newlyOverdue.length ?? 0})`}>
            <Table<Data['newlyOverdue'][number]>
              rowKey="id"
              size="small"
              loading={data.loading}
              dataSource={d?.newlyOverdue ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('nothing') }}
              columns={[
                { title: t('task'), key: 'task', render: (_, r) => <TaskLink id={r.id} code={r.code} title={r.title} /> },
                { title: t('leadUnit'), dataIndex: 'leadUnitName' },
                { title: t('due'), dataIndex: 'plannedEnd' },
                { title: t('progress'), dataIndex: 'progress', align: 'right', render: (p: number) => pct(p) },
                { title: t('why'), key: 'why', render: (_, r) => <LightDot light={r.light} reason={{ zh: r.zh, en: r.en }} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
