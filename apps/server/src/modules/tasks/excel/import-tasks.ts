/**
 * Importing a 任务分解表 (R-TASK-5): read the file, check every row against the same rules as a
 * single change, and only if nothing is wrong write everything in one transaction. Either every
 * row is saved or none is, and the user gets every problem by row and column.
 */
import { createHash } from 'node:crypto';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { tasks } from '@luoshi/contracts';
import { auditActorOf, requireCan, runTx, type Services } from '../../../platform/context.ts';
import type { AuditActor } from '../../../platform/audit.ts';
import { NotXlsxError } from './xlsx-read.ts';
import { readTaskSheet } from './sheet-read.ts';
import { loadSheetContext } from './lookups.ts';
import { planImport } from './plan.ts';
import { MAX_REPORTED_ISSUES } from './issues.ts';
import { writePlan } from './write.ts';

type TaskImportIssueT = tasks.TaskImportIssueT;
type TaskImportResultT = tasks.TaskImportResultT;

export type ImportPhase = TaskImportResultT['phase'];
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportRequest {
  actor: Actor;
  /** who the audit log names; by default the actor */
  auditAs?: AuditActor;
  ip: string | null;
  campaignId: string;
  file: Buffer;
  fileName: string;
  dryRun: boolean;
  jobId?: string | null;
  onProgress?: ImportProgress;
}

export const NOT_XLSX = {
  zh: '文件不是有效的 .xlsx 工作簿(.xls、.et、.csv 请先在 Excel 或 WPS 中另存为 .xlsx)',
  en: 'The file is not a valid .xlsx workbook (save .xls, .et or .csv files as .xlsx first)',
};

const UNREADABLE = {
  zh: '工作簿内容无法读取,请在 Excel 或 WPS 中打开后重新保存为 .xlsx',
  en: 'The workbook cannot be read; open it in Excel or WPS and save it as .xlsx again',
};

export function emptyResult(fileName: string, dryRun: boolean, phase: ImportPhase = 'queued'): TaskImportResultT {
  return { phase, fileName, dryRun, rows: 0, created: 0, updated: 0, unchanged: 0, errors: [], errorCount: 0, failure: null };
}

/** Runs an import to its end and describes the outcome; bad files and bad rows are outcomes, not exceptions. */
export async function importTaskSheet(services: Services, req: ImportRequest): Promise<TaskImportResultT> {
  requireCan(req.actor, 'task.manage');
  const progress = req.onProgress ?? (() => {});
  const result = emptyResult(req.fileName, req.dryRun, 'reading');
  progress('reading', 0, 0);
  let sheet;
  try {
    sheet = readTaskSheet(req.file);
  } catch (e) {
    // whatever is wrong inside the file, it is the file that is wrong, not the server
    const text = e instanceof NotXlsxError ? NOT_XLSX : UNREADABLE;
    return { ...result, phase: 'done', failure: { code: 'UNSUPPORTED_MEDIA_TYPE', ...text } };
  }
  result.rows = sheet.rows.length;
  const sheetErrors: TaskImportIssueT[] = sheet.issues;
  // without its required columns a sheet cannot be read row by row
  if (sheet.missingColumns) return { ...result, phase: 'done', errors: sheetErrors, errorCount: sheetErrors.length };

  const ctx = await loadSheetContext(services.db.kysely, req.campaignId);
  const plan = await planImport(sheet, ctx, (done, total) => progress('validating', done, total));
  result.errorCount = sheetErrors.length + plan.issues.count;
  if (result.errorCount > 0) {
    return { ...result, phase: 'done', errors: [...sheetErrors, ...plan.issues.reported()].slice(0, MAX_REPORTED_ISSUES) };
  }
  const counts = { created: plan.creates.length, updated: plan.updates.length, unchanged: plan.unchanged };
  if (req.dryRun) return { ...result, ...counts, phase: 'done' };

  progress('writing', 0, counts.created + counts.updated);
  const auditAs = req.auditAs ?? auditActorOf(req.actor, req.ip);
  try {
    await runTx(services, { actor: req.actor, ip: req.ip, auditAs }, (tx) =>
      writePlan(
        tx,
        plan,
        {
          campaignId: req.campaignId,
          auditAs,
          stamp: ctx.stamp,
          jobId: req.jobId ?? null,
          fileName: req.fileName,
          sha256: createHash('sha256').update(req.file).digest('hex'),
        },
        (done, total) => progress('writing', done, total),
      ),
    );
  } catch (e) {
    if (e instanceof LuoshiError && e.code === 'CONFLICT') {
      const issue = e.issues[0] ?? { zh: '导入期间任务已被他人修改,请重新导入', en: 'tasks changed while importing; import again' };
      return { ...result, phase: 'done', failure: { code: 'CONFLICT', zh: issue.zh, en: issue.en } };
    }
    throw e;
  }
  return { ...result, ...counts, phase: 'done' };
}
