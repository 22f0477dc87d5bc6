import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { campaigns, org, tasks } from '@luoshi/contracts';
import { TASK_SHEET_COLUMNS } from '@luoshi/domain';
import { verifyAuditChain } from '../../apps/server/src/platform/audit.ts';
import { startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { download, importSheet, makeSheet, multipart, sheetValues, upload, waitForJob } from '../support/sheets.ts';

let t: TestApp;
let office: Client;
let demoId: string;
beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi');
  demoId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
});
afterAll(async () => t?.close());

const db = () => t.services.db.kysely;
/** imports and exports of whole campaigns: generous on a loaded machine */
const SLOW = { timeout: 120_000 };
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

async function newCampaign(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await office.call(campaigns.createCampaign, { body: { year: 2013, name, startDate: '2013-01-01', endDate: '2013-12-31', ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.id;
}
/** tasks of a campaign and entries of the audit log, to prove that nothing was written */
async function counts(campaignId: string) {
  const n = await db().selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
  const a = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { tasks: Number(n.n), audit: Number(a.n) };
}
async function tree(campaignId: string) {
  const r = await office.call(tasks.listTasks, { params: { id: campaignId } });
  return new Map<string, any>(r.body.items.map((x: any) => [x.code, x]));
}
async function holder(shortName: string, role: 'principal' | 'deputy' | 'handler') {
  const row = await db()
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .innerJoin('people', 'people.id', 'post_terms.person_id')
    .innerJoin('units', 'units.id', 'posts.unit_id')
    .select(['people.id', 'people.name'])
    .where('units.short_name', '=', shortName)
    .where('posts.role', '=', role)
    .where('post_terms.to_date', 'is', null)
    .executeTakeFirstOrThrow();
  return row;
}

describe('the template', SLOW, () => {
  it('is an .xlsx named in Chinese (RFC 5987) with the documented columns and a bilingual explanation sheet', async () => {
    const r = await download(t, office, `/api/v1/campaigns/${demoId}/tasks/template.xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(tasks.XLSX_MIME);
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="task-breakdown-template\.xlsx"; filename\*=UTF-8''%E4%BB%BB%E5%8A%A1/);
    const main = await sheetValues(r.file);
    expect(main[1]).toEqual(TASK_SHEET_COLUMNS.map((c) => c.zh));
    expect(main.length).toBe(2);
    const help = (await sheetValues(r.file, 1)).flat().join('\n');
    expect(help).toContain('三季度末');
    expect(help).toContain('Acceptance standard');
    expect(help).toContain('项目建设推进年活动(projects)');
    expect(help).toContain('十大民生工程(10 项)');
    // the template itself imports: the explanation sheet is not taken for the task sheet
    const job = await importSheet(office, demoId, r.file, { dryRun: true });
    expect(job.result).toMatchObject({ rows: 0, errorCount: 0, created: 0 });
  });
});

describe('importing a sheet as offices make them', SLOW, () => {
  let target: string;
  beforeAll(async () => {
    target = await newCampaign('导入测试活动', { streams: [{ key: 'projects', title: '项目建设推进年活动' }], lists: [{ name: '十大民生工程', size: 1 }] });
  });

  it('reads a title row, synonyms in any order, merged cells, text dates, date cells, serials, full-width digits and spaces', async () => {
    const handler = await holder('住建局', 'handler');
    const before = await counts(target);
    const file = await makeSheet({
      above: [['柞水县2013年政府工作执行年活动任务分解表'], ['填报单位:县政府督查室', null, null, '填报日期:2013年5月']],
      header: ['序号', '层级', '任务名称', '责任单位', '配合\n单位', '承办人', '计划开始', '完成时限', '指标名称', '目标值', '所属清单', '内容流', '备注'],
      rows: [
        ['1', '目标', '开展项目建设推进年活动', '发改局', null, null, null, '年底', null, null, null, '项目建设推进年活动', '各单位负责'],
        ['１．１', '项目', '县城集中供热工程', '住 建 局', '发改局、环保局', handler.name.split('').join(' '), utc(2013, 3, 1), '2013年11月30日', '供热面积', '３０', null, 'projects', null],
        ['1.1.1', '时间节点', '完成项目可研批复', '住建局', null, null, null, '6月底', null, null, null, null, null],
        ['1.1.2', '时间节点', '热源厂主体工程完工', null, null, null, null, '三季度末', null, null, null, null, null],
        ['1.1.3', '时间节点', '管网铺设完成并试供热', null, null, null, null, 41593, null, null, null, null, null],
        ['2', '目标', '实施十大民生工程', '县政府督查室', null, null, null, '12月31日', null, null, null, null, null],
        ['2.1', '任务', '　新建乾佑镇中心幼儿园　', '教体局', '乾佑镇', null, null, '２０１３年８月３１日', '学位', 360, '十大民生工程', null, null],
      ],
      merges: ['D6:D8'],
    });
    const job = await importSheet(office, target, file);
    expect(job.result.errors).toEqual([]);
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ phase: 'done', rows: 7, created: 7, updated: 0, unchanged: 0, errorCount: 0 });
    expect(await counts(target)).toEqual({ tasks: before.tasks + 7, audit: before.audit + 8 });

    const got = await tree(target);
    expect([...got.keys()]).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.1.3', '2', '2.1']);
    const due = Object.fromEntries([...got].map(([code, x]) => [code, x.plannedEnd]));
    expect(due).toEqual({ '1': '2013-12-31', '1.1': '2013-11-30', '1.1.1': '2013-06-30', '1.1.2': '2013-09-30', '1.1.3': '2013-11-15', '2': '2013-12-31', '2.1': '2013-08-31' });
    expect(got.get('1.1.1').parentId).toBe(got.get('1.1').id);
    expect(got.get('1.1.3').leadUnitId).toBe(await unitId(t, '住建局'));
    expect(got.get('1.1').cooperatingUnitIds.sort()).toEqual([await unitId(t, '发改局'), await unitId(t, '环保局')].sort());
    expect(got.get('2.1').title).toBe('新建乾佑镇中心幼儿园');

    const project = (await office.call(tasks.getTask, { params: { id: got.get('1.1').id } })).body;
    expect(project.plannedStart).toBe('2013-03-01');
    expect(project.streamKey).toBe('projects');
    expect(project.indicators).toMatchObject([{ name: '供热面积', unit: '', target: 30, baseline: null }]);
    expect(project.responsible.handler.personId).toBe(handler.id);
    // not named in the sheet: the lead unit's current principal, as for a task made in a form
    expect(project.responsible.principal.personId).toBe((await holder('住建局', 'principal')).id);
    const last = await db().selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.action).toBe('task.import');
    expect(last.actor_name).toContain('duchashi');
    expect(JSON.parse(last.after!)).toMatchObject({ created: 7, updated: 0, rows: 7 });
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('saves nothing when one row is wrong, and lists every problem by row and column', async () => {
    const twinUnit = await unitId(t, '营盘镇');
    for (const u of [twinUnit, await unitId(t, '下梁镇')]) {
      expect((await office.call(org.createPerson, { body: { name: '同名人', unitId: u } })).status).toBe(200);
    }
    const before = await counts(target);
    const file = await makeSheet({
      header: ['编号', '层级', '任务名称', '牵头单位', '承办人', '计划完成', '所属清单'],
      rows: [
        ['3', '目标', '目标三', '县政府督查室', null, '年底', null], // row 2
        ['3.1', '任务', '任务甲', '不存在局', null, '6月底', null], // 3
        ['3.2', '任务', '任务乙', '住建局', null, '尽快', null], // 4
        ['3.3', '任务', '任务丙', '住建局', null, '6月底', null], // 5
        ['3.3', '任务', '任务丙又一行', '住建局', null, '6月底', null], // 6
        ['1.1.4', '时间节点', '超过上级期限的节点', '住建局', null, '12月15日', null], // 7
        ['9.1', '任务', '没有上级的任务', '住建局', null, '6月底', null], // 8
        ['3.4', '任务', '', '住建局', null, '6月底', null], // 9
        ['3.5', '项目', '项目戊', '住建局', '查无此人', '6月30日', null], // 10
        ['3.5.1', '任务', '任务己', '住建局', '同名人', '2013-07-01', null], // 11
        ['3.6', '任务', '任务庚', '住建局', null, '6月底', '十大民生工程'], // 12: the list (size 1) is full
      ],
    });
    const r = await upload(office, target, file);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('running');
    const { job } = await waitForJob(office, r.body.id);
    expect(job.status).toBe('failed');
    expect(job.result.errors).toEqual([
      { row: 3, column: '牵头单位', zh: '找不到单位“不存在局”', en: 'no unit named "不存在局"' },
      { row: 4, column: '计划完成', zh: '无法识别的日期“尽快”(可写 2013-06-30、2013年6月30日、6月底、三季度末)', en: 'not a date: "尽快" (write e.g. 2013-06-30, 2013年6月30日, 6月底, 三季度末)' },
      { row: 6, column: '编号', zh: '编号 3.3 与第 5 行重复', en: 'the code 3.3 is also on row 5' },
      { row: 7, column: '计划完成', zh: '完成时间不能晚于上级节点(2013-11-30)', en: 'due after its parent (2013-11-30)' },
      { row: 8, column: '编号', zh: '上级编号 9 在表中和活动中都不存在', en: 'the parent code 9 is neither in the sheet nor in the campaign' },
      { row: 9, column: '任务名称', zh: '不能为空', en: 'must not be empty' },
      { row: 10, column: '承办人', zh: '找不到人员“查无此人”', en: 'no person named "查无此人"' },
      { row: 11, column: '承办人', zh: '“同名人”有 2 人同名,无法确定是哪一位', en: '2 people are named "同名人"; cannot tell which one is meant' },
      { row: 11, column: '计划完成', zh: '完成时间不能晚于上级节点(2013-06-30)', en: 'due after its parent (2013-06-30)' },
      { row: 12, column: '所属清单', zh: '“十大民生工程”已满(1 项)', en: 'the list 十大民生工程 is full (1)' },
    ]);
    expect(job.result.errorCount).toBe(10);
    expect(job.result.created).toBe(0);
    expect(await counts(target)).toEqual(before);
  });

  it('names a missing required column in one clear error', async () => {
    const before = await counts(target);
    const file = await makeSheet({ above: [['任务分解表']], header: ['编号', '层级', '任务名称', '牵头单位'], rows: [['4', '目标', '目标四', '发改局']] });
    const job = await importSheet(office, target, file);
    expect(job.status).toBe('failed');
    expect(job.result.errors).toEqual([
      {
        row: 2,
        column: '计划完成',
        zh: '缺少必填列:计划完成。表头须包含 编号、层级、任务名称、计划完成(可先下载模板)',
        en: 'missing required column(s): 计划完成 (Due date); download the template for the layout',
      },
    ]);
    expect(await counts(target)).toEqual(before);
  });

  it('takes the cached result of a formula, never the formula', async () => {
    const file = await makeSheet({
      header: ['编号', '层级', '任务名称', '牵头单位', '计划完成'],
      rows: [['5', '目标', null, '发改局', '年底']],
      edit: (ws) => {
        ws.getCell('C2').value = { formula: 'CONCATENATE("县城","绿化")', result: '县城绿化' };
      },
    });
    const job = await importSheet(office, target, file);
    expect(job.result).toMatchObject({ created: 1, errorCount: 0 });
    expect((await tree(target)).get('5').title).toBe('县城绿化');
  });

  it('a dry run checks everything and saves nothing', async () => {
    const before = await counts(target);
    const file = await makeSheet({ header: ['编号', '层级', '任务名称', '计划完成'], rows: [['6', '目标', '目标六', '年底'], ['6.1', '任务', '任务六', '10月底']] });
    const job = await importSheet(office, target, file, { dryRun: true });
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ dryRun: true, created: 2, updated: 0 });
    expect(await counts(target)).toEqual(before);
  });
});

describe('export, and import back unchanged', SLOW, () => {
  it('demo campaign → new campaign → export again gives the same cells; importing again changes nothing', async () => {
    const demo = (await office.call(campaigns.getCampaign, { params: { id: demoId } })).body;
    const copy = await newCampaign('往返测试活动', { streams: demo.streams, lists: demo.lists.map((l: any) => ({ name: l.name, size: l.size })) });
    const first = await download(t, office, `/api/v1/campaigns/${demoId}/tasks/export.xlsx`);
    expect(first.status).toBe(200);
    expect(first.headers['content-disposition']).toContain("filename*=UTF-8''");
    const rows = (await sheetValues(first.file)).length - 2;
    expect(rows).toBe(demo.taskCount);

    const job = await importSheet(office, copy, first.file);
    expect(job.result.errors).toEqual([]);
    expect(job.result).toMatchObject({ created: rows, updated: 0, unchanged: 0 });

    const second = await download(t, office, `/api/v1/campaigns/${copy}/tasks/export.xlsx`);
    expect(await sheetValues(second.file)).toEqual(await sheetValues(first.file));

    const again = await importSheet(office, copy, second.file);
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: rows });
    const home = await importSheet(office, demoId, first.file);
    expect(home.result).toMatchObject({ created: 0, updated: 0, unchanged: rows });
  });

  it('an untouched row imports even if a rule would now refuse it; an edited one meets the rules', async () => {
    const tourism = await unitId(t, '旅游局');
    await db().updateTable('units').set({ active: 0 }).where('id', '=', tourism).execute();
    try {
      const file = (await download(t, office, `/api/v1/campaigns/${demoId}/tasks/export.xlsx`)).file;
      const same = await importSheet(office, demoId, file);
      expect(same.result).toMatchObject({ errorCount: 0, created: 0, updated: 0 });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const titleCol = TASK_SHEET_COLUMNS.findIndex((c) => c.key === 'title') + 1;
      let rowNo = 0;
      ws.eachRow((r, n) => {
        if (r.getCell(titleCol).value === '创建省级旅游强县') rowNo = n;
      });
      ws.getRow(rowNo).getCell(titleCol).value = '创建省级旅游强县(调整)';
      const edited = await importSheet(office, demoId, Buffer.from(await wb.xlsx.writeBuffer()));
      expect(edited.result.errors).toEqual([{ row: rowNo, column: '牵头单位', zh: '牵头单位不存在或已停用', en: 'no such active lead unit' }]);
    } finally {
      await db().updateTable('units').set({ active: 1 }).where('id', '=', tourism).execute();
    }
  });

  it('a sheet with fewer columns changes only what it has', async () => {
    const all = await sheetValues((await download(t, office, `/api/v1/campaigns/${demoId}/tasks/export.xlsx`)).file);
    const keys = ['code', 'nodeType', 'title', 'plannedEnd', 'indicatorName'] as const;
    const cols = keys.map((k) => TASK_SHEET_COLUMNS.findIndex((c) => c.key === k));
    const rows = all.slice(2).map((r) => cols.map((i) => (typeof r[i] === 'string' && /^\d{4}-\d\d-\d\dT/.test(r[i] as string) ? (r[i] as string).slice(0, 10) : r[i]) as ExcelJS.CellValue));
    const heat = rows.find((r) => r[2] === '县城集中供热工程')!;
    const before = (await office.call(tasks.getTask, { params: { id: (await tree(demoId)).get(String(heat[0])).id } })).body;
    const same = await importSheet(office, demoId, await makeSheet({ header: keys.map((k) => TASK_SHEET_COLUMNS.find((c) => c.key === k)!.zh), rows }));
    expect(same.result).toMatchObject({ errorCount: 0, created: 0, updated: 0 });
    heat[2] = '县城集中供热工程(一期)';
    const one = await importSheet(office, demoId, await makeSheet({ header: keys.map((k) => TASK_SHEET_COLUMNS.find((c) => c.key === k)!.zh), rows }));
    expect(one.result).toMatchObject({ errorCount: 0, created: 0, updated: 1 });
    const after = (await office.call(tasks.getTask, { params: { id: before.id } })).body;
    expect(after.title).toBe('县城集中供热工程(一期)');
    const { title: _a, rowVersion: _b, ...rest } = after;
    const { title: _c, rowVersion: _d, ...was } = before;
    expect(rest).toEqual(was);
  });

  it('an edited cell updates only that task, and keeps its history', async () => {
    const file = (await download(t, office, `/api/v1/campaigns/${demoId}/tasks/export.xlsx`)).file;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const col = TASK_SHEET_COLUMNS.findIndex((c) => c.key === 'title') + 1;
    const row = ws.getRow(4);
    const code = String(row.getCell(1).value);
    row.getCell(col).value = '改过名称的任务';
    const job = await importSheet(office, demoId, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(job.result).toMatchObject({ created: 0, updated: 1 });
    const task = (await tree(demoId)).get(code);
    expect(task.title).toBe('改过名称的任务');
    const entry = await db().selectFrom('audit_log').selectAll().where('action', '=', 'task.update').where('entity_id', '=', task.id).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after!).changed).toEqual(['title']);
  });

  it('text that looks like a formula is exported as a plain string and comes back the same', async () => {
    const parent = (await tree(demoId)).get('2');
    const nasty = '=HYPERLINK("http://evil.example","点此")';
    const made = await office.call(tasks.createTask, {
      params: { id: demoId },
      body: { parentId: parent.id, nodeType: 'task', title: nasty, sourceRef: '+86-1', acceptanceStandard: '@SUM(A1)', plannedEnd: '2013-10-31' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const file = (await download(t, office, `/api/v1/campaigns/${demoId}/tasks/export.xlsx`, {}).catch(() => null))!.file;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    let found: ExcelJS.Row | null = null;
    ws.eachRow((r) => {
      if (r.getCell(1).value === made.body.code) found = r;
    });
    const cell = found!.getCell(TASK_SHEET_COLUMNS.findIndex((c) => c.key === 'title') + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(nasty);
    expect(cell.numFmt).toBe('@');
    expect(found!.getCell(TASK_SHEET_COLUMNS.findIndex((c) => c.key === 'sourceRef') + 1).type).toBe(ExcelJS.ValueType.String);
    const job = await importSheet(office, demoId, file);
    expect(job.result).toMatchObject({ created: 0, updated: 0 });
    expect((await office.call(tasks.getTask, { params: { id: made.body.id } })).body.title).toBe(nasty);
  });

  it('a town handler exports only the tasks her unit leads or cooperates on', async () => {
    const h = await t.as('qianyou.cb');
    const r = await download(t, h, `/api/v1/campaigns/${demoId}/tasks/export.xlsx`);
    expect(r.status).toBe(200);
    const values = (await sheetValues(r.file)).slice(2);
    const lead = TASK_SHEET_COLUMNS.findIndex((c) => c.key === 'leadUnit');
    const coop = TASK_SHEET_COLUMNS.findIndex((c) => c.key === 'cooperatingUnits');
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(`${v[lead]}、${v[coop] ?? ''}`).toContain('乾佑镇人民政府');
    const own = (await h.call(tasks.listTasks, { params: { id: demoId }, query: { includeAncestors: 'false' } })).body.items;
    expect(values.length).toBe(own.length);
    const filtered = await download(t, office, `/api/v1/campaigns/${demoId}/tasks/export.xlsx?nodeType=obstacle&includeAncestors=false`);
    expect((await sheetValues(filtered.file)).slice(2).map((v) => v[1])).toEqual(['难题', '难题', '难题']);
  });
});

describe('who may import, and the job', SLOW, () => {
  it('only the office imports; a unit’s staff and strangers are refused', async () => {
    const file = await makeSheet({ header: ['编号', '层级', '任务名称', '计划完成'], rows: [['7', '目标', '目标七', '年底']] });
    const handler = await upload(await t.as('qianyou.cb'), demoId, file);
    expect(handler.status).toBe(403);
    expect(handler.body.error.code).toBe('FORBIDDEN');
    const anon = await upload(t.anon(), demoId, file);
    expect(anon.status).toBe(401);
    const { body, contentType } = multipart(file);
    const noCsrf = await office.request('POST', `/api/v1/campaigns/${demoId}/tasks/import`, { rawBody: body, headers: { 'content-type': contentType }, noCsrf: true });
    expect(noCsrf.body.error.code).toBe('CSRF_FAILED');
  });

  it('shows its progress to its creator only', async () => {
    const target = await newCampaign('进度测试活动');
    const rows: ExcelJS.CellValue[][] = [['1', '目标', '大目标', '县政府督查室', '年底']];
    for (let i = 1; i <= 1500; i++) rows.push([`1.${i}`, '任务', `任务${i}`, i % 2 ? '住建局' : '交通局', '11月30日']);
    const file = await makeSheet({ header: ['编号', '层级', '任务名称', '牵头单位', '计划完成'], rows });
    const started = await upload(office, target, file);
    expect(started.body).toMatchObject({ kind: 'task.import', status: 'running', progress: 0 });
    const other = await t.as('duchaduban');
    const peek = await other.call(tasks.getJob, { params: { id: started.body.id } });
    expect(peek.status).toBe(404);
    expect((await t.anon().call(tasks.getJob, { params: { id: started.body.id } })).status).toBe(401);
    const { job, seen } = await waitForJob(office, started.body.id);
    expect(job.status).toBe('succeeded');
    expect(job.result.created).toBe(1501);
    expect(job.total).toBe(3002);
    expect(job.progress).toBe(job.total);
    const progress = seen.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});

describe('bad uploads get a 4xx with a stable code, never a 500', SLOW, () => {
  const url = () => `/api/v1/campaigns/${demoId}/tasks/import`;
  const post = (body: Buffer | string, contentType: string, headers: Record<string, string> = {}) =>
    office.request('POST', url(), { rawBody: body, headers: { 'content-type': contentType, ...headers } });

  it('a file that is not an .xlsx, whatever its name', async () => {
    const text = multipart(Buffer.from('编号,层级\n1,目标\n'), 'tasks.xlsx');
    const r = await post(text.body, text.contentType);
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(r.body.error.issues[0].message).toContain('不是有效的 .xlsx');
    const en = await post(text.body, text.contentType, { 'accept-language': 'en' });
    expect(en.body.error.issues[0].message).toContain('not a valid .xlsx');

    const good = await makeSheet({ header: ['编号'], rows: [] });
    const truncated = multipart(good.subarray(0, Math.floor(good.length / 2)));
    expect((await post(truncated.body, truncated.contentType)).status).toBe(415);
    // a valid zip without the parts of a workbook
    const renamed = Buffer.from(good.toString('latin1').replaceAll('[Content_Types].xml', '[Content_Typex].xml'), 'latin1');
    const zip = multipart(renamed);
    expect((await post(zip.body, zip.contentType)).status).toBe(415);
  });

  it('no file, a JSON body, an unknown campaign, a file too large', async () => {
    const boundary = 'b0undary';
    const noFile = await post(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`, `multipart/form-data; boundary=${boundary}`);
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.code).toBe('VALIDATION_FAILED');
    const json = await office.request('POST', url(), { body: { file: 'x' } });
    expect(json.status).toBe(415);
    const file = await makeSheet({ header: ['编号', '层级', '任务名称', '计划完成'], rows: [] });
    const unknown = await upload(office, 'no-such-campaign', file);
    expect(unknown.status).toBe(404);
    const huge = multipart(Buffer.alloc(21 * 1024 * 1024, 1));
    const big = await post(huge.body, huge.contentType);
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('BODY_TOO_LARGE');
  });
});
