/**
 * 难题: the obstacles that hold a key project up (funding, land, policy, approval, social
 * environment), each a child node owned and dated like a task. The project page lists them apart
 * from its other children and counts the ones still open.
 */
import { Link } from 'react-router';
import { Card, Table, Tag } from 'antd';
import type { TaskRowT } from '@luoshi/contracts';
import { OBSTACLE_KIND_LABELS } from '@luoshi/domain';
import { useLabel, useT } from '../../lib/i18n.tsx';
import { LightDot } from '../../lib/lights.tsx';
import { taskDict } from './messages.ts';
import { StatusTag } from './cells.tsx';

/** An obstacle is open until it is resolved (completed) or withdrawn (cancelled). */
export const isOpenObstacle = (r: TaskRowT) => r.nodeType === 'obstacle' && r.status !== 'completed' && r.status !== 'cancelled';

export function ObstaclesCard({ obstacles }: { obstacles: TaskRowT[] }) {
  const t = useT(taskDict);
  const label = useLabel();
  const open = obstacles.filter(isOpenObstacle).length;
  const rows = [...obstacles].sort((a, b) => Number(isOpenObstacle(b)) - Number(isOpenObstacle(a)) || a.code.localeCompare(b.code, undefined, { numeric: true }));
  return (
    <Card
      size="small"
      title={t('obstacles')}
      extra={
        <Tag color={open ? 'volcano' : 'green'} data-testid="open-obstacles" data-count={open}>
          {open ? t('obstaclesOpen', { n: open }) : t('obstaclesNoneOpen')}
        </Tag>
      }
      style={{ marginBottom: 16 }}
    >
      <Table<TaskRowT>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('noObstacles') }}
        rowClassName={(r) => (isOpenObstacle(r) ? '' : 'ls-row-context')}
        columns={[
          { title: t('title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/app/tasks/${r.id}`}>{v}</Link> },
          { title: t('obstacleKind'), dataIndex: 'obstacleKind', render: (k: TaskRowT['obstacleKind']) => (k ? label(OBSTACLE_KIND_LABELS[k]) : '') },
          { title: t('leadUnit'), dataIndex: 'leadUnitName', render: (n: string | null) => n ?? '' },
          { title: t('due'), dataIndex: 'plannedEnd', render: (d: string | null) => d ?? '' },
          { title: t('light'), dataIndex: 'light', render: (l: TaskRowT['light'], r) => <LightDot light={l} reason={r.lightText} compact /> },
          { title: t('status'), dataIndex: 'status', render: (s: TaskRowT['status']) => <StatusTag status={s} /> },
        ]}
      />
    </Card>
  );
}
