/**
 * The reports of a task, chain by chain with every version: status, what a correction changed,
 * confirmation, the office's comment. The buttons are the ones the user may press: the unit's
 * staff draft, submit and correct; its deputy or principal confirm; the office accepts or returns.
 */
import { useState } from 'react';
import { Alert, Button, Card, Collapse, Descriptions, Empty, Flex, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { progress, type ReportT, type TaskDetailT } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { formatInstant, pct } from '../../lib/format.ts';
import { useAction } from '../../lib/hooks.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { REPORT_STATUS_COLORS, REPORT_STATUS_LABELS } from '../../lib/status.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { taskDict } from './messages.ts';
import { AttachmentList } from './evidence.tsx';
import { ReportFormModal, type ReportFormMode } from './report-form.tsx';

type Chain = { id: string; versions: ReportT[] };

function chainsOf(reports: ReportT[]): Chain[] {
  const by = new Map<string, ReportT[]>();
  for (const r of reports) by.set(r.chainId, [...(by.get(r.chainId) ?? []), r]);
  return [...by.entries()]
    .map(([id, versions]) => ({ id, versions: versions.sort((a, b) => b.version - a.version) }))
    .sort((a, b) => (a.versions[0]!.createdAt < b.versions[0]!.createdAt ? 1 : -1));
}

function show(v: unknown, t: (k: keyof typeof taskDict) => string): string {
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (typeof v === 'number') return pct(v);
  if (Array.isArray(v)) return v.map((a: { actual?: number }) => a.actual).join('、') || t('none');
  const s = String(v ?? '');
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

export function ReturnModal({ report, onClose, onDone }: { report: { id: string; version: number }; onClose: () => void; onDone: () => void }) {
  const t = useT(taskDict);
  const [form] = Form.useForm<{ comment: string }>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const submit = async (v: { comment: string }) => {
    setError(null);
    try {
      await run(() => call(progress.reviewReport, { params: { id: report.id }, body: { decision: 'return', comment: v.comment.trim() } }), t('returnedMsg'));
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
      title={t('return')}
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
        <Form.Item name="comment" label={t('returnReason')} rules={[{ required: true, whitespace: true, message: t('returnNeedsReason') }, { max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Version({ r }: { r: ReportT }) {
  const t = useT(taskDict);
  const label = useLabel();
  const { lang } = useLang();
  return (
    <Flex vertical gap={6} data-testid={`report-v${r.version}`} data-status={r.status}>
      <Flex gap={8} wrap align="center">
        <Typography.Text strong>{t('versionN', { n: r.version })}</Typography.Text>
        <Tag color={REPORT_STATUS_COLORS[r.status]}>{label(REPORT_STATUS_LABELS[r.status])}</Tag>
        <Typography.Text strong>{pct(r.percent)}</Typography.Text>
        {r.completionClaim && <Tag color="blue">{t('completionClaimShort')}</Tag>}
        <Typography.Text type="secondary">{r.unitName}</Typography.Text>
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.narrative}</Typography.Paragraph>
      {r.indicatorActuals.length > 0 && (
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={r.indicatorActuals.map((a) => ({
            key: a.indicatorId,
            label: a.name,
            children: `${a.actual}${a.unit}${a.target !== null ? ` / ${a.target}${a.unit}` : ''}`,
          }))}
        />
      )}
      {r.changes.length > 0 && (
        <div className="ls-changes">
          <Typography.Text type="secondary">{t('changes')}{t('colon')}</Typography.Text>
          <ul>
            {r.changes.map((c) => (
              <li key={c.field}>
                {t(`field_${c.field}` as keyof typeof taskDict)}{t('colon')}<del>{show(c.before, t)}</del> → <ins>{show(c.after, t)}</ins>
              </li>
            ))}
          </ul>
        </div>
      )}
      <AttachmentList items={r.attachments} />
      <Flex gap={16} wrap className="ls-muted">
        <span>
          {t('author')}{t('colon')}{t('by', { who: r.authorName, at: formatInstant(r.submittedAt ?? r.createdAt, lang) })}
        </span>
        {r.confirmedBy && <span>{t('confirmedBy', { who: r.confirmedBy, at: formatInstant(r.confirmedAt, lang) })}</span>}
        {r.reviewedBy && <span>{t('reviewedBy', { who: r.reviewedBy, at: formatInstant(r.reviewedAt, lang) })}</span>}
      </Flex>
      {r.reviewComment && <Alert type={r.status === 'returned' ? 'error' : 'success'} showIcon message={r.reviewComment} />}
    </Flex>
  );
}

export function ReportsSection({ task, reports, onChanged }: { task: TaskDetailT; reports: ReportT[]; onChanged: () => void }) {
  const t = useT(taskDict);
  const { user, can } = useSession();
  const { run, busy } = useAction();
  const [form, setForm] = useState<ReportFormMode | null>(null);
  const [returning, setReturning] = useState<ReportT | null>(null);
  const mine = new Set(user?.memberships.map((m) => m.unitId) ?? []);
  const taskUnits = [...(task.leadUnitId ? [{ id: task.leadUnitId, name: task.leadUnitName ?? '' }] : []), ...task.cooperatingUnits];
  const writeUnits = taskUnits.filter((u) => mine.has(u.id));
  const open = task.status !== 'completed' && task.status !== 'cancelled';
  const canWrite = can('report.write') && writeUnits.length > 0 && open;
  const leaderOf = (unitId: string) => !!user?.memberships.some((m) => m.unitId === unitId && (m.role === 'principal' || m.role === 'deputy'));
  const chains = chainsOf(reports);

  const act = (fn: () => Promise<unknown>, ok: string) =>
    run(fn, ok)
      .then(onChanged)
      .catch(() => onChanged());

  const actions = (chain: Chain) => {
    const head = chain.versions[0]!;
    const ownUnit = mine.has(head.unitId) && can('report.write');
    const buttons = [];
    if (head.status === 'draft' && ownUnit) {
      buttons.push(
        <Button key="edit" size="small" onClick={() => setForm({ kind: 'edit', report: head })}>
          {t('editDraft')}
        </Button>,
        <Button
          key="submit"
          size="small"
          type="primary"
          loading={busy}
          onClick={() => void act(() => call(progress.submitReport, { params: { id: head.id } }), t('submitted'))}
        >
          {t('submit')}
        </Button>,
      );
    }
    if (ownUnit && open && ['pending_confirmation', 'submitted', 'returned', 'accepted'].includes(head.status)) {
      buttons.push(
        <Button key="correct" size="small" onClick={() => setForm({ kind: 'correct', report: head, next: head.version + 1 })}>
          {t('correct')}
        </Button>,
      );
    }
    if (head.status === 'pending_confirmation' && can('report.confirm') && leaderOf(head.unitId)) {
      buttons.push(
        <Button
          key="confirm"
          size="small"
          type="primary"
          loading={busy}
          onClick={() => void act(() => call(progress.confirmReport, { params: { id: head.id } }), t('confirmed'))}
        >
          {t('confirmReport')}
        </Button>,
      );
    }
    if (head.status === 'submitted' && can('report.review')) {
      buttons.push(
        <Button
          key="accept"
          size="small"
          type="primary"
          loading={busy}
          onClick={() => void act(() => call(progress.reviewReport, { params: { id: head.id }, body: { decision: 'accept', comment: '' } }), t('acceptedMsg'))}
        >
          {t('accept')}
        </Button>,
        <Button key="return" size="small" danger onClick={() => setReturning(head)}>
          {t('return')}
        </Button>,
      );
    }
    return buttons;
  };

  return (
    <Card
      size="small"
      title={t('reports')}
      style={{ marginBottom: 16 }}
      extra={
        canWrite && (
          <Button type="primary" size="small" onClick={() => setForm({ kind: 'new', units: writeUnits })}>
            {t('newReport')}
          </Button>
        )
      }
      data-testid="reports"
    >
      {chains.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noReports')} />
      ) : (
        <Flex vertical gap={12}>
          {chains.map((c) => {
            const [head, ...older] = c.versions;
            const buttons = actions(c);
            return (
              <Card key={c.id} size="small" type="inner" className="ls-report-chain">
                <Version r={head!} />
                {buttons.length > 0 && (
                  <Space wrap style={{ marginTop: 8 }}>
                    {buttons}
                  </Space>
                )}
                {older.length > 0 && (
                  <Collapse
                    size="small"
                    style={{ marginTop: 8 }}
                    items={[
                      {
                        key: 'older',
                        label: `${t('olderVersions')}(${older.length})`,
                        children: (
                          <Flex vertical gap={12}>
                            {older.map((r) => (
                              <Version key={r.id} r={r} />
                            ))}
                          </Flex>
                        ),
                      },
                    ]}
                  />
                )}
              </Card>
            );
          })}
        </Flex>
      )}
      {form && <ReportFormModal task={task} mode={form} onClose={() => setForm(null)} onSaved={onChanged} />}
      {returning && <ReturnModal report={returning} onClose={() => setReturning(null)} onDone={onChanged} />}
    </Card>
  );
}
