/**
 * The 任务分解表 in a real browser (issue 3): the office creates a campaign, imports a sheet made
 * here with exceljs in which one row names a unit that does not exist, reads that row's error and
 * finds nothing saved; imports the corrected sheet and finds the tasks in the tree and the
 * timetable; the export of the filtered tree holds the matching row; the lead unit's and the
 * cooperating town's handlers each find exactly their own tasks under 我的任务. A key project's page
 * lists its open obstacles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { DEMO_PASSWORD, signIn, unexpected } from './support/ui.ts';

let server: RunningServer;
let browser: Browser;
const Y = new Date().getFullYear() + 1;

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 250 });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A sheet as an office fills it: a title row above the header, a text date, a date cell. */
async function sheet(leadOfRow4: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务分解表');
  ws.addRow([`柞水县${Y}年重点工作任务分解表`]);
  ws.addRow(['编号', '层级', '任务名称', '牵头单位', '配合单位', '计划开始', '计划完成']);
  ws.addRow(['1', '目标', '改善城乡交通条件', '交通局', null, null, `${Y}年12月31日`]);
  ws.addRow(['1.1', '项目', '县城至乾佑镇公路改造', leadOfRow4, '乾佑镇', new Date(Date.UTC(Y, 2, 1)), `${Y}年10月31日`]);
  ws.addRow(['1.1.1', '时间节点', '完成路基工程', '交通局', null, null, `${Y}年6月30日`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function cellsOf(file: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return out;
}

describe('the task breakdown sheet in the web app', () => {
  it('the office imports a sheet with a bad row, sees the row error, fixes it and finds the tasks in the tree and the timetable', async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    page.setDefaultTimeout(30_000);
    page.setDefaultNavigationTimeout(60_000);
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);

    // a new campaign for next year
    const name = `表格导入${Date.now().toString(36).slice(-4)}`;
    await page.locator('.ant-menu').getByText('活动', { exact: true }).click();
    await page.waitForURL('**/app/campaigns');
    await page.getByRole('button', { name: '新建活动' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('年度').fill(String(Y));
    await dialog.getByLabel('活动名称').fill(name);
    await dialog.getByLabel('开始日期').fill(`${Y}-01-01`);
    await dialog.getByLabel('结束日期').fill(`${Y}-12-31`);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name }).waitFor();
    await page.getByRole('button', { name: '任务分解' }).click();
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/tasks$/);
    const campaignId = /\/app\/campaigns\/([^/]+)\/tasks/.exec(page.url())![1]!;
    await poll(() => page.getByTestId('match-count').getAttribute('data-count')).toBe('0');
    // an empty campaign says how to fill it
    await page.getByText(/本活动还没有任务:可“下载模板”填好后“导入”/).waitFor();

    // the template downloads as an .xlsx whose header row names the columns
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sheet-template').click()]);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);
    const templateRows = await cellsOf(await streamToBuffer(await template.createReadStream()));
    expect(templateRows.flat()).toEqual(expect.arrayContaining(['编号', '任务名称', '牵头单位']));

    // a sheet with one bad row: nothing is saved, the row and column are named
    await page.getByRole('button', { name: /^导\s*入$/ }).click();
    const importer = page.getByRole('dialog', { name: '导入任务分解表' });
    const input = importer.locator('input[type=file]');
    await input.setInputFiles({ name: '任务分解表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await sheet('公路建设指挥部') });
    const problems = importer.getByTestId('sheet-errors');
    await problems.waitFor();
    expect(await problems.getAttribute('data-count')).toBe('1');
    await importer.getByText('导入未成功,未保存任何数据').waitFor();
    const errorRow = problems.locator('tbody tr.ant-table-row');
    await poll(() => errorRow.count()).toBe(1);
    const cells = await errorRow.first().locator('td').allTextContents();
    expect(cells).toEqual(['4', '牵头单位', '找不到单位“公路建设指挥部”']);
    await page.screenshot({ path: '/tmp/luoshi-sheet-errors.png' });

    // the corrected sheet: all three rows are new, so the failed import saved none of its good rows
    await input.setInputFiles({ name: '任务分解表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await sheet('交通局') });
    const done = importer.getByTestId('sheet-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('已导入 3 行');
    expect(await done.textContent()).toContain('新建 3 项');
    await importer.getByRole('button', { name: /关\s*闭/ }).click();
    await importer.waitFor({ state: 'detached' });

    // the tree shows them, with their due dates
    await poll(() => page.getByTestId('match-count').getAttribute('data-count')).toBe('3');
    const row = page.locator('tr', { hasText: '完成路基工程' });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${Y}-06-30`);
    expect(await page.locator('tr', { hasText: '县城至乾佑镇公路改造' }).textContent()).toContain('柞水县交通运输局');

    // the export of the filtered tree holds the matching row under its parents' codes
    const box = page.getByPlaceholder('搜索编号或名称');
    await box.fill('路基');
    await box.press('Enter');
    await page.waitForURL(/[?&]q=/);
    await poll(() => page.getByTestId('match-count').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('sheet-export').getAttribute('href')).toContain(`q=${encodeURIComponent('路基')}`);
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sheet-export').click()]);
    const exportedRows = await cellsOf(await streamToBuffer(await exported.createReadStream()));
    const titles = exportedRows.map((r) => r[2]);
    expect(titles).toContain('完成路基工程');

    // the timetable: the three tasks with planned bars
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByRole('button', { name: '时间进度表' }).click();
    await page.waitForURL(/\/timetable/);
    await poll(() => page.locator('.ls-gantt-bar[data-kind="planned"]').count()).toBe(3);
    await page.getByText('完成路基工程').first().waitFor();
    await page.screenshot({ path: '/tmp/luoshi-sheet-timetable.png' });

    expect(unexpected(errors)).toEqual([]);
    await context.close();

    // the handlers find exactly their units' tasks: the lead unit all three, the cooperating town one
    for (const [user, n] of [['jiaotong.cb', '3'], ['qianyou.cb', '1']] as const) {
      const other = await openPage(browser, server.url);
      other.page.setDefaultTimeout(30_000);
      await signIn(other.page, user, DEMO_PASSWORD);
      await other.page.waitForURL(/\/app\//);
      await other.page.goto(`/app/campaigns/${campaignId}/tasks?scope=mine`);
      await poll(() => other.page.getByTestId('match-count').getAttribute('data-count')).toBe(n);
      await other.page.getByText('县城至乾佑镇公路改造').first().waitFor();
      expect(await other.page.getByRole('button', { name: /^导\s*入$/ }).count()).toBe(0);
      expect(unexpected(other.errors)).toEqual([]);
      await other.context.close();
    }
  }, 150_000);
});

describe('a key project and its obstacles', () => {
  it('the project page lists its obstacles apart from its milestones and counts the open ones', async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    page.setDefaultTimeout(30_000);
    page.setDefaultNavigationTimeout(60_000);
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    await page.goto(`/app/tasks?q=${encodeURIComponent('集中供热')}`);
    await poll(() => page.getByTestId('match-count').getAttribute('data-count')).toBe('1');
    await page.getByRole('link', { name: '县城集中供热工程' }).click();
    await page.getByRole('heading', { name: /县城集中供热工程/ }).waitFor();
    const open = page.getByTestId('open-obstacles');
    await open.waitFor();
    expect(await open.getAttribute('data-count')).toBe('2');
    const card = page.locator('.ant-card', { has: open });
    expect(await card.locator('tbody tr.ant-table-row').count()).toBe(2);
    const text = await card.textContent();
    expect(text).toContain('热源厂建设用地指标不足');
    expect(text).toContain('用地');
    expect(text).toContain('柞水县财政局');
    // the other children stay in their own list, without the obstacles
    const children = page.locator('.ant-card', { hasText: '下级节点' });
    expect(await children.textContent()).toContain('热源厂主体工程完工');
    expect(await children.textContent()).not.toContain('热源厂建设用地指标不足');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 90_000);
});

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
