/** 安全策略: the security administrator edits; the auditor reads. */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, InputNumber } from 'antd';
import { admin, type ResponseOf } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { adminDict } from './messages.ts';

type Policy = ResponseOf<typeof admin.getSecurityPolicy>;

const FIELDS: { name: keyof Policy; min: number; max: number }[] = [
  { name: 'minLength', min: 8, max: 64 },
  { name: 'minClasses', min: 1, max: 4 },
  { name: 'maxFailedLogins', min: 3, max: 20 },
  { name: 'lockMinutes', min: 1, max: 1440 },
  { name: 'idleTimeoutMinutes', min: 5, max: 480 },
  { name: 'absoluteTimeoutHours', min: 1, max: 72 },
];

export function SecurityPolicyPage() {
  const t = useT(adminDict);
  const { can } = useSession();
  const editable = can('security.managePolicy');
  const policy = useLoad((signal) => call(admin.getSecurityPolicy, { signal }), []);
  const [form] = Form.useForm<Policy>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);

  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);

  async function submit(v: Policy) {
    setError(null);
    try {
      const saved = await run(() => call(admin.updateSecurityPolicy, { body: v }), t('saved'));
      form.setFieldsValue(saved);
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  }

  if (policy.error) return <ErrorAlert error={policy.error} />;
  if (!policy.data) return <Loading />;
  return (
    <Page title={t('securityPolicy')}>
      <Card style={{ maxWidth: 640 }}>
        <Alert type={editable ? 'info' : 'warning'} showIcon message={editable ? t('policyIntro') : t('readOnly')} style={{ marginBottom: 16 }} />
        <ErrorAlert error={error} issues={rest} />
        <Form<Policy> form={form} layout="vertical" onFinish={submit} disabled={!editable} initialValues={policy.data}>
          {FIELDS.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={t(f.name)}
              extra={t('range', { min: f.min, max: f.max })}
              rules={[{ required: true, message: t('required') }, { type: 'integer', min: f.min, max: f.max, message: t('range', { min: f.min, max: f.max }) }]}
            >
              <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 200 }} />
            </Form.Item>
          ))}
          {editable && (
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('save')}
            </Button>
          )}
        </Form>
      </Card>
    </Page>
  );
}
