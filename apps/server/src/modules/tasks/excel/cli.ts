/**
 * `luoshi tasks import FILE --campaign ID [--dry-run]` and `luoshi tasks export FILE --campaign ID`:
 * the 任务分解表 from the command line, with progress every thousand rows and the error list in
 * Chinese (English when LANG is en*). Exit 0 done, 1 problems in the sheet, 2 bad arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor, Lang } from '@luoshi/domain';
import { tasks } from '@luoshi/contracts';
import type { Services } from '../../../platform/context.ts';
import type { AuditActor } from '../../../platform/audit.ts';
import { importTaskSheet, type ImportPhase } from './import-tasks.ts';
import { exportTaskSheet } from './export-tasks.ts';

export const TASKS_HELP = `luoshi tasks import FILE --campaign ID [--dry-run]
luoshi tasks export FILE --campaign ID
  导入或导出任务分解表(.xlsx)。导入时全部行通过检查才保存,否则一行也不保存并列出每个问题;
  --dry-run 只检查不保存。每 1000 行显示一次进度。LANG=en* 时以英文显示问题。
  退出码:0 成功,1 表中有问题(未保存),2 参数错误。审计日志中的操作人为“命令行”。
  Imports or exports the task breakdown sheet. An import saves every row or none and lists each
  problem by row and column; --dry-run only checks. Progress every 1000 rows; problems in English
  when LANG is en*. Exit 0 done, 1 problems in the sheet (nothing saved), 2 bad arguments.`;

/** The command line acts as the office; the audit log names it as such. */
const CLI_ACTOR: Actor = {
  userId: 'cli',
  username: 'cli',
  personId: null,
  displayName: '命令行',
  systemRoles: [],
  memberships: [{ unitId: 'cli', role: 'principal', unitFunctions: ['office'] }],
  chargedUnitIds: [],
};
export const CLI_AUDIT_ACTOR: AuditActor = { userId: null, name: '命令行 CLI', ip: null };

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  lang: Lang;
}

const PHASE: Record<ImportPhase, { zh: string; en: string }> = {
  queued: { zh: '排队', en: 'Queued' },
  reading: { zh: '读取', en: 'Reading' },
  validating: { zh: '检查', en: 'Checking' },
  writing: { zh: '写入', en: 'Writing' },
  done: { zh: '完成', en: 'Done' },
};

/** Prints a line each time a phase starts and every 1000 rows within it. */
function progressPrinter(io: CliIo) {
  let phase: ImportPhase | null = null;
  let step = 0;
  return (p: ImportPhase, done: number, total: number) => {
    if (p !== phase) {
      phase = p;
      step = 0;
      io.out(`${PHASE[p][io.lang]}${total ? ` 0/${total}` : ''}…`);
    }
    while (total && done >= (step + 1) * 1000) {
      step++;
      io.out(`  ${PHASE[p][io.lang]} ${step * 1000}/${total}`);
    }
  };
}

export async function tasksCommand(argv: string[], open: () => Promise<Services>, io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { campaign: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  } catch (e) {
    io.err(`${(e as Error).message}\n${TASKS_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if ((verb !== 'import' && verb !== 'export') || positionals.length !== 1 || !file || !values.campaign || (verb === 'export' && values['dry-run'])) {
    io.err(`用法 usage:\n${TASKS_HELP}`);
    return 2;
  }
  if (verb === 'import' && !fs.existsSync(file)) {
    io.err(`找不到文件 no such file: ${file}`);
    return 2;
  }
  const services = await open();
  try {
    const campaign = await services.db.kysely.selectFrom('campaigns').select('id').where('id', '=', values.campaign).executeTakeFirst();
    if (!campaign) {
      io.err(`找不到活动 no such campaign: ${values.campaign}`);
      return 2;
    }
    return verb === 'import' ? await runImport(services, file, values.campaign, !!values['dry-run'], io) : await runExport(services, file, values.campaign, io);
  } finally {
    await services.db.close();
  }
}

async function runImport(services: Services, file: string, campaignId: string, dryRun: boolean, io: CliIo): Promise<number> {
  const r = await importTaskSheet(services, {
    actor: CLI_ACTOR,
    auditAs: CLI_AUDIT_ACTOR,
    ip: null,
    campaignId,
    file: fs.readFileSync(file),
    fileName: path.basename(file),
    dryRun,
    onProgress: progressPrinter(io),
  });
  const zh = io.lang === 'zh';
  if (r.failure) {
    io.err(`${zh ? '导入失败,未保存任何数据' : 'Import failed; nothing was saved'}: ${r.failure[io.lang]}`);
    return 1;
  }
  if (r.errorCount > 0) {
    io.err(zh ? `发现 ${r.errorCount} 个问题,未保存任何数据:` : `${r.errorCount} problem(s) found; nothing was saved:`);
    for (const e of r.errors) io.err(zh ? `  第 ${e.row} 行 [${e.column}] ${e.zh}` : `  row ${e.row} [${e.column}] ${e.en}`);
    if (r.errorCount > r.errors.length) io.err(zh ? `  ……另有 ${r.errorCount - r.errors.length} 个问题未列出` : `  … and ${r.errorCount - r.errors.length} more`);
    return 1;
  }
  const counts = zh ? `新建 ${r.created},更新 ${r.updated},未变 ${r.unchanged}` : `created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}`;
  io.out(dryRun ? (zh ? `检查通过(未保存):将${counts}` : `Check passed (nothing saved): would be ${counts}`) : zh ? `导入完成:${counts}` : `Imported: ${counts}`);
  return 0;
}

async function runExport(services: Services, file: string, campaignId: string, io: CliIo): Promise<number> {
  const sheet = await exportTaskSheet(services, CLI_ACTOR, campaignId, tasks.TaskQuery.parse({ includeAncestors: 'true', limit: 50000 }));
  const print = progressPrinter(io);
  print('writing', 0, sheet.rows);
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const n = await sheet.write(out, (row) => print('writing', row, sheet.rows));
  await done;
  io.out(io.lang === 'zh' ? `已导出 ${n} 行到 ${file}` : `Exported ${n} rows to ${file}`);
  return 0;
}
