/**
 * An issued notice as 公文 through HTTP (R-ESC-8): the .docx carries the 发文字号, the title, the
 * addressed unit (主送) and the body the office wrote; the PDF (when LibreOffice is installed) the
 * same as text. Whoever may read the notice may download it, nobody else; a draft has no document.
 * And the leader's approval queue: its history follows the reader's language, its count is asked
 * on its own for the menu badge.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supervision } from '@luoshi/contracts';
import { disposePdfProfile, libreOfficeAvailable } from '../../apps/server/src/platform/documents/index.ts';
import { freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';
import { Fixtures } from '../support/routes.ts';
import { notice } from '../support/ladder.ts';
import { entryText, unzip } from '../support/unzip.ts';

let t: TestApp;
let f: Fixtures;
const clients = new Map<string, Client>();

async function clientFor(username: string): Promise<Client> {
  let c = clients.get(username);
  if (!c) {
    c = await t.as(username, undefined, freshIp());
    clients.set(username, c);
  }
  return c;
}

/** The document's raw bytes and headers (the harness keeps text only). */
async function fetchDocument(username: string, id: string, format: 'docx' | 'pdf', lang?: string) {
  const c = await clientFor(username);
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/notices/${id}/document?format=${format}`,
    headers: { cookie: c.cookie!, ...(lang ? { 'accept-language': lang } : {}) },
  });
  const json = (res.headers['content-type'] ?? '').toString().includes('json') ? JSON.parse(res.body) : null;
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json };
}

/** The paragraphs of word/document.xml as plain text. */
function docxParagraphs(docx: Buffer): string[] {
  const xml = entryText(unzip(docx), 'word/document.xml');
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/gs)].map((m) => [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''));
}

const office = () => clientFor('duchashi');
const getNotice = async (id: string) => (await (await office()).call(supervision.getNotice, { params: { id } })).body;

beforeAll(async () => {
  t = await startApp();
  f = await Fixtures.create(t);
});
afterAll(async () => {
  await t?.close();
  // vitest ends its workers without an exit event: remove the LibreOffice profile here
  await disposePdfProfile();
});

describe('a notice’s 公文 download', () => {
  it('the .docx of an issued 督办 has its number, title, addressee and body; the unit and the inspectors get it, another unit does not', async () => {
    const id = await notice(f, 'supervise', 'issued');
    const n = await getNotice(id);
    expect(n.docNumber).toMatch(/^柞政督〔\d{4}〕\d+号$/);
    for (const username of ['qianyou.cb', 'qianyou', 'duchashi', 'jianchaju', 'xianzhang']) {
      const r = await fetchDocument(username, id, 'docx');
      expect(r.status, username).toBe(200);
      expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      // the Chinese name (number and title) for browsers, an ASCII one for the rest
      const disposition = String(r.headers['content-disposition']);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`${n.docNumber} ${n.title}.docx`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
      expect(disposition).toContain(`filename="notice-${id}.docx"`);
    }
    const paragraphs = docxParagraphs((await fetchDocument('qianyou', id, 'docx')).bytes);
    expect(paragraphs).toContain('柞水县人民政府督查通知');
    expect(paragraphs).toContain(n.docNumber);
    expect(paragraphs).toContain(n.title);
    expect(paragraphs).toContain(`${n.unitName}\uFF1A`);
    // every paragraph of the body the office wrote, as written
    for (const line of n.body.split('\n').filter((l: string) => l.trim())) expect(paragraphs).toContain(line.trim());
    expect(paragraphs.join('')).toContain('柞水县人民政府督查室');

    const foreign = await fetchDocument('jiaotong.cb', id, 'docx');
    expect([foreign.status, foreign.json?.error?.code]).toEqual([403, 'FORBIDDEN']);
    const english = await fetchDocument('jiaotong.cb', id, 'docx', 'en');
    expect(english.json?.error?.message).toBe('You are not allowed to do this');
  });

  it('a draft has no document yet, an unknown notice is not found, a format that does not exist is refused', async () => {
    const draft = await notice(f, 'supervise', 'draft');
    const r = await fetchDocument('duchashi', draft, 'docx');
    expect([r.status, r.json?.error?.code]).toEqual([409, 'INVALID_STATE']);
    // the unit may not even know of a draft addressed to it
    expect((await fetchDocument('qianyou', draft, 'docx')).status).toBe(403);
    const missing = await fetchDocument('duchashi', '01J0000000000000000000000Z', 'docx');
    expect([missing.status, missing.json?.error?.code]).toEqual([404, 'NOT_FOUND']);
    const c = await office();
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/notices/${draft}/document?format=odt`, headers: { cookie: c.cookie! } });
    expect([bad.statusCode, JSON.parse(bad.body).error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it.skipIf(!libreOfficeAvailable())('the PDF shows the number, title and addressee as text', { timeout: 240_000 }, async () => {
    const id = await notice(f, 'supervise', 'issued');
    const n = await getNotice(id);
    const r = await fetchDocument('qianyou', id, 'pdf');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(String(r.headers['content-disposition'])).toContain(`filename="notice-${id}.pdf"`);
    expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: r.bytes }).toString('utf8').replace(/\s+/g, '');
    expect(text).toContain(n.docNumber);
    expect(text).toContain(n.title.replace(/\s+/g, ''));
    expect(text).toContain(`${n.unitName}\uFF1A`);
    expect((await fetchDocument('jiaotong.cb', id, 'pdf')).status).toBe(403);
  });
});

describe('the approval queue', () => {
  it('says the history in the reader’s language and counts what awaits the leader', async () => {
    const leader = await clientFor('fuxianzhang');
    const before = (await leader.call(supervision.approvalCount)).body.count;
    const id = await notice(f, 'commend', 'pending');
    const count = await leader.call(supervision.approvalCount);
    expect(count.status).toBe(200);
    expect(count.body.count).toBe(before + 1);
    // the count is the length of the queue, and another deputy's queue does not change
    expect((await leader.call(supervision.approvalQueue)).body.items.length).toBe(before + 1);

    const zh = (await leader.call(supervision.approvalQueue)).body.items.find((n: { id: string }) => n.id === id);
    const en = (await leader.call(supervision.approvalQueue, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).body.items.find((n: { id: string }) => n.id === id);
    expect(zh.history.map((h: { kind: string }) => h.kind)).toEqual(['notice.draft', 'notice.submit']);
    expect(zh.history.map((h: { what: string }) => h.what)).toEqual(['督查室拟通报表扬', '送县政府领导审定']);
    expect(en.history.map((h: { what: string }) => h.what)).toEqual(['the office drafted a Commendation', 'sent for approval']);
    // each entry carries both languages, so a page can switch without asking again
    expect(en.history.map((h: { zh: string }) => h.zh)).toEqual(zh.history.map((h: { what: string }) => h.what));
    expect(zh.task.lightText.zh).not.toBe('');
    expect(zh.task.lightText.en).not.toBe('');
    expect(zh.task.lightText.en).not.toBe(zh.task.lightText.zh);

    await leader.call(supervision.decideNotice, { params: { id }, body: { decision: 'approve', reason: '同意' } });
    expect((await leader.call(supervision.approvalCount)).body.count).toBe(before);
    // someone who is nobody's approver has nothing waiting
    expect((await (await clientFor('admin')).call(supervision.approvalCount)).body).toEqual({ count: 0 });
  });
});
