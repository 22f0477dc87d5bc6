/**
 * The injection corpus in the browser: tasks whose title and description carry script, markup,
 * template markers and formulas are shown by the staff app as the text that was typed. No script
 * runs (a payload that would set window.__luoshiXss leaves it unset), no element is made from the
 * text, no dialog opens, and the page logs no error (a CSP violation would be one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { DEMO_PASSWORD, signIn, unexpected } from './support/ui.ts';

const PAYLOADS = [
  '<img src=x onerror="window.__luoshiXss=1">',
  '<script>window.__luoshiXss=2</script>',
  '"><svg onload="window.__luoshiXss=3">',
  '{{constructor.constructor("window.__luoshiXss=4")()}}',
  '=HYPERLINK("http://evil.example/","点击")',
];

let server: RunningServer;
let browser: Browser;
const taskIds: string[] = [];

async function api(method: string, url: string, cookie: string, csrf: string, body?: unknown) {
  const r = await fetch(server.url + url, {
    method,
    headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await r.json()) as any;
}

beforeAll(async () => {
  server = await startServer({ now: '2013-05-10T02:00:00.000Z' });
  browser = await launchBrowser();
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'duchashi', password: DEMO_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const campaignId = (await api('GET', '/api/v1/campaigns', cookie, csrf)).items[0].id as string;
  const tree = (await api('GET', `/api/v1/campaigns/${campaignId}/tasks`, cookie, csrf)).items as { id: string; title: string; leadUnitId: string }[];
  const parent = tree.find((t) => t.title === '新建乾佑镇中心幼儿园')!;
  for (const [i, p] of PAYLOADS.entries()) {
    const t = await api('POST', `/api/v1/campaigns/${campaignId}/tasks`, cookie, csrf, {
      parentId: parent.id,
      nodeType: 'milestone',
      title: p,
      description: p,
      plannedEnd: `2013-07-1${i}`,
      leadUnitId: parent.leadUnitId,
    });
    if (!t.id) throw new Error(`task not created: ${JSON.stringify(t)}`);
    taskIds.push(t.id);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the injection corpus in the staff app', () => {
  it('shows every payload as plain text on its task page; nothing runs', async () => {
    const { page, errors } = await openPage(browser, server.url);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\//);
    for (const [i, id] of taskIds.entries()) {
      await page.goto(`/app/tasks/${id}`);
      await page.getByText(PAYLOADS[i]!, { exact: true }).first().waitFor();
      expect(await page.evaluate(() => (window as unknown as { __luoshiXss?: number }).__luoshiXss)).toBeUndefined();
      expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
    }
    expect(dialogs).toBe(0);
    expect(unexpected(errors)).toEqual([]);
  });
});
