/**
 * Which campaign (活动) a page works on. Campaign pages carry the id in their path so that a view
 * can be shared; the menu's shortcuts (/app/tasks, /app/dashboard …) open the campaign last
 * worked on in this browser, or else this year's active campaign.
 */
import { useEffect } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import { campaigns, type ResponseOf } from '@luoshi/contracts';
import { call } from './api.ts';
import { useLoad } from './hooks.ts';
import { useT, type Dict } from './i18n.tsx';
import { ErrorAlert, Loading } from './ui.tsx';

export type CampaignSummaryT = ResponseOf<typeof campaigns.listCampaigns>['items'][number];

const KEY = 'luoshi.campaign';

const dict = {
  noCampaign: { zh: '还没有活动', en: 'No campaign yet' },
  noCampaignHint: {
    zh: '督查室建立年度活动后,这里将显示任务、进度和看板。',
    en: 'Once the office sets up the year’s campaign, its tasks, progress and dashboard appear here.',
  },
  toCampaigns: { zh: '查看活动', en: 'Go to campaigns' },
} satisfies Dict;

export function rememberCampaign(id: string): void {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // private mode: nothing to remember
  }
}

function remembered(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The campaign to open: the one last worked on, else this year's active one, else the newest. */
export function chooseCampaign(items: CampaignSummaryT[], year = new Date().getFullYear()): string | null {
  const last = remembered();
  if (last && items.some((c) => c.id === last)) return last;
  const active = items.filter((c) => c.status === 'active');
  return (active.find((c) => c.year === year) ?? active[0] ?? items[0])?.id ?? null;
}

export function useCampaignList() {
  return useLoad((signal) => call(campaigns.listCampaigns, { signal }), []);
}

/** Remembers the campaign a page shows, so the menu's shortcuts come back to it. */
export function useRememberCampaign(id: string | undefined): void {
  useEffect(() => {
    if (id) rememberCampaign(id);
  }, [id]);
}

/**
 * Sends a menu shortcut on to the current campaign's page, keeping the query (filters). If the
 * user has gone elsewhere while the campaigns were loading, they stay where they went.
 */
export function ToCurrentCampaign({ section }: { section: string }) {
  const list = useCampaignList();
  const location = useLocation();
  const navigate = useNavigate();
  const t = useT(dict);
  const id = list.data ? chooseCampaign(list.data.items) : null;
  const target = id ? `/app/campaigns/${id}/${section}${location.search}` : null;
  useEffect(() => {
    if (target && window.location.pathname === location.pathname) navigate(target, { replace: true });
  }, [target, location.pathname, navigate]);
  if (list.error) return <ErrorAlert error={list.error} />;
  if (!list.data || target) return <Loading />;
  return (
    <Result
      status="info"
      title={t('noCampaign')}
      subTitle={t('noCampaignHint')}
      extra={
        <Link to="/app/campaigns">
          <Button type="primary">{t('toCampaigns')}</Button>
        </Link>
      }
    />
  );
}
