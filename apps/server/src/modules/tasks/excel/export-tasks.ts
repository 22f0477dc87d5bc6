/**
 * Exporting the task tree as a 任务分解表: the rows listTasks would show for the same filters and
 * the same reader, every column of the sheet filled from the stored task, so that the file imports
 * back unchanged. A unit's staff export only what they may read.
 */
import type { Writable } from 'node:stream';
import { LuoshiError, localDate, type Actor, type TaskSheetValues } from '@luoshi/domain';
import type { TaskQueryT } from '@luoshi/contracts';
import type { Services } from '../../../platform/context.ts';
import { canReadTask, listTasks } from '../read-tasks.ts';
import { loadSheetContext, type ExistingTask, type SheetContext } from './lookups.ts';
import { writeTaskWorkbook } from './sheet-write.ts';

/** The most rows one export holds (the largest list the task query allows). */
export const MAX_EXPORT_ROWS = 50_000;

export interface SheetFile {
  filename: string;
  asciiFilename: string;
  rows: number;
  write(out: Writable, onRow?: (n: number) => void): Promise<number>;
}

function valuesOf(t: ExistingTask, ctx: SheetContext, names: { unit: Map<string, string>; person: Map<string, string> }): TaskSheetValues {
  const person = (id: string | null | undefined) => (id ? (names.person.get(id) ?? null) : null);
  return {
    code: t.code,
    nodeType: t.nodeType,
    title: t.title,
    description: t.description,
    stream: t.streamKey ? (ctx.campaign.streams.find((s) => s.key === t.streamKey)?.title ?? t.streamKey) : null,
    sourceKind: t.sourceKind,
    sourceRef: t.sourceRef,
    list: t.listId ? (ctx.lists.find((l) => l.id === t.listId)?.name ?? null) : null,
    priority: t.priority,
    leadUnit: t.leadUnitId ? (names.unit.get(t.leadUnitId) ?? null) : null,
    cooperatingUnits: t.cooperatingUnitIds.map((u) => names.unit.get(u)!).filter(Boolean),
    principal: person(t.responsible.principal),
    deputy: person(t.responsible.deputy),
    handler: person(t.responsible.handler),
    acceptanceStandard: t.acceptanceStandard,
    indicators: t.indicators.map(({ name, unit, target, baseline }) => ({ name, unit, target, baseline })),
    plannedStart: t.plannedStart,
    plannedEnd: t.plannedEnd,
    weight: t.weight,
    obstacleKind: t.obstacleKind,
    coordinator: person(t.coordinatorPersonId),
  };
}

/** Prepares an export: the rows are chosen and read now; `write` streams the workbook. */
export async function exportTaskSheet(services: Services, actor: Actor, campaignId: string, query: TaskQueryT): Promise<SheetFile> {
  const db = services.db.kysely;
  const now = services.clock.now();
  // an export holds everything the filters match, or refuses: it never drops rows silently
  const listed = await listTasks(db, actor, campaignId, { ...query, limit: MAX_EXPORT_ROWS }, now);
  if (listed.truncated) {
    throw new LuoshiError('VALIDATION_FAILED', {
      issues: [{ path: 'query', zh: `超过 ${MAX_EXPORT_ROWS} 行,请缩小筛选范围后分批导出`, en: `more than ${MAX_EXPORT_ROWS} rows; narrow the filters and export in parts` }],
    });
  }
  const ctx = await loadSheetContext(db, campaignId);
  const byId = new Map(ctx.tasks.map((t) => [t.id, t]));
  const names = { unit: new Map(ctx.units.map((u) => [u.id, u.name])), person: new Map(ctx.people.map((p) => [p.id, p.name])) };
  // ancestors listed only to place a match in the tree are exported when the reader may read them
  const rows = listed.items
    .map((item) => byId.get(item.id))
    .filter((t): t is ExistingTask => !!t && canReadTask(actor, t.leadUnitId, t.cooperatingUnitIds))
    .map((t) => valuesOf(t, ctx, names));
  const day = localDate(now);
  return {
    filename: `${ctx.campaign.name}-任务分解表-${day}.xlsx`,
    asciiFilename: `task-breakdown-${day}.xlsx`,
    rows: rows.length,
    write: (out, onRow) => writeTaskWorkbook(out, rows, { ...(onRow ? { onRow } : {}) }),
  };
}

/** The empty sheet, with an explanation of every column and this campaign's allowed values. */
export async function templateSheet(services: Services, campaignId: string): Promise<SheetFile> {
  const ctx = await loadSheetContext(services.db.kysely, campaignId, { tasks: false });
  const info = { streams: ctx.campaign.streams, lists: ctx.lists, year: ctx.campaign.year };
  return {
    filename: `任务分解表模板-${ctx.campaign.name}.xlsx`,
    asciiFilename: 'task-breakdown-template.xlsx',
    rows: 0,
    write: (out) => writeTaskWorkbook(out, [], { explain: info }),
  };
}
