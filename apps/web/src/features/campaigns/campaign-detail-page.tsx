/**
 * One campaign: its requirements, goals, streams and measures, the 四个十 lists with how full they
 * are, the policy in force and every earlier version; the office edits, copies into next year,
 * publishes a policy version and keeps the lists.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Card, Col, Descriptions, Flex, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import { campaigns, type CampaignT, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { campaignDict } from './messages.ts';
import { CampaignFormModal } from './campaign-form.tsx';
import { PolicyFormModal, PolicyView } from './policy.tsx';
import { CopyCampaignModal, ListFormModal } from './small-dialogs.tsx';

type Version = ResponseOf<typeof campaigns.listPolicyVersions>['items'][number];
type List = CampaignT['lists'][number];
type Dialog = { kind: 'edit' } | { kind: 'copy' } | { kind: 'policy' } | { kind: 'list'; list?: List } | null;

function Keyed({ title, items, empty }: { title: string; items: CampaignT['goals']; empty: string }) {
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{empty}</Typography.Text>
      ) : (
        <ol className="ls-keyed">
          {items.map((g) => (
            <li key={g.key}>
              <Typography.Text strong>{g.title}</Typography.Text>
              {g.description && <div className="ls-muted">{g.description}</div>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const t = useT(campaignDict);
  const { lang } = useLang();
  const navigate = useNavigate();
  const { can } = useSession();
  const manage = can('campaign.manage');
  const detail = useLoad((signal) => call(campaigns.getCampaign, { params: { id }, signal }), [id]);
  const versions = useLoad((signal) => call(campaigns.listPolicyVersions, { params: { id }, signal }), [id]);
  const [dialog, setDialog] = useState<Dialog>(null);
  useRememberCampaign(detail.data?.id);

  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loading />;
  const c = detail.data;
  const reload = () => {
    detail.reload();
    versions.reload();
  };
  const base = `/app/campaigns/${c.id}`;
  const areas = [
    { to: `${base}/tasks`, label: t('toTasks'), show: can('task.read') },
    { to: `${base}/timetable`, label: t('toTimetable'), show: can('task.read') },
    { to: `${base}/dashboard`, label: t('toDashboard'), show: can('dashboard.read') },
    { to: `${base}/plans`, label: t('toPlans'), show: can('plan.overview') },
    { to: `${base}/review`, label: t('toReview'), show: can('report.review') },
    { to: `${base}/daily`, label: t('toDaily'), show: can('dashboard.read') },
  ].filter((a) => a.show);

  return (
    <Page
      title={c.name}
      extra={
        <>
          <Button onClick={() => navigate('/app/campaigns')}>{t('back')}</Button>
          {manage && (
            <>
              <Button onClick={() => setDialog({ kind: 'edit' })}>{t('editCampaign')}</Button>
              <Button onClick={() => setDialog({ kind: 'copy' })}>{t('copy')}</Button>
              <Button type="primary" onClick={() => setDialog({ kind: 'policy' })}>
                {t('publishPolicy')}
              </Button>
            </>
          )}
        </>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'year', label: t('year'), children: c.year },
            { key: 'period', label: t('period'), children: `${c.startDate} ~ ${c.endDate}` },
            { key: 'status', label: t('status'), children: <Tag color={c.status === 'active' ? 'green' : 'default'}>{t(`status_${c.status}`)}</Tag> },
            { key: 'tasks', label: t('taskCount'), children: c.taskCount },
          ]}
        />
        {areas.length > 0 && (
          <Flex gap={8} wrap style={{ marginTop: 8 }}>
            {areas.map((a) => (
              <Link key={a.to} to={a.to}>
                <Button>{a.label}</Button>
              </Link>
            ))}
          </Flex>
        )}
      </Card>

      {c.requirements && (
        <Card size="small" title={t('requirements')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.requirements}</Typography.Paragraph>
        </Card>
      )}

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={8}>
          <Keyed title={t('goals')} items={c.goals} empty={t('noneYet')} />
        </Col>
        <Col xs={24} lg={8}>
          <Keyed title={t('streams')} items={c.streams} empty={t('noneYet')} />
        </Col>
        <Col xs={24} lg={8}>
          <Keyed title={t('measures')} items={c.measures} empty={t('noneYet')} />
        </Col>
      </Row>

      <Card
        size="small"
        title={t('lists')}
        style={{ marginBottom: 16 }}
        extra={
          manage && (
            <Button size="small" onClick={() => setDialog({ kind: 'list' })}>
              {t('addList')}
            </Button>
          )
        }
      >
        <Table<List>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.lists}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('listName'), dataIndex: 'name' },
            {
              title: t('listItems'),
              key: 'fill',
              render: (_, l) => (
                <Flex align="center" gap={8} style={{ minWidth: 180 }}>
                  <Progress percent={Math.round((l.taskCount / l.size) * 100)} size="small" showInfo={false} style={{ flex: 1, margin: 0 }} />
                  <span>
                    {l.taskCount} / {l.size}
                  </span>
                </Flex>
              ),
            },
            {
              title: t('actions'),
              key: 'actions',
              render: (_, l) => (
                <Space size="small">
                  <Link to={`${base}/tasks?listId=${l.id}`}>{t('openList')}</Link>
                  {manage && (
                    <Button size="small" type="link" onClick={() => setDialog({ kind: 'list', list: l })}>
                      {t('edit')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card size="small" title={`${t('policy')} · ${t('policyVersion', { v: c.policy.version, from: c.policy.effectiveFrom })}`} style={{ marginBottom: 16 }}>
        <PolicyView policy={c.policy.policy} />
      </Card>

      <Card size="small" title={t('versions')}>
        <ErrorAlert error={versions.error} />
        <Table<Version>
          rowKey="version"
          size="small"
          pagination={false}
          loading={versions.loading}
          dataSource={[...(versions.data?.items ?? [])].reverse()}
          scroll={{ x: 'max-content' }}
          expandable={{ expandedRowRender: (v) => <PolicyView policy={v.policy} /> }}
          columns={[
            {
              title: t('version'),
              dataIndex: 'version',
              render: (v: number) => (
                <>
                  v{v} {v === c.policy.version && <Tag color="green">{t('inForce')}</Tag>}
                </>
              ),
            },
            { title: t('effectiveFrom'), dataIndex: 'effectiveFrom' },
            { title: t('note'), dataIndex: 'note' },
            { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v, lang) },
          ]}
        />
      </Card>

      {dialog?.kind === 'edit' && <CampaignFormModal campaign={c} onClose={() => setDialog(null)} onSaved={reload} />}
      {dialog?.kind === 'copy' && <CopyCampaignModal campaign={c} onClose={() => setDialog(null)} onSaved={(n) => navigate(`/app/campaigns/${n.id}`)} />}
      {dialog?.kind === 'policy' && <PolicyFormModal campaignId={c.id} current={c.policy.policy} onClose={() => setDialog(null)} onSaved={reload} />}
      {dialog?.kind === 'list' && (
        <ListFormModal
          campaignId={c.id}
          list={dialog.list}
          nextOrder={c.lists.reduce((m, l) => Math.max(m, l.sortOrder + 1), 0)}
          onClose={() => setDialog(null)}
          onSaved={reload}
        />
      )}
    </Page>
  );
}
