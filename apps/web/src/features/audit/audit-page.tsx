/** 审计日志 (auditor only): newest first, filters, before/after JSON, and the chain check. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Flex, Form, Input, Table, Typography } from 'antd';
import { admin, type QueryOf, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useAction } from '../../lib/hooks.ts';
import { formatInstant } from '../../lib/format.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { auditDict } from './messages.ts';

type Entry = ResponseOf<typeof admin.listAudit>['items'][number];
type Verify = ResponseOf<typeof admin.verifyAudit>;
interface Filters {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
}
const PAGE = 50;

function Json({ value }: { value: unknown }) {
  const t = useT(auditDict);
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t('empty')}</Typography.Text>;
  return <pre className="ls-json">{JSON.stringify(value, null, 2)}</pre>;
}

export function AuditPage() {
  const t = useT(auditDict);
  const { lang } = useLang();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [items, setItems] = useState<Entry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [verify, setVerify] = useState<Verify | null>(null);
  const { busy: verifying, run } = useAction();

  const load = useCallback(
    async (f: Filters, after: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const query: QueryOf<typeof admin.listAudit> = { limit: PAGE, ...f, ...(after ? { cursor: after } : {}) };
        const page = await call(admin.listAudit, { query });
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [],
  );

  useEffect(() => {
    void load(filters, null);
  }, [filters, load]);

  const apply = (v: Filters) => {
    const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string' && x.trim()).map(([k, x]) => [k, (x as string).trim()]));
    setFilters(clean);
  };

  const check = () => run(() => call(admin.verifyAudit)).then(setVerify, () => undefined);

  return (
    <Page
      title={t('title')}
      extra={
        <Button type="primary" onClick={() => void check()} loading={verifying}>
          {t('verify')}
        </Button>
      }
    >
      {verify && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable
          onClose={() => setVerify(null)}
          type={verify.ok ? 'success' : 'error'}
          data-testid="audit-verify-result"
          message={verify.ok ? t('verifyOk', { n: verify.entries }) : t('verifyBroken', { at: verify.brokenAt ?? '?', reason: verify.reason ?? '', n: verify.entries })}
        />
      )}
      <Form<Filters> form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="action" label={t('action')}>
          <Input allowClear placeholder="user.create" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="entityType" label={t('entityType')}>
          <Input allowClear placeholder="user" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('entityId')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="actorUserId" label={t('actorUserId')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Flex gap={8}>
          <Button htmlType="submit">{t('filter')}</Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('clear')}
          </Button>
        </Flex>
      </Form>
      <ErrorAlert error={error} />
      <Table<Entry>
        rowKey="seq"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (e) => (
            <Descriptions
              size="small"
              bordered
              column={1}
              items={[
                { key: 'b', label: t('before'), children: <Json value={e.before} /> },
                { key: 'a', label: t('after'), children: <Json value={e.after} /> },
                { key: 'h', label: t('hash'), children: <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{e.hash}</Typography.Text> },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('seq'), dataIndex: 'seq' },
          { title: t('at'), dataIndex: 'at', render: (v: string) => formatInstant(v, lang) },
          { title: t('actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? t('system') },
          { title: t('action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('entityType'), dataIndex: 'entityType' },
          { title: t('entityId'), dataIndex: 'entityId' },
          { title: t('ip'), dataIndex: 'ip' },
        ]}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 12 }} wrap gap={8}>
        <Typography.Text type="secondary">{t('shown', { n: items.length })}</Typography.Text>
        {cursor && (
          <Button onClick={() => void load(filters, cursor)} loading={loading}>
            {t('loadMore')}
          </Button>
        )}
      </Flex>
    </Page>
  );
}
