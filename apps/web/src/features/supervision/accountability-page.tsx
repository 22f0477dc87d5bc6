/**
 * 效能问责与问责: the cases an issued 催办 or 查办 opened, with the notice's number, the unit and
 * the people (班子成员) concerned. 监察局 records the decision, the measure for each person and the
 * rectification measures.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Empty, Flex, Form, Grid, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { org, supervision, type ResponseOf } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { applyNestedServerErrors } from '../../lib/forms.ts';
import { formatInstant } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { allPages } from '../../lib/paging.tsx';
import { useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { useRoleText } from './parts.tsx';

type Case = ResponseOf<typeof supervision.listAccountability>['items'][number];
type StatusFilter = Case['status'] | 'all';

const CASE_COLORS: Record<Case['status'], string> = {
  open: 'red',
  decided: 'green',
  cancelled: 'default',
};

interface DecideValues {
  decision: string;
  measures?: string;
  people: { personId: string; measure?: string }[];
}

function DecideModal({ c, onClose, onDone }: { c: Case; onClose: () => void; onDone: () => void }) {
  const t = useT(dict);
  const roleText = useRoleText();
  const [form] = Form.useForm<DecideValues>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  // anyone of the unit may be named, besides its leadership the case opened with
  const staff = useLoad(async (signal) => ({ items: await allPages((cursor) => call(org.listPeople, { query: { unitId: c.unitId, limit: 500, cursor }, signal })) }), [c.unitId]);
  const options = useMemo(() => {
    const known = new Map<string, string>(c.people.map((p) => [p.personId, `${p.name} · ${roleText(p.role)}`]));
    for (const p of staff.data?.items ?? []) if (!known.has(p.id) && p.active) known.set(p.id, `${p.name}${p.title ? ` · ${p.title}` : ''}`);
    return [...known].map(([value, label]) => ({ value, label }));
  }, [c.people, staff.data, roleText]);

  const finish = async (v: DecideValues) => {
    setError(null);
    try {
      await run(
        () =>
          call(supervision.decideAccountability, {
            params: { id: c.id },
            body: {
              decision: v.decision.trim(),
              measures: (v.measures ?? '').trim(),
              people: (v.people ?? [])
                .filter((p) => p?.personId)
                .map((p) => ({
                  personId: p.personId,
                  measure: (p.measure ?? '').trim(),
                })),
            },
          }),
        t('caseDecided'),
      );
      onDone();
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyNestedServerErrors(form, e));
    }
  };

  return (
    <Modal
      open
      title={t('decideCaseTitle', { doc: c.docNumber ?? '' })}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={720}
    >
      <ErrorAlert error={error} issues={rest} />
      <Typography.Paragraph type="secondary">
        {c.unitName} · {t(`caseKind_${c.kind}`)}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={finish}
        initialValues={{
          people: c.people.map((p) => ({
            personId: p.personId,
            measure: p.measure ?? '',
          })),
        }}
      >
        <Form.Item
          name="decision"
          label={t('decision')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('decisionRequired'),
            },
            { max: 5000 },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} autoFocus />
        </Form.Item>
        <Typography.Text strong>{t('people')}</Typography.Text>
        <Form.List name="people">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap align="start">
                  <Form.Item name={[f.name, 'personId']} rules={[{ required: true, message: t('required') }]} style={{ flex: '1 1 200px', marginBottom: 8 }}>
                    <Select aria-label={t('person')} placeholder={t('person')} showSearch optionFilterProp="label" options={options} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'measure']} rules={[{ max: 500 }]} style={{ flex: '2 1 240px', marginBottom: 8 }}>
                    <Input aria-label={t('measure')} placeholder={t('measure')} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('removePerson')}</Button>
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ personId: undefined, measure: '' })} style={{ marginBottom: 16 }}>
                {t('addPerson')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="measures" label={t('measures')} rules={[{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AccountabilityPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const wide = Grid.useBreakpoint().md !== false;
  const { lang } = useLang();
  const { can } = useSession();
  const roleText = useRoleText();
  useRememberCampaign(id);
  const list = useLoad((signal) => call(supervision.listAccountability, { params: { id }, signal }), [id]);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [deciding, setDeciding] = useState<Case | null>(null);
  const decides = can('accountability.decide');
  const items = (list.data?.items ?? []).filter((c) => status === 'all' || c.status === status);

  return (
    <Page title={t('accountabilityTitle')} extra={<CampaignSwitch campaignId={id} section="accountability" />}>
      <Alert type="info" showIcon message={t('accountabilityHint')} style={{ marginBottom: 12 }} />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: t('all') },
            { value: 'open', label: t('caseStatus_open') },
            { value: 'decided', label: t('caseStatus_decided') },
            { value: 'cancelled', label: t('caseStatus_cancelled') },
          ]}
        />
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<Case>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={items}
        pagination={{
          pageSize: 50,
          hideOnSinglePage: true,
          showSizeChanger: false,
        }}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('casesEmpty')} />,
        }}
        columns={[
          {
            title: t('docNumber'),
            key: 'doc',
            render: (_, c) => (
              <Flex vertical gap={2}>
                <Link to={`/app/notices/${c.noticeId}`}>{c.docNumber ?? t('toNotice')}</Link>
                <span>
                  <Tag color={c.kind === 'accountability' ? 'red' : 'volcano'}>{t(`caseKind_${c.kind}`)}</Tag>
                </span>
              </Flex>
            ),
          },
          { title: t('unit'), dataIndex: 'unitName' },
          {
            title: t('people'),
            key: 'people',
            render: (_, c) => (
              <ul className="ls-keyed" style={{ minWidth: 180 }}>
                {c.people.map((p) => (
                  <li key={p.personId}>
                    {p.name} <span className="ls-muted">{roleText(p.role)}</span>
                    {p.measure && <div>{`${t('measure')}:${p.measure}`}</div>}
                  </li>
                ))}
              </ul>
            ),
          },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: Case['status']) => <Tag color={CASE_COLORS[s]}>{t(`caseStatus_${s}`)}</Tag>,
          },
          {
            title: t('decision'),
            key: 'decision',
            render: (_, c) =>
              c.decision ? (
                <div style={{ maxWidth: 320, whiteSpace: 'pre-wrap' }}>
                  <div>{c.decision}</div>
                  {c.measures && <div className="ls-muted">{`${t('measures')}:${c.measures}`}</div>}
                  <div className="ls-muted">{`${c.decidedBy ?? ''} · ${formatInstant(c.decidedAt, lang)}`}</div>
                </div>
              ) : (
                t('notYet')
              ),
          },
          {
            title: t('openedAt'),
            dataIndex: 'openedAt',
            render: (v: string) => formatInstant(v, lang),
          },
          ...(decides
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  fixed: wide ? ('right' as const) : undefined,
                  render: (_: unknown, c: Case) =>
                    c.status === 'open' ? (
                      <Space>
                        <Button type="primary" size="small" onClick={() => setDeciding(c)}>
                          {t('decide')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {deciding && <DecideModal c={deciding} onClose={() => setDeciding(null)} onDone={() => list.reload()} />}
    </Page>
  );
}
