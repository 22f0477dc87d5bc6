/**
 * 满意度统计: per owner unit, the cases received in a period, how many were closed and rated, the
 * residents' ratings and the rate; sortable, and downloadable as .xlsx. A unit sees its own row.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { cases, type ResponseOf } from '@luoshi/contracts';
import { call, download } from '../../lib/api.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { today } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { casesDict } from './messages.ts';

type RowT = ResponseOf<typeof cases.satisfaction>['items'][number];
type Num = 'cases' | 'closed' | 'rated' | 'satisfied' | 'basic' | 'unsatisfied' | 'overdue';

export function SatisfactionPage() {
  const t = useT(casesDict);
  const thisYear = Number(today().slice(0, 4));
  const [year, setYear] = useState<number | 'custom'>(thisYear);
  const [from, setFrom] = useState(`${thisYear}-01-01`);
  const [to, setTo] = useState(today());
  const query = year === 'custom' ? { from, to } : { year };
  const { busy, run } = useAction();
  const stats = useLoad((signal) => call(cases.satisfaction, { query, signal }), [year, from, to]);
  const exportXlsx = () => run(() => download(cases.exportSatisfaction, { params: {} as never, query }, 'satisfaction.xlsx')).catch(() => undefined);
  const num = (key: Num, title: string) => ({ title, dataIndex: key, align: 'right' as const, sorter: (a: RowT, b: RowT) => a[key] - b[key] });
  const years = Array.from({ length: 15 }, (_, i) => thisYear - i);

  return (
    <Page
      title={t('satisfactionStats')}
      extra={
        <>
          <Button loading={busy} onClick={exportXlsx} data-testid="satisfaction-export">
            {t('exportXlsx')}
          </Button>
          <Link to="/app/cases">{t('back')}</Link>
        </>
      }
    >
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t('period')}</Typography.Text>
        <Select
          aria-label={t('period')}
          value={year}
          style={{ width: 140 }}
          onChange={setYear}
          options={[...years.map((y) => ({ value: y as number | 'custom', label: String(y) })), { value: 'custom', label: t('customPeriod') }]}
        />
        {year === 'custom' && (
          <>
            <Input type="date" aria-label={t('from')} value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} style={{ width: 160 }} />
            <span>–</span>
            <Input type="date" aria-label={t('to')} value={to} onChange={(e) => e.target.value && setTo(e.target.value)} style={{ width: 160 }} />
          </>
        )}
      </Flex>
      {stats.data ? <Typography.Paragraph type="secondary">{t('satisfactionHint', { mark: stats.data.threshold })}</Typography.Paragraph> : null}
      <ErrorAlert error={stats.error} />
      <Table<RowT>
        rowKey="unitId"
        size="middle"
        loading={stats.loading}
        dataSource={stats.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="satisfaction-table"
        columns={[
          { title: t('unit'), dataIndex: 'unitName', sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'zh') },
          num('cases', t('casesCount')),
          num('closed', t('closedCount')),
          num('rated', t('ratedCount')),
          num('satisfied', t('satisfiedCount')),
          num('basic', t('basicCount')),
          num('unsatisfied', t('unsatisfiedCount')),
          {
            title: t('rate'),
            dataIndex: 'rate',
            align: 'right',
            defaultSortOrder: 'ascend',
            sorter: (a, b) => (a.rate ?? 101) - (b.rate ?? 101),
            render: (v: number | null, r) => (
              <Flex gap={4} justify="end">
                <span>{v === null ? '—' : `${v}%`}</span>
                {r.criticismMark && <Tag color="error">{t('belowMark')}</Tag>}
              </Flex>
            ),
          },
          num('overdue', t('overdueCount')),
        ]}
      />
    </Page>
  );
}
