/**
 * 群众诉求: the cases the user may see (the office and inspecting units all, a unit its own), with
 * filters by status, unit, category and overdue; personal data masked. Staff register calls,
 * letters, visits and media reports here.
 */
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Checkbox, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { cases } from '@luoshi/contracts';
import { CASE_CHANNEL_LABELS, CASE_STATUSES, CASE_STATUS_LABELS, type CaseStatus } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { LoadMore, usePagedList } from '../../lib/paging.tsx';
import { useAllUnits } from '../../lib/lookups.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { casesDict } from './messages.ts';
import { CaseStatusTag, SubmitterText, useCategories, type CaseRowT } from './parts.tsx';
import { IntakeDialog } from './intake-dialog.tsx';

/** Cases read a page at a time. */
const PAGE = 50;

export function CasesPage() {
  const t = useT(casesDict);
  const label = useLabel();
  const { lang } = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const [intake, setIntake] = useState(false);
  const { units } = useAllUnits();
  const { categories } = useCategories();
  const status = (sp.get('status') ?? undefined) as CaseStatus | undefined;
  const unitId = sp.get('unitId') ?? undefined;
  const categoryId = sp.get('categoryId') ?? undefined;
  const overdue = sp.get('overdue') === 'true';
  const q = sp.get('q') ?? undefined;
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v);
    else next.delete(k);
    setSp(next, { replace: true });
  };
  const list = usePagedList(
    (cursor, signal) => call(cases.listCases, { query: { status, unitId, categoryId, overdue: overdue ? 'true' : undefined, q, limit: PAGE, cursor }, signal }),
    [status, unitId, categoryId, overdue, q, lang],
    (c) => c.id,
  );

  return (
    <Page
      title={t('cases')}
      extra={
        <>
          <Button onClick={() => navigate('/app/case-satisfaction')}>{t('satisfactionStats')}</Button>
          {can('case.configure') && <Button onClick={() => navigate('/app/case-categories')}>{t('manageCategories')}</Button>}
          {can('case.intake') && (
            <Button type="primary" onClick={() => setIntake(true)}>
              {t('intake')}
            </Button>
          )}
        </>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 16 }} align="center">
        <Input.Search allowClear defaultValue={q} placeholder={t('searchCases')} aria-label={t('search')} style={{ maxWidth: 260 }} onSearch={(v) => set('q', v.trim() || undefined)} />
        <Select
          allowClear
          placeholder={t('status')}
          aria-label={t('status')}
          style={{ minWidth: 150 }}
          value={status}
          onChange={(v?: string) => set('status', v)}
          options={CASE_STATUSES.map((s) => ({ value: s, label: label(CASE_STATUS_LABELS[s]) }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('unit')}
          aria-label={t('unit')}
          style={{ minWidth: 180 }}
          value={unitId}
          onChange={(v?: string) => set('unitId', v)}
          options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('category')}
          aria-label={t('category')}
          style={{ minWidth: 150 }}
          value={categoryId}
          onChange={(v?: string) => set('categoryId', v)}
          options={categories.map((c) => ({ value: c.id, label: label({ zh: c.name, en: c.nameEn }) }))}
        />
        <Checkbox checked={overdue} onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}>
          {t('overdueOnly')}
        </Checkbox>
        {list.total !== undefined ? <Typography.Text type="secondary">{t('total', { n: list.total })}</Typography.Text> : null}
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<CaseRowT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('number'), dataIndex: 'number', render: (v: string, c) => <Link to={`/app/cases/${c.id}`}>{v}</Link> },
          {
            title: t('title'),
            dataIndex: 'title',
            render: (v: string, c) => (
              <Flex gap={4} wrap>
                <span>{v}</span>
                {c.petition && <Tag color="volcano">{t('petition')}</Tag>}
                {c.backlog && <Tag color="red">{t('backlog')}</Tag>}
                {c.dispute && <Tag color="orange">{t('dispute')}</Tag>}
              </Flex>
            ),
          },
          { title: t('category'), dataIndex: 'categoryName' },
          { title: t('channel'), dataIndex: 'channel', render: (v: CaseRowT['channel']) => label(CASE_CHANNEL_LABELS[v]) },
          { title: t('submitter'), key: 'submitter', render: (_, c) => <SubmitterText s={c.submitter} /> },
          { title: t('unit'), dataIndex: 'ownerUnitName' },
          { title: t('status'), dataIndex: 'status', render: (v: CaseStatus) => <CaseStatusTag status={v} /> },
          {
            title: t('due'),
            dataIndex: 'dueOn',
            render: (v: string | null, c) => (
              <Flex gap={4}>
                <span>{v ?? ''}</span>
                {c.overdue && <Tag color="error">{t('overdue')}</Tag>}
              </Flex>
            ),
          },
          { title: t('received'), dataIndex: 'receivedOn' },
        ]}
      />
      <LoadMore list={list} />
      {intake && <IntakeDialog onClose={() => setIntake(false)} onSaved={(c) => navigate(`/app/cases/${c.id}`)} />}
    </Page>
  );
}
