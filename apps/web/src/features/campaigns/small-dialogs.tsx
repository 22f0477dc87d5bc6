/** Adding or changing a 四个十 list; starting next year's campaign as a copy of this one. */
import { useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { campaigns, type CampaignT } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { useT } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { campaignDict } from './messages.ts';

type List = CampaignT['lists'][number];

function useSave() {
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  async function save<R>(fn: () => Promise<R>, ok: string, done: (r: R) => void) {
    setError(null);
    setRest([]);
    try {
      done(await run(fn, ok));
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  }
  return { form, busy, error, rest, save };
}

export function ListFormModal({
  campaignId,
  list,
  nextOrder,
  onClose,
  onSaved,
}: {
  campaignId: string;
  list?: List;
  nextOrder: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT(campaignDict);
  const s = useSave();
  const submit = (v: { name: string; size: number; sortOrder?: number }) =>
    s.save(
      () =>
        call(campaigns.saveProjectList, { params: { id: campaignId }, body: { listId: list?.id, name: v.name, size: v.size, sortOrder: v.sortOrder ?? 0 } }),
      t('saved'),
      () => {
        onSaved();
        onClose();
      },
    );
  return (
    <Modal
      open
      title={list ? t('editList') : t('addList')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={s.busy}
      onOk={() => s.form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form
        form={s.form}
        layout="vertical"
        onFinish={submit}
        initialValues={list ? { name: list.name, size: list.size, sortOrder: list.sortOrder } : { size: 10, sortOrder: nextOrder }}
      >
        <Form.Item name="name" label={t('listName')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="size" label={t('listSize')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={Math.max(1, list?.taskCount ?? 1)} max={1000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('sortOrder')}>
          <InputNumber min={0} max={1000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CopyCampaignModal({ campaign, onClose, onSaved }: { campaign: CampaignT; onClose: () => void; onSaved: (c: CampaignT) => void }) {
  const t = useT(campaignDict);
  const s = useSave();
  const submit = (v: { year: number; name?: string }) =>
    s.save(
      () => call(campaigns.copyCampaign, { params: { id: campaign.id }, body: { year: v.year, name: v.name?.trim() || undefined } }),
      t('copied'),
      (c) => {
        onSaved(c);
        onClose();
      },
    );
  return (
    <Modal
      open
      title={t('copy')}
      okText={t('copy')}
      cancelText={t('cancel')}
      confirmLoading={s.busy}
      onOk={() => s.form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('copyHint')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={s.error} issues={s.rest} />
      <Form form={s.form} layout="vertical" onFinish={submit} initialValues={{ year: campaign.year + 1 }}>
        <Form.Item name="year" label={t('year')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="name" label={t('newName')} rules={[{ max: 100 }]}>
          <Input placeholder={campaign.name.replace(String(campaign.year), String(campaign.year + 1))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
