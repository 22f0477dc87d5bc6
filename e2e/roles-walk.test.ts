/**
 * Every menu entry, as the people who use them: the office, the county head, a town's handler,
 * the supervision bureau and the three administrators sign in to the demo county, open each entry
 * their menu offers and must meet no page error, no failed request (a 403 here means the menu
 * offers what the role may not open), no "403" or "404" page and no blank page. The county head
 * walks again in English (the app's own words must be English) and on a phone, where the menu is a
 * drawer and no page may be wider than the screen. Last, a page whose code is gone after an update
 * must say so and keep the menu rather than blank the app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

/** Waits until the page has stopped loading: no spinner, no skeleton, a heading or a result shown. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('domcontentloaded');
  await expect
    .poll(async () => (await page.locator('.ls-content .ant-spin-spinning, .ls-content .ant-skeleton-active').count()) === 0, { timeout: 20_000 })
    .toBe(true);
  await page.locator('.ls-content h3, .ls-content .ant-result').first().waitFor({ timeout: 20_000 });
}

/** Column heads, buttons, tabs, empty notes, filters and hints: words of the app, not of the data. */
const ENGLISH_ONLY = ['th', 'button', '.ant-tabs-tab', '.ant-empty-description', '.ant-statistic-title', '.ant-segmented-item-label', '.ant-select-selection-placeholder', '.ant-alert-message']
  .map((s) => `.ls-content ${s}`)
  .join(', ');

/** Whether the content area comes to say something (a lazy page may still be arriving). */
async function shows(page: Page): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if ((await page.locator('.ls-content').innerText()).trim().length >= 10) return true;
    await page.waitForTimeout(250);
  }
  return false;
}

interface Walk {
  username: string;
  lang?: 'zh' | 'en';
  phone?: boolean;
  /** entries the menu must offer this role */
  expect: string[];
  /** entries the menu must not offer */
  absent?: string[];
}

async function walk(w: Walk): Promise<string[]> {
  const t = await openPage(browser, server.url, w.phone ? { viewport: { width: 390, height: 844 } } : {});
  const { page, errors } = t;
  const problems: string[] = [];
  let where = 'sign-in';
  page.on('response', (r) => {
    const url = new URL(r.url());
    // before signing in, the app asks whether there is a session: a 401 is the expected answer
    if (r.status() >= 400 && !(r.status() === 401 && url.pathname === '/api/v1/auth/session')) problems.push(`${where}: ${r.status()} ${r.request().method()} ${url.pathname}`);
  });
  await signIn(page, w.username, DEMO_PASSWORD);
  await page.waitForURL((u) => u.pathname.startsWith('/app'));
  await settled(page);
  if (w.lang === 'en') {
    await page.locator('.ls-header').getByText('English', { exact: true }).click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  }

  const menu = async () => {
    if (!w.phone) return page.locator('.ant-layout-sider .ant-menu-item');
    await page.getByRole('button', { name: w.lang === 'en' ? 'Menu' : '菜单' }).click();
    await page.locator('.ant-drawer .ant-menu').waitFor();
    return page.locator('.ant-drawer .ant-menu-item');
  };
  const labels = await (await menu()).allInnerTexts();
  if (w.phone) {
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
  }
  for (const e of w.expect) expect(labels, `${w.username}'s menu`).toContain(e);
  for (const e of w.absent ?? []) expect(labels, `${w.username}'s menu`).not.toContain(e);

  for (const [i, label] of labels.entries()) {
    where = `${w.username}${w.lang === 'en' ? ' (en)' : ''}${w.phone ? ' (phone)' : ''} › ${label}`;
    const before = page.url();
    await (await menu()).nth(i).click();
    // the entry leads elsewhere (or is the page already open): let the new page start before judging it
    await page.waitForURL((u) => u.href !== before, { timeout: 3_000 }).catch(() => undefined);
    await settled(page);
    const results = await page.locator('.ls-content .ant-result-title').allInnerTexts();
    if (results.some((r) => /^(403|404)$/.test(r.trim()))) problems.push(`${where}: shows ${results.join(', ')}`);
    if (!(await shows(page))) problems.push(`${where}: blank page`);
    if (w.lang === 'en') {
      // the app's own words, not the county's data (unit names, task titles), must be in English
      const words = await page.locator(ENGLISH_ONLY).allInnerTexts();
      const chinese = words.filter((x) => /[\u4e00-\u9fff]/.test(x));
      if (chinese.length) problems.push(`${where}: left in Chinese: ${chinese.slice(0, 5).join(' | ')}`);
    }
    if (w.phone) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 1) problems.push(`${where}: the page is ${wide}px wider than the phone`);
    }
    // failed requests are judged above, by their address; here the page's own errors
    for (const e of unexpected(errors.splice(0))) problems.push(`${where}: ${e}`);
  }
  await t.context.close();
  return problems;
}

describe('every menu entry opens cleanly', () => {
  it('for the office, which keeps the campaign', async () => {
    const problems = await walk({
      username: 'duchashi',
      expect: ['看板', '任务分解', '完成情况测评', '督查建议', '督查通知', '扣分台账', '实施方案', '活动', '单位'],
      absent: ['账号管理', '审计日志'],
    });
    expect(problems).toEqual([]);
  });

  it('for the county head, in Chinese, in English and on a phone', async () => {
    const zh = await walk({ username: 'xianzhang', expect: ['看板', '待我审定', '督查通知'], absent: ['督查建议', '账号管理'] });
    const en = await walk({ username: 'xianzhang', lang: 'en', expect: ['Dashboard', 'Awaiting my approval', 'Notices'] });
    const phone = await walk({ username: 'xianzhang', phone: true, expect: ['看板', '待我审定'] });
    expect([...zh, ...en, ...phone]).toEqual([]);
  });

  it('for a town’s handler and the supervision bureau', async () => {
    const problems = [
      ...(await walk({ username: 'qianyou.cb', expect: ['我的任务', '实施方案', '督查通知'], absent: ['督查建议', '待我审定', '账号管理'] })),
      ...(await walk({ username: 'jianchaju', expect: ['效能问责'] })),
    ];
    expect(problems).toEqual([]);
  });

  it('for the three administrators', async () => {
    const problems = [
      ...(await walk({ username: 'admin', expect: ['单位', '人员', '账号管理'], absent: ['审计日志', '看板'] })),
      ...(await walk({ username: 'security', expect: ['账号管理', '安全策略'], absent: ['审计日志', '看板'] })),
      ...(await walk({ username: 'auditor', expect: ['审计日志'], absent: ['账号管理', '看板'] })),
    ];
    expect(problems).toEqual([]);
  });
});

describe('after an update', () => {
  it('a page whose code is no longer on the server says so, keeps the menu, and opens on reload', async () => {
    const { context, page } = await openPage(browser, server.url);
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname.startsWith('/app'));
    await settled(page);
    // the units page's code, fetched on first use, is gone: a newer version has been deployed
    const gone = '**/assets/units-page-*.js';
    await page.route(gone, (r) => r.fulfill({ status: 404, body: 'not found' }));
    const sider = page.locator('.ant-layout-sider');
    await sider.getByText('单位', { exact: true }).click();
    // the app reloads once by itself; the code is still missing, so it says what to do
    await page.getByText('落实已更新').waitFor();
    expect(await sider.getByText('看板', { exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('luoshi.reloadedAt'))).not.toBeNull();

    await page.unroute(gone);
    await page.getByRole('button', { name: '刷新页面' }).click();
    await page.locator('.ls-content h3', { hasText: '单位' }).waitFor();
    expect(await page.getByText('落实已更新').count()).toBe(0);
    await context.close();
  });
});
