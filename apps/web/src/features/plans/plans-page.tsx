/** The office's overview of unit plans (R-PLAN-2): where each unit's plan stands, who is late, the last comment. */
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, Checkbox, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { campaigns, type ResponseOf } from '@luoshi/contracts';
import { UNIT_KIND_LABELS, type UnitKind } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { PLAN_STATUS_COLORS, planDict, type PlanStatus } from './messages.ts';

type Row = ResponseOf<typeof campaigns.planOverview>['items'][number];
const STATUSES = Object.keys(PLAN_STATUS_COLORS) as PlanStatus[];

export function PlansPage() {
  const { id = '' } = useParams();
  const t = useT(planDict);
  const label = useLabel();
  const { lang } = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  useRememberCampaign(id);
  const data = useLoad((signal) => call(campaigns.planOverview, { params: { id }, signal }), [id]);
  const status = (params.get('status') ?? '') as PlanStatus | '';
  const lateOnly = params.get('late') === 'true';
  const q = params.get('q') ?? '';
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const all = data.data?.items ?? [];
  const rows = all.filter((r) => (!status || r.status === status) && (!lateOnly || r.late) && (!q || r.unitName.includes(q)));
  const count = (s: PlanStatus) => all.filter((r) => r.status === s).length;

  return (
    <Page
      title={t('plans')}
      extra={
        <>
          <CampaignSwitch campaignId={id} section="plans" />
          <Button onClick={() => navigate(`/app/campaigns/${id}`)}>{t('toCampaign')}</Button>
        </>
      }
    >
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>
          {t('deadline')}{t('colon')}{data.data ? (data.data.deadline ?? t('noDeadline')) : '…'}
        </Typography.Text>
        {STATUSES.map((s) => (
          <Tag.CheckableTag key={s} checked={status === s} onChange={(on) => set('status', on ? s : null)} data-testid={`plan-count-${s}`}>
            <Tag color={PLAN_STATUS_COLORS[s]} style={{ marginInlineEnd: 0 }}>
              {t(`st_${s}`)} {count(s)}
            </Tag>
          </Tag.CheckableTag>
        ))}
      </Flex>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select<PlanStatus | ''>
          style={{ minWidth: 150 }}
          value={status}
          aria-label={t('status')}
          onChange={(v) => set('status', v || null)}
          options={[{ value: '', label: t('allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`st_${s}`) }))]}
        />
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('searchUnit')}
          aria-label={t('searchUnit')}
          style={{ maxWidth: 260 }}
          onSearch={(v) => set('q', v.trim() || null)}
        />
        <Checkbox checked={lateOnly} onChange={(e) => set('late', e.target.checked ? 'true' : null)} style={{ alignSelf: 'center' }}>
          {t('lateOnly')}
        </Checkbox>
      </Flex>
      <ErrorAlert error={data.error} />
      <Table<Row>
        rowKey="unitId"
        size="middle"
        loading={data.loading}
        dataSource={rows}
        pagination={{ pageSize: 100, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        footer={() => t('counts', { n: rows.length })}
        columns={[
          { title: t('unit'), dataIndex: 'unitName', render: (n: string, r) => <Link to={`/app/campaigns/${id}/plans/${r.unitId}`}>{n}</Link> },
          { title: t('kind'), dataIndex: 'unitKind', render: (k: string) => label(UNIT_KIND_LABELS[k as UnitKind]) },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: PlanStatus, r) => (
              <Flex gap={4} wrap>
                <Tag color={PLAN_STATUS_COLORS[s]}>{t(`st_${s}`)}</Tag>
                {r.late && <Tag color="red">{t('late')}</Tag>}
              </Flex>
            ),
          },
          { title: t('version'), dataIndex: 'version', align: 'right', render: (v: number) => (v ? `v${v}` : '') },
          { title: t('firstSubmitted'), dataIndex: 'firstSubmittedAt', render: (v: string | null) => formatInstant(v, lang) },
          {
            title: t('lastComment'),
            dataIndex: 'lastComment',
            render: (v: string | null) => (
              <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 280 }}>
                {v ?? ''}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Page>
  );
}
