/**
 * Change the password. Forced after an initial or reset password: then nothing else is reachable
 * until done. The server's policy problems (PASSWORD_TOO_WEAK issues) are listed under the field.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { auth } from '@luoshi/contracts';
import { useSession } from '../../lib/session.tsx';
import { useT } from '../../lib/i18n.tsx';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { LangSwitch } from '../../lib/lang-switch.tsx';
import { authDict } from './messages.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordPage() {
  const t = useT(authDict);
  const { user, refresh, signOut } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  const forced = !!user?.mustChangePassword;

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      await call(auth.changePassword, { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } });
      void message.success(t('changed'));
      await refresh();
      navigate('/app', { replace: true });
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="ls-login">
      <Card className="ls-login-card" style={{ maxWidth: 460 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('changeTitle')}
          </Typography.Title>
          <LangSwitch />
        </Flex>
        {user && (
          <Typography.Paragraph type="secondary">
            {user.displayName}({user.username})
          </Typography.Paragraph>
        )}
        {forced && <Alert type="warning" showIcon message={t('mustChange')} style={{ marginBottom: 16 }} />}
        <ErrorAlert error={error} issues={rest} />
        <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('newPassword')} extra={t('policyHint')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('required') },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('mismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('submitChange')}
            </Button>
            {forced ? (
              <Button onClick={() => void signOut()}>{t('signOut')}</Button>
            ) : (
              <Button onClick={() => navigate('/app')}>{t('back')}</Button>
            )}
          </Flex>
        </Form>
      </Card>
    </div>
  );
}
