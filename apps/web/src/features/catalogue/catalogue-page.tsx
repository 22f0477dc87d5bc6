/**
 * 行政审批事项目录: the office (and the government office) keep the catalogue of approval items,
 * record each item's cleanup decision (保留、合并、取消、下放、简化) with its date, choose what
 * the portal shows, and exchange the whole catalogue as an .xlsx sheet.
 */
import { useRef, useState } from 'react';
import { App, Button, Col, Flex, Form, Input, InputNumber, Row, Select, Switch, Table, Tag, Typography } from 'antd';
import { catalogue, type ResponseOf } from '@luoshi/contracts';
import { call, upload } from '../../lib/api.ts';
import { FormModal } from '../../lib/form-modal.tsx';
import { today } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useAllUnits } from '../../lib/lookups.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { catalogueDict } from './messages.ts';

type ItemT = ResponseOf<typeof catalogue.listItems>['items'][number];
type Kind = (typeof catalogue.ITEM_KINDS)[number];
type Decision = (typeof catalogue.DECISIONS)[number];

const KIND_EN: Record<Kind, string> = { licence: 'Licence', confirmation: 'Confirmation', registration: 'Registration', other: 'Other approval' };
const DECISION_EN: Record<Decision, string> = { keep: 'Keep', merge: 'Merge', cancel: 'Cancel', delegate: 'Delegate', simplify: 'Simplify' };
const DECISION_COLORS: Record<Decision, string> = { keep: 'green', merge: 'blue', cancel: 'red', delegate: 'purple', simplify: 'cyan' };

interface ItemValues {
  code: string;
  name: string;
  kind: Kind;
  unitId: string;
  legalBasis: string;
  materials?: string;
  steps?: string;
  legalDays?: number | null;
  promisedDays?: number | null;
  fee?: string;
  published?: boolean;
}

const lines = (s?: string) =>
  (s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function useNames() {
  const en = useLang().lang === 'en';
  return {
    kind: (k: Kind) => (en ? KIND_EN[k] : catalogue.ITEM_KIND_LABELS[k]),
    decision: (d: Decision) => (en ? DECISION_EN[d] : catalogue.DECISION_LABELS[d]),
  };
}

function ItemDialog({ item, onClose, onDone }: { item: ItemT | null; onClose: () => void; onDone: () => void }) {
  const t = useT(catalogueDict);
  const names = useNames();
  const { units } = useAllUnits();
  const submit = (v: ItemValues) => {
    const body = {
      name: v.name.trim(),
      kind: v.kind,
      unitId: v.unitId,
      legalBasis: v.legalBasis.trim(),
      materials: lines(v.materials),
      steps: lines(v.steps),
      legalDays: v.legalDays ?? null,
      promisedDays: v.promisedDays ?? null,
      fee: v.fee?.trim() ?? '',
      published: !!v.published,
    };
    return item ? call(catalogue.updateItem, { params: { id: item.id }, body: { ...body, rowVersion: item.rowVersion } }) : call(catalogue.createItem, { body: { ...body, code: v.code.trim() } });
  };
  const initial: Partial<ItemValues> = item ? { ...item, materials: item.materials.join('\n'), steps: item.steps.join('\n') } : { kind: 'licence', published: false };
  return (
    <FormModal<ItemValues> title={item ? t('editItem') : t('newItem')} width={720} success={t('itemSaved')} initialValues={initial} submit={submit} onClose={onClose} onDone={onDone}>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="code" label={t('code')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_-]{1,40}$/, message: t('codeHint') }]}>
            <Input disabled={!!item} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
            <Select options={catalogue.ITEM_KINDS.map((k) => ({ value: k, label: names.kind(k) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="unitId" label={t('unit')} rules={[{ required: true, message: t('unitRequired') }]}>
            <Select showSearch optionFilterProp="label" options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="legalBasis" label={t('legalBasis')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="materials" label={t('materials')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="steps" label={t('steps')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={12} sm={8}>
          <Form.Item name="legalDays" label={t('legalDays')}>
            <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="promisedDays" label={t('promisedDays')}>
            <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="fee" label={t('fee')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="published" label={t('published')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}

function DecisionDialog({ item, onClose, onDone }: { item: ItemT; onClose: () => void; onDone: () => void }) {
  const t = useT(catalogueDict);
  const names = useNames();
  return (
    <FormModal<{ decision: Decision; decisionOn: string; note?: string }>
      title={t('decideTitle', { name: item.name })}
      success={t('decided')}
      initialValues={{ decision: item.decision ?? undefined, decisionOn: item.decisionOn ?? today(), note: item.decisionNote }}
      submit={(v) => call(catalogue.decideItem, { params: { id: item.id }, body: { rowVersion: item.rowVersion, decision: v.decision, decisionOn: v.decisionOn, note: v.note?.trim() ?? '' } })}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="decision" label={t('decision')} rules={[{ required: true, message: t('decisionRequired') }]}>
        <Select options={catalogue.DECISIONS.map((d) => ({ value: d, label: names.decision(d) }))} />
      </Form.Item>
      <Form.Item name="decisionOn" label={t('decisionOn')} rules={[{ required: true, message: t('dateRequired') }]}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="note" label={t('decisionNote')} rules={[{ max: 1000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}

export function CataloguePage() {
  const t = useT(catalogueDict);
  const names = useNames();
  const { message } = App.useApp();
  const { can } = useSession();
  const manage = can('catalogue.manage');
  const { units } = useAllUnits();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [decision, setDecision] = useState<Decision | 'none' | undefined>(undefined);
  const [editing, setEditing] = useState<ItemT | 'new' | null>(null);
  const [deciding, setDeciding] = useState<ItemT | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { busy, run } = useAction();
  const list = useLoad((signal) => call(catalogue.listItems, { query: { q: q || undefined, unitId, decision }, signal }), [q, unitId, decision]);

  const importSheet = (file: File) =>
    run(() => upload(catalogue.importCatalogue, {} as never, [file]))
      .then((r) => {
        void message.success(t('imported', { created: r.created, updated: r.updated }));
        list.reload();
      })
      .catch(() => undefined);

  return (
    <Page
      title={t('catalogue')}
      extra={
        <>
          <Button href={catalogue.exportCatalogue.path} download>
            {t('export')}
          </Button>
          {manage && (
            <>
              <Button loading={busy} onClick={() => fileInput.current?.click()} title={t('importHint')}>
                {t('import')}
              </Button>
              <input
                ref={fileInput}
                type="file"
                accept=".xlsx"
                hidden
                aria-label={t('import')}
                data-testid="catalogue-import"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f) void importSheet(f);
                }}
              />
              <Button type="primary" onClick={() => setEditing('new')}>
                {t('newItem')}
              </Button>
            </>
          )}
        </>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('searchItems')} aria-label={t('search')} style={{ maxWidth: 280 }} onSearch={(v) => setQ(v.trim())} />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('unit')}
          aria-label={t('unit')}
          style={{ minWidth: 180 }}
          value={unitId}
          onChange={(v?: string) => setUnitId(v)}
          options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
        />
        <Select
          allowClear
          placeholder={t('decision')}
          aria-label={t('decision')}
          style={{ minWidth: 140 }}
          value={decision}
          onChange={(v?: Decision | 'none') => setDecision(v)}
          options={[...catalogue.DECISIONS.map((d) => ({ value: d, label: names.decision(d) })), { value: 'none', label: t('none') }]}
        />
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<ItemT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (i) => (
            <Flex vertical gap={4}>
              <div>
                <Typography.Text strong>{t('legalBasis')}</Typography.Text>
                {t('colon')}
                {i.legalBasis}
              </div>
              {i.materials.length ? (
                <div>
                  <Typography.Text strong>{t('materials')}</Typography.Text>
                  {t('colon')}
                  {i.materials.join(';')}
                </div>
              ) : null}
              {i.steps.length ? (
                <div>
                  <Typography.Text strong>{t('steps')}</Typography.Text>
                  {t('colon')}
                  {i.steps.join(' → ')}
                </div>
              ) : null}
              {i.decisionNote ? (
                <div>
                  <Typography.Text strong>{t('decisionNote')}</Typography.Text>
                  {t('colon')}
                  {i.decisionNote}
                </div>
              ) : null}
            </Flex>
          ),
        }}
        columns={[
          { title: t('code'), dataIndex: 'code' },
          { title: t('name'), dataIndex: 'name', render: (v: string, i) => (i.published ? <Flex gap={4}>{v}<Tag color="blue">{t('publishedTag')}</Tag></Flex> : v) },
          { title: t('kind'), dataIndex: 'kind', render: (k: Kind) => names.kind(k) },
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('days'), key: 'days', render: (_, i) => `${i.legalDays ?? '—'} / ${i.promisedDays ?? '—'}` },
          { title: t('fee'), dataIndex: 'fee' },
          {
            title: t('decision'),
            key: 'decision',
            render: (_, i) => (i.decision ? <Tag color={DECISION_COLORS[i.decision]}>{`${names.decision(i.decision)} ${i.decisionOn ?? ''}`}</Tag> : <Typography.Text type="secondary">{t('noDecision')}</Typography.Text>),
          },
          ...(manage
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  render: (_: unknown, i: ItemT) => (
                    <Flex gap={0} wrap>
                      <Button size="small" type="link" onClick={() => setEditing(i)}>
                        {t('edit')}
                      </Button>
                      <Button size="small" type="link" onClick={() => setDeciding(i)}>
                        {t('decide')}
                      </Button>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <ItemDialog item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onDone={() => list.reload()} />}
      {deciding && <DecisionDialog item={deciding} onClose={() => setDeciding(null)} onDone={() => list.reload()} />}
    </Page>
  );
}
