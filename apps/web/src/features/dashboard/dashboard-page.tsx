/**
 * 看板 (SPEC §9.3): lights in total and by unit, stream and county leader, completion, the 30-day
 * trend, the overdue list and what awaits review. Every chart opens the task tree filtered to what
 * was clicked (a red bar of a unit → /tasks?unitId=…&light=red).
 */
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Card, Col, Flex, Row, Statistic, Table, Typography } from 'antd';
import { progress, type ResponseOf } from '@luoshi/contracts';
import type { Light } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { pct } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { LIGHT_COLORS, LIGHT_ORDER, LIGHT_SHORT, LightDot } from '../../lib/lights.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { dashDict } from './messages.ts';
import { EChart, type ChartOption } from './echart.tsx';

type Data = ResponseOf<typeof progress.dashboard>;
type Group = Data['byUnit'][number];
type Overdue = Data['overdue'][number];

const STACK: Light[] = ['red', 'yellow', 'green', 'done', 'none'];

function query(params: Record<string, string | undefined>) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** A horizontal stacked bar of lights per group; long lists scroll inside the card. */
function lightBars(groups: Group[], label: (l: Light) => string): ChartOption {
  const rows = [...groups].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'scroll', data: STACK.map(label) },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((g) => g.name), axisLabel: { width: 130, overflow: 'truncate' } },
    series: STACK.map((l) => ({
      id: l,
      name: label(l),
      type: 'bar',
      stack: 'lights',
      barMaxWidth: 22,
      itemStyle: { color: LIGHT_COLORS[l] },
      emphasis: { focus: 'series' },
      data: rows.map((g) => g.counts[l]),
    })),
  };
}

export function DashboardPage() {
  const { id = '' } = useParams();
  const t = useT(dashDict);
  const label = useLabel();
  const { lang } = useLang();
  const navigate = useNavigate();
  const { can } = useSession();
  useRememberCampaign(id);
  const data = useLoad((signal) => call(progress.dashboard, { params: { id }, query: {}, signal }), [id]);
  const base = `/app/campaigns/${id}`;
  const lightName = (l: Light) => label(LIGHT_SHORT[l]);
  const d = data.data;

  const options = useMemo(() => {
    if (!d) return null;
    const unclassified = (g: Group) => (g.key === '-' ? { ...g, name: t('unclassified') } : g);
    const streams = d.byStream.map(unclassified);
    return {
      unit: lightBars(d.byUnit, lightName),
      stream: lightBars(streams, lightName),
      leader: lightBars(d.byLeader, lightName),
      completion: {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', data: [...streams].reverse().map((g) => g.name), axisLabel: { width: 130, overflow: 'truncate' } },
        series: [
          { id: 'rate', name: t('completionRate'), type: 'bar', barMaxWidth: 14, itemStyle: { color: LIGHT_COLORS.done }, data: [...streams].reverse().map((g) => g.completionRate) },
          { id: 'avg', name: t('averageProgress'), type: 'bar', barMaxWidth: 14, itemStyle: { color: '#69b1ff' }, data: [...streams].reverse().map((g) => g.averageProgress) },
        ],
      },
      unitRate: {
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
        grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: {
          type: 'category',
          data: [...d.byUnit].sort((a, b) => a.completionRate - b.completionRate).map((g) => g.name),
          axisLabel: { width: 130, overflow: 'truncate' },
        },
        series: [
          {
            id: 'rate',
            name: t('completionRate'),
            type: 'bar',
            barMaxWidth: 18,
            itemStyle: { color: LIGHT_COLORS.done },
            data: [...d.byUnit].sort((a, b) => a.completionRate - b.completionRate).map((g) => g.completionRate),
          },
        ],
      },
      trend: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: d.trend.map((p) => p.date.slice(5)), boundaryGap: false },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            id: 'submitted',
            name: t('submitted'),
            type: 'line',
            symbolSize: 7,
            itemStyle: { color: '#1d5fbf' },
            data: d.trend.map((p) => p.submitted),
          },
          {
            id: 'completed',
            name: t('completed'),
            type: 'line',
            symbolSize: 7,
            itemStyle: { color: LIGHT_COLORS.green },
            data: d.trend.map((p) => p.completed),
          },
        ],
      },
    } satisfies Record<string, ChartOption>;
  }, [d, lang]);

  if (data.error) return <ErrorAlert error={data.error} />;
  if (!d || !options) return <Loading />;
  const tracked = d.totals.total - d.totals.none;
  const rate = tracked ? Math.round((d.totals.done / tracked) * 1000) / 10 : 0;
  const barHeight = (n: number) => Math.max(160, n * 26 + 60);
  const unitSorted = [...d.byUnit].sort((a, b) => a.completionRate - b.completionRate);
  // the tree counts as the dashboard does: leaves only, a unit as lead unit
  const toTasks = (p: Record<string, string | undefined>) => navigate(`${base}/tasks${query({ leaves: 'true', ...(p.unitId ? { unitRole: 'lead' } : {}), ...p })}`);
  const barClick = (groups: Group[], key: 'unitId' | 'streamKey' | 'leaderId') => (p: { seriesId?: string; dataIndex: number }) => {
    const g = [...groups].reverse()[p.dataIndex];
    if (!g) return;
    toTasks({ [key]: g.key, light: p.seriesId });
  };

  return (
    <Page title={t('dashboard')} extra={<CampaignSwitch campaignId={id} section="dashboard" />}>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('asOf', { date: d.date })} · {t('leavesNote')}
      </Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} sm={8} lg={3}>
          <Link to={`${base}/tasks?leaves=true`} data-testid="total-all">
            <Card size="small" hoverable>
              <Statistic title={t('total')} value={d.totals.total} />
            </Card>
          </Link>
        </Col>
        {LIGHT_ORDER.map((l) => (
          <Col xs={12} sm={8} lg={3} key={l}>
            <Link to={`${base}/tasks?light=${l}&leaves=true`} data-testid={`total-${l}`}>
              <Card size="small" hoverable>
                <Statistic title={<LightDot light={l} />} value={d.totals[l]} valueStyle={{ color: l === 'none' ? undefined : LIGHT_COLORS[l] }} />
              </Card>
            </Link>
          </Col>
        ))}
        <Col xs={12} sm={8} lg={3}>
          <Card size="small">
            <Statistic title={t('completionRate')} value={rate} suffix="%" />
          </Card>
        </Col>
        <Col xs={12} sm={8} lg={3}>
          {can('report.review') ? (
            <Link to={`${base}/review`} data-testid="awaiting-review">
              <Card size="small" hoverable>
                <Statistic title={t('awaitingReview')} value={d.awaitingReview} valueStyle={{ color: d.awaitingReview ? LIGHT_COLORS.yellow : undefined }} />
              </Card>
            </Link>
          ) : (
            <Card size="small" data-testid="awaiting-review">
              <Statistic title={t('awaitingReview')} value={d.awaitingReview} />
            </Card>
          )}
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('byUnit')}>
            <div className="ls-chart-scroll">
              <EChart
                label={t('byUnit')}
                testId="chart-unit"
                option={options.unit}
                height={barHeight(d.byUnit.length)}
                onClick={barClick(d.byUnit, 'unitId')}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('byStream')}>
              <EChart
                label={t('byStream')}
                testId="chart-stream"
                option={options.stream}
                height={barHeight(d.byStream.length)}
                onClick={barClick(d.byStream, 'streamKey')}
              />
            </Card>
            <Card size="small" title={t('byLeader')}>
              <EChart
                label={t('byLeader')}
                testId="chart-leader"
                option={options.leader}
                height={barHeight(d.byLeader.length)}
                onClick={barClick(d.byLeader, 'leaderId')}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('completionByStream')}>
            <EChart
              label={t('completionByStream')}
              option={options.completion}
              height={barHeight(d.byStream.length * 1.6)}
              onClick={(p) => {
                const g = [...d.byStream].reverse()[p.dataIndex];
                if (g) toTasks({ streamKey: g.key });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('trend')}>
            <Typography.Text type="secondary">{t('trendHint')}</Typography.Text>
            <EChart
              label={t('trend')}
              testId="chart-trend"
              option={options.trend}
              height={280}
              onClick={(p) => {
                const day = d.trend[p.dataIndex];
                if (day) navigate(`${base}/daily?since=${day.date}`);
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('completionByUnit')}>
            <div className="ls-chart-scroll">
              <EChart
                label={t('completionByUnit')}
                option={options.unitRate}
                height={barHeight(d.byUnit.length)}
                onClick={(p) => {
                  const g = unitSorted[p.dataIndex];
                  if (g) toTasks({ unitId: g.key });
                }}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${t('overdueList')}(${d.overdue.length})`} extra={<Link to={`${base}/tasks?light=red&leaves=true`}>{t('showAll')}</Link>}>
            <Table<Overdue>
              rowKey="id"
              size="small"
              dataSource={d.overdue}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('noData') }}
              columns={[
                { title: t('code'), dataIndex: 'code', render: (c: string) => <span className="ls-code">{c}</span> },
                { title: t('task'), dataIndex: 'title', render: (v: string, r) => <Link to={`/app/tasks/${r.id}`}>{v}</Link> },
                { title: t('leadUnit'), dataIndex: 'leadUnitName' },
                { title: t('due'), dataIndex: 'plannedEnd' },
                { title: t('progress'), dataIndex: 'progress', align: 'right', render: (p: number) => pct(p) },
                { title: t('why'), key: 'why', render: (_, r) => <LightDot light={r.light} reason={{ zh: r.zh, en: r.en }} compact /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
