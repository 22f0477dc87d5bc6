/**
 * The year end in a real browser (R-ASSESS, R-FIVE), on the demo county with the clock pinned: in
 * December a citizen answers the office's efficiency questionnaire on the portal from a phone, once,
 * and a deputy invited in the office's form answers another under 待我评议;
 * in January (a second server run on the same data, its clock further on) the office closes the
 * year with one button and reads the ranking, and finance downloads the budget sheet, whose
 * numbers are checked against the server's own list.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { DEMO_PASSWORD, pick, signIn, unexpected } from './support/ui.ts';

/** 20 December: the questionnaire is open. */
const DECEMBER = '2013-12-20T02:00:00Z';
/** 6 January: the campaign year (ending 31 December) is over and may be closed. */
const JANUARY = '2014-01-06T02:00:00Z';
const SHOTS = process.env.LUOSHI_SHOTS_DIR ?? os.tmpdir();
const SURVEY = '2013年度政府效能评议(群众)';

let dataDir: string;
let server: RunningServer | undefined;
let browser: Browser;

/** A signed-in API client for setting the scene and reading the server's answers. */
async function apiAs(username: string, password = DEMO_PASSWORD) {
  const base = server!.url;
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`sign-in of ${username} failed: ${r.status}`);
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const send = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  return { get: (p: string) => send('GET', p), post: (p: string, b: unknown) => send('POST', p, b), put: (p: string, b: unknown) => send('PUT', p, b) };
}

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 45_000, interval: 250 });

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `luoshi-assessment-${name}.png`), fullPage: false });
}

/** Opens a side-menu entry (on a phone the menu is a drawer behind the ☰ button). */
async function openMenu(page: Page, label: string): Promise<void> {
  await page.locator('.ls-page').first().waitFor();
  const toggle = page.getByRole('button', { name: /菜单/ });
  if (await toggle.isVisible()) await toggle.click();
  await page.locator('.ant-menu').getByText(label, { exact: true }).click();
}

let current: Page | undefined;
let campaignId = '';
let qianyou = '';

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && current && !current.isClosed()) await shot(current, `failed-${ctx.task.name.slice(0, 20)}`).catch(() => undefined);
  current = undefined;
});

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-assess-'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the year end through the browser', () => {
  it('December: a citizen answers the questionnaire on a phone, once per device', async () => {
    server = await startServer({ now: DECEMBER, dataDir });
    const office = await apiAs('duchashi');
    campaignId = (await office.get('/api/v1/campaigns')).items[0].id;
    const units = (await office.get('/api/v1/units')).items as any[];
    qianyou = units.find((u) => u.name === '乾佑镇人民政府').id;
    const yingpan = units.find((u) => u.name === '营盘镇人民政府').id;
    const choices = [
      { label: '满意', value: 100 },
      { label: '基本满意', value: 60 },
      { label: '不满意', value: 0 },
    ];
    const survey = await office.post(`/api/v1/campaigns/${campaignId}/surveys`, {
      title: SURVEY,
      audiences: ['public', 'enterprise'],
      questions: [
        { key: 'attitude', text: '工作人员的服务态度', choices },
        { key: 'speed', text: '办事效率', choices },
      ],
      unitIds: [qianyou, yingpan],
    });
    await office.post(`/api/v1/surveys/${survey.id}/status`, { status: 'open' });
    // finance has entered 乾佑镇's budget for the year
    await (await apiAs('caizheng')).put(`/api/v1/campaigns/${campaignId}/budgets/${qianyou}`, { amount: 800_000, note: '2013年度工作经费' });

    const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    page.setDefaultTimeout(45_000);
    current = page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));

    await page.goto('/portal#survey');
    const card = page.locator('article.survey').filter({ hasText: SURVEY });
    await card.waitFor();
    // the citizen rates 乾佑镇 only (营盘镇 they do not know): satisfied with the attitude, not with the speed
    const unit = card.locator('fieldset.unit').filter({ hasText: '乾佑镇人民政府' });
    await unit.getByRole('radiogroup', { name: /服务态度/ }).getByLabel('满意', { exact: true }).tap();
    // half an answer is refused before anything is sent
    await card.getByRole('button', { name: '提交评议' }).tap();
    await poll(() => card.getByRole('alert').textContent()).toContain('乾佑镇人民政府');
    await unit.getByRole('radiogroup', { name: /办事效率/ }).getByLabel('不满意', { exact: true }).tap();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, '1-phone-survey');
    await card.getByRole('button', { name: '提交评议' }).tap();
    await poll(() => card.getByRole('status').textContent()).toBe('感谢您的评议,已收到。');
    await shot(page, '2-phone-thanks');

    // the same phone again: answered already
    await page.reload();
    await poll(() => page.locator('article.survey').filter({ hasText: SURVEY }).getByRole('status').textContent()).toBe('您已参加过本次评议,感谢支持。');

    // the office sees one answer: 乾佑镇's public mean is (100 + 0) / 2 = 50
    const results = await office.get(`/api/v1/surveys/${survey.id}/results`);
    expect(results.responses).toBe(1);
    const q = results.units.find((u: any) => u.unitId === qianyou);
    expect(q.groups).toEqual([{ group: 'public', count: 1, mean: 50 }]);
    expect(results.units.find((u: any) => u.unitId === yingpan).groups).toEqual([]);
    await office.post(`/api/v1/surveys/${survey.id}/status`, { status: 'closed' });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);

  it('December: an invited deputy, an account without a unit, answers under 待我评议', async () => {
    const office = await apiAs('duchashi');
    const admin = await apiAs('admin');
    const person = await admin.post('/api/v1/people', { name: '李代表', unitId: null });
    const first = 'Daibiao#2013chu';
    const password = 'Daibiao#2013nian';
    const user = await admin.post('/api/v1/users', { username: 'daibiao.li', personId: person.id, initialPassword: first });
    await (await apiAs('daibiao.li', first)).post('/api/v1/auth/password', { currentPassword: first, newPassword: password });
    // the office finds the account among those it may invite, and invites it
    expect((await office.get('/api/v1/evaluation/deputy-accounts')).items.map((a: any) => a.userId)).toContain(user.id);
    // the office builds the questionnaire in its form: deputies invited by name, 乾佑镇 and 营盘镇 rated
    const units = (await office.get('/api/v1/units')).items as any[];
    const yingpan = units.find((u) => u.name === '营盘镇人民政府').id;
    const desk = await openPage(browser, server!.url);
    desk.page.setDefaultTimeout(45_000);
    current = desk.page;
    await signIn(desk.page, 'duchashi', DEMO_PASSWORD);
    await desk.page.waitForURL('**/app/**');
    await desk.page.goto(`/app/campaigns/${campaignId}/surveys`);
    await desk.page.getByRole('button', { name: '编制问卷' }).click();
    const form = desk.page.locator('.ant-modal');
    await form.getByLabel('标题').fill('2013年度代表委员评议');
    await form.getByLabel('群众', { exact: true }).uncheck();
    await form.getByLabel('企业', { exact: true }).uncheck();
    // the accounts that may be invited are loaded when deputies become an audience: wait for them, as a person waits for the list
    const accounts = desk.page.waitForResponse((r) => r.url().includes('/api/v1/evaluation/deputy-accounts') && r.ok());
    await form.getByLabel('人大代表、政协委员', { exact: true }).check();
    await accounts;
    const chosen = (name: string) => form.locator('.ant-select-selection-item', { hasText: name });
    await pick(desk.page, form.getByRole('combobox', { name: '受邀代表委员(账号)' }), '李', '李代表');
    await poll(() => chosen('李代表').count()).toBe(1);
    await pick(desk.page, form.getByRole('combobox', { name: '被评议单位' }), '乾佑', '乾佑镇人民政府');
    await poll(() => chosen('乾佑镇人民政府').count()).toBe(1);
    await pick(desk.page, form.getByRole('combobox', { name: '被评议单位' }), '营盘', '营盘镇人民政府');
    await poll(() => chosen('营盘镇人民政府').count()).toBe(1);
    expect(await chosen('李代表').count()).toBe(1);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    const built = desk.page.getByTestId('survey-card').filter({ hasText: '2013年度代表委员评议' });
    await built.getByRole('button', { name: '开始评议' }).click();
    await poll(() => built.getByTestId('survey-status').textContent()).toBe('进行中');
    const survey = ((await office.get(`/api/v1/campaigns/${campaignId}/surveys`)).items as any[]).find((x) => x.title === '2013年度代表委员评议');
    expect(survey).toMatchObject({ audiences: ['deputy'], deputyUserIds: [user.id], status: 'open' });
    expect(unexpected(desk.errors)).toEqual([]);
    await desk.context.close();

    const { context, page, errors } = await openPage(browser, server!.url);
    page.setDefaultTimeout(45_000);
    current = page;
    await signIn(page, 'daibiao.li', password);
    // a deputy has nothing else to open: the questionnaires are the landing page
    await page.waitForURL('**/app/my-surveys');
    const card = page.getByTestId('my-survey').filter({ hasText: '2013年度代表委员评议' });
    await poll(() => card.getByTestId('my-survey-state').textContent()).toBe('待评议');
    await card.getByRole('button', { name: /参加评议/ }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('乾佑镇人民政府 您对该单位的服务态度是否满意?').getByText('满意', { exact: true }).click();
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await poll(() => card.getByTestId('my-survey-state').textContent()).toBe('已评议');
    await shot(page, '3-deputy-answered');
    // counted as a deputy's answer about 乾佑镇 only
    const results = await office.get(`/api/v1/surveys/${survey.id}/results`);
    expect(results.units.find((u: any) => u.unitId === qianyou).groups).toEqual([{ group: 'deputy', count: 1, mean: 100 }]);
    expect(results.units.find((u: any) => u.unitId === yingpan).groups).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);

  it('January: the office closes the year with one button and reads the ranking', async () => {
    await server!.stop();
    server = await startServer({ now: JANUARY, dataDir });
    const { context, page, errors } = await openPage(browser, server.url);
    page.setDefaultTimeout(45_000);
    current = page;
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL('**/app/**');
    await openMenu(page, '年度考核');
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/assessment$/);
    await poll(() => page.getByTestId('year-status').textContent()).toBe('未封账');
    await page.getByRole('button', { name: '年度封账' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await poll(() => page.getByTestId('year-status').textContent()).toBe('已封账');
    await page.getByTestId('ranking-chart').waitFor();

    // the table is the server's ranking, in order
    const office = await apiAs('duchashi');
    const overview = await office.get(`/api/v1/campaigns/${campaignId}/assessment`);
    expect(overview.status).toBe('closed');
    const rows = page.getByTestId('ranking-table').locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(overview.items.length);
    for (const i of [0, 1, overview.items.length - 1]) {
      const r = overview.items[i];
      expect(await rows.nth(i).locator('td').nth(1).textContent()).toBe(r.unitName);
      expect(await rows.nth(i).locator('td').first().textContent()).toBe(String(r.rank));
    }
    await shot(page, '3-ranking-closed');

    // within the towns: 乾佑镇 has its rank among the towns
    await page.locator('.ant-segmented').getByText('镇', { exact: true }).click();
    const towns = overview.items.filter((r: any) => r.kind === 'town');
    await poll(() => rows.count()).toBe(towns.length);
    const q = overview.items.find((r: any) => r.unitId === qianyou);
    const qRow = rows.filter({ hasText: '乾佑镇人民政府' });
    expect(await qRow.locator('td').first().textContent()).toBe(String(q.kindRank));

    // the unit's page explains the score, down to the questionnaire the citizen answered
    await qRow.getByRole('link', { name: '乾佑镇人民政府' }).click();
    await page.waitForURL(`**/assessment/units/${qianyou}`);
    const efficiency = page.getByTestId('component-efficiency');
    await poll(() => efficiency.textContent()).toContain(SURVEY);
    expect(await page.getByTestId('score-working').textContent()).toContain(String(q.score));
    await page.getByTestId('parts-chart').waitFor();
    await shot(page, '4-unit-score');

    // the award list: 营盘镇 nominated and selected, then the commendation drafted from the list
    await openMenu(page, '评选表彰');
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/awards$/);
    await pick(page, page.getByRole('combobox', { name: '单位' }), '营盘', '营盘镇人民政府');
    await page.getByLabel('推荐理由(主要事迹)').fill('农村饮水安全工程提前完成');
    await page.getByRole('button', { name: /^推\s*荐$/ }).click();
    const nomination = page.getByTestId('nominations').locator('tbody tr.ant-table-row').filter({ hasText: '营盘镇人民政府' });
    await poll(() => nomination.count()).toBe(1);
    await nomination.getByRole('button', { name: /^确\s*定$/ }).click();
    await poll(() => page.getByTestId('commendation-list').textContent()).toContain('效能建设先进单位:营盘镇人民政府');
    await page.getByRole('button', { name: '起草表彰通报' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.waitForURL(/\/app\/notices\/[^/]+$/);
    await poll(() => page.getByTestId('notice-title').textContent()).toContain('先进单位和先进个人的通报');
    expect(await page.getByTestId('notice-body').textContent()).toContain('营盘镇人民政府');
    await shot(page, '5-commendation');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);

  it('a record changed after the close needs a correction, proposed by the office and approved by the county head', async () => {
    const office = await apiAs('duchashi');
    await office.post(`/api/v1/campaigns/${campaignId}/assessment/bonuses`, { unitId: qianyou, category: 'innovation', points: 1, reason: '推行便民服务代办制' });
    const before = (await office.get(`/api/v1/campaigns/${campaignId}/assessment`)).items.find((r: any) => r.unitId === qianyou);
    expect(before).toMatchObject({ drift: true, liveScore: before.score + 1 });

    let { context, page, errors } = await openPage(browser, server!.url);
    page.setDefaultTimeout(45_000);
    current = page;
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL('**/app/**');
    await page.goto(`/app/campaigns/${campaignId}/assessment/units/${qianyou}`);
    const corrections = page.getByTestId('corrections');
    await corrections.getByPlaceholder('更正理由').fill('封账后考核办登记创新加分');
    await corrections.getByRole('button', { name: '提出更正' }).click();
    await poll(() => corrections.textContent()).toContain('待县长审定');
    expect(unexpected(errors)).toEqual([]);
    await context.close();

    ({ context, page, errors } = await openPage(browser, server!.url));
    current = page;
    await signIn(page, 'xianzhang', DEMO_PASSWORD);
    await page.waitForURL('**/app/**');
    await openMenu(page, '年度考核');
    await page.getByTestId('pending-corrections').getByRole('link', { name: /乾佑镇人民政府/ }).click();
    await page.waitForURL(`**/assessment/units/${qianyou}`);
    await page.getByTestId('corrections').getByRole('button', { name: /^同\s*意$/ }).click();
    await poll(() => page.getByTestId('corrections').textContent()).toContain('已同意');
    await shot(page, '6-correction-approved');
    const after = (await office.get(`/api/v1/campaigns/${campaignId}/assessment`)).items.find((r: any) => r.unitId === qianyou);
    expect(after).toMatchObject({ corrected: true, drift: false, score: before.score + 1, closedScore: before.score });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);

  it('finance downloads the budget sheet, and its numbers are the server’s', async () => {
    const { context, page, errors } = await openPage(browser, server!.url);
    page.setDefaultTimeout(45_000);
    current = page;
    await signIn(page, 'caizheng', DEMO_PASSWORD);
    await page.waitForURL('**/app/**');
    await openMenu(page, '经费挂钩');
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/budget$/);
    const row = page.getByTestId('budget-table').locator('tbody tr.ant-table-row').filter({ hasText: '乾佑镇人民政府' });
    await poll(() => row.textContent()).toContain('800,000.00');
    await shot(page, '7-budget');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('budget-sheet').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('经费挂钩')!;
    const budgets = await (await apiAs('caizheng')).get(`/api/v1/campaigns/${campaignId}/budgets`);
    const expected = budgets.items.find((b: any) => b.unitId === qianyou);
    const sheetRow = ws.getRows(3, budgets.items.length)!.find((r) => r.getCell(1).value === '乾佑镇人民政府')!;
    expect(sheetRow.getCell(2).value).toBe(800_000);
    expect([sheetRow.getCell(3).value, sheetRow.getCell(10).value, sheetRow.getCell(14).value, sheetRow.getCell(16).value]).toEqual([
      expected.score,
      expected.reward.amount,
      -expected.cut.amount,
      expected.adjusted,
    ]);
    expect(expected.adjusted).toBe(800_000 + expected.reward.amount - expected.cut.amount);
    expect(String(sheetRow.getCell(17).value)).toContain('年度工作经费预算');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);
});
