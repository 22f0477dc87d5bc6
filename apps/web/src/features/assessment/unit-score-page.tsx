/**
 * 单位得分明细 (R-ASSESS-1): a unit's score explains itself — each component with its weight, rate
 * and the records it came from (tasks with their due and finish dates, rater groups with their
 * questionnaires and meetings, findings), each deduction with its notice, each bonus with its
 * reason. After the close: the frozen score beside the one from the records now, and the
 * corrections (proposed by the office, decided by the county head).
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { assessment, type CorrectionT, type ResponseOf, type UnitScoreT } from '@luoshi/contracts';
import { BONUS_CATEGORIES, BONUS_CATEGORY_LABELS, RATER_GROUP_LABELS, UNIT_KIND_LABELS, type UnitKind } from '@luoshi/domain';
import { call, fileUrl } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { EChart, type ChartOption } from '../dashboard/echart.tsx';
import { dict } from './messages.ts';
import { FindingLink, pts, ratePct } from './parts.tsx';

type Detail = ResponseOf<typeof assessment.unitAssessment>;
type Component = UnitScoreT['components'][number];
type Bonus = ResponseOf<typeof assessment.listBonuses>['items'][number];

function ComponentCard({ c, campaignId }: { c: Component; campaignId: string }) {
  const t = useT(dict);
  const label = useLabel();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`component-${c.key}`}
      title={
        <Space wrap>
          <span>{label(c)}</span>
          <Tag>{`${t('weight')} ${pts(c.weight)}`}</Tag>
          <Tag color="blue">{`${t('rate')} ${ratePct(c.rate)}`}</Tag>
        </Space>
      }
      extra={<Typography.Text strong>{pts(c.points)}</Typography.Text>}
    >
      {c.noData && <Typography.Paragraph type="secondary">{t('noData')}</Typography.Paragraph>}
      {!c.noData && !c.tasks?.length && !c.findings?.length && !c.groups?.length && <Typography.Text type="secondary">{t('none')}</Typography.Text>}
      {c.tasks && c.tasks.length > 0 && (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={c.tasks}
          columns={[
            { title: t('task'), key: 'task', render: (_, x) => <Link to={`/app/tasks/${x.id}`}>{`${x.code} ${x.title}`}</Link> },
            { title: t('plannedEnd'), dataIndex: 'plannedEnd' },
            { title: t('actualEnd'), dataIndex: 'actualEnd', render: (v: string | null) => v ?? '—' },
            { title: t('outcome'), dataIndex: 'outcome', render: (o: string) => <Tag color={o === 'on_time' ? 'green' : o === 'late' ? 'orange' : 'red'}>{t(`outcome_${o}` as 'outcome_late')}</Tag> },
            { title: t('credit'), dataIndex: 'credit', align: 'right' },
          ]}
        />
      )}
      {c.findings && c.findings.length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {c.findings.map((f) => (
            <li key={`${f.source}-${f.id}`}>
              {f.date} {t(`source_${f.source}` as 'source_case')}:
              <FindingLink campaignId={campaignId} source={f.source} id={f.id}>
                {f.title}
              </FindingLink>
            </li>
          ))}
        </ul>
      )}
      {c.groups && c.groups.length > 0 && (
        <Table
          rowKey="group"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={c.groups}
          columns={[
            { title: t('groups'), dataIndex: 'group', render: (g: keyof typeof RATER_GROUP_LABELS) => label(RATER_GROUP_LABELS[g]) },
            { title: t('answers'), dataIndex: 'count', align: 'right' },
            { title: t('mean'), dataIndex: 'mean', align: 'right', render: pts },
            { title: t('weight'), dataIndex: 'weight', align: 'right' },
            { title: t('used'), dataIndex: 'used', render: (u: boolean) => (u ? <Tag color="green">{t('used')}</Tag> : <Tag>{t('notUsed')}</Tag>) },
            {
              title: t('sources'),
              key: 'sources',
              render: (_, g) => (
                <Space wrap size={4}>
                  {g.sources.map((s) => (
                    <Link key={s.id} to={`/app/campaigns/${campaignId}/surveys#${s.id}`}>
                      {s.title}
                    </Link>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** The parts of the score against their full marks, with deductions and bonuses. */
function PartsChart({ s }: { s: UnitScoreT }) {
  const t = useT(dict);
  const option = useMemo((): ChartOption => {
    const names = [t('given'), ...s.components.map((c) => t(`comp_${c.key}`)), t('deductions'), t('bonuses')];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0 } },
      yAxis: { type: 'value' },
      series: [
        { name: t('full'), type: 'bar', barGap: '-100%', itemStyle: { color: '#e6f0ff' }, data: [s.given, ...s.components.map((c) => c.weight), 0, 0] },
        {
          name: t('points'),
          type: 'bar',
          label: { show: true, position: 'top' },
          data: [s.given, ...s.components.map((c) => c.points), -s.deductions.total, s.bonuses.total].map((v) => Math.round(v * 100) / 100),
        },
      ],
    };
  }, [s, t]);
  return (
    <Card size="small" title={t('componentsChart')} style={{ marginBottom: 12 }}>
      <EChart option={option} height={260} label={t('componentsChart')} testId="parts-chart" />
    </Card>
  );
}

/** The score's working lines and its parts, deductions and bonuses. */
function ScoreDetail({ s, campaignId }: { s: UnitScoreT; campaignId: string }) {
  const t = useT(dict);
  const label = useLabel();
  const { lang } = useLang();
  return (
    <>
      <PartsChart s={s} />
      <Card size="small" title={t('working')} style={{ marginBottom: 12 }}>
        <Table
          rowKey={(_, i) => String(i)}
          size="small"
          pagination={false}
          dataSource={s.working}
          data-testid="score-working"
          columns={[
            { title: t('working'), key: 'line', render: (_, w) => label(w) },
            { title: t('points'), dataIndex: 'points', align: 'right', render: (p: number) => <span className={p < 0 ? 'ls-negative' : undefined}>{pts(p)}</span> },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('score')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <strong>{pts(s.score)}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Typography.Title level={5}>{t('components')}</Typography.Title>
      {s.components.map((c) => (
        <ComponentCard key={c.key} c={c} campaignId={campaignId} />
      ))}
      <Card size="small" title={t('deductionLedger')} style={{ marginBottom: 12 }} extra={<Typography.Text type={s.deductions.total ? 'danger' : undefined}>{s.deductions.total ? `−${pts(s.deductions.total)}` : '0'}</Typography.Text>}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={s.deductions.entries}
          data-testid="score-deductions"
          locale={{ emptyText: t('none') }}
          columns={[
            { title: t('docNumber'), key: 'doc', render: (_, e) => <Link to={`/app/notices/${e.noticeId}`}>{e.docNumber ?? t('toNotice')}</Link> },
            { title: t('kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'deduction' ? 'red' : 'green'}>{t(`entry_${k}` as 'entry_deduction')}</Tag> },
            { title: t('points'), dataIndex: 'points', align: 'right', render: (p: number) => (p > 0 ? `−${pts(p)}` : `+${pts(-p)}`) },
            { title: t('reason'), dataIndex: 'reason' },
            { title: t('at'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v, lang) },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('bonuses')}
        style={{ marginBottom: 12 }}
        extra={
          <Space>
            {s.bonuses.capped && <Tag color="orange">{t('bonusCapped')}</Tag>}
            <Typography.Text type={s.bonuses.total ? 'success' : undefined}>{s.bonuses.total ? `+${pts(s.bonuses.total)}` : '0'}</Typography.Text>
          </Space>
        }
      >
        {s.bonuses.commendations.length === 0 && s.bonuses.records.length === 0 ? (
          <Typography.Text type="secondary">{t('none')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="score-bonuses">
            {s.bonuses.commendations.map((c) => (
              <li key={c.noticeId}>
                {t('commendations')} <Link to={`/app/notices/${c.noticeId}`}>{c.docNumber ?? c.title}</Link> {c.title} +{pts(c.points)}
              </li>
            ))}
            {s.bonuses.records.map((b) => (
              <li key={b.id}>
                {label(BONUS_CATEGORY_LABELS[b.category])}:{b.reason} +{pts(b.points)}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function BonusDialog({ open, campaignId, unitId, onClose }: { open: boolean; campaignId: string; unitId: string; onClose: (saved: boolean) => void }) {
  const t = useT(dict);
  const label = useLabel();
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const submit = async () => {
    const v = (await form.validateFields()) as { category: (typeof BONUS_CATEGORIES)[number]; points: number; reason: string };
    await run(() => call(assessment.addBonus, { params: { id: campaignId }, body: { unitId, ...v } }), t('saved'));
    form.resetFields();
    onClose(true);
  };
  return (
    <Modal open={open} title={t('addBonus')} onCancel={() => onClose(false)} onOk={() => void submit().catch(() => undefined)} okText={t('save')} cancelText={t('cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ category: 'other', points: 0.5 }}>
        <Form.Item name="category" label={t('category')} rules={[{ required: true }]}>
          <Select options={BONUS_CATEGORIES.map((c) => ({ value: c, label: label(BONUS_CATEGORY_LABELS[c]) }))} />
        </Form.Item>
        <Form.Item name="points" label={t('points')} rules={[{ required: true }]}>
          <InputNumber min={0.1} max={100} step={0.5} />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Corrections({ d, campaignId, unitId, reload }: { d: Detail; campaignId: string; unitId: string; reload: () => void }) {
  const t = useT(dict);
  const { lang } = useLang();
  const { can } = useSession();
  const { busy, run } = useAction();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const propose = () =>
    run(async () => {
      await call(assessment.proposeCorrection, { params: { id: campaignId }, body: { unitId, reason } });
      setReason('');
      reload();
    }, t('saved')).catch(() => undefined);
  const decide = (c: CorrectionT, decision: 'approve' | 'reject') =>
    run(async () => {
      await call(assessment.decideCorrection, { params: { id: c.id }, body: { decision, reason: note } });
      setNote('');
      reload();
    }, t('saved')).catch(() => undefined);
  if (d.status !== 'closed') return null;
  const pending = d.corrections.some((c) => c.status === 'pending');
  return (
    <Card size="small" title={t('corrections')} style={{ marginBottom: 12 }} data-testid="corrections">
      {d.corrections.length === 0 && <Typography.Paragraph type="secondary">{t('noCorrections')}</Typography.Paragraph>}
      {d.corrections.map((c) => (
        <Card key={c.id} size="small" type="inner" style={{ marginBottom: 8 }}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('status')}>
              <Tag color={c.status === 'approved' ? 'green' : c.status === 'rejected' ? 'default' : 'gold'}>{t(`corr_${c.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={`${t('before')} → ${t('after')}`}>
              {pts(c.before.score)} → <strong>{pts(c.after.score)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('correctionReason')}>{c.reason}</Descriptions.Item>
            <Descriptions.Item label={t('proposedBy')}>
              {c.proposedBy} {formatInstant(c.proposedAt, lang)}
            </Descriptions.Item>
            {c.decidedBy && (
              <Descriptions.Item label={t('decidedBy')}>
                {c.decidedBy} {formatInstant(c.decidedAt, lang)} {c.decisionReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          {c.status === 'pending' && can('assessment.approveCorrection') && (
            <Flex gap={8} wrap style={{ marginTop: 8 }}>
              <Input placeholder={t('decisionReason')} value={note} onChange={(e) => setNote(e.target.value)} style={{ maxWidth: 360 }} />
              <Button type="primary" loading={busy} onClick={() => void decide(c, 'approve')}>
                {t('approve')}
              </Button>
              <Button loading={busy} onClick={() => void decide(c, 'reject')}>
                {t('reject')}
              </Button>
            </Flex>
          )}
        </Card>
      ))}
      {can('assessment.close') && d.drift && !pending && (
        <Flex gap={8} wrap>
          <Input.TextArea rows={2} placeholder={t('correctionReason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ maxWidth: 480 }} maxLength={2000} />
          <Button type="primary" disabled={!reason.trim()} loading={busy} onClick={() => void propose()}>
            {t('proposeCorrection')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}

function BonusRecords({ campaignId, unitId, version, reload }: { campaignId: string; unitId: string; version: number; reload: () => void }) {
  const t = useT(dict);
  const label = useLabel();
  const { lang } = useLang();
  const { busy, run } = useAction();
  const list = useLoad((signal) => call(assessment.listBonuses, { params: { id: campaignId }, query: { unitId }, signal }), [campaignId, unitId, version]);
  const [reason, setReason] = useState('');
  const revoke = (b: Bonus) =>
    run(async () => {
      await call(assessment.revokeBonus, { params: { id: b.id }, body: { reason } });
      setReason('');
      reload();
    }, t('saved')).catch(() => undefined);
  return (
    <Card size="small" title={t('bonusRecords')} style={{ marginBottom: 12 }}>
      <ErrorAlert error={list.error} />
      <Table<Bonus>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('none') }}
        columns={[
          { title: t('category'), dataIndex: 'category', render: (c: Bonus['category']) => label(BONUS_CATEGORY_LABELS[c]) },
          { title: t('points'), dataIndex: 'points', align: 'right' },
          { title: t('reason'), dataIndex: 'reason' },
          { title: t('at'), key: 'at', render: (_, b) => `${b.createdBy} ${formatInstant(b.createdAt, lang)}` },
          {
            title: t('actions'),
            key: 'act',
            render: (_, b) =>
              b.revokedAt ? (
                <Tag>{`${t('revoked')}:${b.revokeReason ?? ''}`}</Tag>
              ) : (
                <Popconfirm
                  title={t('revokeBonus')}
                  description={<Input placeholder={t('revokeReason')} value={reason} onChange={(e) => setReason(e.target.value)} />}
                  onConfirm={() => void revoke(b)}
                  okButtonProps={{ disabled: !reason.trim(), loading: busy }}
                  okText={t('confirm')}
                  cancelText={t('cancel')}
                >
                  <Button size="small">{t('revokeBonus')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}

export function UnitScorePage() {
  const { id = '', unitId = '' } = useParams();
  const t = useT(dict);
  const label = useLabel();
  const { can } = useSession();
  useRememberCampaign(id);
  const [version, setVersion] = useState(0);
  const data = useLoad((signal) => call(assessment.unitAssessment, { params: { id, unitId }, signal }), [id, unitId, version]);
  const [bonusOpen, setBonusOpen] = useState(false);
  const reload = () => setVersion((v) => v + 1);
  const d = data.data;
  const report = (format: 'xlsx' | 'docx') => `${fileUrl(assessment.unitAssessmentReport, { id, unitId })}?format=${format}`;
  if (!d && data.loading) return <Loading />;
  const s = d?.official;
  return (
    <Page
      title={s ? `${s.unitName} · ${t('unitTitle')}` : t('unitTitle')}
      extra={
        <>
          <Link to={`/app/campaigns/${id}/assessment`}>
            <Button>{t('backToRanking')}</Button>
          </Link>
          <Button href={report('xlsx')} download>
            {t('unitReportXlsx')}
          </Button>
          <Button href={report('docx')} download>
            {t('unitReportDocx')}
          </Button>
          {can('assessment.manage') && (
            <Button onClick={() => setBonusOpen(true)} type="primary">
              {t('addBonus')}
            </Button>
          )}
        </>
      }
    >
      <ErrorAlert error={data.error} />
      {d && s && (
        <>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Statistic title={t('officialScore')} value={pts(s.score)} valueStyle={{ fontWeight: 600 }} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('rank')} value={d.rank} data-testid="unit-rank" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('kind')} value={label(UNIT_KIND_LABELS[s.kind as UnitKind]) || s.kind} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('status')} value={d.status === 'closed' ? t('statusClosed') : t('statusOpen')} />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">
            {t('rankOf', { rank: d.rank, kindRank: d.kindRank })} · {t('asOf', { d: d.asOf })}
          </Typography.Paragraph>
          {d.drift && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('driftAlert', { live: pts(d.live.score), official: pts(s.score) })} />}
          <Corrections d={d} campaignId={id} unitId={unitId} reload={reload} />
          <ScoreDetail s={s} campaignId={id} />
          {can('assessment.manage') && <BonusRecords campaignId={id} unitId={unitId} version={version} reload={reload} />}
        </>
      )}
      {!d && !data.error && <Empty />}
      <BonusDialog
        open={bonusOpen}
        campaignId={id}
        unitId={unitId}
        onClose={(saved) => {
          setBonusOpen(false);
          if (saved) reload();
        }}
      />
    </Page>
  );
}
