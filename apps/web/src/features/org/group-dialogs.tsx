/** Leading group dialogs: add a member, set a leader's units in charge, rename the group. */
import { useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { org } from '@luoshi/contracts';
import { GROUP_POSITIONS, GROUP_POSITION_LABELS, type GroupPosition } from '@luoshi/domain';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { orgDict } from './messages.ts';

type Options = { value: string; label: string }[];
interface Props {
  onClose: () => void;
  onSaved: () => void;
}

function useSave(aliases: Record<string, string> = {}) {
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  async function save(fn: () => Promise<unknown>, done: () => void, ok: string) {
    setError(null);
    try {
      await run(fn, ok);
      done();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e, aliases));
    }
  }
  return { form, busy, error, rest, save };
}

export function AddMemberModal({ people, units, onClose, onSaved }: Props & { people: Options; units: Options }) {
  const t = useT(orgDict);
  const label = useLabel();
  const s = useSave();
  const submit = (v: { personId: string; position: GroupPosition; unitId?: string; duty?: string }) =>
    s.save(
      () => call(org.addGroupMember, { body: { personId: v.personId, position: v.position, unitId: v.unitId ?? null, duty: v.duty || null } }),
      () => {
        onSaved();
        onClose();
      },
      t('saved'),
    );
  return (
    <Modal open title={t('addMember')} okText={t('save')} cancelText={t('cancel')} confirmLoading={s.busy} onOk={() => s.form.submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} initialValues={{ position: 'member' }}>
        <Form.Item name="personId" label={t('person')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch optionFilterProp="label" options={people} />
        </Form.Item>
        <Form.Item name="position" label={t('position')} rules={[{ required: true }]}>
          <Select options={GROUP_POSITIONS.map((p) => ({ value: p, label: label(GROUP_POSITION_LABELS[p]) }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t('memberUnit')}>
          <Select allowClear showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="duty" label={t('duty')} rules={[{ max: 200 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ChargesModal({
  person,
  current,
  units,
  onClose,
  onSaved,
}: Props & { person: { personId: string; name: string }; current: string[]; units: Options }) {
  const t = useT(orgDict);
  const s = useSave({ id: 'unitIds' });
  const submit = (v: { unitIds?: string[] }) =>
    s.save(
      () => call(org.setCharges, { params: { id: person.personId }, body: { unitIds: v.unitIds ?? [] } }),
      () => {
        onSaved();
        onClose();
      },
      t('saved'),
    );
  return (
    <Modal open title={t('chargesTitle', { name: person.name })} okText={t('save')} cancelText={t('cancel')} confirmLoading={s.busy} onOk={() => s.form.submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} initialValues={{ unitIds: current }}>
        <Form.Item name="unitIds" label={t('chargedUnits')}>
          <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={units} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EditGroupModal({ name, officeUnitId, units, onClose, onSaved }: Props & { name: string; officeUnitId: string | null; units: Options }) {
  const t = useT(orgDict);
  const s = useSave();
  const submit = (v: { name: string; officeUnitId?: string }) =>
    s.save(
      () => call(org.updateLeadingGroup, { body: { name: v.name, officeUnitId: v.officeUnitId ?? null } }),
      () => {
        onSaved();
        onClose();
      },
      t('saved'),
    );
  return (
    <Modal open title={t('editGroup')} okText={t('save')} cancelText={t('cancel')} confirmLoading={s.busy} onOk={() => s.form.submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} initialValues={{ name, officeUnitId: officeUnitId ?? undefined }}>
        <Form.Item name="name" label={t('groupName')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="officeUnitId" label={t('office')}>
          <Select allowClear showSearch optionFilterProp="label" options={units} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
