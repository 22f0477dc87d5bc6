/**
 * Citizens' cases and client-app keys through the browser: a case filed on the public API is found
 * by the office (personal data masked), transferred with reasons to the town, and the town's
 * handler reads the submitter in full, accepts, replies and closes it; the case list shows a page
 * at a time and "加载更多" appends the next; the office issues an
 * Open311 key (shown once), a client files with it, and after the office revokes it the key is refused.
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

const PHONE = '13912345678';

async function open311(key: string) {
  const form = new URLSearchParams({ api_key: key, service_code: 'road', address_string: '县城北新街', description: '北新街路面坑洞,车辆绕行。' });
  return fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: form });
}

describe('citizens’ cases in the staff app', () => {
  it('the office transfers a case from the public API to the town; the town reads the submitter, accepts, replies and closes it', async () => {
    const filed = await fetch(`${server.url}/api/v1/portal/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ categoryCode: 'road', title: '乾佑镇西街路面塌陷', content: '乾佑镇西街菜市场门口路面塌陷,雨天积水,行人难走。', name: '测试甲', phone: PHONE }),
    });
    expect(filed.status).toBe(200);
    const { number } = (await filed.json()) as { number: string };

    const office = await openPage(browser, server.url);
    let page = office.page;
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    await page.locator('.ant-menu').getByText('群众诉求', { exact: true }).click();
    await page.waitForURL('**/app/cases');
    await page.getByPlaceholder('搜索编号、标题或内容').fill(number);
    await page.getByPlaceholder('搜索编号、标题或内容').press('Enter');
    const row = page.getByRole('row', { name: new RegExp(number) });
    // lists show personal data masked
    await expect.poll(() => row.textContent()).toContain('139****5678');
    expect(await page.content()).not.toContain(PHONE);
    await row.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { name: new RegExp(number) }).waitFor();

    await page.getByRole('button', { name: /^转\s*办$/ }).click();
    let dialog = page.getByRole('dialog');
    // a transfer needs its reasons
    await pick(page, dialog.getByLabel('转至单位'), '乾佑', '乾佑镇人民政府');
    await dialog.getByRole('button', { name: /^转\s*办$/ }).click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toContain('请说明理由');
    await dialog.getByLabel('转办理由').fill('属乾佑镇辖区道路,由镇政府组织维修');
    await dialog.getByRole('button', { name: /^转\s*办$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('case-unit').textContent()).toBe('乾佑镇人民政府');
    await page.getByText('属乾佑镇辖区道路,由镇政府组织维修').waitFor();
    expect(unexpected(office.errors)).toEqual([]);
    await office.context.close();

    const town = await openPage(browser, server.url);
    page = town.page;
    await signIn(page, 'qianyou.cb', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/tasks\?scope=mine$/);
    await page.locator('.ant-menu').getByText('群众诉求', { exact: true }).click();
    await page.getByRole('row', { name: new RegExp(number) }).getByRole('link', { name: number }).click();
    await page.getByRole('heading', { name: new RegExp(number) }).waitFor();
    const personal = page.getByTestId('case-personal');
    expect(await personal.textContent()).not.toContain(PHONE);
    await page.getByRole('button', { name: '查看完整信息(留痕)' }).click();
    await expect.poll(() => personal.textContent()).toContain(PHONE);
    expect(await personal.textContent()).toContain('测试甲');

    await page.getByRole('button', { name: /^受\s*理$/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^受\s*理$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('heading').first().textContent()).toContain('办理中');

    await page.getByRole('button', { name: /^答\s*复$/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('答复意见').fill('镇政府已组织回填压实并重铺路面,积水已排除。');
    await dialog.getByRole('button', { name: /^答\s*复$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('case-reply').textContent()).toContain('重铺路面');

    await page.getByRole('button', { name: /^办\s*结$/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('办结说明(如电话回访情况)').fill('电话回访,群众认可。');
    await dialog.getByRole('button', { name: /^办\s*结$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('heading').first().textContent()).toContain('已办结');
    // nothing is left to do on a closed case
    expect(await page.getByRole('button', { name: /^答\s*复$|^办\s*结$/ }).count()).toBe(0);
    expect(unexpected(town.errors)).toEqual([]);
    await town.context.close();

    // the citizen reads the reply by number and the last four digits of the phone
    const looked = await fetch(`${server.url}/api/v1/portal/cases/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number, code: PHONE.slice(-4) }),
    });
    const pub = (await looked.json()) as { status: string; reply: string; ownerUnitName: string };
    expect(pub).toMatchObject({ status: 'closed', ownerUnitName: '乾佑镇人民政府' });
    expect(pub.reply).toContain('重铺路面');
  });

  it('the list shows 50 cases at a time; "加载更多" appends the next page and the count follows', async () => {
    // 55 cases registered by the office through the API, found together by a word in their text
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'duchashi', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const categories = (await (await fetch(`${server.url}/api/v1/case-categories`, { headers: { cookie } })).json()) as { items: { id: string; code: string }[] };
    const road = categories.items.find((c) => c.code === 'road')!.id;
    for (let i = 1; i <= 55; i++) {
      const r = await fetch(`${server.url}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ channel: 'hotline', categoryId: road, content: `翻页核对诉求 第${i}件:县城南街人行道破损`, anonymous: true }),
      });
      expect(r.status).toBe(200);
    }

    const { context, page, errors } = await openPage(browser, server.url);
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    await page.goto(`${server.url}/app/cases?q=${encodeURIComponent('翻页核对诉求')}`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    const shown = page.getByTestId('shown-count');
    await expect.poll(() => shown.textContent()).toBe('已显示 50 / 共 55 条');
    expect(await rows.count()).toBe(50);
    // newest first: the last one registered heads the list
    expect(await rows.first().textContent()).toContain('第55件');
    const more = page.getByRole('button', { name: /加载更多/ });
    await more.click();
    await expect.poll(() => rows.count()).toBe(55);
    expect(await shown.textContent()).toBe('已显示 55 / 共 55 条');
    expect(await rows.last().textContent()).toContain('第1件');
    // nothing more to load: the button is gone
    expect(await more.count()).toBe(0);
    // a new search starts from the first page again
    await page.getByPlaceholder('搜索编号、标题或内容').fill('翻页核对诉求 第1');
    await page.getByPlaceholder('搜索编号、标题或内容').press('Enter');
    await expect.poll(() => shown.textContent()).toBe('已显示 11 / 共 11 条');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('the office issues an Open311 key shown once; a client files with it; once revoked it is refused', async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    await signIn(page, 'duchashi', DEMO_PASSWORD);
    await page.waitForURL(/\/app\/campaigns\/[^/]+\/dashboard$/);
    await page.locator('.ant-menu').getByText('政务公开', { exact: true }).click();
    await page.getByRole('tab', { name: 'API 密钥' }).click();
    await page.getByRole('button', { name: '签发密钥' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('客户端名称').fill('county-miniapp');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const shown = page.getByTestId('issued-key');
    await shown.waitFor();
    const key = (await shown.textContent())!.trim();
    expect(key).toMatch(/^ls_/);
    await page.getByRole('button', { name: /^完\s*成$/ }).click();
    await shown.waitFor({ state: 'detached' });
    // shown once: the list keeps only the prefix
    const row = page.getByRole('row', { name: /county-miniapp/ });
    await expect.poll(() => row.textContent()).toContain('有效');
    expect(await page.content()).not.toContain(key);

    expect((await open311(key)).status).toBe(201); // GeoReport v2 POST: created

    await row.getByRole('button', { name: /^吊\s*销$/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => row.textContent()).toContain('已吊销');
    expect((await open311(key)).status).toBe(403);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
