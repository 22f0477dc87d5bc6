/** HTTP for the 任务分解表: the template, the export (streamed) and the import (a background job). */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tasks } from '@luoshi/contracts';
import { LuoshiError } from '@luoshi/domain';
import { fileRoute, route, type FileReply } from '../../../platform/http.ts';
import { receiveOneFile } from '../../../platform/files/receive.ts';
import { auditActorOf, requireCan, type Services } from '../../../platform/context.ts';
import { openXlsx } from './xlsx-read.ts';
import { emptyResult, importTaskSheet, NOT_XLSX } from './import-tasks.ts';
import { createJob, runInBackground } from './jobs.ts';
import { exportTaskSheet, templateSheet, type SheetFile } from './export-tasks.ts';

/** The largest sheet accepted: far above 10,000 rows of text. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

function streamed(file: SheetFile, onError: (e: unknown) => void): FileReply {
  const body = new PassThrough();
  file.write(body).catch((e: unknown) => {
    onError(e);
    body.destroy(e as Error);
  });
  return { filename: file.filename, asciiFilename: file.asciiFilename, contentType: tasks.XLSX_MIME, body };
}

async function uploadedFile(req: FastifyRequest): Promise<{ name: string; data: Buffer }> {
  const file = await receiveOneFile(req, { maxBytes: MAX_UPLOAD_BYTES, noFile: { zh: '请选择要导入的 .xlsx 文件', en: 'choose an .xlsx file to import' } });
  return { name: (file.filename || 'upload.xlsx').slice(0, 200), data: file.data };
}

export function taskExcelRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  const logError = (e: unknown) => app.log.error({ err: e }, 'task sheet');
  fileRoute(app, s, tasks.taskSheetTemplate, {
    access: 'task.read',
    handler: async (_c, i) => streamed(await templateSheet(s, i.params.id), logError),
  });
  fileRoute(app, s, tasks.exportTasks, {
    access: 'task.read',
    unitScoped: true,
    handler: async (c, i) => streamed(await exportTaskSheet(s, c.actor!, i.params.id, i.query), logError),
  });
  route(app, s, tasks.importTasks, {
    access: 'task.manage',
    handler: async (c, i) => {
      const actor = requireCan(c.actor, 'task.manage');
      const campaign = await db.selectFrom('campaigns').select('id').where('id', '=', i.params.id).executeTakeFirst();
      if (!campaign) throw new LuoshiError('NOT_FOUND');
      const file = await uploadedFile(c.req);
      try {
        openXlsx(file.data);
      } catch {
        // whatever fails in opening it, the upload is not a workbook we can read
        throw new LuoshiError('UNSUPPORTED_MEDIA_TYPE', { issues: [{ path: 'file', ...NOT_XLSX }] });
      }
      const dryRun = i.query.dryRun === 'true';
      const job = await createJob(db, 'task.import', actor.userId, emptyResult(file.name, dryRun), s.clock.now());
      void runInBackground(
        s,
        job.id,
        async (handle) => {
          let rows = 0;
          let phase: string = 'queued';
          const result = await importTaskSheet(s, {
            actor,
            auditAs: auditActorOf(actor, c.ip),
            ip: c.ip,
            campaignId: i.params.id,
            file: file.data,
            fileName: file.name,
            dryRun,
            jobId: job.id,
            // progress runs over twice the rows: checking them, then writing them
            onProgress: (p, done, total) => {
              if (p === 'validating') rows = total;
              const value = p === 'writing' ? rows + (total ? (done / total) * rows : 0) : done;
              const changed = p !== phase;
              phase = p;
              handle.progress(value, rows * 2, changed ? { ...emptyResult(file.name, dryRun, p), rows } : undefined);
            },
          });
          handle.progress(rows * 2, rows * 2);
          const ok = result.errorCount === 0 && !result.failure;
          return { status: ok ? 'succeeded' : 'failed', result };
        },
        {
          onError: logError,
          failedResult: { ...emptyResult(file.name, dryRun, 'done'), failure: { code: 'INTERNAL', zh: '服务器内部错误,未保存任何数据', en: 'Internal error; nothing was saved' } },
        },
      );
      return job;
    },
  });
}
