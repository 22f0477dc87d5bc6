/**
 * One unit's implementation plan: the liaison or handler drafts it, the principal submits it, the
 * office accepts or returns it with comments; every version stays visible with its review.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Collapse, Flex, Form, Input, Modal, Popconfirm, Tag, Typography } from 'antd';
import { campaigns, type ResponseOf } from '@luoshi/contracts';
import { call, type Issue } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { applyNestedServerErrors, applyServerErrors } from '../../lib/forms.ts';
import { formatInstant } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { PLAN_STATUS_COLORS, planDict } from './messages.ts';
import { EMPTY_PLAN, PlanEditor, PlanView, type PlanContent } from './plan-parts.tsx';

type Plan = ResponseOf<typeof campaigns.getUnitPlan>;

function ReviewModal({ plan, decision, onClose, onDone }: { plan: Plan; decision: 'accept' | 'return'; onClose: () => void; onDone: (p: Plan) => void }) {
  const t = useT(planDict);
  const [form] = Form.useForm<{ comment?: string }>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const submit = async (v: { comment?: string }) => {
    setError(null);
    try {
      const p = await run(
        () => call(campaigns.reviewUnitPlan, { params: { id: plan.campaignId, unitId: plan.unitId }, body: { decision, comment: v.comment?.trim() ?? '' } }),
        decision === 'accept' ? t('accepted') : t('returned'),
      );
      onDone(p);
      onClose();
    } catch (e) {
      setError(e);
      setRest(applyServerErrors(form, e));
    }
  };
  return (
    <Modal
      open
      title={t(decision === 'accept' ? 'acceptTitle' : 'returnTitle', { unit: plan.unitName })}
      okText={t(decision)}
      okButtonProps={{ danger: decision === 'return' }}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} issues={rest} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="comment"
          label={t('comment')}
          rules={[{ required: decision === 'return', whitespace: true, message: t('returnNeedsComment') }, { max: 2000 }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UnitPlanPage() {
  const { id = '', unitId = '' } = useParams();
  const t = useT(planDict);
  const { lang } = useLang();
  const navigate = useNavigate();
  const { user, can } = useSession();
  useRememberCampaign(id);
  const plan = useLoad((signal) => call(campaigns.getUnitPlan, { params: { id, unitId }, signal }), [id, unitId]);
  const [form] = Form.useForm<PlanContent>();
  const { busy, run } = useAction();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<Issue[]>([]);
  const [review, setReview] = useState<'accept' | 'return' | null>(null);

  if (plan.error) return <ErrorAlert error={plan.error} />;
  if (!plan.data) return <Loading />;
  const p = plan.data;
  const latest = p.versions[0];
  const member = !!user?.memberships.some((m) => m.unitId === unitId);
  const principal = !!user?.memberships.some((m) => m.unitId === unitId && m.role === 'principal');
  const editable = member && (p.status === 'missing' || p.status === 'draft' || p.status === 'returned');
  const initial: PlanContent = latest ? { ...EMPTY_PLAN, ...latest.content } : EMPTY_PLAN;

  const save = async (v: PlanContent) => {
    setError(null);
    setRest([]);
    const body = {
      organisation: v.organisation ?? '',
      staff: (v.staff ?? []).map((s) => ({ name: s.name, post: s.post ?? '', phone: s.phone ?? '' })),
      goals: v.goals ?? [],
      measures: v.measures ?? [],
      timeNodes: v.timeNodes ?? [],
    };
    try {
      await run(() => call(campaigns.saveUnitPlan, { params: { id, unitId }, body }), t('draftSaved'));
      plan.reload();
    } catch (e) {
      setError(e);
      setRest(applyNestedServerErrors(form, e));
    }
  };
  const submit = () =>
    run(() => call(campaigns.submitUnitPlan, { params: { id, unitId } }), t('submitted'))
      .then(() => plan.reload())
      .catch(() => undefined);

  return (
    <Page
      title={t('unitPlan', { unit: p.unitName })}
      extra={
        <>
          {can('plan.overview') && <Button onClick={() => navigate(`/app/campaigns/${id}/plans`)}>{t('overview')}</Button>}
          {p.status === 'draft' && principal && (
            <Popconfirm title={t('submitConfirm')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => void submit()}>
              <Button type="primary" loading={busy}>
                {t('submit')}
              </Button>
            </Popconfirm>
          )}
          {p.status === 'submitted' && can('plan.review') && (
            <>
              <Button type="primary" onClick={() => setReview('accept')}>
                {t('accept')}
              </Button>
              <Button danger onClick={() => setReview('return')}>
                {t('return')}
              </Button>
            </>
          )}
        </>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap align="center">
          <span>
            {t('status')}{t('colon')}<Tag color={PLAN_STATUS_COLORS[p.status]}>{t(`st_${p.status}`)}</Tag>
            {p.late && <Tag color="red">{t('late')}</Tag>}
          </span>
          <span>
            {t('deadline')}{t('colon')}{p.deadline ?? t('noDeadline')}
          </span>
          {p.firstSubmittedAt && (
            <span>
              {t('firstSubmitted')}{t('colon')}{formatInstant(p.firstSubmittedAt, lang)}
            </span>
          )}
          {latest && <span>{t('versionN', { n: latest.version })}</span>}
        </Flex>
        {p.status === 'draft' && member && !principal && <Typography.Text type="secondary">{t('onlyPrincipal')}</Typography.Text>}
      </Card>

      {editable && (
        <Card
          size="small"
          title={t('editor')}
          style={{ marginBottom: 16 }}
          extra={
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              {t('saveDraft')}
            </Button>
          }
        >
          {p.status === 'returned' && (
            <Alert type="warning" showIcon message={t('redraftHint')} description={latest?.reviewComment} style={{ marginBottom: 12 }} />
          )}
          {p.status === 'missing' && <Alert type="info" showIcon message={t('missingHint')} style={{ marginBottom: 12 }} />}
          <ErrorAlert error={error} issues={rest} />
          <PlanEditor key={`${p.status}-${latest?.version ?? 0}`} form={form} initial={initial} onFinish={(v) => void save(v)} />
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('saveDraft')}
          </Button>
        </Card>
      )}

      <Card size="small" title={t('versions')}>
        {p.versions.length === 0 ? (
          <Typography.Text type="secondary">{t('missingHint')}</Typography.Text>
        ) : (
          <Collapse
            defaultActiveKey={editable ? [] : [String(latest!.version)]}
            items={p.versions.map((v) => ({
              key: String(v.version),
              label: (
                <Flex gap={8} wrap align="center">
                  <Typography.Text strong>{t('versionN', { n: v.version })}</Typography.Text>
                  <Tag color={PLAN_STATUS_COLORS[v.status]}>{t(`st_${v.status}`)}</Tag>
                  {v.reviewComment && (
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360 }}>
                      {v.reviewComment}
                    </Typography.Text>
                  )}
                </Flex>
              ),
              children: (
                <Flex vertical gap={8}>
                  <Flex gap={16} wrap className="ls-muted">
                    <span>{t('drafted', { who: v.draftedBy, at: formatInstant(v.draftedAt, lang) })}</span>
                    {v.submittedBy && <span>{t('submittedBy', { who: v.submittedBy, at: formatInstant(v.submittedAt, lang) })}</span>}
                    {v.reviewedBy && <span>{t('reviewedBy', { who: v.reviewedBy, at: formatInstant(v.reviewedAt, lang) })}</span>}
                  </Flex>
                  {v.reviewComment && (
                    <Alert type={v.status === 'returned' ? 'warning' : 'success'} showIcon message={t('comment')} description={v.reviewComment} />
                  )}
                  <PlanView content={{ ...EMPTY_PLAN, ...v.content }} />
                </Flex>
              ),
            }))}
          />
        )}
      </Card>
      {review && <ReviewModal plan={p} decision={review} onClose={() => setReview(null)} onDone={() => plan.reload()} />}
    </Page>
  );
}
