/** The dialogs of a case: accept or refuse, transfer, reply, close, extension, hearings, review, flags. */
import { Alert, Checkbox, Form, Input, InputNumber, Select } from 'antd';
import { cases } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { FormModal } from '../../lib/form-modal.tsx';
import { useAllUnits } from '../../lib/lookups.ts';
import { useT } from '../../lib/i18n.tsx';
import { casesDict } from './messages.ts';
import type { CaseDetailT } from './parts.tsx';

export type CaseDialog =
  | 'accept'
  | 'refuse'
  | 'transfer'
  | 'reply'
  | 'close'
  | 'extend'
  | 'hearingStart'
  | 'hearingEnd'
  | 'request'
  | 'decide'
  | 'requestReReview'
  | 'decideReReview'
  | 'flags';

interface Props {
  kind: CaseDialog;
  c: CaseDetailT;
  escalateAfter: number;
  onClose: () => void;
  onDone: (c: CaseDetailT) => void;
}

const REVIEW_TITLES = { request: 'reviewRequest', decide: 'reviewDecide', requestReReview: 'reReviewRequest', decideReReview: 'reReviewDecide' } as const;
const REVIEW_NOTES = { request: 'reviewRequestNote', decide: 'reviewDecideNote', requestReReview: 'reReviewRequestNote', decideReReview: 'reReviewDecideNote' } as const;

export function CaseActionDialog({ kind, c, escalateAfter, onClose, onDone }: Props) {
  const t = useT(casesDict);
  const { units } = useAllUnits();
  const params = { id: c.id };
  const rowVersion = c.rowVersion;
  const done = (r: unknown) => onDone(r as CaseDetailT);
  const common = { onClose, onDone: done };

  switch (kind) {
    case 'accept':
    case 'refuse': {
      const accept = kind === 'accept';
      return (
        <FormModal<{ note?: string }>
          {...common}
          title={accept ? t('accept') : t('refuse')}
          okText={accept ? t('accept') : t('refuse')}
          danger={!accept}
          success={accept ? t('acceptedDone') : t('refusedDone')}
          submit={(v) => call(cases.acceptCase, { params, body: { rowVersion, accept, note: v.note?.trim() ?? '' } })}
        >
          <Form.Item name="note" label={accept ? t('acceptNote') : t('refuseReason')} rules={[...(accept ? [] : [{ required: true, whitespace: true, message: t('reasonRequired') }]), { max: 1000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        </FormModal>
      );
    }
    case 'transfer':
      return (
        <FormModal<{ toUnitId: string; reason: string }>
          {...common}
          title={t('transferTitle')}
          okText={t('transfer')}
          success={t('transferred')}
          submit={(v) => call(cases.transferCase, { params, body: { rowVersion, toUnitId: v.toUnitId, reason: v.reason.trim() } })}
        >
          {c.transfers + 1 >= escalateAfter && !c.escalatedAt ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('transferHint', { n: escalateAfter })} /> : null}
          <Form.Item name="toUnitId" label={t('toUnit')} rules={[{ required: true, message: t('unitRequired') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={units.filter((u) => u.active && u.id !== c.ownerUnitId).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('transferReason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }, { max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </FormModal>
      );
    case 'reply':
      return (
        <FormModal<{ reply: string }>
          {...common}
          title={t('reply')}
          okText={t('reply')}
          width={640}
          success={t('replied')}
          submit={(v) => call(cases.replyCase, { params, body: { rowVersion, reply: v.reply.trim() } })}
        >
          <Form.Item name="reply" label={t('replyText')} rules={[{ required: true, whitespace: true, message: t('replyRequired') }, { max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} />
          </Form.Item>
        </FormModal>
      );
    case 'close':
      return (
        <FormModal<{ note?: string }>
          {...common}
          title={t('closeTitle')}
          okText={t('close')}
          success={t('closed')}
          submit={(v) => call(cases.closeCase, { params, body: { rowVersion, note: v.note?.trim() ?? '' } })}
        >
          <Form.Item name="note" label={t('closeNote')} rules={[{ max: 1000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </FormModal>
      );
    case 'extend':
      return (
        <FormModal<{ days: number; approvedBy: string; reason: string }>
          {...common}
          title={t('extendTitle')}
          okText={t('extend')}
          success={t('extended')}
          submit={(v) => call(cases.extendCase, { params, body: { rowVersion, days: v.days, approvedBy: v.approvedBy.trim(), reason: v.reason.trim() } })}
        >
          <Form.Item name="days" label={t('days')} rules={[{ required: true }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="approvedBy" label={t('approvedBy')} extra={t('approvedByHint')} rules={[{ required: true, whitespace: true }, { max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="reason" label={t('extendReason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }, { max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </FormModal>
      );
    case 'hearingStart':
    case 'hearingEnd': {
      const start = kind === 'hearingStart';
      return (
        <FormModal<{ note?: string }>
          {...common}
          title={start ? t('hearingStartTitle') : t('hearingEndTitle')}
          okText={start ? t('hearingStart') : t('hearingEnd')}
          success={start ? t('hearingStarted') : t('hearingEnded')}
          submit={(v) => call(cases.pauseCase, { params, body: { rowVersion, action: start ? 'start' : 'end', note: v.note?.trim() ?? '' } })}
        >
          <Form.Item name="note" label={t('hearingNote')} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </FormModal>
      );
    }
    case 'request':
    case 'decide':
    case 'requestReReview':
    case 'decideReReview':
      return (
        <FormModal<{ note: string }>
          {...common}
          title={t(REVIEW_TITLES[kind])}
          width={640}
          success={t('reviewSaved')}
          submit={(v) => call(cases.reviewCase, { params, body: { rowVersion, action: kind, note: v.note.trim() } })}
        >
          <Form.Item name="note" label={t(REVIEW_NOTES[kind])} rules={[{ required: true, whitespace: true, message: t('noteRequired') }, { max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} />
          </Form.Item>
        </FormModal>
      );
    case 'flags':
      return (
        <FormModal<{ backlog: boolean; dispute: boolean; resolved: boolean; published: boolean; note?: string }>
          {...common}
          title={t('flagsTitle')}
          success={t('flagsSaved')}
          initialValues={{ backlog: c.backlog, dispute: c.dispute, resolved: !!c.resolvedOn, published: c.published }}
          submit={(v) =>
            call(cases.flagCase, { params, body: { rowVersion, backlog: v.backlog, dispute: v.dispute, resolved: v.resolved, published: v.published, note: v.note?.trim() ?? '' } })
          }
        >
          <Form.Item name="backlog" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('backlog')}</Checkbox>
          </Form.Item>
          <Form.Item name="dispute" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('dispute')}</Checkbox>
          </Form.Item>
          <Form.Item name="resolved" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('resolved')}</Checkbox>
          </Form.Item>
          <Form.Item name="published" valuePropName="checked">
            <Checkbox>{t('publishCase')}</Checkbox>
          </Form.Item>
          <Form.Item name="note" label={t('flagNote')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
        </FormModal>
      );
  }
}
