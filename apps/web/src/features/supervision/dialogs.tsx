/** Dialogs of the ladder: a reason for a step (withdraw, dismiss, appeal, decide), and editing a draft. */
import { useState, type ReactNode } from 'react';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import { supervision, type NoticeT } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { dict } from './messages.ts';

/**
 * One text the server requires (reasons, a note): the dialog shows the server's field issues
 * under the box and anything else above it.
 */
export function ReasonModal({
  title,
  label,
  requiredMessage,
  okText,
  danger,
  max,
  field,
  intro,
  success,
  submit,
  onClose,
  onDone,
}: {
  title: string;
  label: string;
  requiredMessage: string;
  okText: string;
  danger?: boolean;
  max: number;
  /** the body field the server names in its issues (reason, reasons, note) */
  field: string;
  intro?: ReactNode;
  success: string;
  submit: (text: string) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT(dict);
  const [form] = Form.useForm<Record<string, string>>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const finish = async (v: Record<string, string>) => {
    setError(null);
    try {
      await run(() => submit((v[field] ?? '').trim()), success);
      onDone();
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
      okText={okText}
      okButtonProps={{ danger }}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} issues={rest} />
      {intro}
      <Form form={form} layout="vertical" onFinish={finish}>
        <Form.Item name={field} label={label} rules={[{ required: true, whitespace: true, message: requiredMessage }, { max }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DraftValues {
  title: string;
  body: string;
  deadline?: string;
  majorImpact?: boolean;
}

/** The office edits a draft: title, body, deadline, and for a 查办 the major-impact finding. */
export function EditNoticeModal({ notice, onClose, onSaved }: { notice: NoticeT; onClose: () => void; onSaved: (n: NoticeT) => void }) {
  const t = useT(dict);
  const [form] = Form.useForm<DraftValues>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const finish = async (v: DraftValues) => {
    setError(null);
    try {
      const n = await run(
        () =>
          call(supervision.updateNotice, {
            params: { id: notice.id },
            body: {
              rowVersion: notice.rowVersion,
              title: v.title.trim(),
              body: v.body.trim(),
              deadline: v.deadline || undefined,
              majorImpact: notice.kind === 'investigate' ? !!v.majorImpact : undefined,
            },
          }),
        t('saved'),
      );
      onSaved(n);
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  };
  return (
    <Modal
      open
      title={t('editDraft')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={720}
    >
      <ErrorAlert error={error} issues={rest} />
      <Form
        form={form}
        layout="vertical"
        onFinish={finish}
        initialValues={{
          title: notice.title,
          body: notice.body,
          deadline: notice.deadline ?? undefined,
          majorImpact: notice.majorImpact,
        }}
      >
        <Form.Item name="title" label={t('noticeTitle')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="body" label={t('body')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 20000 }]}>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 18 }} />
        </Form.Item>
        {notice.kind !== 'commend' && (
          <Form.Item name="deadline" label={t('deadline')}>
            <Input type="date" style={{ maxWidth: 200 }} />
          </Form.Item>
        )}
        {notice.kind === 'investigate' && (
          <>
            <Alert type="warning" showIcon message={t('majorImpactHint')} style={{ marginBottom: 8 }} />
            <Form.Item name="majorImpact" valuePropName="checked">
              <Checkbox>{t('majorImpact')}</Checkbox>
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
