/**
 * 督查建议: what the sweep found (red work, missing plans, lapsed 督办 and 催办), with its reason and
 * rule. The office drafts a notice from a proposal, or dismisses it with reasons.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Empty, Flex, Grid, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { NOTICE_KIND_LABELS, type NoticeKind } from '@luoshi/domain';
import { supervision, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { formatInstant } from '../../lib/format.ts';
import { LoadMore, usePagedList } from '../../lib/paging.tsx';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { KindTag, SubjectLink, useRuleText } from './parts.tsx';
import { DraftModal, type DraftPreset } from './draft-modal.tsx';
import { ReasonModal } from './dialogs.tsx';

type Proposal = ResponseOf<typeof supervision.listProposals>['items'][number];
type StatusFilter = 'open' | 'drafted' | 'dismissed' | 'all';

const PROPOSAL_COLORS: Record<Proposal['status'], string> = {
  open: 'gold',
  drafted: 'blue',
  dismissed: 'default',
};

/** Proposals read a page at a time. */
const PAGE = 50;

export function ProposalsPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const wide = Grid.useBreakpoint().md !== false;
  const label = useLabel();
  const { lang } = useLang();
  const ruleText = useRuleText();
  useRememberCampaign(id);
  const [status, setStatus] = useState<StatusFilter>('open');
  const [kind, setKind] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  // state, kind and words are asked of the server, which answers a page at a time
  const list = usePagedList(
    (cursor, signal) =>
      call(supervision.listProposals, {
        params: { id },
        query: { ...(status === 'all' ? {} : { status }), kind: kind as NoticeKind | undefined, q: q.trim() || undefined, limit: PAGE, cursor },
        signal,
      }),
    [id, status, kind, q],
    (p) => p.id,
  );
  const [drafting, setDrafting] = useState<DraftPreset | null>(null);
  const [dismissing, setDismissing] = useState<Proposal | null>(null);
  const items = list.items;

  const draftFrom = (p: Proposal) => {
    // the lapsed notice a 催办 or 查办 proposal follows, by document number
    const parent = p.parentNotice;
    setDrafting({
      campaignId: id,
      kind: p.kind as NoticeKind,
      subjectType: p.subjectType,
      subjectId: p.subjectId,
      subjectTitle: p.subjectTitle,
      unitId: p.unitId,
      unitName: p.unitName,
      parentNoticeId: p.parentNoticeId,
      parentLabel: parent ? `${parent.docNumber ?? ''} ${parent.title}`.trim() : null,
      proposalId: p.id,
    });
  };

  return (
    <Page title={t('proposalsTitle')} extra={<CampaignSwitch campaignId={id} section="proposals" />}>
      <Alert type="info" showIcon message={t('proposalsHint')} style={{ marginBottom: 12 }} />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open', label: t('proposalStatus_open') },
            { value: 'drafted', label: t('proposalStatus_drafted') },
            { value: 'dismissed', label: t('proposalStatus_dismissed') },
            { value: 'all', label: t('all') },
          ]}
        />
        <Select
          allowClear
          aria-label={t('kindFilter')}
          placeholder={t('kindFilter')}
          style={{ width: 140 }}
          value={kind}
          onChange={setKind}
          options={(['supervise', 'urge', 'investigate'] as const).map((k) => ({
            value: k,
            label: label(NOTICE_KIND_LABELS[k]),
          }))}
        />
        <Input.Search allowClear placeholder={t('search')} style={{ width: 220 }} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} />
        <Typography.Text type="secondary" data-testid="proposal-count">
          {t('proposalCount', { n: list.total ?? 0 })}
        </Typography.Text>
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<Proposal>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('proposalsEmpty')} />,
        }}
        columns={[
          {
            title: t('kind'),
            dataIndex: 'kind',
            render: (k: string) => <KindTag kind={k} />,
          },
          {
            title: t('subject'),
            key: 'subject',
            render: (_, p) => (
              <div style={{ minWidth: 180, maxWidth: 320 }}>
                <SubjectLink s={p} campaignId={id} />
              </div>
            ),
          },
          { title: t('unit'), dataIndex: 'unitName' },
          {
            title: t('reason'),
            key: 'reason',
            render: (_, p) => {
              const parent = p.parentNotice;
              return (
                <div style={{ minWidth: 220, maxWidth: 380 }}>
                  <div>{p.reason.startsWith(`${p.subjectTitle}:`) ? p.reason.slice(p.subjectTitle.length + 1) : p.reason}</div>
                  <div className="ls-muted">
                    {t('rule')}:{ruleText(p.rule)}
                    {parent && (
                      <>
                        {' · '}
                        {t('parentNotice')}:<Link to={`/app/notices/${parent.id}`}>{parent.docNumber ?? parent.title}</Link>
                      </>
                    )}
                  </div>
                </div>
              );
            },
          },
          {
            title: t('createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatInstant(v, lang),
          },
          {
            title: t('status'),
            key: 'status',
            render: (_, p) => (
              <div style={{ maxWidth: 240 }}>
                <Tag color={PROPOSAL_COLORS[p.status]}>{t(`proposalStatus_${p.status}`)}</Tag>
                {p.status === 'dismissed' && (
                  <div className="ls-muted">
                    {p.decidedBy}:{p.decisionReason}
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            // pinned on a wide screen; on a phone it would leave no room for the rest
            fixed: wide ? 'right' : undefined,
            render: (_, p) =>
              p.status === 'open' ? (
                <Space wrap>
                  <Button type="primary" size="small" onClick={() => draftFrom(p)}>
                    {t('draft')}
                  </Button>
                  <Button size="small" onClick={() => setDismissing(p)}>
                    {t('dismiss')}
                  </Button>
                </Space>
              ) : p.noticeId ? (
                <Link to={`/app/notices/${p.noticeId}`}>{t('toNotice')}</Link>
              ) : null,
          },
        ]}
      />
      <LoadMore list={list} />
      {drafting && <DraftModal preset={drafting} onClose={() => setDrafting(null)} onDrafted={() => list.reload()} />}
      {dismissing && (
        <ReasonModal
          title={t('dismissTitle', { subject: dismissing.subjectTitle })}
          intro={<Typography.Paragraph type="secondary">{dismissing.reason}</Typography.Paragraph>}
          label={t('dismissReason')}
          requiredMessage={t('dismissReasonRequired')}
          okText={t('dismiss')}
          danger
          max={1000}
          field="reason"
          success={t('dismissed')}
          submit={(reason) =>
            call(supervision.dismissProposal, {
              params: { id: dismissing.id },
              body: { reason },
            })
          }
          onClose={() => setDismissing(null)}
          onDone={() => list.reload()}
        />
      )}
    </Page>
  );
}
