/** 人员: filter by unit, search by name; create and edit people when allowed. */
import { useState } from 'react';
import { Button, Flex, Input, Select, Table, Tag } from 'antd';
import { org, type PersonT } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { LoadMore, usePagedList } from '../../lib/paging.tsx';
import { useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { orgDict } from './messages.ts';
import { unitOptions, useAllUnits } from './lookups.ts';
import { PersonFormModal } from './person-form.tsx';

export function PeoplePage() {
  const t = useT(orgDict);
  const { can } = useSession();
  const manage = can('org.manage');
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<PersonT | 'new' | null>(null);
  const list = usePagedList((cursor, signal) => call(org.listPeople, { query: { unitId, q: q || undefined, limit: 50, cursor }, signal }), [unitId, q], (p) => p.id);
  const { units, byId } = useAllUnits();
  const options = unitOptions(units);
  const items = list.items;
  const showPhone = items.some((p) => p.phone !== null);

  return (
    <Page title={t('people')} extra={manage && <Button type="primary" onClick={() => setEditing('new')}>{t('newPerson')}</Button>}>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ minWidth: 220 }}
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('allUnits')}
          value={unitId}
          onChange={(v) => setUnitId(v || undefined)}
          options={options}
          aria-label={t('unit')}
        />
        <Input.Search allowClear placeholder={t('searchPeople')} style={{ maxWidth: 260 }} onSearch={(v) => setQ(v.trim())} aria-label={t('search')} />
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<PersonT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('personName'), dataIndex: 'name' },
          { title: t('gender'), dataIndex: 'gender', render: (g: PersonT['gender']) => t(g) },
          { title: t('title'), dataIndex: 'title' },
          { title: t('unit'), dataIndex: 'unitId', render: (id: string | null) => (id ? (byId.get(id)?.name ?? '') : '') },
          ...(showPhone ? [{ title: t('phone'), dataIndex: 'phone', render: (v: string | null) => v ?? t('hidden') }] : []),
          {
            title: t('account'),
            dataIndex: 'hasAccount',
            render: (has: boolean) => (has ? <Tag color="green">{t('hasAccount')}</Tag> : <Tag>{t('noAccount')}</Tag>),
          },
          { title: t('status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('personActive')}</Tag> : <Tag>{t('inactive')}</Tag>) },
          ...(manage
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  render: (_: unknown, p: PersonT) => (
                    <Button size="small" type="link" onClick={() => setEditing(p)}>
                      {t('edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore list={list} />
      {editing && (
        <PersonFormModal
          person={editing === 'new' ? undefined : editing}
          unitOptions={options}
          defaultUnitId={unitId}
          onClose={() => setEditing(null)}
          onSaved={() => list.reload()}
        />
      )}
    </Page>
  );
}
