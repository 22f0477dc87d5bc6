/** 定责: who is principal, deputy and handler of a task, since when, who was before; the office changes it with a date. */
import { useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Modal, Select, Table } from 'antd';
import { tasks, type TaskDetailT } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { today } from '../../lib/format.ts';
import { useAction } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { useAllPeople, useAllUnits } from '../../lib/lookups.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { taskDict } from './messages.ts';

type Role = 'principal' | 'deputy' | 'handler';
const ROLES: Role[] = ['principal', 'deputy', 'handler'];
type Term = TaskDetailT['responsibilityHistory'][number];

export function ResponsibilityCard({ task, manage, onChanged }: { task: TaskDetailT; manage: boolean; onChanged: (t: TaskDetailT) => void }) {
  const t = useT(taskDict);
  const [open, setOpen] = useState(false);
  const history = [...task.responsibilityHistory].sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0));
  return (
    <Card
      size="small"
      title={t('responsibility')}
      style={{ marginBottom: 16 }}
      extra={
        manage && (
          <Button size="small" onClick={() => setOpen(true)}>
            {t('changeResponsibility')}
          </Button>
        )
      }
    >
      <Descriptions size="small" column={1} items={ROLES.map((r) => ({ key: r, label: t(`role_${r}`), children: task.responsible[r]?.name ?? t('nobody') }))} />
      {history.length > 0 && (
        <Table<Term>
          style={{ marginTop: 8 }}
          size="small"
          rowKey={(h) => `${h.role}-${h.personId}-${h.from}`}
          pagination={false}
          scroll={{ x: 'max-content' }}
          title={() => t('responsibilityHistory')}
          dataSource={history}
          columns={[
            { title: t('role'), dataIndex: 'role', render: (r: Role) => t(`role_${r}`) },
            { title: t('person'), dataIndex: 'name' },
            { title: t('fromDate'), key: 'span', render: (_, h) => t('fromTo', { from: h.from, to: h.to ?? t('present') }) },
          ]}
        />
      )}
      {open && <ResponsibilityModal task={task} onClose={() => setOpen(false)} onSaved={onChanged} />}
    </Card>
  );
}

function ResponsibilityModal({ task, onClose, onSaved }: { task: TaskDetailT; onClose: () => void; onSaved: (t: TaskDetailT) => void }) {
  const t = useT(taskDict);
  const [form] = Form.useForm<{ role: Role; personId?: string; from: string }>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const { people } = useAllPeople();
  const { byId: units } = useAllUnits();
  const taskUnits = new Set([task.leadUnitId, ...task.cooperatingUnitIds]);
  // people of the task's units first
  const options = people
    .filter((p) => p.active)
    .sort((a, b) => Number(taskUnits.has(b.unitId)) - Number(taskUnits.has(a.unitId)))
    .map((p) => ({
      value: p.id,
      label: `${p.name}${p.unitId ? ` · ${units.get(p.unitId)?.shortName ?? units.get(p.unitId)?.name ?? ''}` : ''}${p.title ? ` · ${p.title}` : ''}`,
    }));
  const submit = async (v: { role: Role; personId?: string; from: string }) => {
    setError(null);
    try {
      const saved = await run(
        () => call(tasks.setResponsibility, { params: { id: task.id }, body: { role: v.role, personId: v.personId ?? null, from: v.from } }),
        t('responsibilityChanged'),
      );
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  };
  return (
    <Modal
      open
      title={t('changeResponsibility')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} issues={rest} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: 'handler', from: today() }}>
        <Form.Item name="role" label={t('role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`role_${r}`) }))} />
        </Form.Item>
        <Form.Item name="personId" label={t('person')} extra={t('vacantHint')}>
          <Select allowClear showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="from" label={t('fromDate')} rules={[{ required: true, message: t('required') }]}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
