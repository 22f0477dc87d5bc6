/**
 * Status lights (R-PROG-3) as the pages show them: a coloured dot with a short name, and the rule
 * that set the light on hover.
 */
import { Tooltip } from 'antd';
import type { Light, LightRule } from '@luoshi/domain';
import { useLabel, type Text2 } from './i18n.tsx';

export const LIGHT_ORDER: Light[] = ['red', 'yellow', 'green', 'done', 'none'];

export const LIGHT_COLORS: Record<Light, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  done: '#1d5fbf',
  none: '#bfbfbf',
};

export const LIGHT_SHORT: Record<Light, Text2> = {
  green: { zh: '绿灯', en: 'Green' },
  yellow: { zh: '黄灯', en: 'Yellow' },
  red: { zh: '红灯', en: 'Red' },
  done: { zh: '已办结', en: 'Done' },
  none: { zh: '不计灯', en: 'Not tracked' },
};

/** The rules as names, for lists of light changes where only the rule is known. */
export const LIGHT_RULE_LABELS: Record<LightRule, Text2> = {
  completed: { zh: '已办结', en: 'completed' },
  cancelled: { zh: '已撤销', en: 'cancelled' },
  no_due_date: { zh: '未设完成时间', en: 'no due date' },
  overdue: { zh: '已逾期', en: 'overdue' },
  far_behind: { zh: '严重落后计划', en: 'far behind plan' },
  not_started: { zh: '逾期未启动', en: 'not started in time' },
  behind: { zh: '落后计划', en: 'behind plan' },
  due_soon: { zh: '临近完成时限', en: 'due soon' },
  on_schedule: { zh: '按计划推进', en: 'on schedule' },
  child_red: { zh: '下级任务亮红灯', en: 'a part below is red' },
  child_yellow: { zh: '下级任务亮黄灯', en: 'a part below is yellow' },
};

export function isLight(v: string | null | undefined): v is Light {
  return !!v && v in LIGHT_COLORS;
}

/** A dot and the light's short name; hovering (or tapping) shows why the light is what it is. */
export function LightDot({ light, reason, compact }: { light: Light; reason?: Text2 | string; compact?: boolean }) {
  const label = useLabel();
  const text = typeof reason === 'string' ? reason : label(reason);
  const dot = (
    <span className="ls-light" data-light={light} tabIndex={text ? 0 : undefined} aria-label={`${label(LIGHT_SHORT[light])}${text ? `:${text}` : ''}`}>
      <span className="ls-light-dot" style={{ background: LIGHT_COLORS[light] }} />
      {!compact && <span>{label(LIGHT_SHORT[light])}</span>}
    </span>
  );
  return text ? <Tooltip title={text}>{dot}</Tooltip> : dot;
}
