/**
 * One row of the 任务分解表, read and written. Reading understands what people type into real
 * sheets (full-width digits, spaces, 2013年6月30日, 6月底, Excel dates and serials) and collects
 * every problem of the row instead of stopping at the first; writing is its exact inverse, so an
 * exported sheet imports back unchanged. Names of units and people stay names here: the server
 * resolves them.
 */
import { excelSerialToDate, normalizeText, parseLooseDate, parseLooseNumber } from './loose-values.ts';
import { NODE_TYPE_LABELS, OBSTACLE_KIND_LABELS, PRIORITY_LABELS, SOURCE_KIND_LABELS, type NodeType, type ObstacleKind, type Priority, type SourceKind } from './tasks.ts';
import { nodeTypeOf, obstacleKindOf, priorityOf, sourceKindOf, type SheetColumnKey } from './task-sheet.ts';

/** A calendar date from a date-formatted cell (already a local calendar date, never shifted). */
export interface SheetDate {
  date: string;
}
/** A cell as a reader hands it over. */
export type SheetCell = string | number | boolean | SheetDate | null;

export interface SheetIndicator {
  name: string;
  unit: string;
  target: number | null;
  baseline: number | null;
}

/** One row as typed, names unresolved. A field is undefined when its column is not in the sheet. */
export interface TaskSheetRow {
  code: string;
  nodeType: NodeType | null;
  title: string;
  description?: string;
  stream?: string | null;
  sourceKind?: SourceKind;
  sourceRef?: string | null;
  list?: string | null;
  priority?: Priority;
  leadUnit?: string | null;
  cooperatingUnits?: string[];
  principal?: string | null;
  deputy?: string | null;
  handler?: string | null;
  acceptanceStandard?: string;
  indicators?: SheetIndicator[];
  plannedStart?: string | null;
  plannedEnd: string | null;
  weight?: number;
  obstacleKind?: ObstacleKind | null;
  coordinator?: string | null;
}

export interface ColumnIssue {
  column: SheetColumnKey;
  zh: string;
  en: string;
}

export type SheetCells = Partial<Record<SheetColumnKey, SheetCell>>;

function isDate(c: SheetCell): c is SheetDate {
  return typeof c === 'object' && c !== null;
}

/** A number as a person reads it: no binary noise such as 3.2000000000000002. */
export function numberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

/** The cell's text as written, unnormalised ('' for an empty cell). */
export function cellText(c: SheetCell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return numberText(c);
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  if (isDate(c)) return c.date;
  return c;
}

/**
 * Narrative text keeps its characters (NFKC would turn the Chinese comma ,into an ASCII comma);
 * only spaces, the ideographic space and invisible characters are tidied.
 */
export function plainText(s: string): string {
  return s.replace(/[\u200B-\u200D\uFEFF]/g, '').replace(/\s+/g, ' ').trim();
}
/** Long text: each line tidied as plainText, line breaks kept, blank lines at either end dropped. */
export function multilineText(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map(plainText)
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}
/** Names of units and people: width folded, every space dropped (王  伟 is 王伟). */
export function nameKey(s: string): string {
  return normalizeText(s).replace(/\s/g, '');
}

/** 配合单位: several names separated by 、,; or line breaks (full-width forms too). */
export function splitNames(s: string): string[] {
  const out: string[] = [];
  for (const part of normalizeText(s.replace(/\r\n|\r|\n/g, ';')).split(/[、,;]/)) {
    const n = nameKey(part);
    if (n && !out.includes(n)) out.push(n);
  }
  return out;
}

export type DateCell = { ok: true; date: string | null } | { ok: false };

/** A date column: a date cell, a serial, 20130630, or text such as 2013年6月30日, 6月底, 三季度末. */
export function parseDateCell(c: SheetCell | undefined, year: number, date1904 = false): DateCell {
  if (c === null || c === undefined || c === '') return { ok: true, date: null };
  if (isDate(c)) return { ok: true, date: c.date };
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19000101 && c <= 22001231) return fromLoose(String(c), year);
    // a serial before 1954 is far more likely a typed number (2013, 6.3) than a date
    if (c < 20000) return { ok: false };
    const d = excelSerialToDate(date1904 ? c + 1462 : c);
    return d ? { ok: true, date: d } : { ok: false };
  }
  if (typeof c === 'boolean') return { ok: false };
  if (!normalizeText(c)) return { ok: true, date: null };
  return fromLoose(c, year);
}
function fromLoose(s: string, year: number): DateCell {
  const r = parseLooseDate(s, year);
  return r.ok ? { ok: true, date: r.date } : { ok: false };
}

/** Lines of a multi-line cell, trailing blank lines dropped down to `keep` lines. */
function cellLines(c: SheetCell | undefined, keep = 0): string[] {
  const t = cellText(c);
  if (!t.trim()) return [];
  const lines = t.split(/\r\n|\r|\n/).map(plainText);
  while (lines.length > Math.max(keep, 1) && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const DATE_HINT = { zh: '可写 2013-06-30、2013年6月30日、6月底、三季度末', en: 'write e.g. 2013-06-30, 2013年6月30日, 6月底, 三季度末' };

function enumCell<K extends string>(
  c: SheetCell | undefined,
  lookup: (s: string) => K | null,
  labels: Record<K, { zh: string; en: string }>,
  column: SheetColumnKey,
  what: { zh: string; en: string },
  issues: ColumnIssue[],
): K | null {
  const t = normalizeText(cellText(c));
  if (!t) return null;
  const k = lookup(t);
  if (k === null) {
    const allowed = Object.values<{ zh: string; en: string }>(labels);
    issues.push({
      column,
      zh: `无法识别的${what.zh}“${t}”,可填:${allowed.map((l) => l.zh).join('、')}`,
      en: `unknown ${what.en} "${t}"; allowed: ${allowed.map((l) => l.en).join(', ')}`,
    });
  }
  return k;
}

function numberCell(c: SheetCell | undefined, column: SheetColumnKey, issues: ColumnIssue[]): number | null {
  const t = cellText(c);
  if (!normalizeText(t)) return null;
  const n = typeof c === 'number' ? c : parseLooseNumber(t);
  if (n === null) issues.push({ column, zh: `“${normalizeText(t)}”不是数字`, en: `"${normalizeText(t)}" is not a number` });
  return n;
}

function indicatorsOf(cells: SheetCells, issues: ColumnIssue[]): SheetIndicator[] {
  const names = cellLines(cells.indicatorName);
  const others = (['indicatorUnit', 'target', 'baseline'] as const).map((k) => ({ key: k, lines: cellLines(cells[k], names.length) }));
  if (names.some((n) => n === '')) issues.push({ column: 'indicatorName', zh: '指标名称中有空行', en: 'an indicator name is blank' });
  if (names.length === 0) {
    const filled = others.find((o) => o.lines.length > 0);
    if (filled) issues.push({ column: filled.key, zh: '填写了指标数值但没有指标名称', en: 'indicator values without an indicator name' });
    return [];
  }
  const ok = others.every((o) => {
    if (o.lines.length === 0 || o.lines.length === names.length) return true;
    issues.push({
      column: o.key,
      zh: `指标名称有 ${names.length} 行,此列有 ${o.lines.length} 行,须逐行对应`,
      en: `${names.length} indicator names but ${o.lines.length} lines here; they must correspond line by line`,
    });
    return false;
  });
  const [units, targets, baselines] = others.map((o) => o.lines);
  const single = names.length === 1;
  const num = (key: 'target' | 'baseline', lines: string[], i: number) =>
    single ? numberCell(cells[key], key, issues) : lines[i] ? numberCell(lines[i]!, key, issues) : null;
  return names.map((name, i) => ({
    name,
    unit: units![i] ?? '',
    target: ok ? num('target', targets!, i) : null,
    baseline: ok ? num('baseline', baselines!, i) : null,
  }));
}

/** Whether a row has nothing in it (it is skipped). */
export function isBlankRow(cells: SheetCells): boolean {
  return Object.values(cells).every((c) => !normalizeText(cellText(c)));
}

/**
 * Reads one row. Keys present in `cells` are the columns the sheet has (a blank cell is null);
 * `year` fills in dates written without one.
 */
export function parseTaskRow(cells: SheetCells, ctx: { year: number; date1904?: boolean }): { row: TaskSheetRow; issues: ColumnIssue[] } {
  const issues: ColumnIssue[] = [];
  const has = (k: SheetColumnKey) => k in cells;
  const text = (k: SheetColumnKey) => cellText(cells[k]);
  const optional = <T>(k: SheetColumnKey, f: () => T): T | undefined => (has(k) ? f() : undefined);
  const orNull = (s: string) => (s === '' ? null : s);
  const date = (k: 'plannedStart' | 'plannedEnd') => {
    const d = parseDateCell(cells[k], ctx.year, ctx.date1904);
    if (d.ok) return d.date;
    const t = normalizeText(text(k));
    issues.push({ column: k, zh: `无法识别的日期“${t}”(${DATE_HINT.zh})`, en: `not a date: "${t}" (${DATE_HINT.en})` });
    return null;
  };

  const code = normalizeText(text('code')).replace(/\s/g, '').replace(/[.、,]+$/, '');
  if (!code) issues.push({ column: 'code', zh: '编号不能为空', en: 'the code is missing' });
  const rawType = normalizeText(text('nodeType'));
  if (!rawType) issues.push({ column: 'nodeType', zh: '层级不能为空', en: 'the level is missing' });
  const nodeType = enumCell(cells.nodeType, nodeTypeOf, NODE_TYPE_LABELS, 'nodeType', { zh: '层级', en: 'level' }, issues);

  const row: TaskSheetRow = {
    code,
    nodeType,
    title: plainText(text('title')),
    description: optional('description', () => multilineText(text('description'))),
    stream: optional('stream', () => orNull(normalizeText(text('stream')))),
    sourceKind: optional('sourceKind', () => enumCell(cells.sourceKind, sourceKindOf, SOURCE_KIND_LABELS, 'sourceKind', { zh: '来源类型', en: 'source kind' }, issues) ?? 'other'),
    sourceRef: optional('sourceRef', () => orNull(plainText(text('sourceRef')))),
    list: optional('list', () => orNull(normalizeText(text('list')))),
    priority: optional('priority', () => enumCell(cells.priority, priorityOf, PRIORITY_LABELS, 'priority', { zh: '优先级', en: 'priority' }, issues) ?? 'normal'),
    leadUnit: optional('leadUnit', () => orNull(nameKey(text('leadUnit')))),
    cooperatingUnits: optional('cooperatingUnits', () => splitNames(text('cooperatingUnits'))),
    principal: optional('principal', () => orNull(nameKey(text('principal')))),
    deputy: optional('deputy', () => orNull(nameKey(text('deputy')))),
    handler: optional('handler', () => orNull(nameKey(text('handler')))),
    acceptanceStandard: optional('acceptanceStandard', () => multilineText(text('acceptanceStandard'))),
    indicators: optional('indicatorName', () => indicatorsOf(cells, issues)),
    plannedStart: optional('plannedStart', () => date('plannedStart')),
    plannedEnd: date('plannedEnd'),
    weight: optional('weight', () => numberCell(cells.weight, 'weight', issues) ?? 1),
    obstacleKind: optional('obstacleKind', () => enumCell(cells.obstacleKind, obstacleKindOf, OBSTACLE_KIND_LABELS, 'obstacleKind', { zh: '难题类型', en: 'obstacle kind' }, issues)),
    coordinator: optional('coordinator', () => orNull(nameKey(text('coordinator')))),
  };
  return { row, issues };
}

/** What a row of an export holds: every field, names already looked up. */
export type TaskSheetValues = Required<TaskSheetRow> & { nodeType: NodeType };

/** The cells of a row as Luoshi writes them; `parseTaskRow` reads them back to the same values. */
export function formatTaskRow(v: TaskSheetValues): Record<SheetColumnKey, SheetCell> {
  const ind = v.indicators;
  const lines = (f: (i: SheetIndicator) => string) => (ind.every((i) => f(i) === '') ? null : ind.map(f).join('\n'));
  const num = (f: (i: SheetIndicator) => number | null) =>
    ind.length === 1 ? f(ind[0]!) : lines((i) => (f(i) === null ? '' : numberText(f(i)!)));
  const date = (d: string | null): SheetCell => (d ? { date: d } : null);
  return {
    code: v.code,
    nodeType: NODE_TYPE_LABELS[v.nodeType].zh,
    title: v.title,
    description: v.description || null,
    stream: v.stream,
    sourceKind: SOURCE_KIND_LABELS[v.sourceKind].zh,
    sourceRef: v.sourceRef,
    list: v.list,
    priority: PRIORITY_LABELS[v.priority].zh,
    leadUnit: v.leadUnit,
    cooperatingUnits: v.cooperatingUnits.length ? v.cooperatingUnits.join('、') : null,
    principal: v.principal,
    deputy: v.deputy,
    handler: v.handler,
    acceptanceStandard: v.acceptanceStandard || null,
    indicatorName: lines((i) => i.name),
    indicatorUnit: lines((i) => i.unit),
    target: num((i) => i.target),
    baseline: num((i) => i.baseline),
    plannedStart: date(v.plannedStart),
    plannedEnd: date(v.plannedEnd),
    weight: v.weight,
    obstacleKind: v.obstacleKind ? OBSTACLE_KIND_LABELS[v.obstacleKind].zh : null,
    coordinator: v.coordinator,
  };
}
