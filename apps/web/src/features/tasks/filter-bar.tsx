/** The filter bar of the tree and the timetable: scope, search, light, unit, and more on demand. */
import { useState } from 'react';
import { Badge, Button, Flex, Grid, Input, Segmented, Select, Tag, Tooltip } from 'antd';
import { campaigns, tasks, type CampaignT } from '@luoshi/contracts';
import { LIGHTS, NODE_TYPES, NODE_TYPE_LABELS, SOURCE_KINDS, SOURCE_KIND_LABELS, TASK_STATUSES, TASK_STATUS_LABELS } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { LIGHT_SHORT } from '../../lib/lights.tsx';
import { countyLeaders, useAllPeople, useAllUnits } from '../../lib/lookups.ts';
import { useSession } from '../../lib/session.tsx';
import { taskDict } from './messages.ts';
import { activeFilterCount, toQuery, useFilters, type FilterKey, type Filters, type Scope } from './query.ts';

/** Campaign, filters and the filtered rows of a tree or timetable page. */
export function useTaskView(campaignId: string) {
  const f = useFilters();
  const campaign = useLoad((signal) => call(campaigns.getCampaign, { params: { id: campaignId }, signal }), [campaignId]);
  const rows = useLoad((signal) => call(tasks.listTasks, { params: { id: campaignId }, query: toQuery(f.filters), signal }), [campaignId, f.search]);
  return { ...f, campaign, rows };
}

const ADVANCED: FilterKey[] = ['streamKey', 'nodeType', 'sourceKind', 'listId', 'leaderId', 'status', 'dueFrom', 'dueTo'];

export function FilterBar({
  campaign,
  filters,
  set,
  clear,
}: {
  campaign: CampaignT | undefined;
  filters: Filters;
  set: (c: Partial<Filters>) => void;
  clear: () => void;
}) {
  const t = useT(taskDict);
  const label = useLabel();
  const { user } = useSession();
  const screens = Grid.useBreakpoint();
  const { units } = useAllUnits();
  const { byId: people } = useAllPeople();
  const advancedSet = ADVANCED.filter((k) => filters[k]).length;
  const [more, setMore] = useState<boolean | null>(null);
  const showMore = more ?? (advancedSet > 0 || !!screens.xl);
  const scopes: Scope[] = ['all'];
  if (user?.memberships.some((m) => !m.unitFunctions.includes('government'))) scopes.push('mine');
  if (user?.chargedUnitIds.length) scopes.push('charge');

  const sel = (key: FilterKey, all: string, options: { value: string; label: string }[], width = 150) => (
    <Select
      key={key}
      allowClear
      showSearch
      optionFilterProp="label"
      style={{ minWidth: width, maxWidth: '100%' }}
      popupMatchSelectWidth={false}
      placeholder={all}
      aria-label={all}
      value={filters[key]}
      onChange={(v?: string) => set({ [key]: v || undefined })}
      options={options}
    />
  );

  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }} data-testid="task-filters">
      <Flex gap={8} wrap align="center">
        {scopes.length > 1 && (
          <Segmented<Scope>
            aria-label={t('scope')}
            value={filters.scope}
            onChange={(v) => set({ scope: v })}
            options={scopes.map((s) => ({ value: s, label: t(`scope_${s}`) }))}
          />
        )}
        <Input.Search
          key={filters.q ?? ''}
          allowClear
          defaultValue={filters.q}
          placeholder={t('searchTasks')}
          aria-label={t('searchTasks')}
          style={{ width: 220, maxWidth: '100%' }}
          onSearch={(v) => set({ q: v.trim() || undefined })}
        />
        {sel(
          'light',
          t('allLights'),
          LIGHTS.map((l) => ({ value: l, label: label(LIGHT_SHORT[l]) })),
          120,
        )}
        {sel(
          'unitId',
          t('allUnits'),
          units.map((u) => ({ value: u.id, label: u.name })),
          180,
        )}
        <Badge count={showMore ? 0 : advancedSet} size="small">
          <Button onClick={() => setMore(!showMore)}>{showMore ? t('fewerFilters') : t('moreFilters')}</Button>
        </Badge>
        {(filters.leaves === 'true' || filters.unitRole === 'lead') && (
          <Tooltip title={t('asDashboardHint')}>
            <Tag closable onClose={() => set({ leaves: undefined, unitRole: undefined })} data-testid="as-dashboard" style={{ marginInlineEnd: 0 }}>
              {t('asDashboard')}
            </Tag>
          </Tooltip>
        )}
        {activeFilterCount(filters) > 0 && (
          <Button type="link" onClick={clear}>
            {t('clearFilters')}
          </Button>
        )}
      </Flex>
      {showMore && (
        <Flex gap={8} wrap align="center">
          {sel(
            'streamKey',
            t('allStreams'),
            (campaign?.streams ?? []).map((s) => ({ value: s.key, label: s.title })),
            170,
          )}
          {sel(
            'nodeType',
            t('allTypes'),
            NODE_TYPES.map((n) => ({ value: n, label: label(NODE_TYPE_LABELS[n]) })),
            120,
          )}
          {sel(
            'sourceKind',
            t('allSources'),
            SOURCE_KINDS.map((s) => ({ value: s, label: label(SOURCE_KIND_LABELS[s]) })),
            140,
          )}
          {sel(
            'listId',
            t('allLists'),
            (campaign?.lists ?? []).map((l) => ({ value: l.id, label: l.name })),
            150,
          )}
          {sel('leaderId', t('allLeaders'), countyLeaders(units, people), 140)}
          {sel(
            'status',
            t('allStatuses'),
            TASK_STATUSES.map((s) => ({ value: s, label: label(TASK_STATUS_LABELS[s]) })),
            120,
          )}
          <Flex gap={4} align="center">
            <span className="ls-muted">{t('dueFrom')}</span>
            <Input
              type="date"
              aria-label={t('dueFrom')}
              style={{ width: 150 }}
              value={filters.dueFrom ?? ''}
              onChange={(e) => set({ dueFrom: e.target.value || undefined })}
            />
            <span className="ls-muted">{t('dueTo')}</span>
            <Input
              type="date"
              aria-label={`${t('dueFrom')} ${t('dueTo')}`}
              style={{ width: 150 }}
              value={filters.dueTo ?? ''}
              onChange={(e) => set({ dueTo: e.target.value || undefined })}
            />
          </Flex>
        </Flex>
      )}
    </Flex>
  );
}
