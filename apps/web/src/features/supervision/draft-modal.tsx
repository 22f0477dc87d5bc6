/**
 * The office drafts a notice or an opinion (督办 / 催办意见 / 查办意见 / 通报表扬): from a sweep
 * proposal (kind, subject, unit and the notice it follows preset) or on its own finding. The title
 * and body may be left empty for the server's standard wording; the draft opens for checking.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Checkbox, Descriptions, Form, Input, Modal } from 'antd';
import { NOTICE_KIND_LABELS, type NoticeKind } from '@luoshi/domain';
import { supervision, type NoticeT } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { KindTag } from './parts.tsx';

export interface DraftPreset {
  campaignId: string;
  kind: NoticeKind;
  subjectType: NoticeT['subjectType'];
  subjectId: string;
  subjectTitle: string;
  unitId?: string;
  unitName?: string;
  parentNoticeId?: string | null;
  /** the document number or title of the notice this one follows */
  parentLabel?: string | null;
  proposalId?: string | null;
}

interface Values {
  title?: string;
  body?: string;
  deadline?: string;
  majorImpact?: boolean;
}

export function DraftModal({ preset, onClose, onDrafted }: { preset: DraftPreset; onClose: () => void; onDrafted?: () => void }) {
  const t = useT(dict);
  const label = useLabel();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const kind = preset.kind;

  const submit = async (v: Values) => {
    setError(null);
    try {
      const n = await run(
        () =>
          call(supervision.draftNotice, {
            params: { id: preset.campaignId },
            body: {
              kind,
              subjectType: preset.subjectType,
              subjectId: preset.subjectId,
              unitId: preset.unitId,
              parentNoticeId: preset.parentNoticeId ?? null,
              proposalId: preset.proposalId ?? null,
              title: v.title?.trim() || undefined,
              body: v.body?.trim() || undefined,
              deadline: v.deadline || undefined,
              majorImpact: !!v.majorImpact,
            },
          }),
        t('drafted'),
      );
      onDrafted?.();
      onClose();
      navigate(`/app/notices/${n.id}`);
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  };

  const kindName = kind === 'urge' ? t('opinion_urge') : kind === 'investigate' ? t('opinion_investigate') : label(NOTICE_KIND_LABELS[kind]);
  return (
    <Modal
      open
      title={t('draftTitle', { kind: kindName })}
      okText={t('draft')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <ErrorAlert error={error} issues={rest} />
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'kind',
            label: t('draftKind'),
            children: <KindTag kind={kind} />,
          },
          {
            key: 'subject',
            label: t('subject'),
            children: preset.subjectTitle,
          },
          ...(preset.unitName ? [{ key: 'unit', label: t('unit'), children: preset.unitName }] : []),
          ...(preset.parentNoticeId
            ? [
                {
                  key: 'parent',
                  label: t('parentNotice'),
                  children: preset.parentLabel ?? preset.parentNoticeId,
                },
              ]
            : []),
        ]}
      />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ majorImpact: false }}>
        <Form.Item name="title" label={t('noticeTitle')} rules={[{ max: 200 }]}>
          <Input placeholder={t('draftTitleHint')} />
        </Form.Item>
        <Form.Item name="body" label={t('body')} rules={[{ max: 20000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} placeholder={t('draftTitleHint')} />
        </Form.Item>
        {kind !== 'commend' && (
          <Form.Item name="deadline" label={t('deadline')} extra={t('draftDeadlineHint')}>
            <Input type="date" style={{ maxWidth: 200 }} />
          </Form.Item>
        )}
        {kind === 'investigate' && (
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
