/** 单位: filter by kind, search, and the table of units with functions, leaders in charge and headcount. */
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Checkbox, Flex, Input, Select, Table, Tag } from 'antd';
import { org, type UnitT } from '@luoshi/contracts';
import { UNIT_FUNCTION_LABELS, UNIT_KINDS, UNIT_KIND_LABELS, type UnitKind } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { orgDict } from './messages.ts';
import { useAllPeople } from './lookups.ts';
import { UnitFormModal } from './unit-form.tsx';

export function UnitsPage() {
  const t = useT(orgDict);
  const label = useLabel();
  const { can } = useSession();
  const [kind, setKind] = useState<UnitKind | undefined>(undefined);
  const [q, setQ] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  const list = useLoad(
    (signal) => call(org.listUnits, { query: { kind, q: q || undefined, includeInactive: includeInactive ? 'true' : undefined }, signal }),
    [kind, q, includeInactive],
  );
  const { byId: people } = useAllPeople();
  const manage = can('org.manage');

  return (
    <Page title={t('units')} extra={manage && <Button type="primary" onClick={() => setCreating(true)}>{t('newUnit')}</Button>}>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select<UnitKind | ''>
          style={{ minWidth: 160 }}
          value={kind ?? ''}
          onChange={(v) => setKind(v || undefined)}
          aria-label={t('kind')}
          options={[{ value: '', label: t('allKinds') }, ...UNIT_KINDS.map((k) => ({ value: k, label: label(UNIT_KIND_LABELS[k]) }))]}
        />
        <Input.Search allowClear placeholder={t('searchUnits')} style={{ maxWidth: 320 }} onSearch={(v) => setQ(v.trim())} aria-label={t('search')} />
        <Checkbox checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} style={{ alignSelf: 'center' }}>
          {t('includeInactive')}
        </Checkbox>
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<UnitT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('name'),
            dataIndex: 'name',
            render: (_, u) => (
              <Flex vertical>
                <Link to={`/app/units/${u.id}`}>{u.name}</Link>
                {!u.active && <Tag color="default">{t('inactive')}</Tag>}
              </Flex>
            ),
          },
          { title: t('kind'), dataIndex: 'kind', render: (k: UnitKind) => <Tag>{label(UNIT_KIND_LABELS[k])}</Tag> },
          {
            title: t('functions'),
            dataIndex: 'functions',
            render: (fs: UnitT['functions']) => fs.map((f) => <Tag color="blue" key={f}>{label(UNIT_FUNCTION_LABELS[f])}</Tag>),
          },
          {
            title: t('leaders'),
            dataIndex: 'leaderIds',
            render: (ids: string[]) => ids.map((id) => people.get(id)?.name ?? '…').join('、'),
          },
          { title: t('headcount'), dataIndex: 'headcount', align: 'right' },
        ]}
      />
      {creating && <UnitFormModal onClose={() => setCreating(false)} onSaved={() => list.reload()} />}
    </Page>
  );
}
