/** 活动: every campaign by year, newest first; the office starts a new one. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Input, Table, Tag } from 'antd';
import type { CampaignSummaryT } from '../../lib/campaign.tsx';
import { useCampaignList } from '../../lib/campaign.tsx';
import { useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { campaignDict } from './messages.ts';
import { CampaignFormModal } from './campaign-form.tsx';

export function CampaignsPage() {
  const t = useT(campaignDict);
  const { can } = useSession();
  const navigate = useNavigate();
  const list = useCampaignList();
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState('');
  const items = (list.data?.items ?? []).filter((c) => !q || c.name.includes(q) || String(c.year).includes(q));
  return (
    <Page
      title={t('campaigns')}
      extra={
        can('campaign.manage') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('newCampaign')}
          </Button>
        )
      }
    >
      <Input.Search
        allowClear
        placeholder={t('search')}
        aria-label={t('search')}
        style={{ maxWidth: 320, marginBottom: 16 }}
        onSearch={(v) => setQ(v.trim())}
      />
      <ErrorAlert error={list.error} />
      <Table<CampaignSummaryT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('year'), dataIndex: 'year', width: 80 },
          {
            title: t('name'),
            dataIndex: 'name',
            render: (_, c) => (
              <>
                <Link to={`/app/campaigns/${c.id}`}>{c.name}</Link>
                {c.copiedFromId && (
                  <Tag style={{ marginInlineStart: 8 }} color="blue">
                    {t('copiedFrom')}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('period'), key: 'period', render: (_, c) => `${c.startDate} ~ ${c.endDate}` },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: 'active' | 'closed') => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`status_${s}`)}</Tag>,
          },
          { title: t('goals'), key: 'goals', align: 'right', render: (_, c) => c.goals.length },
          { title: t('streams'), key: 'streams', align: 'right', render: (_, c) => c.streams.length },
          { title: t('taskCount'), dataIndex: 'taskCount', align: 'right' },
        ]}
      />
      {creating && <CampaignFormModal onClose={() => setCreating(false)} onSaved={(c) => navigate(`/app/campaigns/${c.id}`)} />}
    </Page>
  );
}
