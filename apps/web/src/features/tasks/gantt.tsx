/**
 * The timetable (R-TASK-4, 以目标倒逼程序) in plain divs: for every task its planned start–end bar
 * and its actual start–end bar (coloured by its light), grouped by the tree, with a line for today.
 * One scrolling box: the names stay on the left and the months on top while it scrolls either
 * way, and only the rows in view are drawn, so a county's whole year stays quick.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Grid } from 'antd';
import { addDays, today as todayOf } from '../../lib/format.ts';
import { useLang, useT } from '../../lib/i18n.tsx';
import { LIGHT_COLORS } from '../../lib/lights.tsx';
import { taskDict } from './messages.ts';
import { flatten, type TreeNode } from './query.ts';

export type Zoom = 'month' | 'week' | 'day';
const PX_PER_DAY: Record<Zoom, number> = { month: 3, week: 10, day: 28 };
const ROW = 32;
const HEAD = 46;
const OVERSCAN = 12;

const dayNo = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

function monthStart(d: string) {
  return `${d.slice(0, 7)}-01`;
}
function monthAfter(d: string) {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export function Gantt({ tree, zoom, from, to }: { tree: TreeNode[]; zoom: Zoom; from?: string; to?: string }) {
  const t = useT(taskDict);
  const { lang } = useLang();
  const screens = Grid.useBreakpoint();
  const labelW = screens.md ? 320 : 150;
  const px = PX_PER_DAY[zoom];
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const rows = useMemo(() => flatten(tree, collapsed), [tree, collapsed]);
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const today = todayOf();

  // the span: the campaign's dates, every bar, and today, widened to whole months
  const [start, end] = useMemo(() => {
    const all = flatten(tree, new Set()).flatMap(({ row: r }) => [r.plannedStart, r.plannedEnd, r.actualStart, r.actualEnd]);
    const dates = [from, to, today, ...all].filter((d): d is string => !!d).sort();
    const first = monthStart(dates[0] ?? today);
    const last = addDays(monthAfter(dates[dates.length - 1] ?? today), -1);
    return [first, last];
  }, [tree, from, to, today]);
  const days = dayNo(end) - dayNo(start) + 1;
  const width = days * px;
  const x = (d: string) => (dayNo(d) - dayNo(start)) * px;

  const months = useMemo(() => {
    const out: { at: string; label: string }[] = [];
    for (let m = start; m <= end; m = monthAfter(m)) {
      const month = Number(m.slice(5, 7));
      out.push({
        at: m,
        label:
          month === 1 || m === start ? (lang === 'zh' ? `${m.slice(0, 4)}年${month}月` : `${m.slice(0, 7)}`) : lang === 'zh' ? `${month}月` : m.slice(5, 7),
      });
    }
    return out;
  }, [start, end, lang]);
  const ticks = useMemo(() => {
    if (zoom === 'month') return [];
    const step = zoom === 'week' ? 7 : 1;
    const out: string[] = [];
    for (let d = start; d <= end; d = addDays(d, step)) out.push(d);
    return out;
  }, [zoom, start, end]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setScroll({ top: el.scrollTop, height: el.clientHeight });
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);

  // bring today into view once per scale and span, as soon as there is something to scroll
  const scrolledFor = useRef('');
  useLayoutEffect(() => {
    const el = box.current;
    const key = `${zoom}|${start}|${end}|${labelW}`;
    if (!el || scrolledFor.current === key || el.scrollWidth <= el.clientWidth) return;
    scrolledFor.current = key;
    el.scrollLeft = Math.max(0, x(today) - (el.clientWidth - labelW) / 2);
  });

  const first = Math.max(0, Math.floor(scroll.top / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scroll.top + scroll.height) / ROW) + OVERSCAN);
  const toggle = (id: string) =>
    setCollapsed((c) => {
      const n = new Set(c);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const tip = (r: TreeNode) =>
    [
      `${r.code} ${r.title}`,
      `${t('planned')}${t('colon')}${r.plannedStart ?? '?'} ~ ${r.plannedEnd ?? '?'}`,
      `${t('actualBar')}${t('colon')}${r.actualStart ? `${r.actualStart} ~ ${r.actualEnd ?? t('ongoing')}` : t('noDates')}`,
      `${t('progress')}${t('colon')}${r.rolledProgress}%`,
      lang === 'zh' ? r.lightText.zh : r.lightText.en,
    ].join('\n');

  const bodyH = rows.length * ROW;
  return (
    <div
      ref={box}
      className="ls-gantt"
      data-testid="gantt"
      onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
      style={{ ['--ls-label-w' as string]: `${labelW}px` }}
    >
      <div style={{ width: labelW + width, position: 'relative' }}>
        <div className="ls-gantt-head" style={{ height: HEAD }}>
          <div className="ls-gantt-label ls-gantt-corner" style={{ width: labelW, height: HEAD }}>
            {t('code')} / {t('title')}
          </div>
          <div style={{ position: 'relative', width, height: HEAD }}>
            {months.map((m) => (
              <div key={m.at} className="ls-gantt-month" style={{ left: x(m.at), width: (dayNo(monthAfter(m.at)) - dayNo(m.at)) * px }}>
                {m.label}
              </div>
            ))}
            {ticks.map((d) => (
              <div key={d} className="ls-gantt-tick" style={{ left: x(d), width: px * (zoom === 'week' ? 7 : 1) }}>
                {Number(d.slice(8))}
              </div>
            ))}
            <div className="ls-gantt-today-label" style={{ left: x(today) + px / 2 }}>
              {t('today')}
            </div>
          </div>
        </div>
        <div style={{ position: 'relative', height: Math.max(bodyH, ROW) }}>
          <div className="ls-gantt-grid" style={{ left: labelW, width, height: Math.max(bodyH, ROW) }}>
            {months.map((m) => (
              <div key={m.at} className="ls-gantt-gridline" style={{ left: x(m.at) }} />
            ))}
            <div className="ls-gantt-today" style={{ left: x(today) + px / 2 }} data-testid="gantt-today" />
          </div>
          {rows.length === 0 && <div className="ls-gantt-empty">{t('noTasks')}</div>}
          {rows.slice(first, last).map(({ row: r, depth, hasChildren }, i) => {
            const top = (first + i) * ROW;
            const ps = r.plannedStart ?? r.plannedEnd;
            const actualEnd = r.actualEnd ?? (r.actualStart ? (today > r.actualStart ? today : r.actualStart) : null);
            return (
              <div key={r.id} className={`ls-gantt-row${r.match ? '' : ' ls-row-context'}`} style={{ top, height: ROW }}>
                <div className="ls-gantt-label" style={{ width: labelW, paddingInlineStart: 6 + depth * 12 }}>
                  {hasChildren ? (
                    <button type="button" className="ls-gantt-caret" aria-expanded={!collapsed.has(r.id)} aria-label={r.title} onClick={() => toggle(r.id)}>
                      {collapsed.has(r.id) ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span className="ls-gantt-caret" />
                  )}
                  <Link to={`/app/tasks/${r.id}`} title={`${r.code} ${r.title}`} className="ls-gantt-name">
                    <span className="ls-code">{r.code}</span> {r.title}
                  </Link>
                </div>
                <div className="ls-gantt-track" style={{ width }} title={tip(r)}>
                  {ps && r.plannedEnd && (
                    <div
                      className={`ls-gantt-bar ls-gantt-planned${hasChildren ? ' ls-gantt-group' : ''}${r.plannedStart ? '' : ' ls-gantt-point'}`}
                      data-kind="planned"
                      style={{ left: x(ps), width: Math.max(px, x(r.plannedEnd) - x(ps) + px) }}
                    />
                  )}
                  {r.actualStart && actualEnd && (
                    <div
                      className={`ls-gantt-bar ls-gantt-actual${r.actualEnd ? '' : ' ls-gantt-ongoing'}`}
                      data-kind="actual"
                      style={{ left: x(r.actualStart), width: Math.max(px, x(actualEnd) - x(r.actualStart) + px), background: LIGHT_COLORS[r.light] }}
                    />
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
