/**
 * 评选表彰先进机关和个人 (R-ASSESS, seed §五): the office and the assessment office nominate units and
 * people; the server refuses anyone who lost award eligibility and says why (the notice numbers),
 * and this page keeps those refusals in view. The office selects; after the close the selected
 * list becomes the commendation notice (通报表扬), drafted here and approved and issued on the
 * notice's own page.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Empty, Form, Input, List, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { assessment, org, type ResponseOf } from '@luoshi/contracts';
import { ApiError, call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { allPages } from '../../lib/paging.tsx';
import { useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { pts } from './parts.tsx';

type Nomination = ResponseOf<typeof assessment.listAwards>['items'][number];
interface Refusal {
  at: number;
  who: string;
  title: string;
  message: string;
}

const STATUS_COLORS: Record<Nomination['status'], string> = { nominated: 'gold', selected: 'green', rejected: 'default', withdrawn: 'default' };

function NominateForm({ campaignId, units, onDone, onRefused }: { campaignId: string; units: { value: string; label: string }[]; onDone: () => void; onRefused: (r: Refusal) => void }) {
  const t = useT(dict);
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const type = Form.useWatch('nomineeType', form) as 'unit' | 'person' | undefined;
  const unitId = Form.useWatch('unitId', form) as string | undefined;
  const people = useLoad(
    async (signal) => ({ items: type === 'person' && unitId ? await allPages((cursor) => call(org.listPeople, { query: { unitId, limit: 500, cursor }, signal })) : [] }),
    [type, unitId],
  );
  const [refusal, setRefusal] = useState<string | null>(null);
  const submit = async () => {
    const v = (await form.validateFields()) as { nomineeType: 'unit' | 'person'; unitId: string; personId?: string; title: string; reason: string };
    setRefusal(null);
    try {
      await run(() => call(assessment.nominate, { params: { id: campaignId }, body: v }), t('nominateOk'));
      form.resetFields(['personId', 'reason']);
      onDone();
    } catch (e) {
      if (e instanceof ApiError) {
        const message = [e.message, ...e.issues.map((i) => i.message)].filter((x, i, a) => x && a.indexOf(x) === i).join(':');
        setRefusal(message);
        const unitName = units.find((u) => u.value === v.unitId)?.label ?? '';
        const personName = people.data?.items.find((p) => p.id === v.personId)?.name;
        onRefused({ at: Date.now(), who: personName ? `${unitName} ${personName}` : unitName, title: v.title, message });
      }
    }
  };
  return (
    <Card size="small" title={t('nominate')} style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" initialValues={{ nomineeType: 'unit', title: '效能建设先进单位' }} onFinish={() => void submit()}>
        <Form.Item name="nomineeType" label={t('nomineeType')}>
          <Radio.Group
            onChange={(e) => form.setFieldValue('title', e.target.value === 'unit' ? '效能建设先进单位' : '效能建设先进个人')}
            options={[
              { value: 'unit', label: t('type_unit') },
              { value: 'person', label: t('type_person') },
            ]}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('unit')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch optionFilterProp="label" options={units} style={{ maxWidth: 360 }} />
        </Form.Item>
        {type === 'person' && (
          <Form.Item name="personId" label={t('person')} rules={[{ required: true, message: t('required') }]}>
            <Select showSearch optionFilterProp="label" loading={people.loading} options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.title}` }))} style={{ maxWidth: 360 }} />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('awardTitle')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input maxLength={60} style={{ maxWidth: 360 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('awardReason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {refusal && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={refusal} data-testid="nomination-refused" />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('nominate')}
        </Button>
      </Form>
    </Card>
  );
}

export function AwardsPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const { can } = useSession();
  const navigate = useNavigate();
  const { busy, run } = useAction();
  useRememberCampaign(id);
  const list = useLoad((signal) => call(assessment.listAwards, { params: { id }, signal }), [id]);
  const overview = useLoad((signal) => call(assessment.assessmentOverview, { params: { id }, signal }), [id]);
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [deciding, setDeciding] = useState<{ n: Nomination; decision: 'reject' | 'withdraw' } | null>(null);
  const [reason, setReason] = useState('');
  const units = useMemo(() => (overview.data?.items ?? []).map((r) => ({ value: r.unitId, label: r.unitName })), [overview.data]);
  const items = list.data?.items ?? [];
  const selected = items.filter((n) => n.status === 'selected');
  const closed = overview.data?.status === 'closed';

  const decide = (n: Nomination, decision: 'select' | 'reject' | 'withdraw', why = '') =>
    run(async () => {
      await call(assessment.decideAward, { params: { id: n.id }, body: { decision, reason: why } });
      list.reload();
    }, t('saved'));
  const draft = () =>
    run(() => call(assessment.draftCommendation, { params: { id }, body: {} })).then(
      (notice) => navigate(`/app/notices/${notice.id}`),
      () => undefined,
    );

  return (
    <Page
      title={t('awardsTitle')}
      extra={
        <>
          <CampaignSwitch campaignId={id} section="awards" />
          <Link to={`/app/campaigns/${id}/ledger?tab=eligibility`}>
            <Button>{t('eligibilityList')}</Button>
          </Link>
        </>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('awardsHint')} />
      <ErrorAlert error={list.error ?? overview.error} />
      {can('award.nominate') && (
        <NominateForm
          campaignId={id}
          units={units}
          onDone={list.reload}
          onRefused={(r) => setRefusals((x) => [r, ...x])}
        />
      )}
      {refusals.length > 0 && (
        <Card size="small" title={t('refusals')} style={{ marginBottom: 16 }} data-testid="refusals">
          <Typography.Paragraph type="secondary">{t('refusalsHint')}</Typography.Paragraph>
          <List
            size="small"
            dataSource={refusals}
            renderItem={(r) => (
              <List.Item key={r.at}>
                <Space wrap>
                  <strong>{r.who}</strong>
                  <span>{r.title}</span>
                  <Typography.Text type="danger">{r.message}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={t('nominations')} style={{ marginBottom: 16 }}>
        <Table<Nomination>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="nominations"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          columns={[
            { title: t('nomineeType'), dataIndex: 'nomineeType', render: (v: string) => t(`type_${v}` as 'type_unit') },
            { title: t('unit'), dataIndex: 'unitName', render: (n: string, r) => <Link to={`/app/campaigns/${id}/assessment/units/${r.unitId}`}>{n}</Link> },
            { title: t('person'), dataIndex: 'personName', render: (v: string | null) => v ?? '' },
            { title: t('awardTitle'), dataIndex: 'title' },
            { title: t('awardReason'), dataIndex: 'reason', width: 260 },
            { title: t('score'), key: 'score', render: (_, r) => (r.score === null ? '' : `${pts(r.score)}(${t('rank')} ${r.rank ?? ''})`) },
            {
              title: t('eligible'),
              key: 'elig',
              render: (_, r) =>
                r.eligibility.eligible ? (
                  <Tag>{t('eligibleYes')}</Tag>
                ) : (
                  <Space wrap size={4}>
                    <Tag color="red">{t('eligibleNo')}</Tag>
                    {r.eligibility.losses.map((l) => (
                      <Link key={l.noticeId} to={`/app/notices/${l.noticeId}`}>
                        {l.docNumber ?? t('toNotice')}
                      </Link>
                    ))}
                  </Space>
                ),
            },
            {
              title: t('status'),
              key: 'status',
              render: (_, r) => (
                <Space direction="vertical" size={2}>
                  <Tag color={STATUS_COLORS[r.status]}>{t(`award_${r.status}`)}</Tag>
                  {r.decisionReason && <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>}
                  {r.notice && <Link to={`/app/notices/${r.notice.id}`}>{r.notice.docNumber ?? t('inNotice')}</Link>}
                </Space>
              ),
            },
            ...(can('award.decide')
              ? [
                  {
                    title: t('actions'),
                    key: 'act',
                    render: (_: unknown, r: Nomination) =>
                      r.notice ? null : (
                        <Space wrap size={4}>
                          {r.status === 'nominated' && (
                            <Button size="small" type="primary" loading={busy} onClick={() => void decide(r, 'select').catch(() => undefined)}>
                              {t('select')}
                            </Button>
                          )}
                          {r.status === 'nominated' && (
                            <Button size="small" onClick={() => setDeciding({ n: r, decision: 'reject' })}>
                              {t('award_rejected')}
                            </Button>
                          )}
                          {(r.status === 'nominated' || r.status === 'selected') && (
                            <Button size="small" onClick={() => setDeciding({ n: r, decision: 'withdraw' })}>
                              {t('withdraw')}
                            </Button>
                          )}
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('bulletin')}
        data-testid="commendation-list"
        extra={
          can('award.decide') && selected.length > 0 ? (
            closed ? (
              <Popconfirm title={t('draftCommendation')} onConfirm={() => void draft()} okText={t('confirm')} cancelText={t('cancel')}>
                <Button type="primary" loading={busy}>
                  {t('draftCommendation')}
                </Button>
              </Popconfirm>
            ) : (
              <Typography.Text type="secondary">{t('draftNeedsClose')}</Typography.Text>
            )
          ) : null
        }
      >
        {selected.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bulletinEmpty')} />
        ) : (
          [...new Set(selected.map((n) => n.title))].map((title) => (
            <div key={title} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{title}</Typography.Text>
              {t('colon')}
              {selected
                .filter((n) => n.title === title)
                .map((n) => (n.personName ? `${n.unitName}${n.personName}` : n.unitName))
                .join('、')}
            </div>
          ))
        )}
      </Card>
      <Modal
        open={!!deciding}
        title={deciding ? `${deciding.decision === 'reject' ? t('award_rejected') : t('withdraw')} · ${deciding.n.personName ?? deciding.n.unitName}` : ''}
        onCancel={() => setDeciding(null)}
        okButtonProps={{ disabled: !reason.trim(), loading: busy }}
        onOk={() => {
          if (!deciding) return;
          void decide(deciding.n, deciding.decision, reason).then(
            () => {
              setDeciding(null);
              setReason('');
            },
            () => undefined,
          );
        }}
        okText={t('confirm')}
        cancelText={t('cancel')}
        destroyOnHidden
      >
        <Input.TextArea rows={3} placeholder={t('decideReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
      </Modal>
    </Page>
  );
}
