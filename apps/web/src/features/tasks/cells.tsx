/** Small pieces the task pages share: the type tag, the status tag, the progress bar. */
import { Progress, Tag } from 'antd';
import { NODE_TYPE_LABELS, TASK_STATUS_LABELS, type NodeType, type TaskStatus } from '@luoshi/domain';
import { useLabel } from '../../lib/i18n.tsx';
import { TASK_STATUS_COLORS } from '../../lib/status.ts';

const TYPE_COLORS: Record<NodeType, string> = { goal: 'geekblue', project: 'blue', task: 'cyan', milestone: 'default', obstacle: 'volcano' };

export function TypeTag({ type }: { type: NodeType }) {
  const label = useLabel();
  return <Tag color={TYPE_COLORS[type]}>{label(NODE_TYPE_LABELS[type])}</Tag>;
}

export function StatusTag({ status }: { status: TaskStatus }) {
  const label = useLabel();
  return <Tag color={TASK_STATUS_COLORS[status]}>{label(TASK_STATUS_LABELS[status])}</Tag>;
}

export function ProgressBar({ value, width = 120 }: { value: number; width?: number }) {
  return (
    <div style={{ width }} data-progress={value}>
      <Progress percent={Math.round(value * 10) / 10} size="small" format={(p) => `${p}%`} style={{ margin: 0 }} />
    </div>
  );
}
