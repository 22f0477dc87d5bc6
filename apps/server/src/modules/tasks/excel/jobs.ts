/**
 * Background jobs with progress (the `jobs` table, read through GET /api/v1/jobs/:id): the request
 * that starts a long import answers at once with the job; the work goes on after the answer and
 * saves its progress now and then, so the page (and anyone polling) sees it move.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { tasks } from '@luoshi/contracts';
import type { DB } from '../../../platform/db/schema.ts';
import { newId } from '../../../platform/ids.ts';
import type { Services } from '../../../platform/context.ts';

type JobT = z.input<typeof tasks.Job>;
type Status = JobT['status'];

/** Progress is saved at most this often while a job runs. */
const SAVE_EVERY_MS = 200;

export async function createJob(db: Kysely<DB>, kind: string, userId: string | null, result: unknown, now: Date): Promise<JobT> {
  const at = now.toISOString();
  const row = { id: newId(now.getTime()), kind, status: 'running', progress: 0, total: 0, created_by: userId, result: JSON.stringify(result), created_at: at, updated_at: at };
  await db.insertInto('jobs').values(row).execute();
  return { id: row.id, kind, status: 'running', progress: 0, total: 0, result, createdAt: at, updatedAt: at };
}

export interface JobHandle {
  /** records progress; saved soon, not on every call */
  progress(done: number, total: number, result?: unknown): void;
}

/**
 * Runs `work` after the current request has been answered. Saves are chained so that they land in
 * order, and the final state is written last. The work never awaits a save: on SQLite a save
 * waits for the import's own transaction, which must not wait for it in turn.
 */
export function runInBackground(
  services: Services,
  jobId: string,
  work: (job: JobHandle) => Promise<{ status: Status; result: unknown }>,
  opts: { onError?: (err: unknown) => void; failedResult?: unknown } = {},
): Promise<void> {
  const onError = opts.onError ?? (() => {});
  const db = services.db.kysely;
  let chain = Promise.resolve();
  let pending: { progress: number; total: number; result?: unknown } | null = null;
  let lastSave = 0;
  const save = (values: { status?: Status; progress?: number; total?: number; result?: unknown }) => {
    const set = {
      ...(values.status ? { status: values.status } : {}),
      ...(values.progress !== undefined ? { progress: Math.round(values.progress) } : {}),
      ...(values.total !== undefined ? { total: Math.round(values.total) } : {}),
      ...(values.result !== undefined ? { result: JSON.stringify(values.result) } : {}),
      updated_at: services.clock.now().toISOString(),
    };
    // the chain never rejects: a save that fails (say, the server is closing) is reported, not thrown
    chain = chain.then(() => db.updateTable('jobs').set(set).where('id', '=', jobId).execute()).then(() => undefined, onError);
    return chain;
  };
  const handle: JobHandle = {
    progress(done, total, result) {
      pending = { progress: done, total, ...(result !== undefined ? { result } : {}) };
      const now = Date.now();
      // a new phase (it comes with a result) is saved at once; counts at most every SAVE_EVERY_MS
      if (result !== undefined || now - lastSave >= SAVE_EVERY_MS) {
        lastSave = now;
        void save(pending);
        pending = null;
      }
    },
  };
  const run = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const { status, result } = await work(handle);
      await save({ ...(pending ?? {}), status, result });
    } catch (err) {
      onError(err);
      await save({ status: 'failed', result: opts.failedResult ?? null });
    }
  };
  return run();
}
