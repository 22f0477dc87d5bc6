/**
 * 督查通知: every 督办, 催办, 查办 and 通报表扬 of the campaign the user may see, filtered by kind,
 * state and unit (the filters live in the address, so a view can be shared).
 */
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Empty, Flex, Select, Table, Typography } from 'antd';
import { NOTICE_KINDS, NOTICE_KIND_LABELS, NOTICE_STATUSES, NOTICE_STATUS_LABELS, type NoticeKind, type NoticeStatus } from '@luoshi/domain';
import { org, supervision, type NoticeT } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { useLoad } from '../../lib/hooks.ts';
import { LoadMore, usePagedList } from '../../lib/paging.tsx';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { KindTag, NoticeStatusTag, SubjectLink } from './parts.tsx';

/** Notices read a page at a time. */
const PAGE = 50;

export function NoticesPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const label = useLabel();
  useRememberCampaign(id);
  const [sp, setSp] = useSearchParams();
  const kind = (NOTICE_KINDS as readonly string[]).includes(sp.get('kind') ?? '') ? (sp.get('kind') as NoticeKind) : undefined;
  const status = (NOTICE_STATUSES as readonly string[]).includes(sp.get('status') ?? '') ? (sp.get('status') as NoticeStatus) : undefined;
  const unitId = sp.get('unitId') || undefined;
  const list = usePagedList(
    (cursor, signal) =>
      call(supervision.listNotices, {
        params: { id },
        query: { kind, status, unitId, limit: PAGE, cursor },
        signal,
      }),
    [id, kind, status, unitId],
    (n) => n.id,
  );
  const units = useLoad((signal) => call(org.listUnits, { query: {}, signal }), []);
  const unitOptions = useMemo(() => (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })), [units.data]);

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (value) next.set(key, value);
    else next.delete(key);
    setSp(next, { replace: true });
  };

  const items = list.items;
  return (
    <Page title={t('noticesTitle')} extra={<CampaignSwitch campaignId={id} section="notices" />}>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('kindFilter')}
          placeholder={t('kindFilter')}
          style={{ width: 140 }}
          value={kind}
          onChange={(v?: string) => set('kind', v)}
          options={NOTICE_KINDS.map((k) => ({
            value: k,
            label: label(NOTICE_KIND_LABELS[k]),
          }))}
        />
        <Select
          allowClear
          aria-label={t('statusFilter')}
          placeholder={t('statusFilter')}
          style={{ width: 200 }}
          value={status}
          onChange={(v?: string) => set('status', v)}
          options={NOTICE_STATUSES.map((s) => ({
            value: s,
            label: label(NOTICE_STATUS_LABELS[s]),
          }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          aria-label={t('unitFilter')}
          placeholder={t('unitFilter')}
          style={{ width: 240, maxWidth: '100%' }}
          value={unitId}
          onChange={(v?: string) => set('unitId', v)}
          options={unitOptions}
        />
        <Typography.Text type="secondary" data-testid="notice-count">
          {t('proposalCount', { n: list.total ?? 0 })}
        </Typography.Text>
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<NoticeT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noticesEmpty')} />,
        }}
        columns={[
          {
            title: t('docNumber'),
            dataIndex: 'docNumber',
            render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{v ?? t('notYet')}</span>,
          },
          {
            title: t('noticeTitle'),
            key: 'title',
            render: (_, n) => (
              <div style={{ minWidth: 220, maxWidth: 420 }}>
                <Link to={`/app/notices/${n.id}`}>{n.title}</Link>
              </div>
            ),
          },
          {
            title: t('kind'),
            dataIndex: 'kind',
            render: (k: string) => <KindTag kind={k} />,
          },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: string) => <NoticeStatusTag status={s} />,
          },
          { title: t('unit'), dataIndex: 'unitName' },
          {
            title: t('subject'),
            key: 'subject',
            render: (_, n) => (
              <div style={{ minWidth: 140, maxWidth: 260 }}>
                <SubjectLink s={n} />
              </div>
            ),
          },
          {
            title: t('deadline'),
            dataIndex: 'deadline',
            render: (v: string | null) => v ?? t('notYet'),
          },
          {
            title: t('issuedOn'),
            dataIndex: 'issuedOn',
            render: (v: string | null) => v ?? t('notYet'),
          },
          {
            title: t('deduction'),
            dataIndex: 'deduction',
            align: 'right',
            render: (v: number) => (v ? t('points', { n: v }) : t('notYet')),
          },
        ]}
      />
      <LoadMore list={list} />
    </Page>
  );
}
