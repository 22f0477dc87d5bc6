/**
 * 完成情况测评: the reports awaiting the office, oldest first. Accepting is one click; returning
 * asks for the reason. A completion claim (办结) is marked, and a correction shows what it changed.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Empty, Flex, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { progress, type ResponseOf } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { applyServerErrors } from '../../lib/forms.ts';
import { formatInstant, pct } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLang, useT, type Dict } from '../../lib/i18n.tsx';
import { common } from '../../lib/common.ts';
import { ErrorAlert, Page } from '../../lib/ui.tsx';

type Item = ResponseOf<typeof progress.reviewQueue>['items'][number];

const dict = {
  ...common,
  title: { zh: '完成情况测评', en: 'Review queue' },
  hint: {
    zh: '以下进度填报等待督查室测评。通过即计入任务进度;申请办结的填报通过后任务即办结。',
    en: 'These reports await the office. Accepting counts them; an accepted completion claim completes the task.',
  },
  empty: { zh: '没有待测评的填报', en: 'Nothing awaits review' },
  task: { zh: '任务', en: 'Task' },
  unit: { zh: '填报单位', en: 'Unit' },
  percent: { zh: '进度', en: 'Percent' },
  narrative: { zh: '进展情况', en: 'Narrative' },
  submittedAt: { zh: '报送时间', en: 'Submitted' },
  author: { zh: '填报人', en: 'Author' },
  version: { zh: '版本', en: 'Version' },
  versionN: { zh: '第 {n} 版', en: 'v{n}' },
  correction: { zh: '更正', en: 'Correction' },
  claim: { zh: '申请办结', en: 'Completion claimed' },
  accept: { zh: '通过', en: 'Accept' },
  return: { zh: '退回', en: 'Return' },
  accepted: { zh: '已通过', en: 'Accepted' },
  returned: { zh: '已退回', en: 'Returned' },
  returnTitle: { zh: '退回:{task}', en: 'Return: {task}' },
  reason: { zh: '退回理由', en: 'Reason for returning' },
  reasonRequired: { zh: '退回须说明理由', en: 'A return needs a reason' },
  count: { zh: '待测评 {n} 份', en: '{n} awaiting review' },
  changed: { zh: '更正内容:{fields}', en: 'Changed: {fields}' },
  field_narrative: { zh: '进展情况', en: 'narrative' },
  field_percent: { zh: '进度', en: 'percent' },
  field_indicatorActuals: { zh: '指标实际值', en: 'indicator actuals' },
  field_completionClaim: { zh: '申请办结', en: 'completion claim' },
  attachments: { zh: '附件 {n} 个', en: '{n} attachments' },
} satisfies Dict;

function ReturnModal({ item, onClose, onDone }: { item: Item; onClose: () => void; onDone: () => void }) {
  const t = useT(dict);
  const [form] = Form.useForm<{ comment: string }>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const submit = async (v: { comment: string }) => {
    setError(null);
    try {
      await run(() => call(progress.reviewReport, { params: { id: item.id }, body: { decision: 'return', comment: v.comment.trim() } }), t('returned'));
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
      title={t('returnTitle', { task: `${item.taskCode} ${item.taskTitle}` })}
      okText={t('return')}
      okButtonProps={{ danger: true }}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} issues={rest} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="comment" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }, { max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ReviewPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const { lang } = useLang();
  useRememberCampaign(id);
  const queue = useLoad((signal) => call(progress.reviewQueue, { params: { id }, signal }), [id]);
  const { run } = useAction();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [returning, setReturning] = useState<Item | null>(null);
  const items = queue.data?.items ?? [];

  const accept = (r: Item) => {
    setBusyId(r.id);
    run(() => call(progress.reviewReport, { params: { id: r.id }, body: { decision: 'accept', comment: '' } }), t('accepted'))
      .catch(() => undefined)
      .finally(() => {
        setBusyId(null);
        queue.reload();
      });
  };

  return (
    <Page title={t('title')} extra={<CampaignSwitch campaignId={id} section="review" />}>
      <Alert type="info" showIcon message={t('hint')} style={{ marginBottom: 12 }} />
      <Typography.Text type="secondary" data-testid="review-count" style={{ display: 'block', marginBottom: 8 }}>
        {t('count', { n: items.length })}
      </Typography.Text>
      <ErrorAlert error={queue.error} />
      <Table<Item>
        rowKey="id"
        size="middle"
        loading={queue.loading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
        columns={[
          {
            title: t('task'),
            key: 'task',
            render: (_, r) => (
              <Flex vertical>
                <Link to={`/app/tasks/${r.taskId}`}>
                  <span className="ls-code">{r.taskCode}</span> {r.taskTitle}
                </Link>
                <Space size={4} wrap>
                  <Tag>{t('versionN', { n: r.version })}</Tag>
                  {r.version > 1 && <Tag color="purple">{t('correction')}</Tag>}
                  {r.completionClaim && <Tag color="blue">{t('claim')}</Tag>}
                </Space>
              </Flex>
            ),
          },
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('percent'), dataIndex: 'percent', align: 'right', render: (p: number) => <Typography.Text strong>{pct(p)}</Typography.Text> },
          {
            title: t('narrative'),
            dataIndex: 'narrative',
            render: (n: string, r) => (
              <div style={{ maxWidth: 360 }}>
                <Typography.Paragraph ellipsis={{ rows: 2, tooltip: n }} style={{ margin: 0 }}>
                  {n}
                </Typography.Paragraph>
                {r.changes.length > 0 && (
                  <Typography.Text type="secondary">
                    {t('changed', { fields: r.changes.map((c) => t(`field_${c.field}` as keyof typeof dict)).join('、') })}
                  </Typography.Text>
                )}
                {r.attachments.length > 0 && <div className="ls-muted">{t('attachments', { n: r.attachments.length })}</div>}
              </div>
            ),
          },
          { title: t('author'), dataIndex: 'authorName' },
          { title: t('submittedAt'), dataIndex: 'submittedAt', render: (v: string | null) => formatInstant(v, lang) },
          {
            title: t('actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, r) => (
              <Space>
                <Button type="primary" size="small" loading={busyId === r.id} onClick={() => accept(r)}>
                  {t('accept')}
                </Button>
                <Button danger size="small" onClick={() => setReturning(r)}>
                  {t('return')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {returning && <ReturnModal item={returning} onClose={() => setReturning(null)} onDone={() => queue.reload()} />}
    </Page>
  );
}
