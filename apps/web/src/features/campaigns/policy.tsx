/**
 * The campaign policy (SPEC §9.5) in readable words, and the form that publishes a new version of
 * it from an effective date. Every field of the policy is here; the server checks them again and
 * its messages land under the field they concern.
 */
import { useState } from 'react';
import { Alert, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { campaigns } from '@luoshi/contracts';
import type { CampaignPolicy } from '@luoshi/domain';
import { call, type Issue } from '../../lib/api.ts';
import { applyNestedServerErrors } from '../../lib/forms.ts';
import { useAction } from '../../lib/hooks.ts';
import { today } from '../../lib/format.ts';
import { useT, type TFn } from '../../lib/i18n.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { campaignDict } from './messages.ts';

type T = TFn<typeof campaignDict>;

export function PolicyView({ policy }: { policy: CampaignPolicy }) {
  const t = useT(campaignDict);
  const p = policy;
  const col = { xs: 1, sm: 2, lg: 2 };
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('grpLights')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'y', label: t('yellowBehindPoints'), children: p.lights.yellowBehindPoints },
              { key: 'r', label: t('redBehindPoints'), children: p.lights.redBehindPoints },
              { key: 'd', label: t('dueSoonDays'), children: t('days', { n: p.lights.dueSoonDays }) },
              { key: 'n', label: t('notStartedRedDays'), children: t('days', { n: p.lights.notStartedRedDays }) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('grpDeductions')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 's', label: t('supervise'), children: t('points', { n: `−${p.deductions.supervise}` }) },
              { key: 'u', label: t('urge'), children: t('points', { n: `−${p.deductions.urge}` }) },
              { key: 'i', label: t('investigate'), children: t('points', { n: `−${p.deductions.investigate}` }) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('grpDeadlines')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'p', label: t('planSubmission'), children: p.deadlines.planSubmission ?? t('notSet') },
              { key: 's', label: t('superviseDays'), children: t('days', { n: p.deadlines.superviseDays }) },
              { key: 'u', label: t('urgeDays'), children: t('days', { n: p.deadlines.urgeDays }) },
              { key: 'a', label: t('appealDays'), children: t('days', { n: p.deadlines.appealDays }) },
              { key: 'r', label: t('remindDays'), children: p.deadlines.remindDaysBefore.join('、') || t('none') },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('grpApproval')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'u', label: t('approveUrge'), children: t(`role_${p.approval.urge}`) },
              { key: 'i', label: t('approveInvestigate'), children: t(`role_${p.approval.investigate}`) },
              { key: 'c', label: t('approveCommend'), children: t(`role_${p.approval.commend}`) },
              { key: 'r', label: t('reportConfirmation'), children: t(`confirm_${p.approval.reportConfirmation}`) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('grpDocuments')}>
          <Descriptions
            size="small"
            column={col}
            items={[
              { key: 'i', label: t('issuer'), children: p.documents.issuer, span: 2 },
              { key: 's', label: t('supervise'), children: `${p.documents.prefixes.supervise}〔年〕号` },
              { key: 'u', label: t('urge'), children: `${p.documents.prefixes.urge}〔年〕号` },
              { key: 'v', label: t('investigate'), children: `${p.documents.prefixes.investigate}〔年〕号` },
              { key: 'b', label: t('bulletin'), children: `${p.documents.prefixes.bulletin}〔年〕号` },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('grpScoring')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'b', label: t('base'), children: p.scoring.base },
              { key: 'c', label: t('completionWeight'), children: p.scoring.completionWeight },
              { key: 'e', label: t('efficiencyWeight'), children: p.scoring.efficiencyWeight },
              { key: 'z', label: t('timeZone'), children: p.timeZone },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

interface Values {
  effectiveFrom: string;
  note?: string;
  policy: Omit<CampaignPolicy, 'deadlines'> & {
    deadlines: Omit<CampaignPolicy['deadlines'], 'remindDaysBefore' | 'planSubmission'> & { remindDaysBefore: string; planSubmission?: string };
  };
}

function parseDays(s: string): number[] | null {
  const parts = s.split(/[,,、\s]+/).filter(Boolean);
  const nums = parts.map(Number);
  return nums.every((n) => Number.isInteger(n) && n >= 0 && n <= 3650) && nums.length <= 10 ? nums : null;
}

function num(t: T, name: (string | number)[], label: string, max: number, opts: { int?: boolean; step?: number } = {}) {
  return (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={label} rules={[{ required: true, message: t('required') }]}>
        <InputNumber min={0} max={max} step={opts.step ?? 1} precision={opts.int ? 0 : undefined} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
}

export function PolicyFormModal({
  campaignId,
  current,
  onClose,
  onSaved,
}: {
  campaignId: string;
  current: CampaignPolicy;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT(campaignDict);
  const [form] = Form.useForm<Values>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);

  async function submit(v: Values) {
    const policy: CampaignPolicy = {
      ...v.policy,
      deadlines: {
        ...v.policy.deadlines,
        planSubmission: v.policy.deadlines.planSubmission || null,
        remindDaysBefore: parseDays(v.policy.deadlines.remindDaysBefore) ?? [],
      },
    };
    setError(null);
    setRest([]);
    try {
      await run(
        () => call(campaigns.addPolicyVersion, { params: { id: campaignId }, body: { effectiveFrom: v.effectiveFrom, note: v.note?.trim() || null, policy } }),
        t('published'),
      );
      onSaved();
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyNestedServerErrors(form, e));
    }
  }

  const initial: Values = {
    effectiveFrom: today(),
    note: '',
    policy: {
      ...current,
      deadlines: {
        ...current.deadlines,
        planSubmission: current.deadlines.planSubmission ?? '',
        remindDaysBefore: current.deadlines.remindDaysBefore.join(', '),
      },
    },
  };
  const roleOptions = (roles: string[]) => roles.map((r) => ({ value: r, label: t(`role_${r}` as keyof typeof campaignDict) }));
  const text = (name: (string | number)[], label: string, max: number) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={label} rules={[{ required: true, whitespace: true, message: t('required') }, { max }]}>
        <Input />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      open
      width={820}
      title={t('publishPolicy')}
      okText={t('publishPolicy')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('policyHint')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={error} issues={rest} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={initial} scrollToFirstError>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="effectiveFrom" label={t('effectiveFrom')} rules={[{ required: true, message: t('required') }]}>
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="note" label={t('note')} rules={[{ max: 500 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Card size="small" title={t('grpLights')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            {num(t, ['policy', 'lights', 'yellowBehindPoints'], t('yellowBehindPoints'), 100)}
            <Col xs={24} sm={12}>
              <Form.Item
                name={['policy', 'lights', 'redBehindPoints']}
                label={t('redBehindPoints')}
                dependencies={[['policy', 'lights', 'yellowBehindPoints']]}
                rules={[
                  { required: true, message: t('required') },
                  ({ getFieldValue }) => ({
                    validator: (_, v: number | null) =>
                      v === null || v === undefined || v >= (getFieldValue(['policy', 'lights', 'yellowBehindPoints']) ?? 0)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('redBelowYellow'))),
                  }),
                ]}
              >
                <InputNumber min={0} max={100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {num(t, ['policy', 'lights', 'dueSoonDays'], t('dueSoonDays'), 3650, { int: true })}
            {num(t, ['policy', 'lights', 'notStartedRedDays'], t('notStartedRedDays'), 3650, { int: true })}
          </Row>
        </Card>
        <Card size="small" title={t('grpDeductions')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            {num(t, ['policy', 'deductions', 'supervise'], t('supervise'), 100, { step: 0.5 })}
            {num(t, ['policy', 'deductions', 'urge'], t('urge'), 100, { step: 0.5 })}
            {num(t, ['policy', 'deductions', 'investigate'], t('investigate'), 100, { step: 0.5 })}
          </Row>
        </Card>
        <Card size="small" title={t('grpDeadlines')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name={['policy', 'deadlines', 'planSubmission']} label={t('planSubmission')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            {num(t, ['policy', 'deadlines', 'superviseDays'], t('superviseDays'), 3650, { int: true })}
            {num(t, ['policy', 'deadlines', 'urgeDays'], t('urgeDays'), 3650, { int: true })}
            {num(t, ['policy', 'deadlines', 'appealDays'], t('appealDays'), 3650, { int: true })}
            <Col xs={24} sm={12}>
              <Form.Item
                name={['policy', 'deadlines', 'remindDaysBefore']}
                label={t('remindDaysBefore')}
                rules={[{ validator: (_, v: string) => (parseDays(v ?? '') ? Promise.resolve() : Promise.reject(new Error(t('badDays')))) }]}
              >
                <Input placeholder="3, 1" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('grpApproval')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name={['policy', 'approval', 'urge']} label={t('approveUrge')}>
                <Select options={roleOptions(['deputy_in_charge', 'principal'])} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['policy', 'approval', 'investigate']} label={t('approveInvestigate')}>
                <Select options={roleOptions(['principal'])} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['policy', 'approval', 'commend']} label={t('approveCommend')}>
                <Select options={roleOptions(['deputy_in_charge', 'principal', 'office'])} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['policy', 'approval', 'reportConfirmation']} label={t('reportConfirmation')}>
                <Select options={(['none', 'deputy', 'principal'] as const).map((r) => ({ value: r, label: t(`confirm_${r}`) }))} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('grpDocuments')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            {text(['policy', 'documents', 'issuer'], t('issuer'), 60)}
            {text(['policy', 'documents', 'prefixes', 'supervise'], t('prefix_supervise'), 10)}
            {text(['policy', 'documents', 'prefixes', 'urge'], t('prefix_urge'), 10)}
            {text(['policy', 'documents', 'prefixes', 'investigate'], t('prefix_investigate'), 10)}
            {text(['policy', 'documents', 'prefixes', 'bulletin'], t('prefix_bulletin'), 10)}
          </Row>
        </Card>
        <Card size="small" title={t('grpScoring')}>
          <Row gutter={12}>
            {num(t, ['policy', 'scoring', 'base'], t('base'), 1000)}
            {num(t, ['policy', 'scoring', 'completionWeight'], t('completionWeight'), 1000)}
            {num(t, ['policy', 'scoring', 'efficiencyWeight'], t('efficiencyWeight'), 1000)}
            {text(['policy', 'timeZone'], t('timeZone'), 60)}
          </Row>
        </Card>
      </Form>
    </Modal>
  );
}
