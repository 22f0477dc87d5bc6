/** The campaign picker in the header of a campaign page (kept apart so the first screen does not load a Select). */
import { useNavigate } from 'react-router';
import { Select } from 'antd';
import { useT, type Dict } from './i18n.tsx';
import { rememberCampaign, useCampaignList } from './campaign.tsx';

const dict = { campaign: { zh: '活动', en: 'Campaign' } } satisfies Dict;

/** A picker in a campaign page's header: switching keeps the section and drops the filters. */
export function CampaignSwitch({ campaignId, section }: { campaignId: string; section: string }) {
  const list = useCampaignList();
  const navigate = useNavigate();
  const t = useT(dict);
  const items = list.data?.items ?? [];
  if (items.length < 2) return null;
  return (
    <Select
      aria-label={t('campaign')}
      value={campaignId}
      style={{ minWidth: 200, maxWidth: '100%' }}
      popupMatchSelectWidth={false}
      onChange={(id: string) => {
        rememberCampaign(id);
        navigate(`/app/campaigns/${id}/${section}`);
      }}
      options={items.map((c) => ({ value: c.id, label: `${c.year} · ${c.name}` }))}
    />
  );
}
