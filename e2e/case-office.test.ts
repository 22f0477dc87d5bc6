/**
 * The office's case tools in the browser: the holiday schedule (节假日安排) listed for 2013 with a
 * day added and removed, saying that a change affects the clocks computed afterwards; satisfaction
 * by unit (满意度统计) sorted and exported as .xlsx; and a case's decisions by stage (各阶段决定).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { DEMO_PASSWORD, signIn, unexpected } from './support/ui.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the office’s case tools', () => {
  it('节假日安排: the 2013 schedule is listed; a day is added with a note and removed again', async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    await page.goto(`${server.url}/app/case-categories`);
    await page.getByRole('tab', { name: '节假日安排' }).click();
    await expect.poll(() => page.getByTestId('holidays-hint').textContent()).toContain('只影响修改之后计算的时限');
    const table = page.getByTestId('holidays-table');
    // this year has no schedule in the demo: the newest year that has one opens
    await expect.poll(() => table.getByRole('row', { name: /2013-10-01/ }).textContent()).toContain('国庆节');
    expect(await table.getByRole('row', { name: /2013-09-29/ }).textContent()).toContain('调休上班');

    await page.getByRole('button', { name: '添加日期' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('日期').fill('2013-11-11');
    await dialog.getByLabel('说明').fill('测试放假');
    await dialog.getByRole('button', { name: /保\s*存|确\s*定/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const added = table.getByRole('row', { name: /2013-11-11/ });
    await expect.poll(() => added.textContent()).toContain('测试放假');
    expect(await added.textContent()).toContain('周一');

    await added.getByRole('button', { name: /删\s*除/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => table.getByRole('row', { name: /2013-11-11/ }).count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('满意度统计: rows per unit, sortable, exported as .xlsx; the case page lists each stage’s decision', async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    await page.locator('.ant-menu').getByText('群众诉求', { exact: true }).click();
    await page.waitForURL('**/app/cases');
    await page.getByRole('button', { name: '满意度统计' }).click();
    await page.waitForURL('**/app/case-satisfaction');
    const table = page.getByTestId('satisfaction-table');
    // the demo's street-light case: replied by 乾佑镇 and rated satisfied
    const town = table.getByRole('row', { name: /乾佑镇/ });
    await expect.poll(() => town.textContent()).toContain('100%');
    const units = () => table.locator('tbody tr td:first-child').allTextContents();
    const before = await units();
    expect(before.length).toBeGreaterThan(1);
    // by unit name, then the other way round
    const header = table.getByRole('columnheader', { name: /承办单位/ });
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await units();
    expect([...ascending].sort()).toEqual([...before].sort());
    await header.click();
    await expect.poll(units).toEqual([...ascending].reverse());

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('satisfaction-export').click()]);
    expect(file.suggestedFilename()).toMatch(/^满意度统计-\d{4}-01-01-\d{4}-12-31\.xlsx$/);

    await page.goto(`${server.url}/app/cases`);
    await page.getByPlaceholder('搜索编号、标题或内容').fill('幸福小区');
    await page.getByPlaceholder('搜索编号、标题或内容').press('Enter');
    await page.getByRole('row', { name: /幸福小区/ }).getByRole('link').first().click();
    const decisions = page.getByTestId('case-decisions');
    await expect.poll(() => decisions.textContent()).toContain('办理答复');
    expect(await decisions.textContent()).toContain('受理');
    expect(await decisions.textContent()).toContain('已更换幸福小区门口 3 盏路灯');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
