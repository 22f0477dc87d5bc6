/**
 * The 任务分解表 (task breakdown sheet, R-TASK-5): one column set, with Chinese headers, used by the
 * template, the export and the import alike, so that what is exported imports back unchanged.
 * Headers are found by name in any order; common synonyms from real county sheets are accepted.
 */
import { normalizeText } from './loose-values.ts';
import { NODE_TYPE_LABELS, OBSTACLE_KIND_LABELS, PRIORITY_LABELS, SOURCE_KIND_LABELS } from './tasks.ts';

export interface SheetColumn {
  key: SheetColumnKey;
  /** the header written by Luoshi */
  zh: string;
  en: string;
  required?: boolean;
  /** other headers meaning the same column */
  synonyms: readonly string[];
  /** what goes into the cell, for the explanation sheet of the template */
  help: { zh: string; en: string };
}

export const SHEET_COLUMN_KEYS = [
  'code', 'nodeType', 'title', 'description', 'stream', 'sourceKind', 'sourceRef', 'list', 'priority', 'leadUnit',
  'cooperatingUnits', 'principal', 'deputy', 'handler', 'acceptanceStandard', 'indicatorName', 'indicatorUnit',
  'target', 'baseline', 'plannedStart', 'plannedEnd', 'weight', 'obstacleKind', 'coordinator',
] as const;
export type SheetColumnKey = (typeof SHEET_COLUMN_KEYS)[number];

const labels = (l: Record<string, { zh: string }>) => Object.values(l).map((x) => x.zh).join('、');

/** The columns in the order Luoshi writes them. */
export const TASK_SHEET_COLUMNS: readonly SheetColumn[] = [
  { key: 'code', zh: '编号', en: 'Code', required: true, synonyms: ['序号', '任务编号', '编码'],
    help: { zh: '点分层级编号,如 1、1.2、1.2.3;上级为最后一个点之前的编号。已有编号的任务被更新,新编号的任务被新建。', en: 'Dotted code such as 1, 1.2, 1.2.3; the parent is the code before the last dot. An existing code updates that task, a new code creates one.' } },
  { key: 'nodeType', zh: '层级', en: 'Level', required: true, synonyms: ['类型', '节点类型', '层次', '任务层级'],
    help: { zh: labels(NODE_TYPE_LABELS), en: 'Goal, project, task, milestone or obstacle' } },
  { key: 'title', zh: '任务名称', en: 'Title', required: true, synonyms: ['任务内容', '工作任务', '项目名称', '名称', '工作内容'],
    help: { zh: '必填,最多 300 字。', en: 'Required, up to 300 characters.' } },
  { key: 'description', zh: '任务说明', en: 'Description', synonyms: ['说明', '任务描述', '具体内容'],
    help: { zh: '可选,可换行。', en: 'Optional; line breaks are kept.' } },
  { key: 'stream', zh: '内容流', en: 'Stream', synonyms: ['活动内容', '所属活动'],
    help: { zh: '活动的内容流名称或代码。', en: 'Title or key of a content stream of the campaign.' } },
  { key: 'sourceKind', zh: '来源类型', en: 'Source kind', synonyms: ['任务来源', '来源'],
    help: { zh: `${labels(SOURCE_KIND_LABELS)};留空为其他。`, en: 'One of the source kinds; blank means other.' } },
  { key: 'sourceRef', zh: '来源说明', en: 'Source reference', synonyms: ['来源依据', '依据'],
    help: { zh: '如“2013年《政府工作报告》”。', en: 'E.g. the report or decision the task comes from.' } },
  { key: 'list', zh: '所属清单', en: 'Project list', synonyms: ['清单', '项目清单'],
    help: { zh: '四个十工程等项目清单的名称;清单满员时报错。', en: 'Name of a project list of the campaign; a full list is an error.' } },
  { key: 'priority', zh: '优先级', en: 'Priority', synonyms: ['重要程度', '紧急程度'],
    help: { zh: `${labels(PRIORITY_LABELS)};留空为一般。`, en: 'Normal, high or urgent; blank means normal.' } },
  { key: 'leadUnit', zh: '牵头单位', en: 'Lead unit', synonyms: ['责任单位', '主责单位', '牵头部门', '责任部门', '主办单位'],
    help: { zh: '单位全称或简称。', en: 'Full or short name of a unit.' } },
  { key: 'cooperatingUnits', zh: '配合单位', en: 'Cooperating units', synonyms: ['协办单位', '配合部门', '协作单位', '参与单位'],
    help: { zh: '多个单位用 、,; 或换行分隔。', en: 'Several units separated by 、 , ; or line breaks.' } },
  { key: 'principal', zh: '主要领导', en: 'Principal', synonyms: ['第一责任人', '主要负责人'],
    help: { zh: '姓名,优先在牵头单位中查找;同名无法区分时报错。留空:新任务取牵头单位现任人员,已有任务不变。', en: 'A person’s name, looked up first in the lead unit; ambiguous names are an error. Blank: a new task takes the lead unit’s current holder, an existing task keeps its own.' } },
  { key: 'deputy', zh: '分管领导', en: 'Leader in charge', synonyms: ['直接责任人', '责任领导'],
    help: { zh: '同主要领导。', en: 'As for the principal.' } },
  { key: 'handler', zh: '承办人', en: 'Handler', synonyms: ['具体责任人', '责任人', '经办人'],
    help: { zh: '同主要领导。', en: 'As for the principal.' } },
  { key: 'acceptanceStandard', zh: '验收标准', en: 'Acceptance standard', synonyms: ['考核标准', '完成标准', '目标要求'],
    help: { zh: '定性的完成标准。', en: 'The qualitative standard of completion.' } },
  { key: 'indicatorName', zh: '指标名称', en: 'Indicator', synonyms: ['指标', '量化指标'],
    help: { zh: '多个指标每行一个;计量单位、目标值、基准值按行对应,行数须一致。', en: 'One indicator per line; unit, target and baseline correspond line by line and must have as many lines.' } },
  { key: 'indicatorUnit', zh: '计量单位', en: 'Unit of measure', synonyms: ['指标单位'],
    help: { zh: '如 万平方米、公里。', en: 'E.g. km.' } },
  { key: 'target', zh: '目标值', en: 'Target', synonyms: ['目标', '指标值'],
    help: { zh: '数字,可写全角数字、千分位、万。', en: 'A number; full-width digits, thousands separators and 万 are understood.' } },
  { key: 'baseline', zh: '基准值', en: 'Baseline', synonyms: ['基数', '现状值'],
    help: { zh: '数字。', en: 'A number.' } },
  { key: 'plannedStart', zh: '计划开始', en: 'Planned start', synonyms: ['开始时间', '开始日期', '计划开始时间', '起始时间'],
    help: { zh: '日期,如 2013-03-01、2013年3月1日、3月初。', en: 'A date, e.g. 2013-03-01, 2013年3月1日, 3月初.' } },
  { key: 'plannedEnd', zh: '计划完成', en: 'Due date', required: true, synonyms: ['完成时限', '完成时间', '截止时间', '截止日期', '计划完成时间', '时限'],
    help: { zh: '日期,如 2013年6月30日、6月底、三季度末、年底(未写年份时取活动年度);任务、时间节点和难题必填,不得晚于上级。', en: 'A date such as 2013年6月30日, 6月底 (end of June), 三季度末 (end of Q3); the campaign year fills in a missing year. Required for tasks, milestones and obstacles; never after the parent.' } },
  { key: 'weight', zh: '权重', en: 'Weight', synonyms: ['分值权重'],
    help: { zh: '0–1000 的数字,留空为 1;上级进度按权重汇总。', en: 'A number 0–1000, blank means 1; parents roll up progress by weight.' } },
  { key: 'obstacleKind', zh: '难题类型', en: 'Obstacle kind', synonyms: ['问题类型', '难题类别'],
    help: { zh: `${labels(OBSTACLE_KIND_LABELS)};只用于难题。`, en: 'Funding, land, policy, environmental approval, social environment or other; obstacles only.' } },
  { key: 'coordinator', zh: '协调领导', en: 'Coordinating leader', synonyms: ['协调县领导', '包抓领导', '包抓县领导', '联系县领导'],
    help: { zh: '协调解决难题的县领导姓名。', en: 'Name of the county leader who coordinates the obstacle.' } },
];

export const COLUMN_BY_KEY: Record<SheetColumnKey, SheetColumn> = Object.fromEntries(TASK_SHEET_COLUMNS.map((c) => [c.key, c])) as Record<SheetColumnKey, SheetColumn>;

/** Header text as compared: full-width folded, no spaces or line breaks, no "*", notes in brackets dropped. */
export function normalizeHeader(text: string): string {
  return normalizeText(text)
    .toLowerCase()
    .replace(/[([【［][^)\]】］]*[)\]】］]/g, '')
    .replace(/[\s*:：]/g, '');
}

const HEADER_INDEX = new Map<string, { key: SheetColumnKey; exact: boolean }>();
for (const c of TASK_SHEET_COLUMNS) {
  HEADER_INDEX.set(normalizeHeader(c.zh), { key: c.key, exact: true });
  HEADER_INDEX.set(normalizeHeader(c.en), { key: c.key, exact: true });
  for (const s of c.synonyms) if (!HEADER_INDEX.has(normalizeHeader(s))) HEADER_INDEX.set(normalizeHeader(s), { key: c.key, exact: false });
}

/** The column a header names, and whether it is Luoshi's own header (not a synonym). */
export function matchHeader(text: string): { key: SheetColumnKey; exact: boolean } | null {
  return HEADER_INDEX.get(normalizeHeader(text)) ?? null;
}

export interface HeaderMatch {
  /** index (0-based) of the header row among the rows given */
  rowIndex: number;
  /** column index (0-based) of each recognised column */
  columns: Partial<Record<SheetColumnKey, number>>;
  /** the header text as written, by column key (for messages) */
  headers: Partial<Record<SheetColumnKey, string>>;
  /** the same column named twice */
  duplicates: { key: SheetColumnKey; header: string; col: number }[];
}

/**
 * Finds the header row among the first rows of a sheet (there may be a title above it): the row
 * naming most known columns, at least two. Luoshi's own header wins over a synonym, so a sheet
 * with both 序号 (a running number) and 编号 takes 编号.
 */
export function findHeaderRow(rows: readonly (readonly string[])[]): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  let bestCount = 1;
  for (const [rowIndex, cells] of rows.entries()) {
    const found = new Map<SheetColumnKey, { col: number; exact: boolean; header: string }[]>();
    cells.forEach((text, col) => {
      const m = text ? matchHeader(text) : null;
      if (m) found.set(m.key, [...(found.get(m.key) ?? []), { col, exact: m.exact, header: normalizeText(text) }]);
    });
    if (found.size <= bestCount) continue;
    bestCount = found.size;
    const match: HeaderMatch = { rowIndex, columns: {}, headers: {}, duplicates: [] };
    for (const [key, list] of found) {
      const exact = list.filter((x) => x.exact);
      const pool = exact.length ? exact : list;
      match.columns[key] = pool[0]!.col;
      match.headers[key] = pool[0]!.header;
      for (const extra of pool.slice(1)) match.duplicates.push({ key, header: extra.header, col: extra.col });
    }
    best = match;
  }
  return best;
}

/** Looks a label up by its Chinese or English name or its key, ignoring case, width and spaces. */
export function labelLookup<K extends string>(labelsOf: Record<K, { zh: string; en: string }>, aliases: Record<string, K> = {}) {
  const index = new Map<string, K>();
  const norm = (s: string) => normalizeText(s).toLowerCase().replace(/\s/g, '');
  for (const [key, l] of Object.entries(labelsOf) as [K, { zh: string; en: string }][]) {
    index.set(norm(key), key);
    index.set(norm(l.zh), key);
    index.set(norm(l.en), key);
  }
  for (const [alias, key] of Object.entries(aliases)) index.set(norm(alias), key);
  return (text: string): K | null => index.get(norm(text)) ?? null;
}

export const nodeTypeOf = labelLookup(NODE_TYPE_LABELS, { 节点: 'milestone', 里程碑: 'milestone', 子任务: 'task', 工作任务: 'task', 重点项目: 'project', 问题: 'obstacle' });
export const sourceKindOf = labelLookup(SOURCE_KIND_LABELS, {
  工作报告: 'work_report', 政府工作报告任务: 'work_report', 四个十: 'four_tens', 县委决策: 'decision', 县政府决策: 'decision', 决策部署: 'decision',
  批示: 'instruction', 领导交办: 'instruction', 群众来信: 'citizen_case', 群众反映: 'citizen_case',
});
export const priorityOf = labelLookup(PRIORITY_LABELS, { 普通: 'normal', 高: 'high', 重点: 'high', 特急: 'urgent', 急: 'urgent' });
export const obstacleKindOf = labelLookup(OBSTACLE_KIND_LABELS, { 土地: 'land', 征地: 'land', 环评: 'environment', 环境: 'environment', 资金不足: 'funding', 社会: 'social' });
