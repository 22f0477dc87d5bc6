/**
 * Campaigns, the task tree and progress in a real browser, against the demo county whose campaign
 * is set in the current year: the office creates a campaign and finds it, filters the demo tree
 * and reads the timetable; a town's handler reports progress on a milestone her town leads, the
 * office returns it with a reason, she sees the notification and corrects it as version 2, the
 * office accepts it, and the tree and the dashboard show the new numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { DEMO_PASSWORD, signIn, unexpected } from './support/ui.ts';

let server: RunningServer;
let browser: Browser;
const year = new Date().getFullYear();
const demoCampaign = `柞水县${year}年政府工作执行年活动`;
const MILESTONE = '完成征地拆迁';
/** A 2×2 PNG photo. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGM4IScnV3GCAUIBACBcBMVUBFiYAAAAAElFTkSuQmCC',
  'base64',
);

/** Waits for a value: a busy machine renders a page in seconds, not milliseconds. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 250 });

/** A fresh page with patient timeouts. */
async function open(viewport?: { width: number; height: number }) {
  const p = await openPage(browser, server.url, viewport ? { viewport } : {});
  p.page.setDefaultTimeout(30_000);
  p.page.setDefaultNavigationTimeout(60_000);
  return p;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Searches the tree (or timetable) by text through the filter bar. */
async function searchTasks(page: Page, text: string) {
  const box = page.getByPlaceholder('搜索编号或名称');
  await box.fill(text);
  await box.press('Enter');
  await page.waitForURL(new RegExp(`[?&]q=${encodeURIComponent(text)}`));
}

describe('campaigns, the task tree and progress', () => {
  it('the office creates a campaign and finds it; filters the demo tree to one task; reads the timetable', async () => {
    const { context, page, errors } = await open();
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    const menu = page.locator('.ant-menu');
    for (const item of ['看板', '我的任务', '任务分解', '时间进度表', '完成情况测评', '日常跟踪', '实施方案', '活动']) {
      await menu.getByText(item, { exact: true }).waitFor();
    }

    // a new campaign
    const name = `测试活动${Date.now().toString(36).slice(-4)}`;
    await menu.getByText('活动', { exact: true }).click();
    await page.waitForURL('**/app/campaigns');
    await page.getByRole('button', { name: '新建活动' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('年度').fill(String(year + 1));
    await dialog.getByLabel('活动名称').fill(name);
    await dialog.getByLabel('开始日期').fill(`${year + 1}-01-01`);
    await dialog.getByLabel('结束日期').fill(`${year + 1}-12-31`);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name }).waitFor();
    // its policy starts from the plan's defaults, in words
    await page.getByText('督办').first().waitFor();
    expect(await page.getByText('−0.5 分').count()).toBeGreaterThan(0);

    // found in the list
    await menu.getByText('活动', { exact: true }).click();
    await page.waitForURL('**/app/campaigns');
    await page.getByRole('link', { name }).waitFor();

    // the demo campaign: its tree, filtered by text to one task
    await page.getByRole('link', { name: demoCampaign }).click();
    await page.getByRole('heading', { name: demoCampaign }).waitFor();
    await page.getByRole('cell', { name: '十大民生工程' }).waitFor();
    await page.getByRole('button', { name: '任务分解' }).click();
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/tasks$/);
    await poll(async () => Number(await page.getByTestId('match-count').getAttribute('data-count'))).toBeGreaterThan(20);
    await searchTasks(page, '幼儿园');
    await poll(() => page.getByTestId('match-count').getAttribute('data-count')).toBe('1');
    const matchRows = page.locator('tr.ls-row-match');
    await poll(() => matchRows.count()).toBe(1);
    expect(await matchRows.first().textContent()).toContain('新建乾佑镇中心幼儿园');
    // the light tells why on hover
    await matchRows.first().locator('.ls-light').hover();
    await page
      .locator('.ant-tooltip')
      .filter({ hasText: /逾期|按计划|落后|期限|办结/ })
      .first()
      .waitFor();
    await page.screenshot({ path: '/tmp/luoshi-tree-filtered.png', fullPage: true });

    // the timetable keeps the filter, then shows every task with planned and actual bars
    await page.getByRole('button', { name: '时间进度表' }).click();
    await page.waitForURL(/\/timetable\?q=/);
    await poll(() => page.locator('.ls-gantt-bar[data-kind="planned"]').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '清除筛选' }).click();
    await poll(() => page.locator('.ls-gantt-bar[data-kind="planned"]').count()).toBeGreaterThan(15);
    await page.getByTestId('gantt-today').waitFor();
    await page.screenshot({ path: '/tmp/luoshi-timetable.png', fullPage: false });

    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);

  it('issue 4: a handler reports 40%, the office returns it, she corrects it to 45% as version 2, the office accepts; tree and dashboard follow', async () => {
    // the handler of 乾佑镇 opens the milestone her town leads, from her own tasks
    const cb = await open();
    await signIn(cb.page, 'qianyou.cb', DEMO_PASSWORD);
    await cb.page.waitForURL(/\/app\/campaigns\/[^/]+\/tasks\?scope=mine$/);
    await cb.page.getByRole('heading', { name: '我的任务' }).waitFor();
    await searchTasks(cb.page, '征地');
    await cb.page.getByRole('link', { name: MILESTONE }).click();
    await cb.page.waitForURL(/\/app\/tasks\/[A-Za-z0-9_-]+$/);
    const taskUrl = cb.page.url();
    await cb.page.getByRole('heading', { name: new RegExp(MILESTONE) }).waitFor();

    // reports 40% and submits
    await cb.page.getByRole('button', { name: '填报进度' }).click();
    let dialog = cb.page.getByRole('dialog');
    await dialog.getByLabel('进展情况').fill('已完成沿线 60 户中 24 户的拆迁补偿协议签订。');
    await dialog.getByLabel('完成百分比').fill('40');
    // a photo as evidence, sent with the draft
    await dialog.getByTestId('evidence').locator('input[type=file]').setInputFiles({ name: '拆迁协议.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByText('拆迁协议.png').waitFor();
    await dialog.getByRole('button', { name: '保存并报送' }).click();
    await dialog.waitFor({ state: 'detached' });
    const v1 = cb.page.getByTestId('report-v1');
    await poll(() => v1.getAttribute('data-status')).toBe('submitted');
    expect(await v1.textContent()).toContain('40%');
    await v1.getByTestId('attachment').filter({ hasText: '拆迁协议.png' }).waitFor();

    // the office returns it from the review queue, with a reason
    const office = await open();
    await signIn(office.page, 'duchashi', DEMO_PASSWORD);
    await office.page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    await poll(() => office.page.getByTestId('awaiting-review').textContent()).toContain('1');
    await office.page.locator('.ant-menu').getByText('完成情况测评', { exact: true }).click();
    await office.page.waitForURL(/\/review$/);
    let row = office.page.getByRole('row', { name: new RegExp(MILESTONE) });
    await row.waitFor();
    expect(await row.textContent()).toContain('40%');
    await row.getByRole('button', { name: /退\s*回/ }).click();
    dialog = office.page.getByRole('dialog');
    await dialog.getByLabel('退回理由').fill('请补充已签协议户数的佐证材料,并说明剩余户数的推进计划。');
    await dialog.getByRole('button', { name: /退\s*回/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => office.page.getByTestId('review-count').textContent()).toContain('0');

    // she sees the notification and follows it back to the task
    await cb.page.goto('/app/campaigns');
    const bell = cb.page.locator('.ant-badge', { has: cb.page.getByTestId('notification-bell') });
    await poll(() => bell.locator('.ant-badge-count').textContent()).toBe('1');
    await cb.page.getByTestId('notification-bell').click();
    const note = cb.page.getByTestId('notification-list').getByText(`进度填报被退回`);
    await note.waitFor();
    await cb.page.screenshot({ path: '/tmp/luoshi-notification.png' });
    await note.click();
    await cb.page.waitForURL(taskUrl);
    await poll(() => v1.getAttribute('data-status')).toBe('returned');
    expect(await v1.textContent()).toContain('请补充已签协议户数的佐证材料');

    // corrects it: version 2 with 45%, submitted
    await cb.page.getByRole('button', { name: /更\s*正/ }).click();
    dialog = cb.page.getByRole('dialog');
    await dialog.getByText('更正第 1 版(将生成第 2 版)').waitFor();
    await dialog.getByLabel('进展情况').fill('已完成沿线 60 户中 27 户的拆迁补偿协议签订,协议扫描件已整理;剩余 33 户计划本月底前完成。');
    await dialog.getByLabel('完成百分比').fill('45');
    await dialog.getByRole('button', { name: '保存并报送' }).click();
    await dialog.waitFor({ state: 'detached' });
    const v2 = cb.page.getByTestId('report-v2');
    await poll(() => v2.getAttribute('data-status')).toBe('submitted');
    expect(await v2.textContent()).toContain('第 2 版');
    expect(await v2.textContent()).toContain('45%');
    // the correction keeps the evidence of version 1
    await v2.getByTestId('attachment').filter({ hasText: '拆迁协议.png' }).waitFor();
    // what the correction changed
    expect(await v2.locator('.ls-changes').textContent()).toMatch(/40%.*45%/);
    await cb.page.screenshot({ path: '/tmp/luoshi-task-detail.png', fullPage: true });

    // the office accepts version 2 in one click
    await office.page.reload();
    row = office.page.getByRole('row', { name: new RegExp(MILESTONE) });
    await row.waitFor();
    expect(await row.textContent()).toContain('第 2 版');
    await row.getByRole('button', { name: /通\s*过/ }).click();
    await poll(() => office.page.getByTestId('review-count').textContent()).toContain('0');

    // the dashboard: nothing awaits review any more
    await office.page.locator('.ant-menu').getByText('看板', { exact: true }).click();
    await office.page.waitForURL(/\/dashboard$/);
    await poll(() => office.page.getByTestId('awaiting-review').textContent()).toContain('0');
    await office.page.getByTestId('chart-unit').locator('canvas').first().waitFor();
    await office.page.screenshot({ path: '/tmp/luoshi-dashboard.png', fullPage: true });

    // the tree: the milestone stands at 45%
    await office.page.locator('.ant-menu').getByText('任务分解', { exact: true }).click();
    await office.page.waitForURL(/\/tasks$/);
    await searchTasks(office.page, '征地');
    const milestone = office.page.locator('tr.ls-row-match', { hasText: MILESTONE });
    await poll(() => milestone.locator('[data-progress]').getAttribute('data-progress')).toBe('45');

    // and the task page shows version 2 accepted, version 1 kept among the earlier versions
    await cb.page.reload();
    await poll(() => v2.getAttribute('data-status')).toBe('accepted');
    await cb.page.getByText('历次版本(1)').waitFor();

    expect(unexpected(cb.errors)).toEqual([]);
    expect(unexpected(office.errors)).toEqual([]);
    await cb.context.close();
    await office.context.close();
  }, 360_000);

  it('a unit plan: the liaison drafts it, the principal submits it, the office returns it with a comment; in English too', async () => {
    const ll = await open();
    await signIn(ll.page, 'qianyou.ll', DEMO_PASSWORD);
    await ll.page.waitForURL(/\/app\/campaigns\/[^/]+\/tasks\?scope=mine$/);
    await ll.page.locator('.ant-menu').getByText('实施方案', { exact: true }).click();
    await ll.page.getByRole('heading', { name: '乾佑镇人民政府 · 实施方案' }).waitFor();
    await ll.page.getByLabel('专门机构').fill('成立以镇长为组长的执行年活动领导小组,办公室设在党政办。');
    await ll.page.getByRole('button', { name: '+ 添加工作目标' }).click();
    await ll.page.getByLabel('工作目标 1').fill('年内完成西康高速连接线沿线征地拆迁。');
    await ll.page.getByRole('button', { name: '+ 添加时间节点' }).click();
    await ll.page.getByLabel('日期').fill(`${year}-06-30`);
    await ll.page.getByLabel('事项').fill('完成征地拆迁');
    await ll.page.getByRole('button', { name: '保存草稿' }).first().click();
    await ll.page.getByText('第 1 版').first().waitFor();
    expect(await ll.page.getByText('草稿', { exact: true }).count()).toBeGreaterThan(0);
    expect(unexpected(ll.errors)).toEqual([]);
    await ll.context.close();

    const principal = await open();
    await signIn(principal.page, 'qianyou', DEMO_PASSWORD);
    await principal.page.waitForURL(/\/app\/campaigns\/[^/]+\/tasks\?scope=mine$/);
    await principal.page.locator('.ant-menu').getByText('实施方案', { exact: true }).click();
    await principal.page.getByRole('button', { name: '报送督查室' }).click();
    await principal.page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定/ }).click();
    await principal.page.getByText('待审核', { exact: true }).first().waitFor();
    expect(unexpected(principal.errors)).toEqual([]);
    await principal.context.close();

    const office = await open();
    await signIn(office.page, 'duchashi', DEMO_PASSWORD);
    await office.page.waitForURL(/\/dashboard$/);
    await office.page.locator('.ant-menu').getByText('实施方案', { exact: true }).click();
    await office.page.getByRole('heading', { name: '实施方案报送情况' }).waitFor();
    const row = office.page.getByRole('row', { name: /乾佑镇人民政府/ });
    await poll(() => row.textContent()).toContain('待审核');
    await row.getByRole('link', { name: '乾佑镇人民政府' }).click();
    await office.page.getByRole('button', { name: /退\s*回/ }).click();
    const dialog = office.page.getByRole('dialog');
    await dialog.getByLabel('审核意见').fill('时间节点过少,请按月细化。');
    await dialog.getByRole('button', { name: /退\s*回/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await office.page.getByText('时间节点过少,请按月细化。').first().waitFor();
    // the overview in English
    await office.page.getByRole('button', { name: '全部单位' }).click();
    await office.page.getByText('English', { exact: true }).click();
    await office.page.getByRole('heading', { name: 'Unit implementation plans' }).waitFor();
    await poll(() => office.page.getByRole('row', { name: /乾佑镇人民政府/ }).textContent()).toContain('Returned');
    await office.page.screenshot({ path: '/tmp/luoshi-plans-en.png', fullPage: false });
    await office.page.getByText('中文', { exact: true }).click();
    expect(unexpected(office.errors)).toEqual([]);
    await office.context.close();
  }, 240_000);

  it('works on a phone: the tree scrolls sideways, the timetable keeps names on the left', async () => {
    const { context, page, errors } = await open({ width: 390, height: 844 });
    await signIn(page, 'qianyou.cb', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/tasks\?scope=mine$/);
    await poll(async () => Number(await page.getByTestId('match-count').getAttribute('data-count'))).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/luoshi-phone-tree.png', fullPage: true });
    await page.getByRole('button', { name: /菜单/ }).click();
    await page.locator('.ant-drawer .ant-menu').getByText('时间进度表', { exact: true }).click();
    await page.waitForURL(/\/timetable/);
    await poll(() => page.locator('.ls-gantt-bar').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/luoshi-phone-timetable.png', fullPage: false });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 180_000);
});
