import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { openDb, type Db } from '../../apps/server/src/platform/db/connect.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { luoshi } from '../support/cli.ts';
import { makeSheet, sheetValues } from '../support/sheets.ts';

let db: TestDb;
let handle: Db;
let dir: string;
let campaignId: string;
/** each test starts the real command several times */
const SLOW = 180_000;
beforeAll(async () => {
  db = await createTestDb({ seeded: true });
  handle = openDb({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
  campaignId = (await handle.kysely.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-sheets-'));
});
afterAll(async () => {
  await handle?.close();
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const taskCount = async () =>
  Number((await handle.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow()).n);
async function sheetFile(name: string, rows: ExcelJS.CellValue[][]): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, await makeSheet({ above: [['任务分解表']], header: ['编号', '层级', '任务名称', '牵头单位', '计划完成'], rows }));
  return file;
}

describe('luoshi tasks import / export', () => {
  it('explains itself and refuses bad arguments with status 2', async () => {
    const help = await luoshi(['tasks', '--help'], null);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('luoshi tasks import FILE --campaign ID [--dry-run]');
    expect((await luoshi(['--help'], null)).stdout).toContain('tasks export FILE --campaign ID');
    const file = await sheetFile('ok.xlsx', [['90', '目标', '目标九十', '发改局', '年底']]);
    const bad = [
      ['tasks', 'import'],
      ['tasks', 'import', file],
      ['tasks', 'frob', file, '--campaign', campaignId],
      ['tasks', 'import', file, '--campaign', campaignId, '--frob'],
      ['tasks', 'import', path.join(dir, 'missing.xlsx'), '--campaign', campaignId],
      ['tasks', 'export', file, '--campaign', campaignId, '--dry-run'],
    ];
    const results = await Promise.all(bad.map((args) => luoshi(args, db)));
    results.forEach((r, i) => {
      expect(r.code, bad[i]!.join(' ')).toBe(2);
      expect(r.stderr.length, bad[i]!.join(' ')).toBeGreaterThan(0);
    });
    const unknown = await luoshi(['tasks', 'import', file, '--campaign', 'no-such-campaign'], db);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no-such-campaign');
  }, SLOW);

  it('lists the problems of a sheet (in English when LANG says so), exits 1 and saves nothing', async () => {
    const before = await taskCount();
    const file = await sheetFile('bad.xlsx', [
      ['91', '目标', '目标九十一', '发改局', '年底'],
      ['91.1', '任务', '任务甲', '不存在局', '尽快'],
    ]);
    const zh = await luoshi(['tasks', 'import', file, '--campaign', campaignId], db, { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('发现 2 个问题,未保存任何数据');
    expect(zh.stderr).toContain('第 4 行 [牵头单位] 找不到单位“不存在局”');
    expect(zh.stderr).toContain('第 4 行 [计划完成] 无法识别的日期“尽快”');
    const en = await luoshi(['tasks', 'import', file, '--campaign', campaignId], db, { LANG: 'en_US.UTF-8' });
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('row 4 [牵头单位] no unit named "不存在局"');
    expect(await taskCount()).toBe(before);
  }, SLOW);

  it('imports with progress every thousand rows, as the command line in the audit log; a dry run saves nothing', async () => {
    const rows: ExcelJS.CellValue[][] = [['92', '目标', '目标九十二', '县政府督查室', '年底']];
    for (let i = 1; i <= 2400; i++) rows.push([`92.${i}`, '任务', `批量任务${i}`, '交通局', '10月底']);
    const file = await sheetFile('big.xlsx', rows);
    const before = await taskCount();
    const dry = await luoshi(['tasks', 'import', file, '--campaign', campaignId, '--dry-run'], db, { LANG: 'en_US.UTF-8' });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Check passed (nothing saved): would be created 2401, updated 0');
    expect(await taskCount()).toBe(before);

    const r = await luoshi(['tasks', 'import', file, '--campaign', campaignId], db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('检查 1000/2401');
    expect(r.stdout).toContain('检查 2000/2401');
    expect(r.stdout).toContain('写入 2000/2401');
    expect(r.stdout).toContain('导入完成:新建 2401,更新 0,未变 0');
    expect(await taskCount()).toBe(before + 2401);
    const entry = await handle.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'task.import').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry.actor_name).toBe('命令行 CLI');
    expect(entry.actor_user_id).toBeNull();
    expect((await luoshi(['audit', 'verify'], db)).code).toBe(0);
  }, SLOW);

  it('exports a campaign that imports back unchanged', async () => {
    const out = path.join(dir, '导出.xlsx');
    const r = await luoshi(['tasks', 'export', out, '--campaign', campaignId], db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const n = await taskCount();
    expect(r.stdout).toContain(`已导出 ${n} 行`);
    expect(r.stdout).toContain(`写入 1000/${n}`);
    expect((await sheetValues(fs.readFileSync(out))).length).toBe(n + 2);
    const again = await luoshi(['tasks', 'import', out, '--campaign', campaignId], db);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`导入完成:新建 0,更新 0,未变 ${n}`);
  }, SLOW);
});
