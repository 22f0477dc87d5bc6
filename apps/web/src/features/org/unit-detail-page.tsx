/** One unit: its facts, posts with holders and their history, people, sub-units; managing them. */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Card, Descriptions, Flex, Popconfirm, Space, Table, Tag, Timeline, Typography } from 'antd';
import { org, type PersonT, type PostT, type UnitT } from '@luoshi/contracts';
import { UNIT_FUNCTION_LABELS, UNIT_KIND_LABELS, UNIT_ROLE_LABELS } from '@luoshi/domain';
import { call } from '../../lib/api.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Loading, Page } from '../../lib/ui.tsx';
import { orgDict } from './messages.ts';
import { personOptions, useAllPeople, useAllUnits } from './lookups.ts';
import { UnitFormModal } from './unit-form.tsx';
import { AppointModal, NewPostModal, VacateModal } from './post-dialogs.tsx';

type Dialog = { kind: 'edit' } | { kind: 'post' } | { kind: 'appoint'; post: PostT } | { kind: 'vacate'; post: PostT } | null;

export function UnitDetailPage() {
  const { id = '' } = useParams();
  const t = useT(orgDict);
  const label = useLabel();
  const navigate = useNavigate();
  const { can } = useSession();
  const manage = can('org.manage');
  const detail = useLoad((signal) => call(org.getUnit, { params: { id }, signal }), [id]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { run, busy } = useAction();
  const { people } = useAllPeople();
  const { byId: units } = useAllUnits();

  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loading />;
  const { unit, posts, leaders, children } = detail.data;
  const unitName = (uid: string | null) => (uid ? (units.get(uid)?.shortName ?? units.get(uid)?.name ?? '') : '');

  const setActive = (active: boolean) =>
    run(() => call(org.updateUnit, { params: { id: unit.id }, body: { active } }), active ? t('reactivated') : t('deactivated'))
      .then(() => detail.reload())
      .catch(() => undefined);

  const extra = manage && (
    <Space wrap>
      <Button onClick={() => setDialog({ kind: 'edit' })}>{t('editUnit')}</Button>
      {unit.active ? (
        <Popconfirm title={t('deactivateConfirm')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => setActive(false)}>
          <Button danger loading={busy}>
            {t('deactivate')}
          </Button>
        </Popconfirm>
      ) : (
        <Button onClick={() => void setActive(true)} loading={busy}>
          {t('reactivate')}
        </Button>
      )}
    </Space>
  );

  return (
    <Page title={unit.name} extra={<>
      <Button onClick={() => navigate('/app/units')}>{t('back')}</Button>
      {extra}
    </>}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'short', label: t('shortName'), children: unit.shortName ?? '' },
            { key: 'en', label: t('nameEn'), children: unit.nameEn ?? '' },
            { key: 'code', label: t('code'), children: unit.code ?? '' },
            { key: 'kind', label: t('kind'), children: <Tag>{label(UNIT_KIND_LABELS[unit.kind])}</Tag> },
            { key: 'fn', label: t('functions'), children: unit.functions.map((f) => <Tag color="blue" key={f}>{label(UNIT_FUNCTION_LABELS[f])}</Tag>) },
            { key: 'leaders', label: t('leaders'), children: leaders.map((l) => l.name).join('、') },
            { key: 'count', label: t('headcount'), children: unit.headcount },
            { key: 'status', label: t('status'), children: unit.active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag> },
            ...(unit.parentId ? [{ key: 'parent', label: t('parentUnit'), children: <Link to={`/app/units/${unit.parentId}`}>{unitName(unit.parentId)}</Link> }] : []),
          ]}
        />
      </Card>

      <Card size="small" title={t('posts')} style={{ marginBottom: 16 }} extra={manage && unit.active && <Button size="small" onClick={() => setDialog({ kind: 'post' })}>{t('newPost')}</Button>}>
        <Table<PostT>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={posts}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (p) => <History post={p} />,
            rowExpandable: (p) => p.history.length > 0,
          }}
          columns={[
            { title: t('post'), dataIndex: 'title' },
            { title: t('role'), dataIndex: 'role', render: (r: PostT['role']) => label(UNIT_ROLE_LABELS[r]) },
            {
              title: t('holder'),
              dataIndex: 'holder',
              render: (h: PostT['holder']) => (h ? h.name : <Typography.Text type="secondary">{t('vacant')}</Typography.Text>),
            },
            { title: t('since'), key: 'since', render: (_, p) => p.holder?.since ?? '' },
            ...(manage
              ? [
                  {
                    title: t('actions'),
                    key: 'actions',
                    render: (_: unknown, p: PostT) => (
                      <Space size="small">
                        <Button size="small" type="link" onClick={() => setDialog({ kind: 'appoint', post: p })}>
                          {t('appoint')}
                        </Button>
                        {p.holder && (
                          <Button size="small" type="link" danger onClick={() => setDialog({ kind: 'vacate', post: p })}>
                            {t('vacate')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Card size="small" title={t('staff')} style={{ marginBottom: 16 }}>
        <Table<PersonT>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={detail.data.people}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('personName'), dataIndex: 'name' },
            { title: t('title'), dataIndex: 'title' },
            { title: t('phone'), dataIndex: 'phone', render: (v: string | null) => v ?? t('hidden') },
            { title: t('status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('personActive')}</Tag> : <Tag>{t('inactive')}</Tag>) },
          ]}
        />
      </Card>

      {children.length > 0 && (
        <Card size="small" title={t('children')}>
          <Flex gap={8} wrap>
            {children.map((c: UnitT) => (
              <Link key={c.id} to={`/app/units/${c.id}`}>
                {c.name}
              </Link>
            ))}
          </Flex>
        </Card>
      )}

      {dialog?.kind === 'edit' && <UnitFormModal unit={unit} onClose={() => setDialog(null)} onSaved={() => detail.reload()} />}
      {dialog?.kind === 'post' && <NewPostModal unitId={unit.id} onClose={() => setDialog(null)} onSaved={() => detail.reload()} />}
      {dialog?.kind === 'appoint' && (
        <AppointModal post={dialog.post} people={personOptions(people, unitName)} onClose={() => setDialog(null)} onSaved={() => detail.reload()} />
      )}
      {dialog?.kind === 'vacate' && <VacateModal post={dialog.post} onClose={() => setDialog(null)} onSaved={() => detail.reload()} />}
    </Page>
  );
}

function History({ post }: { post: PostT }) {
  const t = useT(orgDict);
  if (!post.history.length) return <Typography.Text type="secondary">{t('noHistory')}</Typography.Text>;
  return (
    <div>
      <Typography.Text strong>{t('history')}</Typography.Text>
      <Timeline
        style={{ marginTop: 12, marginBottom: -24 }}
        items={[...post.history].reverse().map((h, i) => ({
          key: `${h.personId}-${h.from}-${i}`,
          color: h.to ? 'gray' : 'green',
          children: `${h.name}  ${t('fromTo', { from: h.from, to: h.to ?? t('present') })}`,
        }))}
      />
    </div>
  );
}
