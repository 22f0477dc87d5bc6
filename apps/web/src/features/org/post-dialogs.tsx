/** Create a post; appoint a holder or vacate a post with a date (each is a dated term). */
import { useState } from 'react';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { org, type PostT } from '@luoshi/contracts';
import { UNIT_ROLES, UNIT_ROLE_LABELS, type UnitRole } from '@luoshi/domain';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { today } from '../../lib/format.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { orgDict } from './messages.ts';

interface Props {
  onClose: () => void;
  onSaved: () => void;
}

function useSave() {
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  async function save(fn: () => Promise<unknown>, ok: string, done: () => void) {
    setError(null);
    try {
      await run(fn, ok);
      done();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  }
  return { form, busy, error, rest, save };
}

export function NewPostModal({ unitId, onClose, onSaved }: Props & { unitId: string }) {
  const t = useT(orgDict);
  const label = useLabel();
  const s = useSave();
  const submit = (v: { title: string; role: UnitRole; sortOrder?: number }) =>
    s.save(() => call(org.createPost, { params: { id: unitId }, body: { title: v.title, role: v.role, sortOrder: v.sortOrder ?? 0 } }), t('postCreated'), () => {
      onSaved();
      onClose();
    });
  return (
    <Modal open title={t('newPost')} okText={t('save')} cancelText={t('cancel')} confirmLoading={s.busy} onOk={() => s.form.submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} initialValues={{ role: 'handler', sortOrder: 20 }}>
        <Form.Item name="title" label={t('post')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('role')} rules={[{ required: true }]}>
          <Select options={UNIT_ROLES.map((r) => ({ value: r, label: label(UNIT_ROLE_LABELS[r]) }))} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('sortOrder')}>
          <InputNumber min={0} max={10000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AppointModal({ post, people, onClose, onSaved }: Props & { post: PostT; people: { value: string; label: string }[] }) {
  const t = useT(orgDict);
  const s = useSave();
  const submit = (v: { personId: string; from: string }) =>
    s.save(() => call(org.assignPost, { params: { id: post.id }, body: { personId: v.personId, from: v.from } }), t('appointed'), () => {
      onSaved();
      onClose();
    });
  return (
    <Modal open title={t('appointTitle', { post: post.title })} okText={t('appoint')} cancelText={t('cancel')} confirmLoading={s.busy} onOk={() => s.form.submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} initialValues={{ from: today() }}>
        <Form.Item name="personId" label={t('person')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch optionFilterProp="label" options={people} />
        </Form.Item>
        <Form.Item name="from" label={t('date')} rules={[{ required: true, message: t('required') }]}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function VacateModal({ post, onClose, onSaved }: Props & { post: PostT }) {
  const t = useT(orgDict);
  const s = useSave();
  const submit = (v: { from: string }) =>
    s.save(() => call(org.assignPost, { params: { id: post.id }, body: { personId: null, from: v.from } }), t('vacated'), () => {
      onSaved();
      onClose();
    });
  return (
    <Modal
      open
      title={t('vacateTitle', { post: post.title, name: post.holder?.name ?? '' })}
      okText={t('vacate')}
      okButtonProps={{ danger: true }}
      cancelText={t('cancel')}
      confirmLoading={s.busy}
      onOk={() => s.form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} initialValues={{ from: today() }}>
        <Form.Item name="from" label={t('date')} rules={[{ required: true, message: t('required') }]}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

