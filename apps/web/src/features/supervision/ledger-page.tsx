/**
 * 扣分台账 and 取消评优资格名单: each unit's deductions with the document numbers that caused them
 * and the reversals of upheld appeals (a total is always the sum of its entries), and who lost
 * year-end award eligibility. The server shows each reader what they may see: the office, leaders,
 * inspectors and finance every unit; a unit its own.
 */
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, Card, Checkbox, Col, Empty, Flex, Row, Select, Table, Tabs, Tag, Typography } from 'antd';
import { supervision, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { dict } from './messages.ts';
import { useRoleText } from './parts.tsx';

type Ledger = ResponseOf<typeof supervision.deductionLedger>;
type Entry = Ledger['entries'][number];
type Total = Ledger['totals'][number];
type Loss = ResponseOf<typeof supervision.eligibility>['items'][number];

/** 0.5 → "0.5"; keeps the ledger's halves without float noise. */
const pts = (n: number) => String(Math.round(n * 100) / 100);

export function LedgerPage() {
  const { id = '' } = useParams();
  const t = useT(dict);
  const { lang } = useLang();
  const roleText = useRoleText();
  useRememberCampaign(id);
  const [sp, setSp] = useSearchParams();
  const unitId = sp.get('unitId') || undefined;
  const tab = sp.get('tab') === 'eligibility' ? 'eligibility' : 'ledger';
  const [includeReversed, setIncludeReversed] = useState(false);
  // the unfiltered ledger names every unit the reader may see; it feeds the unit filter
  const all = useLoad((signal) => call(supervision.deductionLedger, { params: { id }, query: {}, signal }), [id]);
  const ledger = useLoad(
    (signal) =>
      unitId
        ? call(supervision.deductionLedger, {
            params: { id },
            query: { unitId },
            signal,
          })
        : Promise.resolve(null),
    [id, unitId],
  );
  const losses = useLoad(
    (signal) =>
      call(supervision.eligibility, {
        params: { id },
        query: { unitId, includeReversed: includeReversed ? 'true' : 'false' },
        signal,
      }),
    [id, unitId, includeReversed],
  );
  const shown: Ledger | undefined = unitId ? (ledger.data ?? undefined) : all.data;

  const unitOptions = useMemo(() => {
    const m = new Map<string, string>();
    for (const e of all.data?.entries ?? []) m.set(e.unitId, e.unitName);
    for (const l of losses.data?.items ?? []) m.set(l.unitId, l.unitName);
    if (unitId && !m.has(unitId)) m.set(unitId, unitId);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [all.data, losses.data, unitId]);

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (value) next.set(key, value);
    else next.delete(key);
    setSp(next, { replace: true });
  };

  const ledgerTab = (
    <>
      <Alert type="info" showIcon message={t('ledgerHint')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={unitId ? ledger.error : all.error} />
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('totals')} style={{ marginBottom: 16 }}>
            <Table<Total>
              rowKey="unitId"
              size="small"
              loading={unitId ? ledger.loading : all.loading}
              dataSource={shown?.totals ?? []}
              pagination={false}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledgerEmpty')} />,
              }}
              onRow={(r) => ({
                onClick: () => set('unitId', r.unitId),
                style: { cursor: 'pointer' },
              })}
              columns={[
                { title: t('unit'), dataIndex: 'unitName' },
                {
                  title: t('totalPoints'),
                  dataIndex: 'points',
                  align: 'right',
                  render: (p: number) => (
                    <Typography.Text strong type={p > 0 ? 'danger' : undefined} data-testid="ledger-total">
                      {pts(p)}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('entries')} style={{ marginBottom: 16 }}>
            <Table<Entry>
              rowKey="id"
              size="small"
              loading={unitId ? ledger.loading : all.loading}
              dataSource={shown?.entries ?? []}
              pagination={{
                pageSize: 50,
                hideOnSinglePage: true,
                showSizeChanger: false,
              }}
              scroll={{ x: 'max-content' }}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledgerEmpty')} />,
              }}
              columns={[
                {
                  title: t('entryAt'),
                  dataIndex: 'createdAt',
                  render: (v: string) => formatInstant(v, lang),
                },
                { title: t('unit'), dataIndex: 'unitName' },
                {
                  title: t('docNumber'),
                  key: 'doc',
                  render: (_, e) => <Link to={`/app/notices/${e.noticeId}`}>{e.docNumber ?? t('toNotice')}</Link>,
                },
                {
                  title: t('kind'),
                  dataIndex: 'kind',
                  render: (k: Entry['kind']) => <Tag color={k === 'deduction' ? 'red' : 'green'}>{t(`entryKind_${k}`)}</Tag>,
                },
                {
                  title: t('deduction'),
                  dataIndex: 'points',
                  align: 'right',
                  render: (p: number) => <Typography.Text type={p > 0 ? 'danger' : 'success'}>{p > 0 ? `−${pts(p)}` : `+${pts(-p)}`}</Typography.Text>,
                },
                { title: t('reason'), dataIndex: 'reason' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );

  const eligibilityTab = (
    <>
      <Alert type="info" showIcon message={t('eligibilityHint')} style={{ marginBottom: 12 }} />
      <Checkbox checked={includeReversed} onChange={(e) => setIncludeReversed(e.target.checked)} style={{ marginBottom: 12 }}>
        {t('includeReversed')}
      </Checkbox>
      <ErrorAlert error={losses.error} />
      <Table<Loss>
        rowKey="id"
        size="middle"
        loading={losses.loading}
        dataSource={losses.data?.items ?? []}
        pagination={{
          pageSize: 50,
          hideOnSinglePage: true,
          showSizeChanger: false,
        }}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('eligibilityEmpty')} />,
        }}
        rowClassName={(r) => (r.reversedAt ? 'ls-row-context' : '')}
        columns={[
          { title: t('unit'), dataIndex: 'unitName' },
          {
            title: t('who'),
            key: 'who',
            render: (_, l) => l.personName ?? l.unitName,
          },
          {
            title: t('roleCol'),
            dataIndex: 'role',
            render: (r: string) => roleText(r),
          },
          {
            title: t('docNumber'),
            key: 'doc',
            render: (_, l) => <Link to={`/app/notices/${l.noticeId}`}>{l.docNumber ?? t('toNotice')}</Link>,
          },
          {
            title: t('lostAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatInstant(v, lang),
          },
          {
            title: t('status'),
            key: 'reversed',
            render: (_, l) => (l.reversedAt ? <Tag color="green">{t('restoredAt', { at: formatInstant(l.reversedAt, lang) })}</Tag> : null),
          },
        ]}
      />
    </>
  );

  return (
    <Page title={t('ledgerTitle')} extra={<CampaignSwitch campaignId={id} section="ledger" />}>
      {/* a unit that sees only itself has nothing to choose */}
      {(unitOptions.length > 1 || unitId) && (
        <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label={t('unitFilter')}
            placeholder={t('allUnits')}
            style={{ width: 260, maxWidth: '100%' }}
            value={unitId}
            onChange={(v?: string) => set('unitId', v)}
            options={unitOptions}
          />
        </Flex>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k === 'ledger' ? undefined : k)}
        items={[
          { key: 'ledger', label: t('ledgerTab'), children: ledgerTab },
          {
            key: 'eligibility',
            label: t('eligibilityTab'),
            children: eligibilityTab,
          },
        ]}
      />
    </Page>
  );
}
