/**
 * Stored injection: every payload of the corpus (SQL fragments, markup and script, template
 * markers, spreadsheet formulas) goes into text fields through the API and comes back as the same
 * text and inert: the task sheet export (.xlsx) holds no formula at all and each payload as a text
 * cell; a 公文 (.docx) holds each payload as escaped text and no markup of its own; the API gives
 * the text back unchanged; the public complaint form refuses markup and keeps the rest verbatim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, portal, tasks } from '@luoshi/contracts';
import { renderOfficialDocx } from '../../apps/server/src/platform/documents/index.ts';
import { freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';
import { download } from '../support/sheets.ts';
import { entryText, unzip } from '../support/unzip.ts';
import { PAYLOADS, formulaLike, xmlTexts } from '../support/payloads.ts';
import { NOTICE } from '../documents/notice.ts';

let t: TestApp;
let office: Client;
let campaignId: string;
const created: { id: string; title: string }[] = [];
beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  const tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items as { id: string; title: string; leadUnitId: string | null; nodeType: string }[];
  const parent = tree.find((x) => x.title === '新建乾佑镇中心幼儿园')!;
  for (const [i, p] of PAYLOADS.entries()) {
    const r = await office.call(tasks.createTask, {
      params: { id: campaignId },
      body: { parentId: parent.id, nodeType: 'milestone', title: p, description: p, acceptanceStandard: p, plannedEnd: '2013-07-1' + (i % 5), leadUnitId: parent.leadUnitId },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    created.push({ id: r.body.id, title: r.body.title });
  }
});
afterAll(async () => t?.close());

describe('the injection corpus stays inert', () => {
  it('is stored and given back unchanged by the API', async () => {
    for (const [i, c] of created.entries()) {
      expect(c.title).toBe(PAYLOADS[i]);
      const d = await office.call(tasks.getTask, { params: { id: c.id } });
      expect(d.body.title).toBe(PAYLOADS[i]);
      expect(d.body.description).toBe(PAYLOADS[i]);
    }
    // the SQL fragments did nothing: the tables they name are whole
    const n = await t.services.db.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(PAYLOADS.length);
  });

  it('the task sheet (.xlsx) holds no formula anywhere and every payload as a text cell', async () => {
    const sheet = await download(t, office, `/api/v1/campaigns/${campaignId}/tasks/export.xlsx?scope=all`);
    expect(sheet.status).toBe(200);
    const files = unzip(sheet.file);
    const worksheets = [...files.keys()].filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k));
    expect(worksheets.length).toBeGreaterThan(0);
    const shared = files.has('xl/sharedStrings.xml') ? [...entryText(files, 'xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => xmlTexts(m[1]!).join('')) : [];
    // every cell with its type and its text as a spreadsheet reads it
    const cells: { type: string; text: string }[] = [];
    for (const w of worksheets) {
      const xml = entryText(files, w);
      expect(xml, `${w} has a formula`).not.toMatch(/<f[ >]/);
      for (const m of xml.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const type = /\bt="([^"]+)"/.exec(m[1]!)?.[1] ?? 'n';
        const inner = m[2] ?? '';
        const text = type === 's' ? (shared[Number(/<v>(\d+)<\/v>/.exec(inner)?.[1])] ?? '') : xmlTexts(inner).join('') || xmlTexts(inner, 'v').join('');
        cells.push({ type, text });
      }
    }
    for (const p of PAYLOADS) {
      const holding = cells.filter((c) => c.text === p);
      expect(holding.length, p).toBeGreaterThan(0);
      // a string cell (shared, inline, or a plain string value: no <f> exists anywhere), never a number or a boolean
      for (const c of holding) expect(['s', 'inlineStr', 'str'], p).toContain(c.type);
    }
    // formula-like text also carries the Text number format (@, id 49) or a quote prefix
    const styles = entryText(files, 'xl/styles.xml');
    if (PAYLOADS.some(formulaLike)) expect(styles).toMatch(/quotePrefix="1"|numFmtId="49"/);
  });

  it('a 公文 (.docx) keeps each payload as escaped text: no markup, field or script of its own', async () => {
    const doc = await renderOfficialDocx({ ...NOTICE, title: PAYLOADS.join(' '), body: [...PAYLOADS], attachments: [PAYLOADS[3], PAYLOADS[8]] });
    const files = unzip(doc);
    const xml = entryText(files, 'word/document.xml');
    const texts = xmlTexts(xml, 'w:t');
    for (const p of PAYLOADS) expect(texts, p).toContain(p);
    expect(xml).not.toMatch(/<(script|img|svg)\b/i); // markup appears only escaped, as text
    expect(xml).not.toMatch(/<w:fldSimple|<w:instrText/); // no Word fields (HYPERLINK, DDE) were made from text
    expect(xml.match(/<w:t>注入/g) ?? []).toHaveLength(0); // the XML-closing payload did not break out of its run
  });

  it('the public complaint form refuses markup with a message, and stores the rest as it was typed', async () => {
    const refused: string[] = [];
    for (const p of PAYLOADS) {
      const anon = t.anon(freshIp());
      const content = `人行道破损 ${p}`;
      const sub = await anon.call(portal.submitCase, { body: { categoryCode: 'road', content, anonymous: true } });
      if (sub.status === 400 && /<[a-z/!]/i.test(p)) {
        expect(sub.body.error.code).toBe('VALIDATION_FAILED');
        expect(sub.body.error.issues[0].path).toBe('content');
        refused.push(p);
        continue;
      }
      expect(sub.status, `${p}: ${JSON.stringify(sub.body)}`).toBe(200);
      const look = await anon.call(portal.lookupCase, { body: { number: sub.body.number, code: sub.body.checkCode } });
      expect(look.status).toBe(200);
      expect(String(look.headers['content-type'])).toMatch(/application\/json/);
      const row = await t.services.db.kysely.selectFrom('cases').select('content').where('number', '=', sub.body.number).executeTakeFirstOrThrow();
      expect(row.content).toBe(content);
    }
    expect(refused).toContain('<script>alert(1)</script>');
  });

});
