/**
 * 五个一作风转变行动 (R-FIVE): the discipline rectification drive with its checks per unit and their
 * findings; the units' rectification plans and public commitments (tracked like tasks, published
 * by the unit's principal or the office); cases of violations investigated (查处) with findings,
 * decisions and the people concerned. The efficiency evaluation has its own page; the selection of
 * advanced units and people is on the awards page.
 */
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button, Card, Empty, Flex, Form, Input, Modal, Progress, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { conduct, org, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { allPages } from '../../lib/paging.tsx';
import { useT } from '../../lib/i18n.tsx';
import { LightDot } from '../../lib/lights.tsx';
import { useAllUnits } from '../../lib/lookups.ts';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';

type Drive = ResponseOf<typeof conduct.listDrives>['items'][number];
type Check = Drive['checks'][number];
type Plan = ResponseOf<typeof conduct.listCommitmentPlans>['items'][number];
type Case = ResponseOf<typeof conduct.listConductCases>['items'][number];

interface Field {
  name: string;
  label: string;
  required?: boolean;
  input: React.ReactNode;
}

/** A small form in a dialog: the fields, the call, the server's field errors on the fields. */
function FormDialog({ open, title, fields, initial, onSubmit, onClose }: { open: boolean; title: string; fields: Field[]; initial?: Record<string, unknown>; onSubmit: (v: Record<string, unknown>) => Promise<unknown>; onClose: (saved: boolean) => void }) {
  const t = useT(dict);
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>;
    try {
      await run(() => onSubmit(v), t('saved'));
      form.resetFields();
      onClose(true);
    } catch (e) {
      applyServerErrors(form, e);
    }
  };
  return (
    <Modal open={open} title={title} onCancel={() => onClose(false)} onOk={() => void submit().catch(() => undefined)} okText={t('save')} cancelText={t('cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        {fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} rules={f.required ? [{ required: true, message: t('required') }] : undefined}>
            {f.input}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function DrivesTab({ campaignId, unitOptions }: { campaignId: string; unitOptions: { value: string; label: string }[] }) {
  const t = useT(dict);
  const { can } = useSession();
  const list = useLoad((signal) => call(conduct.listDrives, { params: { id: campaignId }, signal }), [campaignId]);
  const [newDrive, setNewDrive] = useState(false);
  const [checking, setChecking] = useState<Drive | null>(null);
  const [rectifying, setRectifying] = useState<Check | null>(null);
  const manage = can('conduct.manage');
  return (
    <>
      {manage && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setNewDrive(true)}>
          {t('newDrive')}
        </Button>
      )}
      <ErrorAlert error={list.error} />
      {(list.data?.items ?? []).length === 0 && !list.loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noDrives')} />}
      {(list.data?.items ?? []).map((d) => (
        <Card
          key={d.id}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <span>{d.title}</span>
              <Typography.Text type="secondary">{`${d.startDate} — ${d.endDate}`}</Typography.Text>
              <Tag>{d.unitIds.length ? `${d.unitIds.length}` : t('allUnits')}</Tag>
            </Space>
          }
          extra={
            manage ? (
              <Button size="small" onClick={() => setChecking(d)}>
                {t('addCheck')}
              </Button>
            ) : null
          }
        >
          {d.description && <Typography.Paragraph>{d.description}</Typography.Paragraph>}
          <Table<Check>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={d.checks}
            locale={{ emptyText: t('none') }}
            onRow={(c) => ({ id: c.id })}
            columns={[
              { title: t('checkedOn'), dataIndex: 'checkedOn' },
              { title: t('unit'), dataIndex: 'unitName' },
              { title: t('result'), dataIndex: 'result', render: (r: string) => <Tag color={r === 'problem' ? 'red' : 'green'}>{t(`result_${r}` as 'result_good')}</Tag> },
              { title: t('findings'), dataIndex: 'findings', width: 240 },
              { title: t('requirement'), dataIndex: 'requirement', width: 200 },
              { title: t('deadline'), dataIndex: 'deadline', render: (v: string | null) => v ?? '' },
              {
                title: t('rectified'),
                key: 'rect',
                render: (_, c) =>
                  c.rectifiedOn ? (
                    <Tag color="green">{`${c.rectifiedOn} ${c.rectifiedNote ?? ''}`}</Tag>
                  ) : c.result === 'problem' && manage ? (
                    <Button size="small" onClick={() => setRectifying(c)}>
                      {t('markRectified')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      ))}
      <FormDialog
        open={newDrive}
        title={t('newDrive')}
        fields={[
          { name: 'title', label: t('title'), required: true, input: <Input maxLength={200} /> },
          { name: 'description', label: t('description'), input: <Input.TextArea rows={2} maxLength={5000} /> },
          { name: 'startDate', label: t('startDate'), required: true, input: <Input type="date" /> },
          { name: 'endDate', label: t('endDate'), required: true, input: <Input type="date" /> },
          { name: 'unitIds', label: t('scopeUnits'), input: <Select mode="multiple" showSearch optionFilterProp="label" options={unitOptions} /> },
        ]}
        onSubmit={(v) => call(conduct.createDrive, { params: { id: campaignId }, body: { title: str(v.title), description: str(v.description), startDate: str(v.startDate), endDate: str(v.endDate), unitIds: (v.unitIds as string[] | undefined) ?? [] } })}
        onClose={(saved) => {
          setNewDrive(false);
          if (saved) list.reload();
        }}
      />
      <FormDialog
        open={!!checking}
        title={`${t('addCheck')} · ${checking?.title ?? ''}`}
        initial={{ result: 'good' }}
        fields={[
          { name: 'unitId', label: t('unit'), required: true, input: <Select showSearch optionFilterProp="label" options={checking?.unitIds.length ? unitOptions.filter((u) => checking.unitIds.includes(u.value)) : unitOptions} /> },
          { name: 'checkedOn', label: t('checkedOn'), required: true, input: <Input type="date" /> },
          {
            name: 'result',
            label: t('result'),
            required: true,
            input: (
              <Radio.Group
                options={[
                  { value: 'good', label: t('result_good') },
                  { value: 'problem', label: t('result_problem') },
                ]}
              />
            ),
          },
          { name: 'findings', label: t('findings'), input: <Input.TextArea rows={2} maxLength={5000} /> },
          { name: 'requirement', label: t('requirement'), input: <Input.TextArea rows={2} maxLength={2000} /> },
          { name: 'deadline', label: t('deadline'), input: <Input type="date" /> },
        ]}
        onSubmit={(v) =>
          call(conduct.addCheck, {
            params: { id: checking!.id },
            body: { unitId: str(v.unitId), checkedOn: str(v.checkedOn), result: v.result as 'good' | 'problem', findings: str(v.findings), requirement: str(v.requirement), deadline: str(v.deadline) || null },
          })
        }
        onClose={(saved) => {
          setChecking(null);
          if (saved) list.reload();
        }}
      />
      <FormDialog
        open={!!rectifying}
        title={`${t('markRectified')} · ${rectifying?.unitName ?? ''}`}
        fields={[
          { name: 'rectifiedOn', label: t('rectifiedOn'), required: true, input: <Input type="date" /> },
          { name: 'note', label: t('note'), required: true, input: <Input.TextArea rows={2} maxLength={2000} /> },
        ]}
        onSubmit={(v) => call(conduct.markRectified, { params: { id: rectifying!.id }, body: { rectifiedOn: str(v.rectifiedOn), note: str(v.note) } })}
        onClose={(saved) => {
          setRectifying(null);
          if (saved) list.reload();
        }}
      />
    </>
  );
}

function CommitmentsTab({ campaignId, unitOptions }: { campaignId: string; unitOptions: { value: string; label: string }[] }) {
  const t = useT(dict);
  const { can, user } = useSession();
  const { busy, run } = useAction();
  const list = useLoad((signal) => call(conduct.listCommitmentPlans, { params: { id: campaignId }, query: {}, signal }), [campaignId]);
  const [newPlan, setNewPlan] = useState(false);
  const [adding, setAdding] = useState<Plan | null>(null);
  // a unit's staff write for their own unit; the office for any
  const ownUnits = useMemo(() => {
    if (can('plan.review')) return unitOptions;
    const mine = new Set(user?.memberships.map((m) => m.unitId));
    return unitOptions.filter((u) => mine.has(u.value));
  }, [can, user, unitOptions]);
  const goalOptions = (list.data?.goals ?? []).map((g) => ({ value: g.id, label: `${g.code} ${g.title}` }));
  const fiveOnes = goalOptions.find((g) => g.label.includes('五个一'))?.value;
  const publish = (p: Plan) =>
    run(async () => {
      await call(conduct.publishCommitmentPlan, { params: { id: p.id } });
      list.reload();
    }, t('saved')).catch(() => undefined);
  return (
    <>
      {ownUnits.length > 0 && can('commitment.write') && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setNewPlan(true)}>
          {t('newPlan')}
        </Button>
      )}
      <ErrorAlert error={list.error} />
      {(list.data?.items ?? []).length === 0 && !list.loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noPlans')} />}
      {(list.data?.items ?? []).map((p) => (
        <Card
          key={p.id}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <Link to={`/app/tasks/${p.id}`}>{`${p.code} ${p.title}`}</Link>
              <Typography.Text type="secondary">{p.unitName}</Typography.Text>
              <Tag color={p.published ? 'green' : 'default'}>{p.published ? t('publishedTag') : t('unpublished')}</Tag>
            </Space>
          }
          extra={
            <Space wrap size={4}>
              <Progress percent={Math.round(p.progress)} size="small" style={{ width: 120 }} />
              {can('commitment.write') && (
                <Button size="small" onClick={() => setAdding(p)}>
                  {t('addCommitment')}
                </Button>
              )}
              {!p.published && can('commitment.publish') && (
                <Button size="small" type="primary" loading={busy} onClick={() => void publish(p)}>
                  {t('publish')}
                </Button>
              )}
            </Space>
          }
        >
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.plan}</Typography.Paragraph>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={p.commitments}
            locale={{ emptyText: t('none') }}
            columns={[
              { title: t('task'), key: 'task', render: (_, c) => <Link to={`/app/tasks/${c.id}`}>{`${c.code} ${c.title}`}</Link> },
              { title: t('problem'), dataIndex: 'problem', width: 200 },
              { title: t('commitment'), dataIndex: 'commitment', width: 240 },
              { title: t('dueOn'), dataIndex: 'plannedEnd' },
              { title: t('progress'), dataIndex: 'progress', render: (v: number) => `${Math.round(v)}%` },
              { title: t('status'), key: 'light', render: (_, c) => <Space size={4}><LightDot light={c.light} />{c.lightText}</Space> },
              { title: t('actualEnd'), dataIndex: 'actualEnd', render: (v: string | null) => v ?? '' },
            ]}
          />
        </Card>
      ))}
      <FormDialog
        open={newPlan}
        title={t('newPlan')}
        initial={{ goalId: fiveOnes, unitId: ownUnits.length === 1 ? ownUnits[0]!.value : undefined }}
        fields={[
          { name: 'goalId', label: t('goalNeeded'), required: true, input: <Select options={goalOptions} /> },
          { name: 'unitId', label: t('unit'), required: true, input: <Select showSearch optionFilterProp="label" options={ownUnits} /> },
          { name: 'title', label: t('title'), required: true, input: <Input maxLength={200} /> },
          { name: 'problems', label: t('problems'), required: true, input: <Input.TextArea rows={3} maxLength={5000} /> },
          { name: 'plan', label: t('plan'), required: true, input: <Input.TextArea rows={4} maxLength={20000} /> },
        ]}
        onSubmit={(v) => call(conduct.createCommitmentPlan, { params: { id: campaignId }, body: { goalId: str(v.goalId), unitId: str(v.unitId), title: str(v.title), problems: str(v.problems), plan: str(v.plan) } })}
        onClose={(saved) => {
          setNewPlan(false);
          if (saved) list.reload();
        }}
      />
      <FormDialog
        open={!!adding}
        title={`${t('addCommitment')} · ${adding?.title ?? ''}`}
        fields={[
          { name: 'title', label: t('title'), required: true, input: <Input maxLength={200} /> },
          { name: 'problem', label: t('problem'), required: true, input: <Input maxLength={500} /> },
          { name: 'commitment', label: t('commitment'), required: true, input: <Input.TextArea rows={3} maxLength={5000} /> },
          { name: 'acceptanceStandard', label: t('acceptance'), input: <Input.TextArea rows={2} maxLength={2000} /> },
          { name: 'plannedEnd', label: t('dueOn'), required: true, input: <Input type="date" /> },
        ]}
        onSubmit={(v) =>
          call(conduct.addCommitment, {
            params: { id: adding!.id },
            body: { title: str(v.title), problem: str(v.problem), commitment: str(v.commitment), acceptanceStandard: str(v.acceptanceStandard), plannedStart: null, plannedEnd: str(v.plannedEnd) },
          })
        }
        onClose={(saved) => {
          setAdding(null);
          if (saved) list.reload();
        }}
      />
    </>
  );
}

function CasesTab({ campaignId, unitOptions }: { campaignId: string; unitOptions: { value: string; label: string }[] }) {
  const t = useT(dict);
  const { can } = useSession();
  const list = useLoad((signal) => call(conduct.listConductCases, { params: { id: campaignId }, signal }), [campaignId]);
  const [opening, setOpening] = useState(false);
  const [deciding, setDeciding] = useState<Case | null>(null);
  const people = useLoad(
    async (signal) => ({ items: deciding ? await allPages((cursor) => call(org.listPeople, { query: { unitId: deciding.unitId, limit: 500, cursor }, signal })) : [] }),
    [deciding?.unitId],
  );
  const manage = can('conductCase.manage');
  return (
    <>
      {manage && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpening(true)}>
          {t('openCase')}
        </Button>
      )}
      <ErrorAlert error={list.error} />
      <Table<Case>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCases')} /> }}
        onRow={(c) => ({ id: c.id })}
        columns={[
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('caseTitle'), dataIndex: 'title' },
          { title: t('allegation'), dataIndex: 'allegation', width: 220 },
          { title: t('caseSource'), dataIndex: 'source', render: (s: string) => t(`csrc_${s}` as 'csrc_other') },
          {
            title: t('status'),
            key: 'status',
            render: (_, c) => (
              <Space direction="vertical" size={2}>
                <Tag color={c.status === 'open' ? 'gold' : c.violation ? 'red' : 'green'}>{t(`case_${c.status}`)}</Tag>
                {c.status === 'decided' && <span>{c.violation ? t('result_problem') : t('result_good')}</span>}
              </Space>
            ),
          },
          { title: t('caseFindings'), dataIndex: 'findings', width: 220, render: (v: string | null) => v ?? '' },
          { title: t('decision'), dataIndex: 'decision', width: 220, render: (v: string | null) => v ?? '' },
          { title: t('people'), key: 'people', render: (_, c) => c.people.map((p) => `${p.name}${p.role ? `(${p.role})` : ''}${p.measure ? `:${p.measure}` : ''}`).join(';') },
          ...(manage
            ? [
                {
                  title: t('actions'),
                  key: 'act',
                  render: (_: unknown, c: Case) =>
                    c.status === 'open' ? (
                      <Button size="small" onClick={() => setDeciding(c)}>
                        {t('decide')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <FormDialog
        open={opening}
        title={t('openCase')}
        initial={{ source: 'public_report' }}
        fields={[
          { name: 'unitId', label: t('unit'), required: true, input: <Select showSearch optionFilterProp="label" options={unitOptions} /> },
          { name: 'title', label: t('caseTitle'), required: true, input: <Input maxLength={200} /> },
          { name: 'allegation', label: t('allegation'), required: true, input: <Input.TextArea rows={3} maxLength={5000} /> },
          { name: 'source', label: t('caseSource'), required: true, input: <Select options={(['check', 'inspection', 'public_report', 'other'] as const).map((s) => ({ value: s, label: t(`csrc_${s}`) }))} /> },
        ]}
        onSubmit={(v) =>
          call(conduct.openConductCase, {
            params: { id: campaignId },
            body: { unitId: str(v.unitId), title: str(v.title), allegation: str(v.allegation), source: v.source as 'other', sourceId: null },
          })
        }
        onClose={(saved) => {
          setOpening(false);
          if (saved) list.reload();
        }}
      />
      <FormDialog
        open={!!deciding}
        title={`${t('decide')} · ${deciding?.title ?? ''}`}
        initial={{ violation: true }}
        fields={[
          { name: 'violation', label: t('violation'), input: <Radio.Group options={[{ value: true, label: t('yes') }, { value: false, label: t('no') }]} /> },
          { name: 'findings', label: t('caseFindings'), required: true, input: <Input.TextArea rows={3} maxLength={5000} /> },
          { name: 'decision', label: t('decision'), required: true, input: <Input.TextArea rows={3} maxLength={5000} /> },
          { name: 'people', label: t('people'), input: <Select mode="multiple" showSearch optionFilterProp="label" options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.title}` }))} /> },
          { name: 'measure', label: t('measure'), input: <Input maxLength={500} /> },
        ]}
        onSubmit={(v) =>
          call(conduct.decideConductCase, {
            params: { id: deciding!.id },
            body: {
              violation: v.violation !== false,
              findings: str(v.findings),
              decision: str(v.decision),
              people: ((v.people as string[] | undefined) ?? []).map((personId) => ({ personId, role: '', measure: str(v.measure) })),
            },
          })
        }
        onClose={(saved) => {
          setDeciding(null);
          if (saved) list.reload();
        }}
      />
    </>
  );
}

export function ConductPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const { can } = useSession();
  useRememberCampaign(id);
  const [sp, setSp] = useSearchParams();
  const { units } = useAllUnits();
  const unitOptions = useMemo(() => units.filter((u) => u.kind !== 'government' && u.active).map((u) => ({ value: u.id, label: u.name })), [units]);
  const tab = sp.get('tab') ?? 'drives';
  const items = [
    { key: 'drives', label: t('tab_drives'), children: <DrivesTab campaignId={id} unitOptions={unitOptions} /> },
    { key: 'commitments', label: t('tab_commitments'), children: <CommitmentsTab campaignId={id} unitOptions={unitOptions} /> },
    ...(can('conductCase.read') ? [{ key: 'cases', label: t('tab_cases'), children: <CasesTab campaignId={id} unitOptions={unitOptions} /> }] : []),
  ];
  return (
    <Page
      title={t('conductTitle')}
      extra={
        <Flex gap={8} wrap>
          <CampaignSwitch campaignId={id} section="conduct" />
          {can('survey.read') && (
            <Link to={`/app/campaigns/${id}/surveys`}>
              <Button>{t('tab_surveys')}</Button>
            </Link>
          )}
          {can('award.read') && (
            <Link to={`/app/campaigns/${id}/awards`}>
              <Button>{t('awardsTitle')}</Button>
            </Link>
          )}
        </Flex>
      }
    >
      <Tabs activeKey={tab} onChange={(k) => setSp(k === 'drives' ? {} : { tab: k }, { replace: true })} items={items} />
    </Page>
  );
}
