/**
 * 政府效能评议 (R-FIVE-3): the office and the assessment office build questionnaires (questions, the
 * value of each answer, the units rated, who rates), open them — the public and enterprises answer
 * on the portal — close them and publish the results; symposiums and evaluation meetings are
 * recorded with their result per unit. Closed questionnaires and meetings feed the score.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Checkbox, Empty, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { evaluation, type SurveyT } from '@luoshi/contracts';
import { RATER_GROUP_LABELS } from '@luoshi/domain';
import { ApiError, call } from '../../lib/api.ts';
import { applyNestedServerErrors } from '../../lib/forms.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { useAllUnits } from '../../lib/lookups.ts';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { pts } from './parts.tsx';

const AUDIENCES = ['public', 'enterprise', 'deputy', 'internal'] as const;
const DEFAULT_CHOICES = '满意=100\n基本满意=60\n不满意=0';

/** "满意=100" lines → choices; null when a line does not read. */
export function parseChoices(text: string): { label: string; value: number }[] | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const out: { label: string; value: number }[] = [];
  for (const l of lines) {
    const m = /^(.+?)\s*[==]\s*(\d+(?:\.\d+)?)$/.exec(l);
    if (!m) return null;
    const value = Number(m[2]);
    if (value > 100) return null;
    out.push({ label: m[1]!.trim(), value });
  }
  return out.length >= 2 ? out : null;
}

function useUnitOptions() {
  const { units } = useAllUnits();
  return units.filter((u) => u.kind !== 'government' && u.active !== false).map((u) => ({ value: u.id, label: u.name }));
}

function SurveyDialog({ open, campaignId, onClose }: { open: boolean; campaignId: string; onClose: (saved: boolean) => void }) {
  const t = useT(dict);
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const unitOptions = useUnitOptions();
  const [rest, setRest] = useState<unknown>(null);
  const audiences = Form.useWatch<string[] | undefined>('audiences', form);
  const inviting = (audiences ?? []).includes('deputy');
  // the accounts of people without a unit (人大代表、政协委员), loaded when the office invites deputies
  const deputies = useLoad((signal) => (open && inviting ? call(evaluation.deputyAccounts, { signal }) : Promise.resolve({ items: [] })), [open, inviting]);
  const submit = async () => {
    const v = (await form.validateFields()) as {
      title: string;
      description?: string;
      audiences: string[];
      unitIds: string[];
      deputyUserIds?: string[];
      maxPerNetwork: number;
      questions: { text: string; choices: string }[];
    };
    const body = {
      title: v.title,
      description: v.description ?? '',
      audiences: v.audiences as SurveyT['audiences'],
      unitIds: v.unitIds,
      deputyUserIds: v.audiences.includes('deputy') ? (v.deputyUserIds ?? []) : [],
      maxPerNetwork: v.maxPerNetwork,
      questions: v.questions.map((q, i) => ({ key: `q${i + 1}`, text: q.text, choices: parseChoices(q.choices) ?? [] })),
    };
    try {
      await run(() => call(evaluation.createSurvey, { params: { id: campaignId }, body }), t('created'));
      form.resetFields();
      setRest(null);
      onClose(true);
    } catch (e) {
      const left = applyNestedServerErrors(form, e);
      setRest(left.length ? e : null);
    }
  };
  return (
    <Modal open={open} width={720} title={t('newSurvey')} onCancel={() => onClose(false)} onOk={() => void submit().catch(() => undefined)} okText={t('save')} cancelText={t('cancel')} confirmLoading={busy} destroyOnHidden>
      <ErrorAlert error={rest} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ audiences: ['public', 'enterprise'], maxPerNetwork: 3, questions: [{ text: '您对该单位的服务态度是否满意?', choices: DEFAULT_CHOICES }] }}
      >
        <Form.Item name="title" label={t('title')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('description')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="audiences" label={t('audiences')} rules={[{ required: true, message: t('required') }]}>
          <Checkbox.Group options={AUDIENCES.map((a) => ({ value: a, label: t(`aud_${a}`) }))} />
        </Form.Item>
        {inviting && (
          <Form.Item name="deputyUserIds" label={t('deputies')} extra={t('deputiesHint')} rules={[{ required: true, message: t('required') }]}>
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              loading={deputies.loading}
              // nothing can be picked until the accounts are there: a pick made against the empty list would be lost
              disabled={deputies.loading}
              options={(deputies.data?.items ?? []).map((d) => ({ value: d.userId, label: d.title ? `${d.name}(${d.title})` : d.name }))}
              aria-label={t('deputies')}
            />
          </Form.Item>
        )}
        <Form.Item name="unitIds" label={t('ratedUnits')} rules={[{ required: true, message: t('required') }]}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={unitOptions} aria-label={t('ratedUnits')} />
        </Form.Item>
        <Form.Item name="maxPerNetwork" label={t('maxPerNetwork')}>
          <InputNumber min={1} max={10000} />
        </Form.Item>
        <Typography.Text strong>{t('questions')}</Typography.Text>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ margin: '8px 0' }} title={`${i + 1}`} extra={fields.length > 1 ? <Button size="small" onClick={() => remove(f.name)}>{t('remove')}</Button> : null}>
                  <Form.Item name={[f.name, 'text']} label={t('question')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                    <Input maxLength={500} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'choices']}
                    label={t('choices')}
                    rules={[{ validator: async (_, v: string) => (parseChoices(v ?? '') ? undefined : Promise.reject(new Error(t('choicesInvalid')))) }]}
                  >
                    <Input.TextArea rows={3} />
                  </Form.Item>
                </Card>
              ))}
              <Button onClick={() => add({ text: '', choices: DEFAULT_CHOICES })}>{t('addQuestion')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function Results({ survey }: { survey: SurveyT }) {
  const t = useT(dict);
  const label = useLabel();
  const r = useLoad((signal) => call(evaluation.surveyResults, { params: { id: survey.id }, signal }), [survey.id, survey.status, survey.responses]);
  return (
    <>
      <ErrorAlert error={r.error} />
      <Table
        rowKey="unitId"
        size="small"
        loading={r.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={r.data?.units ?? []}
        data-testid={`survey-results-${survey.id}`}
        columns={[
          { title: t('unit'), dataIndex: 'unitName' },
          {
            title: t('groups'),
            key: 'groups',
            render: (_, u) => (
              <Space wrap size={4}>
                {u.groups.map((g) => (
                  <Tag key={g.group}>{`${label(RATER_GROUP_LABELS[g.group])} ${pts(g.mean)}(${t('responses', { n: g.count })})`}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('overall'), dataIndex: 'overall', align: 'right', render: (o: number | null) => (o === null ? '—' : <strong>{pts(o)}</strong>) },
        ]}
      />
    </>
  );
}

function MeetingDialog({ open, campaignId, onClose }: { open: boolean; campaignId: string; onClose: (saved: boolean) => void }) {
  const t = useT(dict);
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const unitOptions = useUnitOptions();
  const submit = async () => {
    const v = (await form.validateFields()) as { kind: 'symposium' | 'meeting'; title: string; heldOn: string; place?: string; participants: number; summary: string; results?: { unitId: string; value: number }[] };
    try {
      await run(
        () =>
          call(evaluation.recordMeeting, {
            params: { id: campaignId },
            body: { kind: v.kind, title: v.title, heldOn: v.heldOn, place: v.place ?? '', participants: v.participants, summary: v.summary, results: (v.results ?? []).map((r) => ({ ...r, note: '' })) },
          }),
        t('created'),
      );
      form.resetFields();
      onClose(true);
    } catch (e) {
      applyNestedServerErrors(form, e);
    }
  };
  return (
    <Modal open={open} width={640} title={t('recordMeeting')} onCancel={() => onClose(false)} onOk={() => void submit().catch(() => undefined)} okText={t('save')} cancelText={t('cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'meeting', participants: 20, results: [] }}>
        <Form.Item name="kind" label={t('meetingKind')}>
          <Select options={(['symposium', 'meeting'] as const).map((k) => ({ value: k, label: t(`kind_${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('title')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item name="heldOn" label={t('heldOn')} rules={[{ required: true, message: t('required') }]}>
            <Input type="date" aria-label={t('heldOn')} />
          </Form.Item>
          <Form.Item name="place" label={t('place')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="participants" label={t('participants')}>
            <InputNumber min={0} max={100000} />
          </Form.Item>
        </Flex>
        <Form.Item name="summary" label={t('summary')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input.TextArea rows={3} maxLength={20000} />
        </Form.Item>
        <Typography.Text strong>{t('meetingResults')}</Typography.Text>
        <Form.List name="results">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="start" wrap>
                  <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: t('required') }]} style={{ minWidth: 240, flex: 1 }}>
                    <Select showSearch optionFilterProp="label" options={unitOptions} aria-label={t('unit')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']} rules={[{ required: true, message: t('required') }]}>
                    <InputNumber min={0} max={100} aria-label={t('value')} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('remove')}</Button>
                </Flex>
              ))}
              <Button onClick={() => add()}>{t('create')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** A questionnaire as a signed-in rater answers it: the units offered are those this rater may rate. */
export interface Answerable {
  id: string;
  title: string;
  group?: 'deputy' | 'internal';
  questions: { key: string; text: string; choices: { label: string }[] }[];
  units: { id: string; name: string }[];
}

/**
 * 代表委员评议、机关内部评议: a signed-in deputy or staff member rates the units offered, once (a
 * staff member's own unit is never offered).
 */
export function AnswerDialog({ survey, onClose }: { survey: Answerable | null; onClose: (saved: boolean) => void }) {
  const t = useT(dict);
  const { busy, run } = useAction();
  const [answers, setAnswers] = useState<Record<string, Record<string, number>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const units = survey?.units ?? [];
  const submit = async () => {
    if (!survey) return;
    const ratings: { unitId: string; answers: { question: string; choice: number }[] }[] = [];
    for (const u of units) {
      const a = answers[u.id] ?? {};
      const keys = Object.keys(a);
      if (keys.length && keys.length < survey.questions.length) {
        setProblem(t('answerAll', { unit: u.name }));
        return;
      }
      if (keys.length) ratings.push({ unitId: u.id, answers: survey.questions.map((q) => ({ question: q.key, choice: a[q.key]! })) });
    }
    if (!ratings.length) {
      setProblem(t('rateOne'));
      return;
    }
    setProblem(null);
    await run(() => call(evaluation.answerSurvey, { params: { id: survey.id }, body: { ratings } }), t('answered')).then(
      () => {
        setAnswers({});
        onClose(true);
      },
      (e: unknown) => {
        // the reason (answered already, own unit) is in the issues
        if (e instanceof ApiError) setProblem([e.message, ...e.issues.map((i) => i.message)].join(':'));
      },
    );
  };
  return (
    <Modal open={!!survey} width={640} title={survey ? `${t('answer')} · ${survey.title}` : ''} onCancel={() => onClose(false)} onOk={() => void submit()} okText={t('send')} cancelText={t('cancel')} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t(survey?.group === 'deputy' ? 'answerHintDeputy' : 'answerHint')}</Typography.Paragraph>
      {units.map((u) => (
        <Card key={u.id} size="small" title={u.name} style={{ marginBottom: 8 }}>
          {survey!.questions.map((q, i) => (
            <div key={q.key} style={{ marginBottom: 8 }}>
              <div>{`${i + 1}. ${q.text}`}</div>
              <Radio.Group
                aria-label={`${u.name} ${q.text}`}
                value={answers[u.id]?.[q.key]}
                onChange={(e) => setAnswers((x) => ({ ...x, [u.id]: { ...x[u.id], [q.key]: e.target.value as number } }))}
                options={q.choices.map((c, ci) => ({ value: ci, label: c.label }))}
              />
            </div>
          ))}
        </Card>
      ))}
      {problem && <Alert type="error" showIcon message={problem} />}
    </Modal>
  );
}

export function SurveysPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const { can } = useSession();
  const { busy, run } = useAction();
  useRememberCampaign(id);
  const list = useLoad((signal) => call(evaluation.listSurveys, { params: { id }, signal }), [id]);
  const meetings = useLoad((signal) => call(evaluation.listMeetings, { params: { id }, signal }), [id]);
  const [creating, setCreating] = useState(false);
  const [recording, setRecording] = useState(false);
  const [answering, setAnswering] = useState<Answerable | null>(null);
  const manage = can('survey.manage');
  const { user } = useSession();
  const rates = (s: SurveyT) => s.status === 'open' && s.audiences.includes('internal') && (user?.memberships.length ?? 0) > 0;
  const setStatus = (s: SurveyT, status: 'open' | 'closed', resultsPublished?: boolean) =>
    run(async () => {
      await call(evaluation.setSurveyStatus, { params: { id: s.id }, body: { status, resultsPublished } });
      list.reload();
    }, t('saved')).catch(() => undefined);
  const portalAddress = `${window.location.origin}/portal#survey`;
  return (
    <Page
      title={t('surveysTitle')}
      extra={
        <>
          <CampaignSwitch campaignId={id} section="surveys" />
          {manage && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('newSurvey')}
            </Button>
          )}
        </>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('surveysHint')} description={`${t('portalLink')}${t('colon')}${portalAddress}`} />
      <ErrorAlert error={list.error} />
      {(list.data?.items ?? []).length === 0 && !list.loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {(list.data?.items ?? []).map((s) => (
        <Card
          key={s.id}
          id={s.id}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="survey-card"
          title={
            <Space wrap>
              <span>{s.title}</span>
              <Tag color={s.status === 'open' ? 'green' : s.status === 'closed' ? 'blue' : 'default'} data-testid="survey-status">
                {t(`survey_${s.status}`)}
              </Tag>
              {s.resultsPublished && <Tag color="purple">{t('published')}</Tag>}
              <Typography.Text type="secondary">{t('responses', { n: s.responses })}</Typography.Text>
            </Space>
          }
          extra={
            manage || rates(s) ? (
              <Space wrap size={4}>
                {rates(s) && (
                  <Button size="small" onClick={() => setAnswering({ ...s, group: 'internal', units: s.units.filter((u) => !user?.memberships.some((m) => m.unitId === u.id)) })}>
                    {t('answer')}
                  </Button>
                )}
                {manage && s.status === 'draft' && (
                  <Button size="small" type="primary" loading={busy} onClick={() => void setStatus(s, 'open')}>
                    {t('openSurvey')}
                  </Button>
                )}
                {manage && s.status === 'open' && (
                  <Button size="small" loading={busy} onClick={() => void setStatus(s, 'closed')}>
                    {t('closeSurvey')}
                  </Button>
                )}
                {manage && s.status === 'closed' && !s.resultsPublished && (
                  <Button size="small" loading={busy} onClick={() => void setStatus(s, 'closed', true)}>
                    {t('publishResults')}
                  </Button>
                )}
              </Space>
            ) : null
          }
        >
          {s.description && <Typography.Paragraph>{s.description}</Typography.Paragraph>}
          <Typography.Paragraph type="secondary">
            {t('audiences')}
            {t('colon')}
            {s.audiences.map((a) => t(`aud_${a}`)).join('、')};{t('ratedUnits')}
            {t('colon')}
            {s.units.map((u) => u.name).join('、')}
          </Typography.Paragraph>
          <ol style={{ paddingInlineStart: 20 }}>
            {s.questions.map((q) => (
              <li key={q.key}>
                {q.text}({q.choices.map((c) => `${c.label} ${c.value}`).join(' / ')})
              </li>
            ))}
          </ol>
          {s.status !== 'draft' && <Results survey={s} />}
        </Card>
      ))}
      <Card
        size="small"
        title={t('meetings')}
        extra={
          manage ? (
            <Button size="small" onClick={() => setRecording(true)}>
              {t('recordMeeting')}
            </Button>
          ) : null
        }
      >
        <ErrorAlert error={meetings.error} />
        <Table
          rowKey="id"
          size="small"
          loading={meetings.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={meetings.data?.items ?? []}
          locale={{ emptyText: t('none') }}
          columns={[
            { title: t('heldOn'), dataIndex: 'heldOn' },
            { title: t('meetingKind'), dataIndex: 'kind', render: (k: string) => t(`kind_${k}` as 'kind_meeting') },
            { title: t('title'), dataIndex: 'title', render: (v: string, m) => <span id={m.id}>{v}</span> },
            { title: t('participants'), dataIndex: 'participants', align: 'right' },
            { title: t('summary'), dataIndex: 'summary', width: 260 },
            { title: t('results'), key: 'results', render: (_, m) => m.results.map((r) => `${r.unitName} ${pts(r.value)}`).join(';') },
          ]}
        />
      </Card>
      <SurveyDialog
        open={creating}
        campaignId={id}
        onClose={(saved) => {
          setCreating(false);
          if (saved) list.reload();
        }}
      />
      <AnswerDialog
        survey={answering}
        onClose={(saved) => {
          setAnswering(null);
          if (saved) list.reload();
        }}
      />
      <MeetingDialog
        open={recording}
        campaignId={id}
        onClose={(saved) => {
          setRecording(false);
          if (saved) meetings.reload();
        }}
      />
    </Page>
  );
}
