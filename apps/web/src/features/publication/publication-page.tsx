/**
 * 政务公开: the office decides, item by item, what the public portal shows — tasks, commendation
 * and criticism bulletins, public commitments — and issues and revokes the API keys of Open311
 * client apps (a new key is shown once; only its digest is kept).
 */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Checkbox, Flex, Form, Input, Modal, Popconfirm, Progress, Radio, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { publication, supervision, tasks, type NoticeT, type ResponseOf, type TaskRowT } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { chooseCampaign, useCampaignList } from '../../lib/campaign.tsx';
import { FormModal } from '../../lib/form-modal.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { LoadMore, usePagedList } from '../../lib/paging.tsx';
import { useAllUnits } from '../../lib/lookups.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { publicationDict } from './messages.ts';

type CommitmentT = ResponseOf<typeof publication.listCommitments>['items'][number];
type ApiKeyT = ResponseOf<typeof publication.listApiKeys>['items'][number];

/** A publish switch that remembers its own state after a change. */
function PublishSwitch({ on, entityType, entityId, onChange }: { on: boolean; entityType: (typeof publication.PUBLISHABLE)[number]; entityId: string; onChange: (on: boolean) => void }) {
  const t = useT(publicationDict);
  const { busy, run } = useAction();
  return (
    <Switch
      checked={on}
      loading={busy}
      aria-label={t('published')}
      onChange={(next) =>
        void run(() => call(publication.setPublished, { body: { entityType, entityId, published: next } }), next ? t('publishedDone') : t('withdrawnDone'))
          .then(() => onChange(next))
          .catch(() => undefined)
      }
    />
  );
}

function useCampaignChoice() {
  const t = useT(publicationDict);
  const list = useCampaignList();
  const [chosen, setChosen] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const id = chosen ?? (items.length ? chooseCampaign(items) : null);
  const select = (
    <Select
      aria-label={t('campaign')}
      style={{ minWidth: 220 }}
      value={id ?? undefined}
      onChange={(v: string) => setChosen(v)}
      options={items.map((c) => ({ value: c.id, label: c.name }))}
    />
  );
  return { id, select, error: list.error };
}

function TasksTab() {
  const t = useT(publicationDict);
  const camp = useCampaignChoice();
  const [q, setQ] = useState('');
  const [onlyPublished, setOnlyPublished] = useState(false);
  const list = useLoad(
    (signal) => (camp.id ? call(tasks.listTasks, { params: { id: camp.id }, query: { q: q || undefined, includeAncestors: 'false' }, signal }) : Promise.resolve(null)),
    [camp.id, q],
  );
  // each row says whether it is published; a switch turned here holds until the list is read again
  const [changed, setChanged] = useState<Map<string, boolean>>(new Map());
  useEffect(() => setChanged(new Map()), [list.data]);
  const isPublished = (r: TaskRowT) => changed.get(r.id) ?? r.published;
  const rows = (list.data?.items ?? []).filter((r) => !onlyPublished || isPublished(r));
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        {camp.select}
        <Input.Search allowClear placeholder={t('searchTasks')} aria-label={t('search')} style={{ maxWidth: 260 }} onSearch={(v) => setQ(v.trim())} />
        <Checkbox checked={onlyPublished} onChange={(e) => setOnlyPublished(e.target.checked)}>
          {t('publishedOnly')}
        </Checkbox>
      </Flex>
      <ErrorAlert error={camp.error ?? list.error} />
      <Table<TaskRowT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('code'), dataIndex: 'code', render: (v: string) => <span className="ls-nowrap">{v}</span> },
          { title: t('title'), dataIndex: 'title' },
          { title: t('unit'), dataIndex: 'leadUnitName' },
          { title: t('plannedEnd'), dataIndex: 'plannedEnd' },
          { title: t('progress'), dataIndex: 'rolledProgress', render: (v: number) => <Progress percent={Math.round(v)} size="small" style={{ width: 120 }} /> },
          {
            title: t('published'),
            key: 'published',
            render: (_, r) => (
              <PublishSwitch on={isPublished(r)} entityType="task" entityId={r.id} onChange={(on) => setChanged((m) => new Map(m).set(r.id, on))} />
            ),
          },
        ]}
      />
    </>
  );
}

function BulletinsTab() {
  const t = useT(publicationDict);
  const { lang } = useLang();
  const camp = useCampaignChoice();
  // the issued commendations and criticism bulletins, a page at a time; each says whether it is published
  const list = usePagedList(
    (cursor, signal) =>
      camp.id ? call(supervision.listNotices, { params: { id: camp.id }, query: { bulletin: 'true', limit: 50, cursor }, signal }) : Promise.resolve({ items: [], nextCursor: null, total: 0 }),
    [camp.id],
    (n) => n.id,
  );
  // a switch turned here holds until the list is read again
  const [changed, setChanged] = useState<Map<string, boolean>>(new Map());
  useEffect(() => setChanged(new Map()), [camp.id]);
  const rows = list.items;
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        {camp.select}
      </Flex>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('bulletinHint')} />
      <ErrorAlert error={camp.error ?? list.error} />
      <Table<NoticeT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('kind'), dataIndex: 'kind', render: (k: NoticeT['kind']) => (k === 'commend' ? <Tag color="green">{t('commend')}</Tag> : <Tag color="red">{t('criticism')}</Tag>) },
          { title: t('docNumber'), dataIndex: 'docNumber' },
          { title: t('title'), dataIndex: 'title' },
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('issuedAt'), dataIndex: 'issuedAt', render: (v: string | null) => formatInstant(v, lang) },
          {
            title: t('published'),
            key: 'published',
            render: (_, n) => (
              <PublishSwitch on={changed.get(n.id) ?? n.published} entityType="notice" entityId={n.id} onChange={(on) => setChanged((m) => new Map(m).set(n.id, on))} />
            ),
          },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}

const LISTED_KINDS = ['notice', 'report', 'attachment', 'ranking'] as const;
type ListedKind = (typeof LISTED_KINDS)[number];
type PublishedItemT = ResponseOf<typeof publication.listPublished>['items'][number];

/** Everything published item by item, newest first, of one kind or all. */
function PublishedTab() {
  const t = useT(publicationDict);
  const { lang } = useLang();
  const [kind, setKind] = useState<ListedKind | undefined>(undefined);
  const list = usePagedList(
    (cursor, signal) => call(publication.listPublished, { query: { entityType: kind, limit: 50, cursor }, signal }),
    [kind],
    (i) => `${i.entityType}:${i.entityId}`,
  );
  const kindText = (k: string) => ((LISTED_KINDS as readonly string[]).includes(k) ? t(`kind_${k as ListedKind}`) : k);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('publishedItemsHint')}</Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Select
          allowClear
          aria-label={t('kind')}
          placeholder={t('allKinds')}
          style={{ minWidth: 160 }}
          value={kind}
          onChange={(v?: ListedKind) => setKind(v)}
          options={LISTED_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))}
        />
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<PublishedItemT>
        rowKey={(i) => `${i.entityType}:${i.entityId}`}
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('kind'), dataIndex: 'entityType', render: (k: string) => <Tag>{kindText(k)}</Tag> },
          { title: t('item'), dataIndex: 'title', render: (v: string, i) => v || i.entityId },
          { title: t('publishedBy'), dataIndex: 'publishedBy' },
          { title: t('publishedAt'), dataIndex: 'publishedAt', render: (v: string) => formatInstant(v, lang) },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}

function CommitmentsTab() {
  const t = useT(publicationDict);
  const { units } = useAllUnits();
  const [editing, setEditing] = useState<CommitmentT | 'new' | null>(null);
  const list = useLoad((signal) => call(publication.listCommitments, { signal }), []);
  return (
    <>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
        {t('newCommitment')}
      </Button>
      <ErrorAlert error={list.error} />
      <Table<CommitmentT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('problem'), dataIndex: 'problem' },
          { title: t('commitment'), dataIndex: 'commitment' },
          { title: t('dueOn'), dataIndex: 'dueOn' },
          { title: t('status'), key: 'status', render: (_, c) => (c.status === 'done' ? <Tag color="green">{`${t('done')} ${c.doneOn ?? ''}`}</Tag> : <Tag color="processing">{t('open')}</Tag>) },
          { title: t('progressNote'), dataIndex: 'progressNote' },
          {
            title: t('published'),
            key: 'published',
            render: (_, c) => <PublishSwitch on={c.published} entityType="commitment" entityId={c.id} onChange={() => list.reload()} />,
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, c) => (
              <Button size="small" type="link" onClick={() => setEditing(c)}>
                {t('editCommitment')}
              </Button>
            ),
          },
        ]}
      />
      {editing === 'new' && (
        <FormModal<{ unitId: string; problem: string; commitment: string; dueOn: string; published?: boolean }>
          title={t('newCommitment')}
          width={640}
          success={t('commitmentSaved')}
          initialValues={{ published: false }}
          submit={(v) => call(publication.createCommitment, { body: { unitId: v.unitId, problem: v.problem.trim(), commitment: v.commitment.trim(), dueOn: v.dueOn, published: !!v.published } })}
          onClose={() => setEditing(null)}
          onDone={() => list.reload()}
        >
          <Form.Item name="unitId" label={t('unit')} rules={[{ required: true, message: t('unitRequired') }]}>
            <Select showSearch optionFilterProp="label" options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="problem" label={t('problem')} rules={[{ required: true, whitespace: true }, { max: 1000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
          <Form.Item name="commitment" label={t('commitment')} rules={[{ required: true, whitespace: true }, { max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
          <Form.Item name="dueOn" label={t('dueOn')} rules={[{ required: true, message: t('dateRequired') }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="published" valuePropName="checked">
            <Checkbox>{t('publishNow')}</Checkbox>
          </Form.Item>
        </FormModal>
      )}
      {editing && editing !== 'new' && (
        <FormModal<{ status: 'open' | 'done'; progressNote?: string }>
          title={t('editCommitment')}
          success={t('commitmentSaved')}
          initialValues={{ status: editing.status, progressNote: editing.progressNote }}
          submit={(v) => call(publication.updateCommitment, { params: { id: editing.id }, body: { status: v.status, progressNote: v.progressNote?.trim() ?? '' } })}
          onClose={() => setEditing(null)}
          onDone={() => list.reload()}
        >
          <Typography.Paragraph type="secondary">{editing.commitment}</Typography.Paragraph>
          <Form.Item name="status" label={t('status')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'open', label: t('open') },
                { value: 'done', label: t('done') },
              ]}
            />
          </Form.Item>
          <Form.Item name="progressNote" label={t('progressNote')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}

function ApiKeysTab() {
  const t = useT(publicationDict);
  const { lang } = useLang();
  const [adding, setAdding] = useState(false);
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  const list = useLoad((signal) => call(publication.listApiKeys, { signal }), []);
  const { run } = useAction();
  const revoke = (k: ApiKeyT) =>
    run(() => call(publication.revokeApiKey, { params: { id: k.id } }), t('revoked'))
      .then(() => list.reload())
      .catch(() => undefined);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('keyHint')}</Typography.Paragraph>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setAdding(true)}>
        {t('newKey')}
      </Button>
      <ErrorAlert error={list.error} />
      <Table<ApiKeyT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('keyName'), dataIndex: 'name' },
          { title: t('prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v, lang) },
          { title: t('lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => formatInstant(v, lang) },
          {
            title: t('status'),
            key: 'status',
            render: (_, k) => (k.revokedAt ? <Tag>{`${t('revoked')} ${formatInstant(k.revokedAt, lang)}`}</Tag> : <Tag color="green">{t('valid')}</Tag>),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, k) =>
              k.revokedAt ? null : (
                <Popconfirm title={t('revokeConfirm', { name: k.name })} okText={t('confirm')} cancelText={t('cancel')} okButtonProps={{ danger: true }} onConfirm={() => revoke(k)}>
                  <Button size="small" type="link" danger>
                    {t('revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {adding && (
        <FormModal<{ name: string }>
          title={t('newKey')}
          success={t('keyCreated')}
          submit={(v) => call(publication.createApiKey, { body: { name: v.name.trim() } })}
          onClose={() => setAdding(false)}
          onDone={(r) => {
            const k = r as ResponseOf<typeof publication.createApiKey>;
            setIssued({ name: k.name, key: k.key });
            list.reload();
          }}
        >
          <Form.Item name="name" label={t('keyName')} extra={t('keyNameHint')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{2,60}$/, message: t('keyNameHint') }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </FormModal>
      )}
      {issued && (
        <Modal
          open
          title={t('keyFor', { name: issued.name })}
          onCancel={() => setIssued(null)}
          footer={
            <Button type="primary" onClick={() => setIssued(null)}>
              {t('done2')}
            </Button>
          }
        >
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('keyOnce')} />
          <Typography.Paragraph copyable={{ text: issued.key }} code data-testid="issued-key" style={{ wordBreak: 'break-all' }}>
            {issued.key}
          </Typography.Paragraph>
        </Modal>
      )}
    </>
  );
}

export function PublicationPage() {
  const t = useT(publicationDict);
  const [sp, setSp] = useSearchParams();
  const tab = sp.get('tab') ?? 'tasks';
  const items = useMemo(
    () => [
      { key: 'tasks', label: t('tasks'), children: <TasksTab /> },
      { key: 'bulletins', label: t('bulletins'), children: <BulletinsTab /> },
      { key: 'commitments', label: t('commitments'), children: <CommitmentsTab /> },
      { key: 'published', label: t('publishedItems'), children: <PublishedTab /> },
      { key: 'keys', label: t('apiKeys'), children: <ApiKeysTab /> },
    ],
    [t],
  );
  return (
    <Page title={t('publication')}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('intro')} />
      <Tabs activeKey={tab} onChange={(k) => setSp({ tab: k }, { replace: true })} items={items} destroyOnHidden />
    </Page>
  );
}
