/** Sign-in: username and password; the server's message (wrong password, locked, disabled) is shown as is. */
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useSession } from '../../lib/session.tsx';
import { useT } from '../../lib/i18n.tsx';
import { ApiError } from '../../lib/api.ts';
import { LangSwitch } from '../../lib/lang-switch.tsx';
import { authDict } from './messages.ts';

interface Values {
  username: string;
  password: string;
}

export function LoginPage() {
  const t = useT(authDict);
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = location.state as { from?: string; notice?: string } | null;
  const from = state?.from;

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(v.username, v.password);
      if (user.mustChangePassword) navigate('/app/password', { replace: true });
      else navigate(from && from.startsWith('/app') ? from : '/app', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="ls-login">
      <Card className="ls-login-card">
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Flex align="center" gap={8}>
            <span className="ls-brand-mark">落</span>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('appFullName')}
            </Typography.Title>
          </Flex>
        </Flex>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">{t('loginTitle')}</Typography.Text>
          <LangSwitch />
        </Flex>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
        {!error && state?.notice && <Alert type="warning" showIcon message={state.notice} style={{ marginBottom: 16 }} />}
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('username')} rules={[{ required: true, whitespace: true, message: t('usernameRequired') }]}>
            <Input autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('passwordRequired') }]}>
            <Input.Password autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
