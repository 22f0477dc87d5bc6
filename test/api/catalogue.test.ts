/**
 * The approval-items catalogue through HTTP (R-PUB-4): items with legal basis, materials, steps and
 * time limits; cleanup decisions with their date; .xlsx export that imports back, an import that
 * saves all rows or none and lists row errors, formulas refused and text never written as formulas.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '@luoshi/contracts';
import { startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { download, multipart, sheetValues } from '../support/sheets.ts';

let t: TestApp;
let office: Client;
let zhengwu: string;
const upload = (c: Client, file: Buffer, dryRun = false) => {
  const { body, contentType } = multipart(file, '目录.xlsx');
  return c.request('POST', `/api/v1/catalogue/import${dryRun ? '?dryRun=true' : ''}`, { rawBody: body, headers: { 'content-type': contentType } });
};

beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi');
  zhengwu = await unitId(t, '住建局');
});
afterAll(async () => t?.close());

const ITEM = {
  code: 'ZJ-001',
  name: '建筑工程施工许可证核发',
  kind: 'licence',
  legalBasis: '《中华人民共和国建筑法》第七条',
  materials: ['施工许可申请表', '建设工程规划许可证', '=HYPERLINK("http://example.invalid","点我")'],
  steps: ['受理', '审查', '决定', '送达'],
  legalDays: 15,
  promisedDays: 7,
  fee: '不收费',
};

describe('the catalogue', () => {
  let id: string;
  it('the office adds an item; the promised time may not exceed the legal limit; a town handler may not add', async () => {
    expect((await office.call(catalogue.createItem, { body: { ...ITEM, code: 'ZJ-000', unitId: zhengwu, promisedDays: 20 } })).status).toBe(400);
    const r = await office.call(catalogue.createItem, { body: { ...ITEM, unitId: zhengwu } });
    expect(r.status).toBe(200);
    id = r.body.id;
    expect((await (await t.as('qianyou.cb')).call(catalogue.createItem, { body: { ...ITEM, code: 'ZJ-002', unitId: zhengwu } })).status).toBe(403);
    expect((await (await t.as('qianyou.cb')).call(catalogue.listItems, { query: {} })).body.items).toHaveLength(1);
  });

  it('cleanup decisions carry their date; a merge names where it goes', async () => {
    const it0 = (await office.call(catalogue.listItems, { query: {} })).body.items[0];
    expect((await office.call(catalogue.decideItem, { params: { id }, body: { rowVersion: it0.rowVersion, decision: 'merge', decisionOn: '2013-06-01' } })).status).toBe(400);
    const d = await office.call(catalogue.decideItem, { params: { id }, body: { rowVersion: it0.rowVersion, decision: 'simplify', decisionOn: '2013-06-01', note: '材料由 5 项减为 3 项' } });
    expect(d.body).toMatchObject({ decision: 'simplify', decisionOn: '2013-06-01' });
    expect((await office.call(catalogue.listItems, { query: { decision: 'simplify' } })).body.items).toHaveLength(1);
  });

  it('the export holds every column as text, a formula-looking material stays text, and it imports back unchanged', async () => {
    const file = await download(t, office, '/api/v1/catalogue/export.xlsx');
    expect(file.status).toBe(200);
    expect(String(file.headers['content-type'])).toBe(catalogue.XLSX_MIME);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.file as unknown as ArrayBuffer);
    const cell = wb.worksheets[0]!.getRow(2).getCell(6);
    expect(typeof cell.value).toBe('string');
    expect(cell.formula).toBeUndefined();
    const rows = await sheetValues(file.file);
    expect(rows[1]!.slice(0, 4)).toEqual(['ZJ-001', '建筑工程施工许可证核发', '行政许可', '柞水县住房和城乡建设局']);
    const before = (await office.call(catalogue.listItems, { query: {} })).body.items[0];
    const back = await upload(office, file.file);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ created: 0, updated: 1 });
    const after = (await office.call(catalogue.listItems, { query: {} })).body.items[0];
    const { rowVersion: _a, ...a } = after;
    const { rowVersion: _b, ...b } = before;
    expect(a).toEqual(b);
  });

  it('an import with errors saves nothing and names each row; formulas are refused', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(['编码', '名称', '类别', '实施单位', '依据', '材料', '流程', '法定', '承诺', '收费', '决定', '日期', '说明', '公开']);
    ws.addRow(['JY-001', '民办学校办学许可', '行政许可', '教体局', '《民办教育促进法》', '申请书', '受理\n审查', 30, 20, '', '', '', '', '是']);
    ws.addRow(['JY-002', '', '行政许可', '不存在的局', '依据', '', '', 'abc', 1, '', '撤销', '', '', '']);
    ws.addRow(['JY-003', '教师资格认定', '行政许可', '教体局', { formula: '1+1' }, '', '', 30, 20, '', '', '', '', '']);
    const r = await upload(office, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe(400);
    const paths = r.body.error.issues.map((i: any) => i.path).join('|');
    expect(paths).toContain('第3行');
    expect(paths).toContain('第4行');
    expect(paths).not.toContain('第2行');
    expect(r.body.error.issues.some((i: any) => i.message === '不接受公式,请填写值')).toBe(true);
    expect((await office.call(catalogue.listItems, { query: { q: 'JY-' } })).body.items).toHaveLength(0);
    const junk = await upload(office, Buffer.from('not a spreadsheet'));
    expect(junk.status).toBe(415);
  });
});
