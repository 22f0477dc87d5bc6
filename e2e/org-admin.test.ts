/**
 * Keeping the organisation and the accounts through the browser: the supervision office sets up a
 * post, appoints and relieves its holder with dates; a locked-out user sees the server's message
 * and the security administrator unlocks the account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { DEMO_PASSWORD, pick, signIn, unexpected } from './support/ui.ts';

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

describe('organisation and accounts', () => {
  it('the office creates a post, appoints a holder from a date and vacates it; the history keeps both', async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    // the office lands on the campaign dashboard; the units are in the menu
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    await page.locator('.ant-menu').getByText('单位', { exact: true }).click();
    await page.waitForURL('**/app/units');

    // antd speaks Chinese too (its own texts come from the zh_CN locale)
    await page.getByPlaceholder('搜索单位名称、简称或编码').fill('不存在的单位');
    await page.getByPlaceholder('搜索单位名称、简称或编码').press('Enter');
    await expect.poll(() => page.locator('.ant-table .ant-empty-description').textContent()).toBe('暂无数据');
    await page.getByPlaceholder('搜索单位名称、简称或编码').fill('营盘');
    await page.getByPlaceholder('搜索单位名称、简称或编码').press('Enter');
    await page.getByRole('link', { name: '营盘镇人民政府' }).click();
    await page.getByRole('heading', { name: '营盘镇人民政府' }).waitFor();

    await page.getByRole('button', { name: '设置岗位' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('岗位名称').fill('安全生产专干');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /安全生产专干/ });
    await expect.poll(() => row.textContent()).toContain('空缺');

    await row.getByRole('button', { name: /任\s*命/ }).click();
    dialog = page.getByRole('dialog');
    await pick(page, dialog.getByLabel('人员'), '营盘镇', '营盘镇');
    const chosen = (await dialog.locator('.ant-select-selection-item').textContent())!.split(' · ')[0]!;
    await dialog.getByLabel('日期').fill('2013-03-01');
    await dialog.getByRole('button', { name: /任\s*命/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain('2013-03-01');
    expect(await row.textContent()).toContain(chosen);

    await row.getByRole('button', { name: /免\s*去/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('日期').fill('2013-06-30');
    await dialog.getByRole('button', { name: /免\s*去/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain('空缺');
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByText(`${chosen}  2013-03-01 至 2013-06-30`).waitFor();

    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('a locked-out user sees why; the security administrator unlocks the account', async () => {
    const locked = await openPage(browser, server.url);
    for (let i = 0; i < 5; i++) {
      await signIn(locked.page, 'qianyou.ll', `wrong-${i}`);
      await locked.page.getByRole('alert').waitFor();
    }
    await signIn(locked.page, 'qianyou.ll', DEMO_PASSWORD);
    await expect.poll(() => locked.page.getByRole('alert').textContent()).toContain('账号已暂时锁定');

    const sec = await openPage(browser, server.url);
    await signIn(sec.page, 'security', DEMO_PASSWORD);
    await sec.page.waitForURL('**/app/units');
    await sec.page.locator('.ant-menu').getByText('账号管理', { exact: true }).click();
    const row = sec.page.getByRole('row', { name: /qianyou\.ll/ });
    await expect.poll(() => row.textContent()).toContain('已锁定至');
    await row.getByRole('button', { name: '解除锁定' }).click();
    await expect.poll(() => row.textContent()).toContain('正常');
    expect(unexpected(sec.errors)).toEqual([]);
    await sec.context.close();

    await signIn(locked.page, 'qianyou.ll', DEMO_PASSWORD);
    // a unit's staff land on their own tasks
    await locked.page.waitForURL(/\/app\/campaigns\/[^/]+\/tasks\?scope=mine$/);
    await locked.page.getByTestId('current-unit').waitFor();
    expect(await locked.page.getByTestId('current-unit').textContent()).toContain('乾佑镇人民政府');
    expect(unexpected(locked.errors)).toEqual([]);
    await locked.context.close();
  });
});
