/**
 * A progress report (R-PROG-1): narrative, percent complete, indicator actuals, a completion claim,
 * evidence. A new report and a draft are saved as a draft or saved and submitted at once; a
 * correction of a submitted or returned report becomes the next version.
 */
import { useState } from 'react';
import { App, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { files as fileApi, progress, type ReportT, type TaskDetailT } from '@luoshi/contracts';
import { ApiError, call, upload, type Issue } from '../../lib/api.ts';
import { applyNestedServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { taskDict } from './messages.ts';
import { EvidencePicker } from './evidence.tsx';

export type ReportFormMode =
  { kind: 'new'; units: { id: string; name: string }[] } | { kind: 'edit'; report: ReportT } | { kind: 'correct'; report: ReportT; next: number };

interface Values {
  unitId?: string;
  narrative: string;
  percent: number;
  actuals?: Record<string, number | null | undefined>;
  completionClaim?: boolean;
}

export function ReportFormModal({ task, mode, onClose, onSaved }: { task: TaskDetailT; mode: ReportFormMode; onClose: () => void; onSaved: () => void }) {
  const t = useT(taskDict);
  const [form] = Form.useForm<Values>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const { message } = App.useApp();
  const [chosen, setChosen] = useState<UploadFile[]>([]);
  const source = mode.kind === 'new' ? null : mode.report;
  const [existing, setExisting] = useState(source?.attachments ?? []);
  const removeExisting = (a: ReportT['attachments'][number]) =>
    run(() => call(fileApi.deleteAttachment, { params: { id: a.id } }), t('fileRemoved'))
      .then(() => {
        setExisting((xs) => xs.filter((x) => x.id !== a.id));
        onSaved();
      })
      .catch(() => undefined);
  const initial: Values = source
    ? {
        narrative: source.narrative,
        percent: source.percent,
        completionClaim: source.completionClaim,
        actuals: Object.fromEntries(source.indicatorActuals.map((a) => [a.indicatorId, a.actual])),
      }
    : { unitId: mode.kind === 'new' ? mode.units[0]?.id : undefined, narrative: '', percent: task.progress, completionClaim: false, actuals: {} };

  const save = async (submit: boolean) => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      narrative: v.narrative,
      percent: v.percent,
      completionClaim: !!v.completionClaim,
      indicatorActuals: task.indicators
        .map((i) => ({ indicatorId: i.id, actual: v.actuals?.[i.id] }))
        .filter((a): a is { indicatorId: string; actual: number } => typeof a.actual === 'number'),
    };
    setError(null);
    setRest([]);
    let saved = false;
    try {
      await run(
        async () => {
          const r =
            mode.kind === 'new'
              ? await call(progress.createReport, { params: { id: task.id }, body: { ...body, unitId: v.unitId } })
              : mode.kind === 'edit'
                ? await call(progress.updateDraft, { params: { id: mode.report.id }, body })
                : await call(progress.correctReport, { params: { id: mode.report.id }, body });
          saved = true;
          const picked = chosen.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f);
          if (picked.length) {
            try {
              await upload(fileApi.uploadReportAttachments, { id: r.id }, picked);
            } catch (e) {
              throw new ApiError(
                e instanceof ApiError ? e.status : 0,
                'UPLOAD_FAILED',
                t('uploadFailed', { msg: (e as Error).message }),
                e instanceof ApiError ? e.issues : [],
              );
            }
          }
          if (submit) await call(progress.submitReport, { params: { id: r.id } });
          return r;
        },
        submit ? t('submitted') : t('draftSaved'),
      );
      onSaved();
      onClose();
    } catch (e) {
      if (saved) {
        // the draft exists now: close, show it, and let the user go on from the draft
        onSaved();
        onClose();
        if (!(e instanceof ApiError)) void message.error(String((e as Error).message));
        return;
      }
      setError(e);
      setRest(applyNestedServerErrors(form, e));
    }
  };

  const title = mode.kind === 'correct' ? t('correctTitle', { n: mode.report.version, m: mode.next }) : mode.kind === 'edit' ? t('editDraft') : t('newReport');
  return (
    <Modal
      open
      width={680}
      title={
        <>
          {title}
          <Typography.Text type="secondary" style={{ display: 'block', fontWeight: 'normal', fontSize: 13 }}>
            {task.code} {task.title}
          </Typography.Text>
        </>
      }
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex gap={8} justify="end" wrap>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button loading={busy} onClick={() => void save(false)}>
            {t('saveDraft')}
          </Button>
          <Button type="primary" loading={busy} onClick={() => void save(true)}>
            {t('saveAndSubmit')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={error} issues={rest} />
      <Form<Values> form={form} layout="vertical" initialValues={initial}>
        {mode.kind === 'new' && mode.units.length > 1 && (
          <Form.Item name="unitId" label={t('reportFor')} rules={[{ required: true, message: t('required') }]}>
            <Select options={mode.units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        )}
        <Form.Item name="narrative" label={t('narrative')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 20000 }]}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} />
        </Form.Item>
        <Form.Item name="percent" label={t('percent')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={0} max={100} step={5} addonAfter="%" style={{ width: 180 }} />
        </Form.Item>
        {task.indicators.length > 0 && (
          <Form.Item label={t('indicatorActuals')} style={{ marginBottom: 8 }}>
            {task.indicators.map((i) => (
              <Form.Item
                key={i.id}
                name={['actuals', i.id]}
                label={`${i.name}${i.target !== null ? `(${t('target')} ${i.target}${i.unit})` : ''}`}
                style={{ marginBottom: 8 }}
              >
                <InputNumber addonAfter={i.unit || undefined} style={{ width: 220 }} />
              </Form.Item>
            ))}
          </Form.Item>
        )}
        <Form.Item name="completionClaim" valuePropName="checked">
          <Checkbox>{t('completionClaim')}</Checkbox>
        </Form.Item>
        <EvidencePicker
          existing={existing}
          carried={mode.kind === 'correct'}
          onRemoveExisting={mode.kind === 'edit' ? (a) => void removeExisting(a) : undefined}
          chosen={chosen}
          onChoose={setChosen}
        />
      </Form>
    </Modal>
  );
}
