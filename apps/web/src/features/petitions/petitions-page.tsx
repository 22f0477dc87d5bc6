/**
 * 信访工作: the leaders' duty week roster (信访值周), the four visits (接访, 下访, 约访, 回访)
 * scheduled and recorded with the cases they touched, and the backlog cases and disputes tracked
 * to resolution.
 */
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Flex, Form, Input, Popconfirm, Radio, Segmented, Select, Table, Tabs, Tag } from 'antd';
import { cases, petitions, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { FormModal } from '../../lib/form-modal.tsx';
import { today } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { LoadMore, usePagedList } from '../../lib/paging.tsx';
import { useAllPeople, useAllUnits } from '../../lib/lookups.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { petitionsDict } from './messages.ts';

type DutyT = ResponseOf<typeof petitions.listDuty>['items'][number];
type VisitT = ResponseOf<typeof petitions.listVisits>['items'][number];
type CaseRowT = ResponseOf<typeof cases.listCases>['items'][number];
type VisitKind = (typeof petitions.VISIT_KINDS)[number];

function usePersonOptions() {
  const { people } = useAllPeople();
  const { byId } = useAllUnits();
  return useMemo(
    () => people.filter((p) => p.active).map((p) => ({ value: p.id, label: [p.name, p.title, p.unitId ? byId.get(p.unitId)?.name : null].filter(Boolean).join(' · ') })),
    [people, byId],
  );
}

function DutyRoster() {
  const t = useT(petitionsDict);
  const { can } = useSession();
  const manage = can('petition.manage');
  const people = usePersonOptions();
  const [adding, setAdding] = useState(false);
  const list = useLoad((signal) => call(petitions.listDuty, { query: {}, signal }), []);
  const { run } = useAction();
  const remove = (id: string) =>
    run(() => call(petitions.deleteDuty, { params: { id } }), t('dutyRemoved'))
      .then(() => list.reload())
      .catch(() => undefined);
  const onDuty = list.data?.onDutyToday ?? [];
  return (
    <>
      {list.data ? (
        <Alert
          type={onDuty.length ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          message={onDuty.length ? `${t('onDutyToday')}${t('colon')}${onDuty.map((d) => [d.personName, d.personTitle].filter(Boolean).join(' ')).join('、')}` : t('nobodyOnDuty')}
        />
      ) : null}
      {manage && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setAdding(true)}>
          {t('scheduleDuty')}
        </Button>
      )}
      <ErrorAlert error={list.error} />
      <Table<DutyT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('week'), key: 'week', render: (_, d) => `${d.weekStart} – ${d.weekEnd}` },
          { title: t('leader'), key: 'leader', render: (_, d) => [d.personName, d.personTitle].filter(Boolean).join(' · ') },
          { title: t('place'), dataIndex: 'place' },
          { title: t('note'), dataIndex: 'note' },
          ...(manage
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  render: (_: unknown, d: DutyT) => (
                    <Popconfirm title={t('removeDuty')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => remove(d.id)}>
                      <Button size="small" type="link" danger>
                        {t('remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && (
        <FormModal<{ personId: string; weekStart: string; place?: string; note?: string }>
          title={t('scheduleDuty')}
          success={t('dutySaved')}
          initialValues={{ place: '县信访接待中心' }}
          submit={(v) => call(petitions.createDuty, { body: { personId: v.personId, weekStart: v.weekStart, place: v.place?.trim() ?? '', note: v.note?.trim() ?? '' } })}
          onClose={() => setAdding(false)}
          onDone={() => list.reload()}
        >
          <Form.Item name="personId" label={t('leader')} rules={[{ required: true, message: t('personRequired') }]}>
            <Select showSearch optionFilterProp="label" options={people} />
          </Form.Item>
          <Form.Item name="weekStart" label={t('weekStart')} extra={t('weekStartHint')} rules={[{ required: true, message: t('dateRequired') }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="place" label={t('place')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="note" label={t('note')} rules={[{ max: 300 }]}>
            <Input />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

/** A multi-select of cases, looked up by number or words as the user types. */
function CasePicker({ id, value, onChange, initial }: { id?: string; value?: string[]; onChange?: (v: string[]) => void; initial?: VisitT['cases'] }) {
  const t = useT(petitionsDict);
  const [q, setQ] = useState('');
  const found = useLoad((signal) => call(cases.listCases, { query: { q: q || undefined, limit: 50 }, signal }), [q]);
  const options = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of initial ?? []) m.set(c.id, `${c.number} ${c.title}`);
    for (const c of found.data?.items ?? []) m.set(c.id, `${c.number} ${c.title}`);
    return [...m].map(([v, l]) => ({ value: v, label: l }));
  }, [found.data, initial]);
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch
      filterOption={false}
      onSearch={(s) => setQ(s.trim())}
      placeholder={t('casesHint')}
      loading={found.loading}
      options={options}
    />
  );
}

function Visits() {
  const t = useT(petitionsDict);
  const label = useLabel();
  const { can } = useSession();
  const manage = can('petition.manage');
  const recordable = can('visit.record');
  const people = usePersonOptions();
  const [kind, setKind] = useState<VisitKind | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const [recording, setRecording] = useState<VisitT | null>(null);
  const { lang } = useLang();
  const list = useLoad((signal) => call(petitions.listVisits, { query: { kind }, signal }), [kind, lang]);
  const statusTag = (s: VisitT['status']) => <Tag color={s === 'done' ? 'green' : s === 'cancelled' ? 'default' : 'processing'}>{t(s)}</Tag>;
  const kinds = petitions.VISIT_KINDS.map((k) => ({ value: k, label: label(petitions.VISIT_KIND_LABELS[k]) }));
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Select allowClear placeholder={t('kind')} aria-label={t('kind')} style={{ minWidth: 160 }} value={kind} onChange={(v?: VisitKind) => setKind(v)} options={kinds} />
        {manage && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('scheduleVisit')}
          </Button>
        )}
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<VisitT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('scheduledOn'), dataIndex: 'scheduledOn' },
          { title: t('kind'), dataIndex: 'kindLabel' },
          { title: t('leader'), dataIndex: 'personName' },
          { title: t('place'), dataIndex: 'place' },
          { title: t('purpose'), dataIndex: 'purpose' },
          {
            title: t('cases'),
            dataIndex: 'cases',
            render: (cs: VisitT['cases']) => (
              <Flex vertical>
                {cs.map((c) => (
                  <Link key={c.id} to={`/app/cases/${c.id}`}>
                    {c.number} {c.title}
                  </Link>
                ))}
              </Flex>
            ),
          },
          { title: t('status'), dataIndex: 'status', render: (s: VisitT['status']) => statusTag(s) },
          { title: t('record'), key: 'record', render: (_, v) => (v.doneOn ? `${v.doneOn} ${v.record}` : v.record) },
          ...(recordable
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  render: (_: unknown, v: VisitT) =>
                    v.status === 'scheduled' ? (
                      <Button size="small" type="link" onClick={() => setRecording(v)}>
                        {t('record')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {adding && (
        <FormModal<{ kind: VisitKind; personId: string; scheduledOn: string; place?: string; purpose?: string; caseIds?: string[] }>
          title={t('scheduleVisit')}
          width={640}
          success={t('visitSaved')}
          initialValues={{ kind: 'receive', scheduledOn: today() }}
          submit={(v) =>
            call(petitions.createVisit, {
              body: { kind: v.kind, personId: v.personId, scheduledOn: v.scheduledOn, place: v.place?.trim() ?? '', purpose: v.purpose?.trim() ?? '', caseIds: v.caseIds ?? [] },
            })
          }
          onClose={() => setAdding(false)}
          onDone={() => list.reload()}
        >
          <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
            <Radio.Group options={kinds} optionType="button" />
          </Form.Item>
          <Form.Item name="personId" label={t('leader')} rules={[{ required: true, message: t('personRequired') }]}>
            <Select showSearch optionFilterProp="label" options={people} />
          </Form.Item>
          <Form.Item name="scheduledOn" label={t('scheduledOn')} rules={[{ required: true, message: t('dateRequired') }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="place" label={t('place')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="purpose" label={t('purpose')} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
          <Form.Item name="caseIds" label={t('cases')}>
            <CasePicker />
          </Form.Item>
        </FormModal>
      )}
      {recording && (
        <FormModal<{ status: 'done' | 'cancelled'; record?: string; doneOn?: string; caseIds?: string[] }>
          title={`${t('recordTitle')}${t('colon')}${recording.kindLabel} ${recording.personName} ${recording.scheduledOn}`}
          width={640}
          success={t('recorded')}
          initialValues={{ status: 'done', doneOn: today(), caseIds: recording.cases.map((c) => c.id) }}
          submit={(v) =>
            call(petitions.recordVisit, {
              params: { id: recording.id },
              body: { status: v.status, record: v.record?.trim() ?? '', ...(v.doneOn ? { doneOn: v.doneOn } : {}), caseIds: v.caseIds ?? [] },
            })
          }
          onClose={() => setRecording(null)}
          onDone={() => list.reload()}
        >
          <Form.Item name="status" label={t('status')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'done', label: t('done') },
                { value: 'cancelled', label: t('cancelled') },
              ]}
            />
          </Form.Item>
          <Form.Item name="doneOn" label={t('doneOn')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="record" label={t('recordText')} rules={[{ max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
          </Form.Item>
          <Form.Item name="caseIds" label={t('cases')}>
            <CasePicker initial={recording.cases} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

function Backlog() {
  const t = useT(petitionsDict);
  const { lang } = useLang();
  const [which, setWhich] = useState<'backlog' | 'dispute'>('backlog');
  const list = usePagedList(
    (cursor, signal) => call(cases.listCases, { query: { ...(which === 'backlog' ? { backlog: 'true' } : { dispute: 'true' }), limit: 50, cursor }, signal }),
    [which, lang],
    (c) => c.id,
  );
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Segmented
          value={which}
          onChange={(v) => setWhich(v as 'backlog' | 'dispute')}
          options={[
            { value: 'backlog', label: t('backlogCases') },
            { value: 'dispute', label: t('disputes') },
          ]}
        />
      </Flex>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('backlogHint')} />
      <ErrorAlert error={list.error} />
      <Table<CaseRowT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('number'), dataIndex: 'number', render: (v: string, c) => <Link to={`/app/cases/${c.id}`}>{v}</Link> },
          { title: t('title'), dataIndex: 'title' },
          { title: t('unit'), dataIndex: 'ownerUnitName' },
          { title: t('status'), dataIndex: 'statusLabel', render: (v: string, c) => (c.overdue ? <Flex gap={4}>{v}<Tag color="error">{t('overdue')}</Tag></Flex> : v) },
          { title: t('received'), dataIndex: 'receivedOn' },
          { title: t('resolvedOn'), dataIndex: 'resolvedOn', render: (v: string | null) => v ?? <Tag color="orange">{t('unresolved')}</Tag> },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}

export function PetitionsPage() {
  const t = useT(petitionsDict);
  const [sp, setSp] = useSearchParams();
  const tab = sp.get('tab') ?? 'duty';
  return (
    <Page title={t('petitions')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp({ tab: k }, { replace: true })}
        items={[
          { key: 'duty', label: t('duty'), children: <DutyRoster /> },
          { key: 'visits', label: t('visits'), children: <Visits /> },
          { key: 'backlog', label: t('backlog'), children: <Backlog /> },
        ]}
      />
    </Page>
  );
}
