/**
 * 经费挂钩 (R-ASSESS-3): finance enters each unit's annual work budget; every row shows the reward
 * criteria and the cut triggers met, the amounts and the working step by step under the policy's
 * formula. The sheet downloads as .xlsx. A unit sees its own row.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Descriptions, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { assessment, type BudgetRowT } from '@luoshi/contracts';
import { call, fileUrl } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { pts, yuan } from './parts.tsx';

function Working({ r }: { r: BudgetRowT }) {
  const t = useT(dict);
  const label = useLabel();
  const { lang } = useLang();
  return (
    <div data-testid={`budget-working-${r.unitId}`}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('criteria')}>
          <Space wrap size={4}>
            {r.reward.criteria.map((c) => (
              <Tag key={c.key} color={c.met ? 'green' : 'default'}>
                {label(c)}
                {t('colon')}
                {c.met ? t('met') : t('notMet')}
              </Tag>
            ))}
            {!r.reward.eligible && <Tag color="red">{t('notEligible')}</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('cut')}>
          <Space wrap size={4}>
            {r.cut.triggers.map((c) => (
              <Tag key={c.key} color={c.met ? 'red' : 'default'}>
                {label(c)}
                {t('colon')}
                {c.met ? t('met') : t('notMet')}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        {r.enteredBy && <Descriptions.Item label={t('budget')}>{t('enteredBy', { by: r.enteredBy, at: formatInstant(r.enteredAt, lang) })}</Descriptions.Item>}
        {r.note && <Descriptions.Item label={t('note')}>{r.note}</Descriptions.Item>}
      </Descriptions>
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {r.working.map((w, i) => (
          <li key={i}>
            {label(w)}
            {label(w).endsWith(`= ${w.amount}`) ? '' : `${t('colon')}${yuan(w.amount)}`}
          </li>
        ))}
      </ol>
    </div>
  );
}

function BudgetDialog({ row, campaignId, onClose }: { row: BudgetRowT | null; campaignId: string; onClose: (saved: boolean) => void }) {
  const t = useT(dict);
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const submit = async () => {
    if (!row) return;
    const v = (await form.validateFields()) as { amount: number; note?: string };
    try {
      await run(
        () => call(assessment.setBudget, { params: { id: campaignId, unitId: row.unitId }, body: { amount: v.amount, note: v.note ?? '', rowVersion: row.rowVersion ?? undefined } }),
        t('saved'),
      );
      onClose(true);
    } catch (e) {
      applyServerErrors(form, e);
    }
  };
  return (
    <Modal
      open={!!row}
      title={row ? `${t('setBudget')} · ${row.unitName}` : ''}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ amount: row?.budget ?? undefined, note: row?.note ?? '' }} preserve={false}>
        <Form.Item name="amount" label={t('amount')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={0} max={1e10} precision={2} style={{ width: '100%' }} aria-label={t('amount')} />
        </Form.Item>
        <Form.Item name="note" label={t('note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function BudgetPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const label = useLabel();
  const { can } = useSession();
  useRememberCampaign(id);
  const data = useLoad((signal) => call(assessment.listBudgets, { params: { id }, signal }), [id]);
  const [editing, setEditing] = useState<BudgetRowT | null>(null);
  const d = data.data;
  const manage = can('budget.manage');
  return (
    <Page
      title={t('budgetTitle')}
      extra={
        <>
          <CampaignSwitch campaignId={id} section="budget" />
          <Button type="primary" href={fileUrl(assessment.budgetSheet, { id })} download data-testid="budget-sheet">
            {t('downloadSheet')}
          </Button>
        </>
      }
    >
      <ErrorAlert error={data.error} />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('budgetHint')} />
      {d && (
        <Alert
          type="warning"
          style={{ marginBottom: 12 }}
          message={
            <>
              <Tag color={d.status === 'closed' ? 'blue' : 'gold'}>{d.status === 'closed' ? t('statusClosed') : t('statusOpen')}</Tag>
              <strong>{t('formula')}</strong>
              {t('colon')}
              {label(d.formula)}
            </>
          }
          description={d.medianTasks !== null ? t('medianTasks', { n: d.medianTasks }) : undefined}
        />
      )}
      <Table<BudgetRowT>
        rowKey="unitId"
        size="middle"
        loading={data.loading}
        dataSource={d?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="budget-table"
        expandable={{ expandedRowRender: (r) => <Working r={r} />, expandRowByClick: false }}
        columns={[
          { title: t('unit'), dataIndex: 'unitName', render: (n: string, r) => <Link to={`/app/campaigns/${id}/assessment/units/${r.unitId}`}>{n}</Link> },
          {
            title: t('budget'),
            dataIndex: 'budget',
            align: 'right',
            render: (b: number | null, r) => (
              <Space size={4}>
                {b === null ? <Typography.Text type="secondary">{t('noBudget')}</Typography.Text> : yuan(b)}
                {manage && (
                  <Button size="small" type="link" onClick={() => setEditing(r)} aria-label={`${t('setBudget')} ${r.unitName}`}>
                    {t('setBudget')}
                  </Button>
                )}
              </Space>
            ),
          },
          { title: t('score'), dataIndex: 'score', align: 'right', render: pts },
          { title: t('taskCount'), dataIndex: 'taskCount', align: 'right' },
          { title: t('progress'), dataIndex: 'progress', align: 'right', render: (p: number | null) => (p === null ? '—' : `${pts(p)}%`) },
          {
            title: t('reward'),
            key: 'reward',
            align: 'right',
            render: (_, r) => (
              <Space size={4}>
                {r.reward.amount ? <Typography.Text type="success">+{yuan(r.reward.amount)}</Typography.Text> : '0'}
                {r.reward.cappedBy && <Tag>{t(`cappedBy_${r.reward.cappedBy}`)}</Tag>}
              </Space>
            ),
          },
          {
            title: t('cut'),
            key: 'cut',
            align: 'right',
            render: (_, r) => (
              <Space size={4}>
                {r.cut.amount ? <Typography.Text type="danger">−{yuan(r.cut.amount)}</Typography.Text> : '0'}
                {r.cut.cappedBy && <Tag>{t(`cappedBy_${r.cut.cappedBy}`)}</Tag>}
              </Space>
            ),
          },
          { title: t('net'), dataIndex: 'net', align: 'right', render: (n: number, r) => (r.budget === null ? '—' : yuan(n)) },
          { title: t('adjusted'), dataIndex: 'adjusted', align: 'right', render: (a: number | null) => (a === null ? '—' : <strong>{yuan(a)}</strong>) },
        ]}
      />
      <BudgetDialog
        row={editing}
        campaignId={id}
        onClose={(saved) => {
          setEditing(null);
          if (saved) data.reload();
        }}
      />
    </Page>
  );
}
