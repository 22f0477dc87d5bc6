/** 时间进度表: the filtered tasks on a time axis, planned against actual, with the same filters as the tree. */
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Flex, Segmented, Typography } from 'antd';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { useT } from '../../lib/i18n.tsx';
import { LIGHT_COLORS } from '../../lib/lights.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { taskDict } from './messages.ts';
import { FilterBar, useTaskView } from './filter-bar.tsx';
import { buildTree } from './query.ts';
import { Gantt, type Zoom } from './gantt.tsx';
import { exportHref } from './sheet.tsx';

export function TimetablePage() {
  const { id = '' } = useParams();
  const t = useT(taskDict);
  const navigate = useNavigate();
  const view = useTaskView(id);
  useRememberCampaign(id);
  const [zoom, setZoom] = useState<Zoom>('month');
  const items = useMemo(() => view.rows.data?.items ?? [], [view.rows.data]);
  const tree = useMemo(() => buildTree(items), [items]);
  const c = view.campaign.data;

  return (
    <Page
      title={t('timetable')}
      extra={
        <>
          <CampaignSwitch campaignId={id} section="timetable" />
          <Button onClick={() => navigate(`/app/campaigns/${id}/tasks${view.search ? `?${view.search}` : ''}`)}>{t('toTree')}</Button>
          <Button href={exportHref(id, view.filters)} download data-testid="sheet-export">
            {t('sheetExport')}
          </Button>
        </>
      }
    >
      <FilterBar campaign={c} filters={view.filters} set={view.set} clear={view.clear} />
      <ErrorAlert error={view.rows.error ?? view.campaign.error} />
      {view.rows.data?.truncated && <Alert type="warning" showIcon message={t('truncated', { n: items.length })} style={{ marginBottom: 12 }} />}
      <Flex gap={16} wrap align="center" style={{ marginBottom: 8 }}>
        <Segmented<Zoom>
          aria-label={t('zoom')}
          value={zoom}
          onChange={setZoom}
          options={(['month', 'week', 'day'] as const).map((z) => ({ value: z, label: t(`zoom_${z}`) }))}
        />
        <Flex gap={12} wrap align="center" className="ls-muted" aria-label={t('legend')}>
          <span className="ls-legend">
            <span className="ls-legend-bar ls-gantt-planned" />
            {t('planned')}
          </span>
          <span className="ls-legend">
            <span
              className="ls-legend-bar"
              style={{ background: `linear-gradient(90deg, ${LIGHT_COLORS.green} 33%, ${LIGHT_COLORS.yellow} 33% 66%, ${LIGHT_COLORS.red} 66%)` }}
            />
            {t('actualBar')}
          </span>
          <span className="ls-legend">
            <span className="ls-legend-line" />
            {t('today')}
          </span>
        </Flex>
        <Typography.Text type="secondary">{t('matches', { n: items.filter((r) => r.match).length })}</Typography.Text>
      </Flex>
      {view.rows.loading && !view.rows.data ? <Loading /> : <Gantt tree={tree} zoom={zoom} from={c?.startDate} to={c?.endDate} />}
    </Page>
  );
}
