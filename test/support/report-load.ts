/**
 * Audited writes for the reliability tests: workers that draft and submit progress reports over
 * real HTTP, remembering every write the server acknowledged with a 2xx, and the check that each
 * acknowledged write is in the database whole — its row, its values and its audit entries.
 */
import { campaigns, fillPath, progress, tasks } from '@luoshi/contracts';
import type { Db } from '../../apps/server/src/platform/db/connect.ts';
import type { HttpClient } from './live.ts';

export interface Ack {
  id: string;
  narrative: string;
  percent: number;
  /** the status the last acknowledged answer showed */
  status: string;
}

/** The id of a task of the demo county's first campaign, found by title over HTTP. */
export async function taskIdByTitle(client: HttpClient, title: string): Promise<string> {
  const list = await client.request('GET', campaigns.listCampaigns.path);
  const campaignId = list.body.items[0].id as string;
  const tree = await client.request('GET', fillPath(tasks.listTasks.path, { id: campaignId }));
  const task = (tree.body.items as { id: string; title: string }[]).find((x) => x.title === title);
  if (!task) throw new Error(`no task ${title}`);
  return task.id;
}

export class ReportLoad {
  readonly acks = new Map<string, Ack>();
  /** answers that are neither 2xx nor a dropped connection: must stay empty */
  readonly failures: string[] = [];
  private stopping = false;
  private n = 0;

  constructor(
    private client: HttpClient,
    private taskId: string,
    private tag: string,
  ) {}

  /** Runs `workers` loops until stop() or until the server goes away; resolves when all ended. */
  async run(workers: number): Promise<void> {
    await Promise.all(Array.from({ length: workers }, (_, w) => this.worker(w)));
  }

  stop(): void {
    this.stopping = true;
  }

  private async worker(w: number): Promise<void> {
    while (!this.stopping) {
      const narrative = `${this.tag} w${w} #${++this.n} 已完成 ${this.n} 户`;
      const percent = this.n % 101;
      try {
        const draft = await this.client.request('POST', fillPath(progress.createReport.path, { id: this.taskId }), { narrative, percent });
        if (draft.status !== 200) {
          this.failures.push(`create ${draft.status} ${JSON.stringify(draft.body).slice(0, 200)}`);
          return;
        }
        const id = draft.body.id as string;
        this.acks.set(id, { id, narrative, percent, status: draft.body.status });
        const sub = await this.client.request('POST', fillPath(progress.submitReport.path, { id }));
        if (sub.status !== 200) {
          this.failures.push(`submit ${sub.status} ${JSON.stringify(sub.body).slice(0, 200)}`);
          return;
        }
        this.acks.set(id, { id, narrative, percent, status: sub.body.status });
      } catch {
        return; // the connection dropped: the server was killed
      }
    }
  }
}

/**
 * Every acknowledged report is present with its values and status, and has the audit entries of
 * each acknowledged step; every report with this tag, acknowledged or not, is whole (a row never
 * exists without its audit entry). Returns the problems found, none when all is well.
 */
export async function checkReports(db: Db, acks: Iterable<Ack>, tagPrefix: string): Promise<string[]> {
  const problems: string[] = [];
  const rows = await db.kysely
    .selectFrom('progress_reports')
    .select(['id', 'narrative', 'percent', 'status'])
    .where('narrative', 'like', `${tagPrefix}%`)
    .execute();
  const audit = await db.kysely
    .selectFrom('audit_log')
    .select(['entity_id', 'action'])
    .where('entity_type', '=', 'report')
    .where('action', 'in', ['report.draft', 'report.submit'])
    .execute();
  const actions = new Map<string, Set<string>>();
  for (const a of audit) {
    if (!actions.has(a.entity_id!)) actions.set(a.entity_id!, new Set());
    actions.get(a.entity_id!)!.add(a.action);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const ack of acks) {
    const row = byId.get(ack.id);
    if (!row) {
      problems.push(`acknowledged report ${ack.id} (${ack.narrative}) is missing`);
      continue;
    }
    if (row.narrative !== ack.narrative || Number(row.percent) !== ack.percent) problems.push(`report ${ack.id} changed: ${JSON.stringify(row)}`);
    // a submit in flight may have committed without its answer arriving: draft may have become submitted
    if (row.status !== ack.status && !(ack.status === 'draft' && row.status !== 'draft')) problems.push(`report ${ack.id} is ${row.status}, acknowledged ${ack.status}`);
  }
  for (const row of rows) {
    const a = actions.get(row.id);
    if (!a?.has('report.draft')) problems.push(`report ${row.id} has no draft audit entry`);
    if (row.status !== 'draft' && !a?.has('report.submit')) problems.push(`report ${row.id} is ${row.status} without a submit audit entry`);
  }
  return problems;
}
