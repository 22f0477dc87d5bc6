/** Account dialogs: create for a person with an initial password, reset the password, set the system role. */
import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { admin, type UserAccountT } from '@luoshi/contracts';
import { SYSTEM_ROLES, SYSTEM_ROLE_LABELS, type SystemRole } from '@luoshi/domain';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { adminDict } from './messages.ts';

interface Props {
  onClose: () => void;
  onSaved: () => void;
}

function useSave(aliases: Record<string, string>) {
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
      setRest(applyServerErrors(form, e, aliases));
    }
  }
  return { form, busy, error, rest, save };
}

export function NewAccountModal({ people, onClose, onSaved }: Props & { people: { value: string; label: string }[] }) {
  const t = useT(adminDict);
  // the server reports password problems under "password"
  const s = useSave({ password: 'initialPassword' });
  const submit = (v: { personId: string; username: string; initialPassword: string }) =>
    s.save(() => call(admin.createUser, { body: v }), t('created'), () => {
      onSaved();
      onClose();
    });
  return (
    <Modal open title={t('newAccount')} okText={t('save')} cancelText={t('cancel')} confirmLoading={s.busy} onOk={() => s.form.submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item name="personId" label={t('person')} extra={t('personHint')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch optionFilterProp="label" options={people} />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('username')}
          extra={t('usernameHint')}
          rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('usernameHint') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="initialPassword" label={t('initialPassword')} extra={t('initialHint')} rules={[{ required: true, message: t('required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose, onSaved }: Props & { user: UserAccountT }) {
  const t = useT(adminDict);
  const s = useSave({ password: 'newPassword' });
  const submit = (v: { newPassword: string }) =>
    s.save(() => call(admin.resetPassword, { params: { id: user.id }, body: v }), t('resetDone'), () => {
      onSaved();
      onClose();
    });
  return (
    <Modal open title={t('resetTitle', { name: user.displayName })} okText={t('resetPassword')} cancelText={t('cancel')} confirmLoading={s.busy} onOk={() => s.form.submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item name="newPassword" label={t('newPassword')} extra={t('initialHint')} rules={[{ required: true, message: t('required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function SystemRoleModal({ user, onClose, onSaved }: Props & { user: UserAccountT }) {
  const t = useT(adminDict);
  const label = useLabel();
  const s = useSave({});
  const submit = (v: { role: SystemRole | 'none' }) =>
    s.save(() => call(admin.setSystemRoles, { params: { id: user.id }, body: { roles: v.role === 'none' ? [] : [v.role] } }), t('roleSaved'), () => {
      onSaved();
      onClose();
    });
  return (
    <Modal open title={t('grantTitle', { name: user.displayName })} okText={t('save')} cancelText={t('cancel')} confirmLoading={s.busy} onOk={() => s.form.submit()} onCancel={onClose} destroyOnHidden>
      <Alert type="info" showIcon message={t('grantHint')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} initialValues={{ role: user.systemRoles[0] ?? 'none' }}>
        <Form.Item name="role" label={t('systemRole')}>
          <Select options={[{ value: 'none', label: t('noRole') }, ...SYSTEM_ROLES.map((r) => ({ value: r, label: label(SYSTEM_ROLE_LABELS[r]) }))]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
