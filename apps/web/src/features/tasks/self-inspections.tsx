/** 自查评价 (R-PROG-2): the unit rates its own task for a period (2013-05, 2013-Q2, 2013-H1) against the standard. */
import { useState } from 'react';
import { Button, Card, Flex, Form, Input, Radio, Select, Table, Tag } from 'antd';
import { progress, type ResponseOf, type TaskDetailT } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { formatInstant } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { taskDict } from './messages.ts';

type Item = ResponseOf<typeof progress.listSelfInspections>['items'][number];
type Rating = Item['rating'];
const RATING_COLORS: Record<Rating, string> = { good: 'green', fair: 'gold', poor: 'red' };
const PERIOD = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4]|H[12])$/;

function thisMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function SelfInspections({ task }: { task: TaskDetailT }) {
  const t = useT(taskDict);
  const { lang } = useLang();
  const { user, can } = useSession();
  const list = useLoad((signal) => call(progress.listSelfInspections, { params: { id: task.id }, signal }), [task.id]);
  const [form] = Form.useForm<{ unitId?: string; period: string; rating: Rating; comment?: string }>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const [adding, setAdding] = useState(false);
  const mine = new Set(user?.memberships.map((m) => m.unitId) ?? []);
  const units = [...(task.leadUnitId ? [{ id: task.leadUnitId, name: task.leadUnitName ?? '' }] : []), ...task.cooperatingUnits].filter((u) => mine.has(u.id));
  const unitName = new Map([...(task.leadUnitId ? [[task.leadUnitId, task.leadUnitName ?? '']] : []), ...task.cooperatingUnits.map((u) => [u.id, u.name])] as [
    string,
    string,
  ][]);
  const canWrite = can('selfInspection.write') && units.length > 0;

  const submit = async (v: { unitId?: string; period: string; rating: Rating; comment?: string }) => {
    setError(null);
    setRest([]);
    try {
      await run(
        () =>
          call(progress.addSelfInspection, {
            params: { id: task.id },
            body: { unitId: v.unitId, period: v.period.trim(), rating: v.rating, comment: v.comment?.trim() ?? '' },
          }),
        t('selfInspectionSaved'),
      );
      form.resetFields();
      setAdding(false);
      list.reload();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  };

  return (
    <Card
      size="small"
      title={t('selfInspections')}
      style={{ marginBottom: 16 }}
      extra={
        canWrite &&
        !adding && (
          <Button size="small" onClick={() => setAdding(true)}>
            {t('addSelfInspection')}
          </Button>
        )
      }
    >
      {adding && (
        <div className="ls-inline-form">
          <ErrorAlert error={error} issues={rest} />
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ period: thisMonth(), rating: 'good', unitId: units[0]?.id }}>
            <Flex gap={12} wrap>
              {units.length > 1 && (
                <Form.Item name="unitId" label={t('reportFor')} style={{ minWidth: 180 }}>
                  <Select options={units.map((u) => ({ value: u.id, label: u.name }))} />
                </Form.Item>
              )}
              <Form.Item
                name="period"
                label={t('period')}
                tooltip={t('periodHint')}
                style={{ width: 160 }}
                rules={[
                  { required: true, message: t('required') },
                  { pattern: PERIOD, message: t('badPeriod') },
                ]}
              >
                <Input placeholder="2013-Q2" />
              </Form.Item>
              <Form.Item name="rating" label={t('rating')} rules={[{ required: true }]}>
                <Radio.Group optionType="button" options={(['good', 'fair', 'poor'] as const).map((r) => ({ value: r, label: t(`rating_${r}`) }))} />
              </Form.Item>
            </Flex>
            <Form.Item name="comment" label={t('comment')} rules={[{ max: 5000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('save')}
              </Button>
              <Button onClick={() => setAdding(false)}>{t('cancel')}</Button>
            </Flex>
          </Form>
        </div>
      )}
      <ErrorAlert error={list.error} />
      <Table<Item>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('noSelfInspections') }}
        columns={[
          { title: t('period'), dataIndex: 'period' },
          { title: t('unit'), dataIndex: 'unitId', render: (u: string) => unitName.get(u) ?? '' },
          { title: t('rating'), dataIndex: 'rating', render: (r: Rating) => <Tag color={RATING_COLORS[r]}>{t(`rating_${r}`)}</Tag> },
          { title: t('comment'), dataIndex: 'comment' },
          { title: t('byName'), dataIndex: 'byName' },
          { title: t('time'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v, lang) },
        ]}
      />
    </Card>
  );
}
