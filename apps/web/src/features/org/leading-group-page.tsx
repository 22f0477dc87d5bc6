/** 领导小组: head, deputy heads with the units in their charge, members with duties. */
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Descriptions, Empty, Flex, Popconfirm, Space, Table, Tag } from 'antd';
import { org, type ResponseOf } from '@luoshi/contracts';
import { GROUP_POSITION_LABELS } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { orgDict } from './messages.ts';
import { personOptions, unitOptions, useAllPeople, useAllUnits } from './lookups.ts';
import { AddMemberModal, ChargesModal, EditGroupModal } from './group-dialogs.tsx';

type Member = ResponseOf<typeof org.getLeadingGroup>['members'][number];
type Dialog = { kind: 'add' } | { kind: 'edit' } | { kind: 'charges'; member: Member } | null;

export function LeadingGroupPage() {
  const t = useT(orgDict);
  const label = useLabel();
  const { can } = useSession();
  const manage = can('org.manage');
  const group = useLoad((signal) => call(org.getLeadingGroup, { signal }), []);
  const { units, byId } = useAllUnits();
  const { people } = useAllPeople();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { run } = useAction();

  if (group.error) return <ErrorAlert error={group.error} />;
  if (!group.data) return <Loading />;
  const g = group.data;
  const unitName = (id: string | null) => (id ? (byId.get(id)?.name ?? '') : '');
  const uOptions = unitOptions(units);
  const head = g.members.filter((m) => m.position === 'head');
  const deputies = g.members.filter((m) => m.position === 'deputy_head');
  const members = g.members.filter((m) => m.position === 'member');

  const remove = (m: Member) =>
    run(() => call(org.removeGroupMember, { params: { id: m.id } }), t('saved'))
      .then(() => group.reload())
      .catch(() => undefined);

  const chargedTags = (m: Member) =>
    m.chargedUnitIds.map((id) => (
      <Tag key={id} style={{ marginBottom: 4 }}>
        <Link to={`/app/units/${id}`}>{byId.get(id)?.shortName ?? unitName(id)}</Link>
      </Tag>
    ));

  const actions = (m: Member, charges: boolean) =>
    manage ? (
      <Space size="small" wrap>
        {charges && (
          <Button size="small" type="link" onClick={() => setDialog({ kind: 'charges', member: m })}>
            {t('setCharges')}
          </Button>
        )}
        <Popconfirm title={t('removeConfirm', { name: m.name })} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => remove(m)}>
          <Button size="small" type="link" danger>
            {t('remove')}
          </Button>
        </Popconfirm>
      </Space>
    ) : null;

  const columns = (withCharges: boolean) => [
    { title: t('personName'), dataIndex: 'name', key: 'name' },
    { title: t('position'), dataIndex: 'position', key: 'position', render: (p: Member['position']) => label(GROUP_POSITION_LABELS[p]) },
    { title: t('memberUnit'), dataIndex: 'unitName', key: 'unit' },
    ...(withCharges ? [{ title: t('chargedUnits'), key: 'charges', render: (_: unknown, m: Member) => <Flex wrap>{chargedTags(m)}</Flex> }] : []),
    { title: t('duty'), dataIndex: 'duty', key: 'duty' },
    ...(manage ? [{ title: t('actions'), key: 'actions', render: (_: unknown, m: Member) => actions(m, withCharges) }] : []),
  ];

  return (
    <Page
      title={g.name || t('leadingGroup')}
      extra={
        manage && (
          <>
            <Button onClick={() => setDialog({ kind: 'edit' })}>{t('editGroup')}</Button>
            <Button type="primary" onClick={() => setDialog({ kind: 'add' })}>
              {t('addMember')}
            </Button>
          </>
        )
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'office', label: t('office'), children: g.officeUnitId ? <Link to={`/app/units/${g.officeUnitId}`}>{unitName(g.officeUnitId)}</Link> : t('none') },
            { key: 'head', label: t('head'), children: head.map((m) => m.name).join('、') || t('none') },
          ]}
        />
      </Card>
      {g.members.length === 0 && <Empty description={t('noGroup')} />}
      {head.length + deputies.length > 0 && (
        <Card size="small" title={`${t('head')} / ${t('deputyHeads')}`} style={{ marginBottom: 16 }}>
          <Table<Member> rowKey="id" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={[...head, ...deputies]} columns={columns(true)} />
        </Card>
      )}
      {members.length > 0 && (
        <Card size="small" title={t('members')}>
          <Table<Member> rowKey="id" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={members} columns={columns(false)} />
        </Card>
      )}
      {dialog?.kind === 'add' && (
        <AddMemberModal people={personOptions(people, unitName)} units={uOptions} onClose={() => setDialog(null)} onSaved={() => group.reload()} />
      )}
      {dialog?.kind === 'edit' && <EditGroupModal name={g.name} officeUnitId={g.officeUnitId} units={uOptions} onClose={() => setDialog(null)} onSaved={() => group.reload()} />}
      {dialog?.kind === 'charges' && (
        <ChargesModal
          person={{ personId: dialog.member.personId, name: dialog.member.name }}
          current={dialog.member.chargedUnitIds}
          units={uOptions}
          onClose={() => setDialog(null)}
          onSaved={() => group.reload()}
        />
      )}
    </Page>
  );
}
