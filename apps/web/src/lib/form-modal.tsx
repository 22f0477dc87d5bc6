/**
 * A dialog around one antd form: saves through `submit`, shows the server's field issues under
 * their fields and anything else above the form, closes on success.
 */
import { useState, type ReactNode } from 'react';
import { Form, Modal, type FormInstance } from 'antd';
import type { Issue } from './api.ts';
import { applyServerErrors } from './forms.ts';
import { useAction } from './hooks.ts';
import { common } from './common.ts';
import { useT } from './i18n.tsx';
import { ErrorAlert } from './ui.tsx';

export function FormModal<V extends object>({
  title,
  okText,
  danger,
  width,
  initialValues,
  success,
  submit,
  onClose,
  onDone,
  children,
  form: given,
}: {
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  width?: number;
  initialValues?: Partial<V>;
  success?: string;
  submit: (values: V) => Promise<unknown>;
  onClose: () => void;
  onDone?: (result: unknown) => void;
  children: ReactNode;
  form?: FormInstance<V>;
}) {
  const t = useT(common);
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const finish = async (v: V) => {
    setError(null);
    try {
      const r = await run(() => submit(v), success);
      onDone?.(r);
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  };
  return (
    <Modal
      open
      title={title}
      width={width}
      okText={okText ?? t('save')}
      okButtonProps={{ danger }}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} issues={rest} />
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void finish(v)}>
        {children}
      </Form>
    </Modal>
  );
}
