/**
 * One case: what was reported, who handles it, each stage’s decision (受理, 答复, 复查, 复核), the legal clocks with their due dates, the
 * timeline, similar cases; the actions the case's state allows (accept, transfer with reasons,
 * reply, close, extension, hearings, review); personal data masked unless a permitted role asks
 * for it in full, which the server audits.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Flex, List, Popconfirm, Row, Table, Tag, Timeline, Typography } from 'antd';
import { cases } from '@luoshi/contracts';
import { CASE_CHANNEL_LABELS, SATISFACTION_LABELS } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { formatInstant } from '../../lib/format.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { casesDict } from './messages.ts';
import { CaseStatusTag, ClockStatusTag, useClockName, type CaseDetailT, type ClockT, type SubmitterT } from './parts.tsx';
import { CaseActionDialog, type CaseDialog } from './case-dialogs.tsx';

function PersonalCard({ c }: { c: CaseDetailT }) {
  const t = useT(casesDict);
  const { can } = useSession();
  const { busy, run } = useAction();
  const [full, setFull] = useState<SubmitterT | null>(null);
  const s = full ?? c.submitter;
  const reveal = () =>
    run(() => call(cases.revealPersonal, { params: { id: c.id } }))
      .then(setFull)
      .catch(() => undefined);
  return (
    <Card size="small" title={t('personal')} style={{ marginBottom: 16 }}>
      {s.anonymous ? (
        <Typography.Text type="secondary">{t('anonymous')}</Typography.Text>
      ) : (
        <>
          <Descriptions size="small" column={1} data-testid="case-personal">
            <Descriptions.Item label={t('name')}>{s.name ?? ''}</Descriptions.Item>
            <Descriptions.Item label={t('phone')}>{s.phone ?? ''}</Descriptions.Item>
            <Descriptions.Item label={t('idNumber')}>{s.idNumber ?? ''}</Descriptions.Item>
            <Descriptions.Item label={t('email')}>{s.email ?? ''}</Descriptions.Item>
          </Descriptions>
          {s.full ? (
            <Alert type="warning" showIcon message={t('fullShown')} />
          ) : (
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('masked')}</Typography.Text>
              {can('case.readPersonal') && (
                <Button size="small" loading={busy} onClick={() => void reveal()} style={{ alignSelf: 'flex-start' }}>
                  {t('showFull')}
                </Button>
              )}
            </Flex>
          )}
        </>
      )}
    </Card>
  );
}

function ClockTable({ clocks }: { clocks: ClockT[] }) {
  const t = useT(casesDict);
  const clockName = useClockName();
  return (
    <Table<ClockT>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={clocks}
      locale={{ emptyText: t('noClocks') }}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('clock'), dataIndex: 'name', render: (v: ClockT['name']) => clockName(v) },
        { title: t('startedOn'), dataIndex: 'startedOn' },
        { title: t('limitDays'), dataIndex: 'limitDays' },
        { title: t('dueOn'), dataIndex: 'dueOn' },
        { title: t('pausedDays'), dataIndex: 'pausedDays' },
        { title: t('daysLeft'), dataIndex: 'daysLeft', render: (v: number | null) => v ?? '' },
        { title: t('status'), dataIndex: 'status', render: (v: ClockT['status']) => <ClockStatusTag status={v} /> },
      ]}
    />
  );
}

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const t = useT(casesDict);
  const label = useLabel();
  const { lang } = useLang();
  const { can } = useSession();
  const { run } = useAction();
  const [dialog, setDialog] = useState<CaseDialog | null>(null);
  const [override, setOverride] = useState<CaseDetailT | null>(null);
  // labels of events and states come from the server in the user's language: reload on a switch
  const loaded = useLoad(
    (signal) => {
      setOverride(null);
      return call(cases.getCase, { params: { id }, signal });
    },
    [id, lang],
  );
  const similar = useLoad((signal) => call(cases.similarCases, { params: { id }, signal }), [id]);
  const policy = useLoad((signal) => call(cases.getCasePolicy, { signal }), []);
  const c = override ?? loaded.data;

  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!c) return <Loading />;

  const handle = can('case.handle');
  const dispatch = can('case.dispatch');
  const hearing = c.pauses.some((p) => p.to === null);
  const open = !['closed', 'not_accepted'].includes(c.status);
  const button = (k: CaseDialog, text: string, primary = false, danger = false) => (
    <Button key={k} type={primary ? 'primary' : 'default'} danger={danger} onClick={() => setDialog(k)}>
      {text}
    </Button>
  );
  const actions = [] as React.ReactNode[];
  if (handle) {
    if (c.status === 'received') actions.push(button('accept', t('accept'), true), button('refuse', t('refuse'), false, true));
    if (c.status === 'received' || c.status === 'handling') actions.push(button('transfer', t('transfer')));
    if (c.status === 'handling') actions.push(button('reply', t('reply'), true));
    if (c.status === 'replied') actions.push(button('close', t('close'), true));
    if ((c.status === 'received' || c.status === 'handling') && !c.extension) actions.push(button('extend', t('extend')));
    if (open && c.petition) actions.push(hearing ? button('hearingEnd', t('hearingEnd')) : button('hearingStart', t('hearingStart')));
    if (c.petition && (c.status === 'replied' || c.status === 'closed')) {
      if (!c.reviewDecidedOn) actions.push(button('request', t('reviewRequest')));
      else if (!c.reReviewRequestedOn) actions.push(button('requestReReview', t('reReviewRequest')));
    }
    if (c.status === 'review') actions.push(button('decide', t('reviewDecide'), true));
    if (c.status === 're_review') actions.push(button('decideReReview', t('reReviewDecide'), true));
  }
  if (dispatch) actions.push(button('flags', t('flags')));

  const markDuplicate = (of: string) =>
    run(() => call(cases.flagCase, { params: { id: c.id }, body: { rowVersion: c.rowVersion, duplicateOf: of, note: '' } }), t('flagsSaved'))
      .then(setOverride)
      .catch(() => undefined);
  const duplicate = c.duplicateOf ? similar.data?.items.find((s) => s.id === c.duplicateOf) : undefined;

  return (
    <Page
      title={
        <Flex gap={8} align="center" wrap>
          <span>{c.number}</span>
          <CaseStatusTag status={c.status} />
          {c.petition && <Tag color="volcano">{t('petition')}</Tag>}
          {c.overdue && <Tag color="error">{t('overdue')}</Tag>}
          {c.escalatedAt && <Tag color="red">{t('escalated')}</Tag>}
          {c.backlog && <Tag color="red">{t('backlog')}</Tag>}
          {c.dispute && <Tag color="orange">{t('dispute')}</Tag>}
          {c.resolvedOn && <Tag color="green">{t('resolved')}</Tag>}
          {c.published && <Tag color="blue">{t('published')}</Tag>}
        </Flex>
      }
      extra={<Link to="/app/cases">{t('back')}</Link>}
    >
      {actions.length ? (
        <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="case-actions">
          {actions}
        </Flex>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('title')} span={2}>
                {c.title}
              </Descriptions.Item>
              <Descriptions.Item label={t('content')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.content}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('channel')}>{label(CASE_CHANNEL_LABELS[c.channel])}</Descriptions.Item>
              <Descriptions.Item label={t('category')}>{c.categoryName}</Descriptions.Item>
              <Descriptions.Item label={t('unit')}>
                <span data-testid="case-unit">{c.ownerUnitName ?? ''}</span>
                {c.transfers ? <Typography.Text type="secondary"> · {t('transfers', { n: c.transfers })}</Typography.Text> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('address')}>{c.address ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('received')}>{c.receivedOn}</Descriptions.Item>
              <Descriptions.Item label={t('due')}>{c.dueOn ?? ''}</Descriptions.Item>
              {c.acceptanceOn ? (
                <Descriptions.Item label={t('acceptance')} span={2}>
                  {c.acceptanceOn} {c.accepted === false ? t('refuse') : t('accept')}
                  {c.acceptanceNote ? `${t('colon')}${c.acceptanceNote}` : ''}
                </Descriptions.Item>
              ) : null}
              {c.extension ? (
                <Descriptions.Item label={t('extend')} span={2}>
                  {t('extension', { days: c.extension.days, by: c.extension.approvedBy, on: c.extension.on })}
                </Descriptions.Item>
              ) : null}
              {c.pauses.length ? (
                <Descriptions.Item label={t('pauses')} span={2}>
                  {c.pauses.map((p) => `${p.from} – ${p.to ?? t('ongoing')}`).join(';')}
                </Descriptions.Item>
              ) : null}
              {c.reply ? (
                <Descriptions.Item label={t('reply')} span={2}>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="case-reply">
                    {c.reply}
                  </Typography.Paragraph>
                  {c.repliedOn ? <Typography.Text type="secondary">{c.repliedOn}</Typography.Text> : null}
                </Descriptions.Item>
              ) : null}
              {c.satisfaction ? <Descriptions.Item label={t('satisfaction')}>{label(SATISFACTION_LABELS[c.satisfaction])}</Descriptions.Item> : null}
              {c.duplicateOf ? (
                <Descriptions.Item label={t('similar')}>
                  <Link to={`/app/cases/${c.duplicateOf}`}>{t('duplicateOf', { number: duplicate?.number ?? '' })}</Link>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          {c.decisions.length ? (
            <Card size="small" title={t('decisions')} style={{ marginBottom: 16 }}>
              <Table
                rowKey={(d) => `${d.stage}-${d.at}`}
                size="small"
                pagination={false}
                data-testid="case-decisions"
                dataSource={c.decisions}
                scroll={{ x: 'max-content' }}
                columns={[
                  {
                    title: t('decisionStage'),
                    dataIndex: 'stageLabel',
                    render: (v: string, d) => (
                      <>
                        {v}
                        {d.outcome === 'not_accepted' ? <Tag color="error" style={{ marginLeft: 4 }}>{t('refuse')}</Tag> : null}
                      </>
                    ),
                  },
                  { title: t('decidedOn'), dataIndex: 'decidedOn' },
                  { title: t('decidedBy'), key: 'by', render: (_, d) => [d.actorName, d.unitName].filter(Boolean).join(' · ') },
                  { title: t('decisionText'), dataIndex: 'text', render: (v: string) => <div style={{ whiteSpace: 'pre-wrap', minWidth: 240 }}>{v}</div> },
                ]}
              />
            </Card>
          ) : null}
          <Card size="small" title={t('clocks')} style={{ marginBottom: 16 }}>
            <ClockTable clocks={c.clocks} />
          </Card>
          <Card size="small" title={t('timeline')} style={{ marginBottom: 16 }}>
            <Timeline
              items={[...c.events].reverse().map((e) => ({
                color: e.kind === 'escalated' || e.kind === 'supervised' ? 'red' : e.kind === 'closed' ? 'green' : 'blue',
                children: (
                  <div>
                    <Typography.Text strong>{e.label}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {formatInstant(e.at, lang)}
                      {e.actorName ? ` · ${e.actorName}` : ''}
                      {e.public ? '' : ` · ${t('internal')}`}
                    </Typography.Text>
                    {e.fromUnitName && e.toUnitName ? <div>{t('fromTo', { from: e.fromUnitName, to: e.toUnitName })}</div> : e.toUnitName ? <div>→ {e.toUnitName}</div> : null}
                    {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <PersonalCard key={c.id} c={c} />
          <Card size="small" title={t('similar')}>
            <ErrorAlert error={similar.error} />
            <List
              size="small"
              loading={similar.loading}
              locale={{ emptyText: t('noSimilar') }}
              dataSource={similar.data?.items ?? []}
              renderItem={(s) => (
                <List.Item
                  actions={
                    dispatch && c.duplicateOf !== s.id
                      ? [
                          <Popconfirm key="dup" title={t('markDuplicate')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => markDuplicate(s.id)}>
                            <Button size="small" type="link">
                              {t('markDuplicate')}
                            </Button>
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={<Link to={`/app/cases/${s.id}`}>{s.number}</Link>}
                    description={
                      <>
                        <div>{s.title}</div>
                        <Typography.Text type="secondary">
                          {s.ownerUnitName ?? ''} · <CaseStatusTag status={s.status} /> {t('score')} {Math.round(s.score * 100)}%
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      {dialog && (
        <CaseActionDialog
          kind={dialog}
          c={c}
          escalateAfter={policy.data?.escalateAfterTransfers ?? 3}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setOverride(next);
            similar.reload();
          }}
        />
      )}
    </Page>
  );
}
