/**
 * The ladder in a real browser (seed §四.4), on the demo county with the clock pinned: the office
 * issues a 督办 from a sweep proposal; three weeks later (a second server run on the same data,
 * its clock further on) the sweep finds the 督办 lapsed and proposes a 催办; the office drafts it
 * and sends it; the deputy county head in charge of the unit approves it on a phone in two taps;
 * the unit's principal reads the notice and downloads it as a Word 公文.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { DEMO_PASSWORD, signIn, unexpected } from './support/ui.ts';
import { entryText, unzip } from '../test/support/unzip.ts';

/** 20 May: 完成征地拆迁 (乾佑镇, due 30 June) is far behind plan, so the sweep proposes a 督办. */
const DAY_ONE = '2013-05-20T02:00:00Z';
/** 6 June: the 督办's 15 days ran out on 4 June. */
const LATER = '2013-06-06T02:00:00Z';
const TASK = '完成征地拆迁';
const SHOTS = process.env.LUOSHI_SHOTS_DIR ?? os.tmpdir();

let dataDir: string;
let server: RunningServer | undefined;
let browser: Browser;

/** A signed-in API client for setting the scene and waiting on the sweep (the browser does the work). */
async function apiAs(username: string) {
  const base = server!.url;
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in of ${username} failed: ${r.status}`);
  const session = (await r.json()) as {
    csrfToken: string;
    user: { personId: string | null; chargedUnitIds: string[] };
  };
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const get = async (p: string) => {
    const res = await fetch(`${base}${p}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
    return res.json() as Promise<any>;
  };
  return { get, user: session.user };
}

async function campaignId(): Promise<string> {
  const office = await apiAs('duchashi');
  return (await office.get('/api/v1/campaigns')).items[0].id;
}

/** Waits for the sweep (it runs a few seconds after the server starts) to propose `kind` for the task. */
async function proposalFor(kind: string): Promise<any> {
  const office = await apiAs('duchashi');
  const id = await campaignId();
  let found: any;
  await expect
    .poll(
      async () => {
        const items = (await office.get(`/api/v1/campaigns/${id}/proposals?status=open&limit=500`)).items as any[];
        found = items.find((p) => p.kind === kind && p.subjectTitle.endsWith(TASK));
        return !!found;
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .toBe(true);
  return found;
}

/** The paragraphs of a .docx as plain text. */
function docxParagraphs(docx: Buffer): string[] {
  const xml = entryText(unzip(docx), 'word/document.xml');
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/gs)].map((m) => [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''));
}

/** Waits as long as a loaded machine may need for the page to show something. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 45_000, interval: 250 });

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(SHOTS, `luoshi-supervision-${name}.png`),
    fullPage: false,
  });
}

/** Opens a side-menu entry (on a phone the menu is a drawer behind the ☰ button). */
async function openMenu(page: Page, label: string): Promise<void> {
  // the landing page first, as a user would see it before reaching for the menu
  await page.locator('.ls-page').first().waitFor();
  const toggle = page.getByRole('button', { name: /菜单/ });
  if (await toggle.isVisible()) await toggle.click();
  await page.locator('.ant-menu').getByText(label, { exact: true }).click();
}

/** the page a step is working on, photographed when the step fails */
let current: Page | undefined;

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && current && !current.isClosed()) await shot(current, `failed-${ctx.task.name.slice(0, 20)}`).catch(() => undefined);
  current = undefined;
});

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-ladder-'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('督办 → 催办 through the browser', () => {
  let superviseDoc = '';
  let urgeId = '';

  it('20 May: the office issues a 督办 from the sweep’s proposal', async () => {
    server = await startServer({ now: DAY_ONE, dataDir });
    await proposalFor('supervise');

    const { context, page, errors } = await openPage(browser, server.url);
    page.setDefaultTimeout(45_000);
    current = page;
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL('**/app/**');
    await openMenu(page, '督查建议');
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/proposals$/);
    const row = page.getByRole('row').filter({ hasText: TASK }).filter({ hasText: '督办' });
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('落后计划');
    await shot(page, '1-proposals');

    await row.getByRole('button', { name: /拟\s*稿/ }).click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.textContent()).toContain('乾佑镇人民政府');
    await dialog.getByRole('button', { name: /拟\s*稿/ }).click();
    await page.waitForURL(/\/app\/notices\/[^/]+$/);
    await poll(() => page.getByTestId('notice-title').textContent()).toBe('关于对乾佑镇人民政府完成征地拆迁工作进行督办的通知');
    expect(await page.locator('[data-status]').first().textContent()).toBe('草拟中');

    // a 督办 is issued by the office at once: the number comes with it
    await page.getByRole('button', { name: /下\s*发/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await poll(() => page.getByTestId('notice-doc-number').textContent()).toBe('柞政督〔2013〕1号');
    expect(await page.locator('[data-status]').first().textContent()).toBe('已下发,限期办理中');
    superviseDoc = '柞政督〔2013〕1号';
    expect(await page.getByText('2013-06-04', { exact: true }).count()).toBeGreaterThan(0);
    await shot(page, '2-supervise-issued');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);

  it('6 June: the 督办 has lapsed and the sweep proposes a 催办; the office drafts it and sends it for approval', async () => {
    await server!.stop();
    server = await startServer({ now: LATER, dataDir });
    const proposal = await proposalFor('urge');
    expect(proposal.reason).toContain(superviseDoc);

    const { context, page, errors } = await openPage(browser, server.url);
    page.setDefaultTimeout(45_000);
    current = page;
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL('**/app/**');
    await openMenu(page, '督查建议');
    const row = page.getByRole('row').filter({ hasText: TASK }).filter({ hasText: '催办' });
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(superviseDoc);

    await row.getByRole('button', { name: /拟\s*稿/ }).click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.textContent()).toContain(superviseDoc);
    await dialog.getByRole('button', { name: /拟\s*稿/ }).click();
    await page.waitForURL(/\/app\/notices\/[^/]+$/);
    urgeId = page.url().split('/').pop()!;
    await poll(() => page.getByTestId('notice-body').textContent()).toContain(superviseDoc);

    await page.getByRole('button', { name: '送领导审定' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await poll(() => page.locator('[data-status]').first().textContent()).toBe('待领导审定');
    await shot(page, '3-urge-sent');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);

  it('the deputy county head in charge of 乾佑镇 approves it on his phone in two taps', async () => {
    // who is in charge of the unit: the leading group says, and each deputy's session says who he is
    const office = await apiAs('duchashi');
    const notice = await office.get(`/api/v1/notices/${urgeId}`);
    const group = (await office.get('/api/v1/leading-group')).members as any[];
    const inCharge = group.find((m) => m.position === 'deputy_head' && m.chargedUnitIds.includes(notice.unitId));
    expect(notice.approvers.map((a: any) => a.name)).toEqual([inCharge.name]);
    let deputy = '';
    for (const u of ['fuxianzhang', 'fuxianzhang2', 'fuxianzhang3', 'fuxianzhang4']) {
      if ((await apiAs(u)).user.personId === inCharge.personId) deputy = u;
    }
    expect(deputy).not.toBe('');

    const context: BrowserContext = await browser.newContext({
      baseURL: server!.url,
      locale: 'zh-CN',
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(45_000);
    current = page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));

    await signIn(page, deputy, DEMO_PASSWORD);
    await page.waitForURL('**/app/**');
    await page.locator('.ls-page').first().waitFor();
    // the menu carries the number awaiting him
    await page.getByRole('button', { name: /菜单/ }).tap();
    const entry = page.getByTestId('approvals-menu');
    await poll(() => entry.locator('.ant-badge-count').textContent()).toBe('1');
    await shot(page, '4-phone-menu');
    await entry.tap();
    await page.waitForURL('**/app/approvals');

    const card = page.getByTestId('approval-card');
    await poll(() => card.getByTestId('approval-title').textContent()).toBe(notice.title);
    const task = await card.getByTestId('approval-task').textContent();
    expect(task).toContain('1.2.1');
    expect(task).toContain(TASK);
    expect(task).toContain('2013-06-30');
    expect(await card.getByTestId('approval-light-text').textContent()).not.toBe('');
    expect(await card.getByTestId('approval-history').locator('.ant-timeline-item').count()).toBeGreaterThanOrEqual(3);
    expect(await card.getByTestId('approval-history').textContent()).toContain(superviseDoc);
    // nothing on the card is wider than the phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, '5-phone-queue');

    // two taps: 同意, then 确认同意
    await card.getByRole('button', { name: /^同\s*意$/ }).tap();
    await shot(page, '6-phone-confirm');
    await card.getByRole('button', { name: '确认同意' }).tap();
    await page.getByText('没有待您审定的事项').waitFor();
    await shot(page, '7-phone-done');

    const issued = await office.get(`/api/v1/notices/${urgeId}`);
    expect(issued).toMatchObject({
      status: 'issued',
      docNumber: '柞政催〔2013〕1号',
      decidedBy: inCharge.name,
      deduction: 1,
    });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);

  it('the unit’s principal sees the 催办 among the unit’s notices, may appeal it and downloads it as Word', async () => {
    const { context, page, errors } = await openPage(browser, server!.url);
    page.setDefaultTimeout(45_000);
    current = page;
    await signIn(page, 'qianyou', DEMO_PASSWORD);
    await page.waitForURL('**/app/**');
    await openMenu(page, '督查通知');
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/notices$/);
    const row = page.getByRole('row').filter({ hasText: '柞政催〔2013〕1号' });
    await poll(() => row.count()).toBe(1);
    expect(await page.getByRole('row').filter({ hasText: superviseDoc }).textContent()).toContain('逾期未办结');
    await row.getByRole('link').first().click();
    await page.waitForURL(`**/app/notices/${urgeId}`);
    await poll(() => page.getByTestId('notice-doc-number').textContent()).toBe('柞政催〔2013〕1号');
    expect(await page.getByTestId('notice-body').textContent()).toContain(superviseDoc);
    expect(await page.getByRole('button', { name: /申\s*诉/ }).isVisible()).toBe(true);
    await shot(page, '8-unit-notice');

    // the 公文 as Word: a real download, named by its number, with the number, title and addressee inside
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-docx').click()]);
    expect(docx.suggestedFilename()).toMatch(/^柞政催〔2013〕1号 .+\.docx$/);
    const saved = await docx.path();
    const paragraphs = docxParagraphs(fs.readFileSync(saved));
    expect(paragraphs).toContain('柞政催〔2013〕1号');
    expect(paragraphs).toContain(await page.getByTestId('notice-title').textContent());
    expect(paragraphs).toContain('乾佑镇人民政府\uFF1A');

    // and in English
    await page.getByText('English', { exact: true }).click();
    await poll(() => page.locator('[data-status]').first().textContent()).toBe('Issued, deadline running');
    expect(await page.getByText('Urging notice', { exact: true }).count()).toBeGreaterThan(0);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 240_000);
});
