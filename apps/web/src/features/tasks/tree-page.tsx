/**
 * 任务分解: the campaign's task tree with its filters in the URL; the lights say why on hover. The
 * office adds, edits and deletes nodes here, and imports a 任务分解表; every reader downloads the
 * template and exports the filtered view (sheet.tsx). Also "my tasks" (scope=mine) and "my charge"
 * (scope=charge).
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { tasks, type CampaignT, type TaskDetailT, type TaskRowT } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useRememberCampaign } from '../../lib/campaign.tsx';
import { CampaignSwitch } from '../../lib/campaign-switch.tsx';
import { useAction } from '../../lib/hooks.ts';
import { PRIORITY_LABELS } from '@luoshi/domain';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { LightDot } from '../../lib/lights.tsx';
import { useSession } from '../../lib/session.tsx';
import { ErrorAlert, Page } from '../../lib/ui.tsx';
import { taskDict } from './messages.ts';
import { FilterBar, useTaskView } from './filter-bar.tsx';
import { activeFilterCount, buildTree, idsWithChildren, type TreeNode } from './query.ts';
import { ProgressBar, StatusTag, TypeTag } from './cells.tsx';
import { TaskFormModal, type TaskFormMode } from './task-form.tsx';
import { SheetButtons } from './sheet.tsx';

export function TaskTreePage() {
  const { id = '' } = useParams();
  const t = useT(taskDict);
  const label = useLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const manage = can('task.manage');
  const view = useTaskView(id);
  const { filters } = view;
  useRememberCampaign(id);
  const [form, setForm] = useState<TaskFormMode | null>(null);
  const { run } = useAction();
  const items = useMemo(() => view.rows.data?.items ?? [], [view.rows.data]);
  const tree = useMemo(() => buildTree(items), [items]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const filtered = activeFilterCount(filters) > 0;

  useEffect(() => {
    // a small tree opens fully; a large one opens down to what matched
    if (items.length <= 300) setExpanded(idsWithChildren(tree));
    else setExpanded(filtered ? items.filter((r) => !r.match).map((r) => r.id) : []);
  }, [tree, items, filtered]);

  const matches = items.filter((r) => r.match).length;
  const title = filters.scope === 'mine' ? t('mine') : filters.scope === 'charge' ? t('charge') : t('tree');
  const edit = (r: TaskRowT) =>
    run(() => call(tasks.getTask, { params: { id: r.id } }))
      .then((task) => setForm({ kind: 'edit', task }))
      .catch(() => undefined);
  const remove = (r: TaskRowT) =>
    run(() => call(tasks.deleteTask, { params: { id: r.id } }), t('deleted'))
      .then(() => view.rows.reload())
      .catch(() => undefined);
  const saved = (d: TaskDetailT) => {
    view.rows.reload();
    if (form?.kind === 'create') void message.info(`${d.code} ${d.title}`);
  };

  return (
    <Page
      title={title}
      extra={
        <>
          <CampaignSwitch campaignId={id} section="tasks" />
          <Button onClick={() => navigate(`/app/campaigns/${id}/timetable${view.search ? `?${view.search}` : ''}`)}>{t('timetable')}</Button>
          {view.campaign.data && <SheetButtons campaignId={id} filters={filters} canImport={manage} onImported={view.rows.reload} />}
          {manage && view.campaign.data && (
            <Button type="primary" onClick={() => setForm({ kind: 'create', parent: null })}>
              {t('newRoot')}
            </Button>
          )}
        </>
      }
    >
      <FilterBar campaign={view.campaign.data} filters={filters} set={view.set} clear={view.clear} />
      <ErrorAlert error={view.rows.error ?? view.campaign.error} />
      {view.rows.data?.truncated && <Alert type="warning" showIcon message={t('truncated', { n: items.length })} style={{ marginBottom: 12 }} />}
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" data-testid="match-count" data-count={matches}>
          {matches === items.length ? t('matches', { n: matches }) : t('matchesOf', { n: matches, shown: items.length })}
        </Typography.Text>
        <Space size="small">
          <Button size="small" onClick={() => setExpanded(idsWithChildren(tree))}>
            {t('expandAll')}
          </Button>
          <Button size="small" onClick={() => setExpanded([])}>
            {t('collapseAll')}
          </Button>
        </Space>
      </Flex>
      <Table<TreeNode>
        rowKey="id"
        size="small"
        loading={view.rows.loading}
        dataSource={tree}
        expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: (keys) => setExpanded(keys as string[]), indentSize: 16 }}
        rowClassName={(r) => (r.match ? 'ls-row-match' : 'ls-row-context')}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: !filtered && filters.scope === 'all' && !view.rows.loading ? (manage ? t('noTasksYetManage') : t('noTasksYet')) : t('noTasks') }}
        columns={[
          { title: t('code'), dataIndex: 'code', render: (c: string) => <span className="ls-code">{c}</span> },
          {
            title: t('title'),
            dataIndex: 'title',
            render: (title: string, r) => (
              <span className="ls-task-title">
                <Link to={`/app/tasks/${r.id}`}>{title}</Link>
                {r.priority !== 'normal' && (
                  <Tag color={r.priority === 'urgent' ? 'red' : 'orange'} style={{ marginInlineStart: 6 }}>
                    {label(PRIORITY_LABELS[r.priority])}
                  </Tag>
                )}
              </span>
            ),
          },
          { title: t('nodeType'), dataIndex: 'nodeType', render: (n: TaskRowT['nodeType']) => <TypeTag type={n} /> },
          { title: t('leadUnit'), dataIndex: 'leadUnitName', render: (n: string | null) => n ?? '' },
          { title: t('due'), dataIndex: 'plannedEnd', render: (d: string | null) => d ?? '' },
          { title: t('progress'), dataIndex: 'rolledProgress', render: (p: number) => <ProgressBar value={p} width={104} /> },
          { title: t('light'), dataIndex: 'light', render: (l: TaskRowT['light'], r) => <LightDot light={l} reason={r.lightText} /> },
          { title: t('status'), dataIndex: 'status', render: (s: TaskRowT['status']) => <StatusTag status={s} /> },
          ...(manage
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  render: (_: unknown, r: TreeNode) => (
                    <RowActions
                      row={r}
                      campaign={view.campaign.data}
                      onAdd={() => setForm({ kind: 'create', parent: r })}
                      onEdit={() => void edit(r)}
                      onDelete={() => void remove(r)}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {form && view.campaign.data && <TaskFormModal campaign={view.campaign.data} mode={form} onClose={() => setForm(null)} onSaved={saved} />}
    </Page>
  );
}

function RowActions({
  row,
  campaign,
  onAdd,
  onEdit,
  onDelete,
}: {
  row: TaskRowT;
  campaign: CampaignT | undefined;
  onAdd: () => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const t = useT(taskDict);
  const canHaveChildren = row.nodeType !== 'milestone' && row.nodeType !== 'obstacle';
  return (
    <Space size={0}>
      {canHaveChildren && campaign && (
        <Button size="small" type="link" onClick={onAdd}>
          {t('addChild')}
        </Button>
      )}
      {campaign && (
        <Button size="small" type="link" onClick={onEdit}>
          {t('edit')}
        </Button>
      )}
      {row.childCount === 0 && (
        <Popconfirm
          title={t('deleteConfirm', { title: row.title })}
          okText={t('confirm')}
          cancelText={t('cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={onDelete}
        >
          <Button size="small" type="link" danger>
            {t('deleteTask')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
