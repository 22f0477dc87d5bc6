/**
 * The portal on a phone (390×844), on the demo county: the home page shows published work, a task
 * page its reports; a resident files a problem, gets a number and a check code, looks the case up;
 * staff accept and reply (through the API); she sees the reply and rates it; the task list pages
 * ("load more") and searches. Every page is scanned
 * with axe (WCAG 2 A/AA): no serious or critical violation. The portal's JavaScript stays small
 * and apart from the staff app.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { launchBrowser, openPage, type TestPage } from './support/browser.ts';
import { webDist } from './support/paths.ts';
import { DEMO_PASSWORD, unexpected } from './support/ui.ts';

const PHONE = { width: 390, height: 844 };
let server: RunningServer;
let browser: Browser;
let tp: TestPage;
let page: Page;

/** axe on the current page: the serious and critical violations, described */
async function axeProblems(p: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page: p as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // the scan really ran on this page (contrast, labels, names, language…)
  expect(r.passes.length).toBeGreaterThan(5);
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function staff(username: string) {
  const base = server.url;
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!r.ok) throw new Error(`sign-in of ${username} failed: ${r.status}`);
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}${p}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = (await res.json()) as any;
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return call;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tp = await openPage(browser, server.url, { viewport: PHONE, locale: 'zh-CN' });
  page = tp.page;
});
afterAll(async () => {
  await tp?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('the portal on a phone', () => {
  it('its JavaScript is small and is not the staff app', () => {
    const html = fs.readFileSync(path.join(webDist, 'portal.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    let gz = 0;
    for (const src of [...scripts, ...preloads]) {
      const body = fs.readFileSync(path.join(webDist, src.replace(/^\//, '')));
      expect(body.toString()).not.toMatch(/antd|react-dom/);
      gz += zlib.gzipSync(body, { level: 9 }).length;
    }
    console.log(`portal JavaScript: ${gz} bytes gzip`);
    expect(gz).toBeLessThan(20_000);
  });

  it('home: published work with progress and lights, no horizontal scrolling; axe finds nothing serious', async () => {
    await page.goto('/portal');
    await expect.poll(() => page.locator('main article.card').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator('main [role="progressbar"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeProblems(page)).toEqual([]);
  });

  it('a task page, and the English switch', async () => {
    await page.locator('main article.card h3 a').first().click();
    await expect.poll(() => page.url()).toMatch(/#task=/);
    await expect.poll(() => page.getByRole('link', { name: /返回列表/ }).count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.getByRole('link', { name: /Back to the list/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Report a problem' }).count()).toBe(1);
    await page.getByRole('button', { name: '切换到中文' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  let number = '';
  let code = '';
  it('she files a problem and gets a number and a check code', async () => {
    await page.getByRole('link', { name: '我要反映' }).click();
    await page.getByLabel('问题分类').selectOption({ label: '道路交通' });
    await page.getByLabel('问题描述').fill('县城北新街 12 号门前人行道地砖松动,雨天踩上去溅水,老人容易滑倒。');
    await page.getByLabel('地点(可不填)').fill('县城北新街 12 号');
    await page.getByLabel('姓名', { exact: true }).fill('刘某');
    await page.getByLabel('手机号码').fill('13700001234');
    expect(await axeProblems(page)).toEqual([]);
    await page.getByRole('button', { name: '提交' }).click();
    const done = page.locator('.notice.ok');
    await expect.poll(() => done.count()).toBe(1);
    const strong = await done.locator('strong').allTextContents();
    [number, code] = strong as [string, string];
    expect(number).toMatch(/^ZS\d{4}-\d{6}$/);
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
  });

  async function lookUp(by: string) {
    await page.goto('/portal#commitments');
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('公开承诺');
    await page.goto(`/portal#lookup=${number}`);
    await expect.poll(() => page.getByLabel('编号').inputValue()).toBe(number);
    await page.getByLabel('查询码或手机号后四位').fill(by);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('main article.card h3').first().textContent()).toContain(number);
  }

  it('she looks it up by number (the link the e-mails carry), with its history', async () => {
    await lookUp(code);
    await expect.poll(() => page.locator('main article.card ol li').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('main article.card').textContent()).toContain('交通运输局');
    expect(await axeProblems(page)).toEqual([]);
  });

  it('a slow page she has already left does not overwrite the one she went to', async () => {
    // the commitments answer arrives late (a slow mobile network); she has moved on to the lookup by then
    let answered = 0;
    await page.route('**/api/v1/portal/commitments', async (route) => {
      await new Promise((r) => setTimeout(r, 1200));
      await route.continue();
      answered += 1;
    });
    try {
      await page.goto('/portal#commitments');
      await expect.poll(() => page.locator('main h2').first().textContent()).toBe('公开承诺');
      await page.goto(`/portal#lookup=${number}`);
      await expect.poll(() => page.getByLabel('编号').inputValue()).toBe(number);
      await expect.poll(() => answered, { timeout: 10_000 }).toBe(1);
      await page.waitForTimeout(200);
      expect(await page.locator('main h2').first().textContent()).toBe('办理查询');
      expect(await page.getByLabel('编号').inputValue()).toBe(number);
    } finally {
      await page.unroute('**/api/v1/portal/commitments');
    }
  });

  it('no page shows an unpublished item or anyone’s personal data', async () => {
    const office = await staff('duchashi');
    const units = (await office('GET', '/api/v1/units')).items as any[];
    const town = units.find((u) => u.shortName === '乾佑镇') ?? units[0];
    await office('POST', '/api/v1/commitments', { unitId: town.id, problem: 'LEAKMARK 未公开的问题', commitment: 'LEAKMARK 未公开的承诺', dueOn: '2030-12-31' });
    await office('POST', '/api/v1/catalogue', { code: 'LEAK-1', name: 'LEAKMARK 未公开事项', unitId: town.id, legalBasis: '测试' });
    const pages = ['#tasks', '#bulletins', '#commitments', '#ranking', '#catalogue', '#report', `#lookup=${number}`];
    const task = await page.goto('/portal#tasks').then(() => page.locator('main article.card h3 a').first().getAttribute('href'));
    for (const hash of [...pages, task!]) {
      await page.goto('/portal#report');
      await page.goto(`/portal${hash}`);
      await expect.poll(() => page.locator('main .hint', { hasText: '正在加载' }).count()).toBe(0);
      const text = await page.locator('body').innerText();
      for (const secret of ['LEAKMARK', '刘某', '13700001234', '王某某', '13900000001', code]) expect(text, `${hash} shows ${secret}`).not.toContain(secret);
    }
  });

  it('staff accept and reply; she sees the reply and rates it', async () => {
    const office = await staff('duchashi');
    const found = (await office('GET', `/api/v1/cases?q=${number}`)).items[0];
    let c = await office('POST', `/api/v1/cases/${found.id}/accept`, { rowVersion: found.rowVersion, accept: true });
    c = await office('POST', `/api/v1/cases/${found.id}/reply`, { rowVersion: c.rowVersion, reply: '已安排施工队重新铺设北新街 12 号门前地砖。' });
    expect(c.status).toBe('replied');
    await lookUp('1234'); // the last four digits of her phone work too
    const card = page.locator('main article.card').first();
    await expect.poll(() => card.textContent()).toContain('已安排施工队重新铺设');
    await card.getByRole('button', { name: '满意', exact: true }).click();
    await expect.poll(() => page.locator('main .rated').textContent()).toContain('满意');
    expect(await page.locator('main article.card button').count()).toBe(0);
    expect(unexpected(tp.errors)).toEqual([]);
  });

  it('the task list: a first page, "load more" appends the next, a search narrows it, a task opens with its reports', async () => {
    // the office publishes 25 more tasks; 乾佑镇's handler reports on one of them and the office publishes the report
    const office = await staff('duchashi');
    const campaign = ((await office('GET', '/api/v1/campaigns')).items as any[])[0];
    const units = (await office('GET', '/api/v1/units')).items as any[];
    const town = units.find((u) => u.shortName === '乾佑镇');
    const made: { id: string; code: string; title: string }[] = [];
    for (let i = 1; i <= 25; i++) {
      const task = await office('POST', `/api/v1/campaigns/${campaign.id}/tasks`, { nodeType: 'task', title: `门户分页检查任务第${i}项`, leadUnitId: town.id, plannedEnd: '2030-12-31' });
      await office('POST', '/api/v1/publications', { entityType: 'task', entityId: task.id, published: true });
      made.push(task);
    }
    const reported = made[24]!;
    const handler = await staff('qianyou.cb');
    const report = await handler('POST', `/api/v1/tasks/${reported.id}/reports`, { narrative: '门户检查:完成招标,施工队已进场。', percent: 30 });
    await handler('POST', `/api/v1/reports/${report.id}/submit`);
    await office('POST', '/api/v1/publications', { entityType: 'report', entityId: report.id, published: true });
    const total = ((await (await fetch(`${server.url}/api/v1/portal/tasks`)).json()) as { total: number }).total;
    expect(total).toBeGreaterThan(25);

    await page.goto('/portal#report');
    await page.goto('/portal#tasks');
    const cards = page.locator('main article.card');
    const status = page.getByRole('status');
    await expect.poll(() => cards.count()).toBe(20);
    expect(await status.textContent()).toBe(`已显示 20 / 共 ${total} 项`);
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => cards.count()).toBe(Math.min(40, total));
    expect(await status.textContent()).toBe(`已显示 ${Math.min(40, total)} / 共 ${total} 项`);
    // the keyboard goes on from the first task added
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(await cards.nth(20).locator('h3 a').textContent());
    expect(await page.getByRole('button', { name: '加载更多' }).isVisible()).toBe(total > 40);
    expect(await axeProblems(page)).toEqual([]);

    // a search starts the list again
    await page.getByLabel('搜索任务(编号、名称或牵头单位)').fill('门户分页检查任务第1');
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count()).toBe(11);
    expect(await status.textContent()).toBe('已显示 11 / 共 11 项');
    expect(await page.getByRole('button', { name: '加载更多' }).isVisible()).toBe(false);
    await page.getByLabel('搜索任务(编号、名称或牵头单位)').fill('第25项');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => cards.count()).toBe(1);
    // the list shows the latest published report; the task's page all of them
    expect(await cards.first().textContent()).toContain('门户检查:完成招标');
    await cards.first().locator('h3 a').click();
    await expect.poll(() => page.url()).toContain(`#task=${reported.id}`);
    await expect.poll(() => page.locator('main article.card h2').textContent()).toBe(`${reported.code} ${reported.title}`);
    expect(await page.locator('main article.card h3').textContent()).toBe('进展情况');
    expect(await page.locator('main article.card').textContent()).toContain('(30%):门户检查:完成招标,施工队已进场。');
    expect(await axeProblems(page)).toEqual([]);
    // a task that is not published has no page
    await page.goto(`/portal#task=nosuchtask000000000000`);
    await expect.poll(() => page.locator('main').textContent()).toContain('没有找到该公开事项。');
    // in English
    await page.goto('/portal#tasks');
    await expect.poll(() => cards.count()).toBe(20);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => status.textContent()).toBe(`Showing 20 of ${total}`);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(1);
    expect(await page.getByLabel('Search tasks (number, title or lead unit)').count()).toBe(1);
    await page.getByRole('button', { name: '切换到中文' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(unexpected(tp.errors).filter((e) => !/status of 404/.test(e))).toEqual([]);
  });
});
