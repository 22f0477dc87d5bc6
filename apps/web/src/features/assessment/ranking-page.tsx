/**
 * 年度目标责任考核排名 (R-ASSESS-2): every unit's score and rank, overall and within its kind (towns,
 * departments …), with a chart of the scores and their parts. The office closes the year here; the
 * county report downloads as .xlsx and .docx. A unit's staff see their own row, which opens the
 * page that explains the score.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Empty, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { assessment, type ResponseOf } from '@luoshi/contracts';
import { UNIT_KIND_LABELS, type UnitKind } from '@luoshi/domain';
import { call, fileUrl } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { EChart, type ChartOption } from '../dashboard/echart.tsx';
import { dict } from './messages.ts';
import { pts } from './parts.tsx';

type Overview = ResponseOf<typeof assessment.assessmentOverview>;
type Row = Overview['items'][number];

/** Download links of the county report (the server sends the file; the session cookie goes along). */
export function reportHref(campaignId: string, format: 'xlsx' | 'docx'): string {
  return `${fileUrl(assessment.assessmentReport, { id: campaignId })}?format=${format}`;
}

export function RankingPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const label = useLabel();
  const { lang } = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const { busy, run } = useAction();
  useRememberCampaign(id);
  const data = useLoad((signal) => call(assessment.assessmentOverview, { params: { id }, signal }), [id]);
  const corrections = useLoad(
    (signal) => (data.data?.status === 'closed' ? call(assessment.listCorrections, { params: { id }, signal }) : Promise.resolve({ items: [] })),
    [id, data.data?.status],
  );
  const pending = (corrections.data?.items ?? []).filter((c) => c.status === 'pending');
  const [scope, setScope] = useState<string>('all');
  const d = data.data;

  const kinds = useMemo(() => [...new Set((d?.items ?? []).map((r) => r.kind))], [d]);
  const rows = useMemo(() => {
    const items = d?.items ?? [];
    return scope === 'all' ? items : items.filter((r) => r.kind === scope).sort((a, b) => a.kindRank - b.kindRank);
  }, [d, scope]);
  const kindText = (k: string) => label(UNIT_KIND_LABELS[k as UnitKind]) || k;

  const chart = useMemo((): ChartOption | null => {
    if (!rows.length) return null;
    const shown = [...rows].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0 },
      yAxis: { type: 'category', data: shown.map((r) => r.unitName), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          name: t('score'),
          barMaxWidth: 18,
          data: shown.map((r) => r.score),
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [rows, t]);

  const close = () =>
    run(async () => {
      await call(assessment.closeYear, { params: { id } });
      data.reload();
    }, t('closedOk')).catch(() => undefined);

  const rankCol = scope === 'all' ? 'rank' : 'kindRank';
  const readsCounty = can('award.read');
  return (
    <Page
      title={t('rankingTitle')}
      extra={
        <>
          <CampaignSwitch campaignId={id} section="assessment" />
          {readsCounty && (
            <>
              <Button href={reportHref(id, 'xlsx')} download data-testid="report-xlsx">
                {t('downloadXlsx')}
              </Button>
              <Button href={reportHref(id, 'docx')} download>
                {t('downloadDocx')}
              </Button>
            </>
          )}
          {can('assessment.close') && d?.status === 'open' && (
            <Popconfirm title={t('closeYear')} description={<div style={{ maxWidth: 320 }}>{t('closeYearConfirm')}</div>} onConfirm={close} okText={t('confirm')} cancelText={t('cancel')}>
              <Button type="primary" danger loading={busy}>
                {t('closeYear')}
              </Button>
            </Popconfirm>
          )}
        </>
      }
    >
      <ErrorAlert error={data.error} />
      {d && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag color={d.status === 'closed' ? 'blue' : 'gold'} data-testid="year-status">
            {d.status === 'closed' ? t('statusClosed') : t('statusOpen')}
          </Tag>
          {d.closedAt && <Typography.Text type="secondary">{t('closedAtBy', { at: formatInstant(d.closedAt, lang), by: d.closedBy ?? '' })}</Typography.Text>}
          <Typography.Text type="secondary">{t('asOf', { d: d.asOf })}</Typography.Text>
        </Space>
      )}
      {d && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={d.status === 'closed' ? t('closedHint') : t('openHint')} />}
      {pending.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="pending-corrections"
          message={t('pendingCorrections', { n: pending.length })}
          description={
            <Space wrap>
              {pending.map((c) => (
                <Link key={c.id} to={`/app/campaigns/${id}/assessment/units/${c.unitId}`}>
                  {`${c.unitName} ${pts(c.before.score)} → ${pts(c.after.score)}`}
                </Link>
              ))}
            </Space>
          }
        />
      )}
      {kinds.length > 1 && (
        <Segmented
          style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
          value={scope}
          onChange={(v) => setScope(String(v))}
          options={[{ value: 'all', label: t('scope_all') }, ...kinds.map((k) => ({ value: k, label: kindText(k) }))]}
        />
      )}
      <Table<Row>
        rowKey="unitId"
        size="middle"
        loading={data.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="ranking-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noUnits')} /> }}
        columns={[
          { title: scope === 'all' ? t('rank') : t('kindRank'), dataIndex: rankCol, width: 70, align: 'center' },
          {
            title: t('unit'),
            dataIndex: 'unitName',
            render: (name: string, r) => <Link to={`/app/campaigns/${id}/assessment/units/${r.unitId}`}>{name}</Link>,
          },
          { title: t('kind'), dataIndex: 'kind', render: kindText },
          {
            title: t('score'),
            dataIndex: 'score',
            align: 'right',
            render: (s: number, r) => (
              <Space size={4}>
                <Typography.Text strong data-testid="unit-score">
                  {pts(s)}
                </Typography.Text>
                {r.corrected && <Tag color="green">{t('corrected')}</Tag>}
                {r.drift && <Tag color="orange">{t('drift')}</Tag>}
              </Space>
            ),
          },
          ...(d?.status === 'closed'
            ? [
                { title: t('closedScore'), dataIndex: 'closedScore', align: 'right' as const, render: (s: number | null) => (s === null ? '' : pts(s)) },
                { title: t('liveScore'), dataIndex: 'liveScore', align: 'right' as const, render: (s: number) => pts(s) },
              ]
            : []),
          { title: t('deductions'), dataIndex: 'deductions', align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">−{pts(v)}</Typography.Text> : '0') },
          { title: t('bonuses'), dataIndex: 'bonuses', align: 'right', render: (v: number) => (v ? <Typography.Text type="success">+{pts(v)}</Typography.Text> : '0') },
          ...(scope === 'all' ? [{ title: t('kindRank'), dataIndex: 'kindRank', align: 'center' as const }] : [{ title: t('rank'), dataIndex: 'rank', align: 'center' as const }]),
          {
            title: t('eligible'),
            dataIndex: 'eligible',
            render: (e: boolean) => <Tag color={e ? 'default' : 'red'}>{e ? t('eligibleYes') : t('eligibleNo')}</Tag>,
          },
        ]}
      />
      {chart && rows.length > 1 && (
        <Card size="small" style={{ marginTop: 16 }} title={t('chartLabel')}>
          <EChart option={chart} height={Math.max(160, rows.length * 24 + 24)} label={t('chartLabel')} testId="ranking-chart" onClick={(p) => {
            const r = rows[rows.length - 1 - p.dataIndex];
            if (r) navigate(`/app/campaigns/${id}/assessment/units/${r.unitId}`);
          }} />
        </Card>
      )}
    </Page>
  );
}
