/**
 * What an import would do, decided before anything is written: each row becomes the full state of
 * one task node (a new one, or an existing one by its code), checked by the task contract (zod)
 * and by the node rules (shape.ts) exactly as a single change would be, with the facts about
 * parents, lists and units taken from the sheet and the campaign together.
 */
import {
  multilineText,
  parseTaskRow,
  plainText,
  type NodeType,
  type ObstacleKind,
  type Priority,
  type SheetColumnKey,
  type SourceKind,
  type TaskSheetRow,
} from '@luoshi/domain';
import { tasks } from '@luoshi/contracts';
import { newId } from '../../../platform/ids.ts';
import { ROLES, type ExistingTask, type Role, type SheetContext } from './lookups.ts';
import { Resolver, type Found } from './resolve.ts';
import { IssueList } from './issues.ts';
import type { ReadSheet } from './sheet-read.ts';
import { checkTree } from './check-tree.ts';

/** The full state of a node after the import. */
export interface TaskValues {
  parentId: string | null;
  code: string;
  nodeType: NodeType;
  title: string;
  description: string;
  streamKey: string | null;
  sourceKind: SourceKind;
  sourceRef: string | null;
  listId: string | null;
  priority: Priority;
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  postId: string | null;
  acceptanceStandard: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  weight: number;
  obstacleKind: ObstacleKind | null;
  coordinatorPersonId: string | null;
  indicators: { name: string; unit: string; target: number | null; baseline: number | null }[];
  responsible: Partial<Record<Role, string>>;
}

/** One row that survived reading: its values, and the task it updates if its code exists. */
export interface Candidate {
  row: number;
  id: string;
  existing: ExistingTask | null;
  values: TaskValues;
  /**
   * an existing node the row leaves exactly as it is: it changes nothing, so no rule is checked
   * for it (a unit deactivated since must not block re-importing an untouched row)
   */
  unchanged: boolean;
}

export interface ImportPlan {
  rows: number;
  creates: Candidate[];
  updates: Candidate[];
  unchanged: number;
  issues: IssueList;
}

export type Progress = (done: number, total: number) => void;

/** Text equal to the stored text once tidied keeps the stored text, so a re-import changes nothing. */
function keep(stored: string | null | undefined, typed: string | null, tidy: (s: string) => string): string | null {
  return stored !== null && stored !== undefined && typed !== null && tidy(stored) === typed ? stored : typed;
}

function pick<T>(typed: T | undefined, stored: T | undefined, fallback: T): T {
  return typed !== undefined ? typed : stored !== undefined ? stored : fallback;
}

/** Turns one parsed row into the node's full state, resolving names; problems go to `issues`. */
function candidateOf(
  row: number,
  r: TaskSheetRow,
  existing: ExistingTask | null,
  ctx: SheetContext,
  resolver: Resolver,
  issues: IssueList,
  present: ReadonlySet<SheetColumnKey>,
): Candidate {
  const found = <T>(key: SheetColumnKey, f: Found<T>): T | null => {
    if (f.ok) return f.value;
    issues.add(row, key, f.zh, f.en);
    return null;
  };
  const resolveOpt = <T>(key: SheetColumnKey, text: string | null | undefined, f: (t: string) => Found<T>): T | null | undefined =>
    text === undefined ? undefined : text === null ? null : found(key, f(text));

  const leadUnitId = resolveOpt('leadUnit', r.leadUnit, (t) => resolver.unit(t));
  const lead = pick(leadUnitId, existing?.leadUnitId, null);
  const cooperatingUnitIds = r.cooperatingUnits?.map((u) => found('cooperatingUnits', resolver.unit(u))).filter((u): u is string => u !== null);
  const leadChanged = !!existing && lead !== existing.leadUnitId;
  const defaults = lead ? (ctx.holders.get(lead) ?? {}) : {};
  const responsible: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    const named = resolveOpt(role, r[role], (t) => resolver.person(t, lead));
    // blank: a new node takes the lead unit's holder (as createTask does); an existing one keeps its own
    const personId = named ?? (existing && !leadChanged ? existing.responsible[role] : defaults[role]);
    if (personId) responsible[role] = personId;
  }
  const values: TaskValues = {
    parentId: null,
    code: r.code,
    nodeType: r.nodeType ?? existing?.nodeType ?? 'task',
    title: keep(existing?.title, r.title, plainText) ?? '',
    description: pick(keep(existing?.description, r.description ?? null, multilineText) ?? r.description, existing?.description, ''),
    streamKey: pick(resolveOpt('stream', r.stream, (t) => resolver.stream(t)), existing?.streamKey, null),
    sourceKind: pick(r.sourceKind, existing?.sourceKind, 'other'),
    sourceRef: pick(r.sourceRef === undefined ? undefined : keep(existing?.sourceRef, r.sourceRef, plainText), existing?.sourceRef, null),
    listId: pick(resolveOpt('list', r.list, (t) => resolver.list(t)), existing?.listId, null),
    priority: pick(r.priority, existing?.priority, 'normal'),
    leadUnitId: lead,
    cooperatingUnitIds: [...new Set(pick(cooperatingUnitIds, existing?.cooperatingUnitIds, []))],
    // a new lead unit drops the post, as updateTask does
    postId: existing && !leadChanged ? existing.postId : null,
    acceptanceStandard: pick(keep(existing?.acceptanceStandard, r.acceptanceStandard ?? null, multilineText) ?? r.acceptanceStandard, existing?.acceptanceStandard, ''),
    plannedStart: pick(r.plannedStart, existing?.plannedStart, null),
    plannedEnd: r.plannedEnd,
    weight: pick(r.weight, existing?.weight, 1),
    obstacleKind: pick(r.obstacleKind, existing?.obstacleKind, null),
    coordinatorPersonId: pick(resolveOpt('coordinator', r.coordinator, (t) => resolver.person(t, null, { countyLeader: true })), existing?.coordinatorPersonId, null),
    indicators: pick(indicatorsOf(r, existing, present), existing?.indicators.map(({ name, unit, target, baseline }) => ({ name, unit, target, baseline })), []),
    responsible,
  };
  if (existing && r.nodeType && r.nodeType !== existing.nodeType) {
    issues.add(row, 'nodeType', '已有任务的层级不能修改', 'the level of an existing task cannot change');
  }
  const unchanged = !!existing && values.nodeType === existing.nodeType && changes(existing, values).length === 0;
  return { row, id: existing?.id ?? newId(), existing, values, unchanged };
}

/** The sheet's indicators; a value column the sheet does not have keeps the stored value of that indicator. */
function indicatorsOf(r: TaskSheetRow, existing: ExistingTask | null, present: ReadonlySet<SheetColumnKey>): TaskValues['indicators'] | undefined {
  if (!r.indicators) return undefined;
  const stored = new Map((existing?.indicators ?? []).map((i) => [i.name, i]));
  return r.indicators.map((i) => {
    const old = stored.get(i.name);
    return {
      name: i.name,
      unit: present.has('indicatorUnit') ? i.unit : (old?.unit ?? ''),
      target: present.has('target') ? i.target : (old?.target ?? null),
      baseline: present.has('baseline') ? i.baseline : (old?.baseline ?? null),
    };
  });
}

/** Checks one node against the task contract; the contract's own output (trimmed) is kept. */
function checkContract(c: Candidate, issues: IssueList): void {
  const v = c.values;
  const parsed = tasks.createTask.body!.safeParse({ ...v, parentId: null, responsible: {} });
  if (!parsed.success) {
    issues.addZod(c.row, parsed.error.issues, new Set(issues.columnsOf(c.row)));
    return;
  }
  const p = parsed.data;
  Object.assign(v, { code: p.code ?? v.code, title: p.title, description: p.description, sourceRef: p.sourceRef, acceptanceStandard: p.acceptanceStandard, indicators: p.indicators });
}

/** Yields to the event loop now and then, so progress can be saved and other requests served. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function planImport(sheet: ReadSheet, ctx: SheetContext, onProgress: Progress = () => {}): Promise<ImportPlan> {
  const issues = new IssueList(sheet.headers);
  const resolver = new Resolver(ctx);
  const existingByCode = new Map(ctx.tasks.map((t) => [t.code, t]));
  const firstRowOf = new Map<string, number>();
  const present = new Set(Object.keys(sheet.headers) as SheetColumnKey[]);
  const candidates: Candidate[] = [];
  const total = sheet.rows.length;
  for (const [i, { row, cells }] of sheet.rows.entries()) {
    if (i % 500 === 0) {
      onProgress(i, total);
      await breathe();
    }
    const parsed = parseTaskRow(cells, { year: ctx.campaign.year, date1904: sheet.date1904 });
    for (const x of parsed.issues) issues.add(row, x.column, x.zh, x.en);
    const code = parsed.row.code;
    if (!code) continue;
    const first = firstRowOf.get(code);
    if (first !== undefined) {
      issues.add(row, 'code', `编号 ${code} 与第 ${first} 行重复`, `the code ${code} is also on row ${first}`);
      continue;
    }
    firstRowOf.set(code, row);
    const c = candidateOf(row, parsed.row, existingByCode.get(code) ?? null, ctx, resolver, issues, present);
    if (!c.unchanged) checkContract(c, issues);
    candidates.push(c);
  }
  onProgress(total, total);
  checkTree(candidates, ctx, issues);

  const plan: ImportPlan = { rows: total, creates: [], updates: [], unchanged: 0, issues };
  for (const c of candidates) {
    if (!c.existing) plan.creates.push(c);
    else if (c.unchanged) plan.unchanged++;
    else plan.updates.push(c);
  }
  return plan;
}

const SCALARS = [
  'title', 'description', 'streamKey', 'sourceKind', 'sourceRef', 'listId', 'priority', 'leadUnitId', 'postId',
  'acceptanceStandard', 'plannedStart', 'plannedEnd', 'weight', 'obstacleKind', 'coordinatorPersonId',
] as const;

/** What an update would change, field by field (empty: nothing). */
export function changes(before: ExistingTask, v: TaskValues): string[] {
  const out: string[] = SCALARS.filter((k) => before[k] !== v[k]);
  const sorted = (a: string[]) => [...a].sort().join(',');
  if (sorted(before.cooperatingUnitIds) !== sorted(v.cooperatingUnitIds)) out.push('cooperatingUnitIds');
  const ind = (list: TaskValues['indicators']) => JSON.stringify(list.map((i) => [i.name, i.unit, i.target, i.baseline]));
  if (ind(before.indicators) !== ind(v.indicators)) out.push('indicators');
  for (const role of ROLES) if ((before.responsible[role] ?? null) !== (v.responsible[role] ?? null)) out.push(`responsible.${role}`);
  return out;
}
