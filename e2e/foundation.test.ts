/**
 * The foundation in a real browser: the system administrator adds a person and opens an account
 * for them; the new user must change the initial password before anything else, then reads the
 * units and one unit, and signs out. Also: Chinese by default, English on request.
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

describe('staff web app', () => {
  it('is in Chinese by default and switches to English, remembering the choice', async () => {
    const { context, page, errors } = await openPage(browser, server.url, { locale: 'en-US' });
    await page.goto('/');
    await page.waitForURL('**/login');
    await expect.poll(() => page.getByRole('button', { name: /登\s*录/ }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Username').isVisible()).toBe(true);

    // the server answers in the chosen language too
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong username or password');

    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await page.getByText('中文', { exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: /登\s*录/ }).isVisible()).toBe(true);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('admin opens an account; the new user changes the initial password, reads units, signs out', async () => {
    const suffix = Date.now().toString(36).slice(-4);
    const personName = `测试人员${suffix}`;
    const username = `tester.${suffix}`;
    const initial = 'Chushi#2013x';
    const chosen = 'Xin#Mima2013y';

    // 1. the system administrator signs in (a wrong password first: the server's message shows)
    const admin = await openPage(browser, server.url);
    let page = admin.page;
    await signIn(page, 'admin', 'wrong-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForURL('**/app/units');
    await page.getByTestId('current-user').waitFor();
    const menu = page.locator('.ant-menu');
    await menu.getByText('单位', { exact: true }).waitFor();
    for (const item of ['单位', '人员', '领导小组', '账号管理']) expect(await menu.getByText(item, { exact: true }).isVisible()).toBe(true);
    expect(await menu.getByText('审计日志', { exact: true }).count()).toBe(0);

    // 2. adds a person to 乾佑镇
    await menu.getByText('人员', { exact: true }).click();
    await page.waitForURL('**/app/people');
    await page.getByRole('button', { name: '新增人员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill(personName);
    await dialog.getByLabel('职务').fill('党政办干事');
    await pick(page, dialog.getByLabel('单位'), '乾佑', '乾佑镇人民政府');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByPlaceholder('搜索姓名').fill(personName);
    await page.getByPlaceholder('搜索姓名').press('Enter');
    const personRow = page.getByRole('row', { name: new RegExp(personName) });
    await expect.poll(() => personRow.textContent()).toContain('未开通');

    // 3. opens an account for them with an initial password
    await menu.getByText('账号管理', { exact: true }).click();
    await page.waitForURL('**/app/accounts');
    await page.getByRole('button', { name: '新建账号' }).click();
    const acct = page.getByRole('dialog');
    await pick(page, acct.getByLabel('人员'), personName, personName);
    await acct.getByLabel('用户名').fill(username);
    await acct.getByLabel('初始密码').fill(initial);
    await acct.getByRole('button', { name: /保\s*存/ }).click();
    await acct.waitFor({ state: 'detached' });
    const accountRow = page.getByRole('row', { name: new RegExp(username.replace('.', '\\.')) });
    await expect.poll(() => accountRow.textContent()).toContain('待修改初始密码');

    // 4. signs out
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    expect(unexpected(admin.errors)).toEqual([]);
    await admin.context.close();

    // 5. the new user signs in and must change the initial password before anything else
    const user = await openPage(browser, server.url);
    page = user.page;
    await signIn(page, username, initial);
    await page.waitForURL('**/app/password');
    await page.getByText('这是初始密码').waitFor();
    await page.goto('/app/units');
    await page.waitForURL('**/app/password');

    // a weak password: the policy problems come back from the server and show under the field
    await page.getByLabel('当前密码').fill(initial);
    await page.getByLabel('新密码', { exact: true }).fill('abc');
    await page.getByLabel('确认新密码').fill('abc');
    await page.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toContainEqual(expect.stringContaining('长度至少'));

    await page.getByLabel('新密码', { exact: true }).fill(chosen);
    await page.getByLabel('确认新密码').fill(chosen);
    await page.getByRole('button', { name: '修改密码' }).click();
    // an account without a unit or a system role (a deputy, say) lands on its questionnaires
    await page.waitForURL('**/app/my-surveys');
    await page.locator('.ant-menu').getByText('单位', { exact: true }).click();
    await page.waitForURL('**/app/units');

    // 6. the units list with real units
    const unitLink = page.getByRole('link', { name: '乾佑镇人民政府' });
    await unitLink.waitFor();
    expect(await page.getByRole('link', { name: '柞水县人民政府督查室' }).isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/luoshi-units.png', fullPage: false });

    // 7. opens a unit: its posts and holders
    await unitLink.click();
    await page.waitForURL(/\/app\/units\/[A-Za-z0-9_-]+$/);
    await page.getByRole('heading', { name: '乾佑镇人民政府' }).waitFor();
    await page.getByRole('cell', { name: '镇长', exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: '设置岗位' }).count()).toBe(0);

    // 8. signs out and lands on the login page
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await page.goto('/app/units');
    await page.waitForURL('**/login');
    expect(unexpected(user.errors)).toEqual([]);
    await user.context.close();
  });

  it('works on a phone: the menu is a drawer; the auditor verifies the audit chain', async () => {
    const { context, page, errors } = await openPage(browser, server.url, { viewport: { width: 390, height: 844 } });
    await signIn(page, 'auditor', DEMO_PASSWORD);
    await page.waitForURL('**/app/units');
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    await page.getByRole('button', { name: /菜单/ }).click();
    await page.locator('.ant-drawer .ant-menu').getByText('审计日志', { exact: true }).click();
    await page.waitForURL('**/app/audit');
    await page.getByRole('button', { name: '校验审计链' }).click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toContain('审计链完整');
    await page.locator('.ant-table-row-expand-icon').first().click();
    await expect.poll(() => page.getByText('修改后').first().isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/luoshi-audit-phone.png' });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
