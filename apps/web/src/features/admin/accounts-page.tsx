/**
 * 账号管理 (三员): the system administrator creates, disables and resets accounts; the security
 * administrator unlocks and sets the system role. The table shows locked and must-change states.
 */
import { useMemo, useState } from 'react';
import { Button, Flex, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { admin, org, type UserAccountT } from '@luoshi/contracts';
import { SYSTEM_ROLE_LABELS } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { LoadMore, allPages, usePagedList } from '../../lib/paging.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useLabel, useLang, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { adminDict } from './messages.ts';
import { NewAccountModal, ResetPasswordModal, SystemRoleModal } from './account-dialogs.tsx';

type Dialog = { kind: 'new' } | { kind: 'reset'; user: UserAccountT } | { kind: 'role'; user: UserAccountT } | null;

export function AccountsPage() {
  const t = useT(adminDict);
  const label = useLabel();
  const { lang } = useLang();
  const { can, user: me } = useSession();
  const manage = can('user.manage');
  const unlock = can('user.unlock');
  const grant = can('user.grantSystemRole');
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const list = usePagedList((cursor, signal) => call(admin.listUsers, { query: { q: q || undefined, limit: 50, cursor }, signal }), [q], (u) => u.id);
  const { run } = useAction();

  // who may get an account: the people in post who have none (every page of them)
  const people = useLoad(
    (signal) => (manage ? allPages((cursor) => call(org.listPeople, { query: { account: 'false', active: 'true', limit: 500, cursor }, signal })) : Promise.resolve([])),
    [manage, dialog],
  );
  const units = useLoad((signal) => (manage ? call(org.listUnits, { query: {}, signal }) : Promise.resolve({ items: [] })), [manage]);
  const candidates = useMemo(() => {
    const unitName = new Map((units.data?.items ?? []).map((u) => [u.id, u.name] as const));
    return (people.data ?? [])
      .filter((p) => p.active && !p.hasAccount)
      .map((p) => ({ value: p.id, label: [p.name, p.unitId ? unitName.get(p.unitId) : null, p.title].filter(Boolean).join(' · ') }));
  }, [people.data, units.data]);

  const act = (fn: () => Promise<unknown>, ok: string) =>
    run(fn, ok)
      .then(() => list.reload())
      .catch(() => undefined);

  const status = (u: UserAccountT) => {
    const tags = [];
    if (u.disabled) tags.push(<Tag color="red" key="d">{t('disabled')}</Tag>);
    if (u.lockedUntil) tags.push(<Tag color="orange" key="l">{t('locked', { until: formatInstant(u.lockedUntil, lang) })}</Tag>);
    if (u.mustChangePassword) tags.push(<Tag color="gold" key="m">{t('mustChange')}</Tag>);
    if (!tags.length) tags.push(<Tag color="green" key="n">{t('normal')}</Tag>);
    return <Flex wrap gap={4}>{tags}</Flex>;
  };

  const actions = (u: UserAccountT) => (
    <Space size={0} wrap>
      {manage && u.id !== me?.userId && (
        <Popconfirm
          title={u.disabled ? t('enable') : t('disableConfirm', { name: u.displayName })}
          okText={t('confirm')}
          cancelText={t('cancel')}
          onConfirm={() => act(() => call(admin.updateUser, { params: { id: u.id }, body: { disabled: !u.disabled } }), u.disabled ? t('enabledDone') : t('disabledDone'))}
        >
          <Button size="small" type="link" danger={!u.disabled}>
            {u.disabled ? t('enable') : t('disable')}
          </Button>
        </Popconfirm>
      )}
      {manage && (
        <Button size="small" type="link" onClick={() => setDialog({ kind: 'reset', user: u })}>
          {t('resetPassword')}
        </Button>
      )}
      {unlock && u.lockedUntil && (
        <Button size="small" type="link" onClick={() => act(() => call(admin.unlockUser, { params: { id: u.id } }), t('unlocked'))}>
          {t('unlock')}
        </Button>
      )}
      {grant && u.id !== me?.userId && (
        <Button size="small" type="link" onClick={() => setDialog({ kind: 'role', user: u })}>
          {t('grantRole')}
        </Button>
      )}
    </Space>
  );

  return (
    <Page title={t('accounts')} extra={manage && <Button type="primary" onClick={() => setDialog({ kind: 'new' })}>{t('newAccount')}</Button>}>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('searchAccounts')} style={{ maxWidth: 300 }} onSearch={(v) => setQ(v.trim())} aria-label={t('search')} />
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<UserAccountT>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('name'), dataIndex: 'displayName' },
          { title: t('unit'), dataIndex: 'unitName' },
          {
            title: t('systemRole'),
            dataIndex: 'systemRoles',
            render: (roles: UserAccountT['systemRoles']) => roles.map((r) => <Tag color="purple" key={r}>{label(SYSTEM_ROLE_LABELS[r])}</Tag>),
          },
          { title: t('status'), key: 'status', render: (_, u) => status(u) },
          { title: t('lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatInstant(v, lang) },
          ...(manage || unlock || grant ? [{ title: t('actions'), key: 'actions', render: (_: unknown, u: UserAccountT) => actions(u) }] : []),
        ]}
      />
      <LoadMore list={list} />
      {dialog?.kind === 'new' && <NewAccountModal people={candidates} onClose={() => setDialog(null)} onSaved={() => list.reload()} />}
      {dialog?.kind === 'reset' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} onSaved={() => list.reload()} />}
      {dialog?.kind === 'role' && <SystemRoleModal user={dialog.user} onClose={() => setDialog(null)} onSaved={() => list.reload()} />}
    </Page>
  );
}
