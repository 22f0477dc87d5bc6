/** Create or edit a person (name, gender, title, unit, contact, active). */
import { useState } from 'react';
import { Form, Input, Modal, Select, Switch } from 'antd';
import { org, type PersonT } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { orgDict } from './messages.ts';

interface Values {
  name: string;
  gender: PersonT['gender'];
  title?: string;
  unitId?: string;
  phone?: string;
  email?: string;
  active: boolean;
}

export function PersonFormModal({
  person,
  unitOptions,
  defaultUnitId,
  onClose,
  onSaved,
}: {
  person?: PersonT;
  unitOptions: { value: string; label: string }[];
  defaultUnitId?: string;
  onClose: () => void;
  onSaved: (p: PersonT) => void;
}) {
  const t = useT(orgDict);
  const [form] = Form.useForm<Values>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);

  async function submit(v: Values) {
    const body = {
      name: v.name,
      gender: v.gender,
      title: v.title || null,
      unitId: v.unitId || null,
      phone: v.phone || null,
      email: v.email || null,
    };
    // contact details the server did not show us are left as they are
    const patch = {
      ...body,
      phone: !v.phone && person?.phone === null ? undefined : body.phone,
      email: !v.email && person?.email === null ? undefined : body.email,
      active: v.active,
    };
    setError(null);
    try {
      const saved = await run(
        () => (person ? call(org.updatePerson, { params: { id: person.id }, body: patch }) : call(org.createPerson, { body })),
        t('saved'),
      );
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  }

  return (
    <Modal
      open
      title={person ? t('editPerson') : t('newPerson')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} issues={rest} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          person
            ? { ...person, title: person.title ?? '', unitId: person.unitId ?? undefined, phone: person.phone ?? '', email: person.email ?? '' }
            : { gender: 'unspecified', unitId: defaultUnitId, active: true }
        }
      >
        <Form.Item name="name" label={t('personName')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="gender" label={t('gender')}>
          <Select
            options={[
              { value: 'male', label: t('male') },
              { value: 'female', label: t('female') },
              { value: 'unspecified', label: t('unspecified') },
            ]}
          />
        </Form.Item>
        <Form.Item name="title" label={t('title')} rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="unitId" label={t('unit')}>
          <Select allowClear showSearch optionFilterProp="label" options={unitOptions} />
        </Form.Item>
        <Form.Item name="phone" label={t('phone')} rules={[{ max: 30 }, { pattern: /^[0-9+\-() ]*$/ }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="email" label={t('email')} rules={[{ type: 'email' }, { max: 120 }]}>
          <Input inputMode="email" />
        </Form.Item>
        {person && (
          <Form.Item name="active" label={t('personActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
