/**
 * Open data (R-PUB-1): published tasks, issued and published bulletins, and case statistics
 * (counts only, never a case), as JSON and CSV. The columns are documented in docs/open-data.md.
 */
import type { Kysely } from 'kysely';
import { satisfactionRate } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { publicBulletins } from '../portal/read-portal.ts';
import { publishedTasks } from '../portal/public-tasks.ts';
import type { Cell } from './csv.ts';

export interface Dataset {
  columns: string[];
  rows: Record<string, Cell>[];
}

export async function tasksDataset(db: Kysely<DB>): Promise<Dataset> {
  // every published task, in the portal's order (not one page of them)
  const items = await publishedTasks(db);
  return {
    columns: ['code', 'title', 'unit', 'planned_end', 'progress', 'light', 'status'],
    rows: items.map((t) => ({ code: t.code, title: t.title, unit: t.unitName, planned_end: t.plannedEnd, progress: t.progress, light: t.light, status: t.status })),
  };
}

export async function bulletinsDataset(db: Kysely<DB>): Promise<Dataset> {
  const { items } = await publicBulletins(db);
  return {
    columns: ['doc_number', 'kind', 'title', 'unit', 'issued_on'],
    rows: items.map((b) => ({ doc_number: b.docNumber, kind: b.kind, title: b.title, unit: b.unitName, issued_on: b.issuedOn })),
  };
}

/** Cases counted by month received and category; no case, name or text is in it. */
export async function caseStatsDataset(db: Kysely<DB>): Promise<Dataset> {
  const cats = new Map((await db.selectFrom('case_categories').select(['id', 'code', 'name']).execute()).map((c) => [c.id, c]));
  const rows = await db.selectFrom('cases').select(['received_on', 'category_id', 'status', 'satisfaction']).execute();
  const by = new Map<string, { month: string; code: string; name: string; received: number; closed: number; satisfied: number; basic: number; unsatisfied: number }>();
  for (const r of rows) {
    const cat = cats.get(r.category_id);
    const key = `${r.received_on.slice(0, 7)}|${r.category_id}`;
    const b = by.get(key) ?? { month: r.received_on.slice(0, 7), code: cat?.code ?? '', name: cat?.name ?? '', received: 0, closed: 0, satisfied: 0, basic: 0, unsatisfied: 0 };
    b.received++;
    if (['replied', 'closed', 'not_accepted'].includes(r.status)) b.closed++;
    if (r.satisfaction === 'satisfied' || r.satisfaction === 'basic' || r.satisfaction === 'unsatisfied') b[r.satisfaction]++;
    by.set(key, b);
  }
  const out = [...by.values()].sort((a, b) => a.month.localeCompare(b.month) || a.code.localeCompare(b.code));
  return {
    columns: ['month', 'category_code', 'category', 'received', 'answered', 'satisfied', 'fairly_satisfied', 'unsatisfied', 'satisfaction_rate'],
    rows: out.map((b) => ({ month: b.month, category_code: b.code, category: b.name, received: b.received, answered: b.closed, satisfied: b.satisfied, fairly_satisfied: b.basic, unsatisfied: b.unsatisfied, satisfaction_rate: satisfactionRate(b) })),
  };
}
