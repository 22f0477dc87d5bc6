/**
 * The .xlsx reader of the task import, on workbooks written by hand the ways other programs write
 * them (WPS, LibreOffice, .NET libraries), and against exceljs on workbooks exceljs writes.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { NotXlsxError, isDateFormat, openXlsx } from '../../apps/server/src/modules/tasks/excel/xlsx-read.ts';
import { readTaskSheet } from '../../apps/server/src/modules/tasks/excel/sheet-read.ts';

/** A ZIP archive of the given parts (deflated), as any spreadsheet program writes one. */
function zip(parts: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
function workbook(opts: { sheets: { name: string; xml: string; hidden?: boolean }[]; shared?: string; styles?: string; date1904?: boolean; prefix?: string }): Buffer {
  const p = opts.prefix ?? '';
  const parts: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><${p}workbook ${NS.replace('xmlns=', p ? `xmlns:${p.slice(0, -1)}=` : 'xmlns=')}><${p}workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><${p}sheets>${opts.sheets
      .map((s, i) => `<${p}sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"${s.hidden ? ' state="hidden"' : ''}/>`)
      .join('')}</${p}sheets></${p}workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${opts.sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/s${i + 1}.xml"/>`)
      .join('')}</Relationships>`,
  };
  opts.sheets.forEach((s, i) => (parts[`xl/worksheets/s${i + 1}.xml`] = s.xml));
  if (opts.shared) parts['xl/sharedStrings.xml'] = opts.shared;
  if (opts.styles) parts['xl/styles.xml'] = opts.styles;
  return zip(parts);
}

describe('reading .xlsx values as other programs write them', () => {
  it('shared rich text without phonetic runs, inline strings, booleans, errors, ISO dates, custom date formats, 1904 dates', () => {
    const shared = `<sst ${NS}><si><t>编号</t></si><si><r><rPr><b/></rPr><t>县城</t></r><r><t xml:space="preserve">供热 &amp; 管网</t></r><rPh sb="0" eb="1"><t>ケン</t></rPh></si></sst>`;
    const styles = `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="176" formatCode="[DBNum1][$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/><xf numFmtId="4"/></cellXfs></styleSheet>`;
    const sheet = `<worksheet ${NS}><sheetData>
      <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
      <row r="3"><c r="A3" t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r></is></c><c r="B3" s="1"><v>39993</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="d"><v>2013-06-30T00:00:00</v></c><c r="F3" s="2"><v>1234.5</v></c><c r="G3" t="str"><f>A1&amp;"x"</f><v>编号x</v></c></row>
    </sheetData></worksheet>`;
    const wb = openXlsx(workbook({ sheets: [{ name: '表', xml: sheet }], shared, styles, date1904: true }));
    expect(wb.date1904).toBe(true);
    const rows = wb.sheet(0).rows;
    expect(rows.get(1)).toEqual(['编号', '县城供热 & 管网']);
    expect(rows.get(3)).toEqual(['内联', { date: '2013-06-30' }, true, '#N/A', { date: '2013-06-30' }, 1234.5, '编号x']);
  });

  it('namespace prefixes, cells and rows without references, hidden sheets skipped, merges filled from the master', () => {
    const sheet = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
      <x:row><x:c t="inlineStr"><x:is><x:t>编号</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>牵头单位</x:t></x:is></x:c></x:row>
      <x:row><x:c><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>住建局</x:t></x:is></x:c></x:row>
      <x:row><x:c><x:v>2</x:v></x:c></x:row>
      </x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B2:B3"/></x:mergeCells></x:worksheet>`;
    const hidden = `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>secret</t></is></c></row></sheetData></worksheet>`;
    const wb = openXlsx(workbook({ sheets: [{ name: '隐藏', xml: hidden, hidden: true }, { name: '任务', xml: sheet }], prefix: 'x:' }));
    expect(wb.sheetNames).toEqual(['任务']);
    expect([...wb.sheet(0).rows.entries()]).toEqual([
      [1, ['编号', '牵头单位']],
      [2, [1, '住建局']],
      [3, [2, '住建局']],
    ]);
  });

  it('knows date formats from number formats', () => {
    for (const f of ['yyyy-mm-dd', 'm/d/yy', '[$-804]yyyy"年"m"月"d"日"', 'd-mmm', 'yyyy/m/d h:mm']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['0.00', '#,##0', '0%', '"年"0', '@', 'General']) expect(isDateFormat(f), f).toBe(false);
  });

  it('refuses what is not a workbook: text, a truncated file, a zip without the workbook part, an encrypted entry', async () => {
    expect(() => openXlsx(Buffer.from('编号,层级\n'))).toThrow(NotXlsxError);
    const good = workbook({ sheets: [{ name: 's', xml: `<worksheet ${NS}><sheetData/></worksheet>` }] });
    expect(() => openXlsx(good.subarray(0, good.length - 30))).toThrow(NotXlsxError);
    expect(() => openXlsx(zip({ 'word/document.xml': '<w:document/>', '[Content_Types].xml': '<Types/>' }))).toThrow(NotXlsxError);
    const locked = Buffer.from(good);
    locked.writeUInt16LE(0x0801, locked.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    expect(() => openXlsx(locked)).toThrow(NotXlsxError);
  });

  it('reads what exceljs writes exactly as exceljs reads it back', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任务分解表');
    ws.addRow(['标题']);
    ws.addRow(['编号', '任务名称', '计划完成', '目标值', '权重']);
    ws.addRow(['1', { richText: [{ text: '富' }, { text: '文本' }] }, new Date(Date.UTC(2013, 5, 30)), 12.5, true]);
    ws.addRow(['1.1', { text: '链接文字', hyperlink: 'https://example.org' }, { formula: 'C3+1', result: new Date(Date.UTC(2013, 6, 1)) }, { formula: 'D3*2', result: 25 }, null]);
    ws.mergeCells('A5:B6');
    ws.getCell('A5').value = '合并';
    ws.getCell('C4').numFmt = 'yyyy-mm-dd';
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const ours = openXlsx(file).sheet(0).rows;
    const theirs = new ExcelJS.Workbook();
    await theirs.xlsx.load(file as unknown as ArrayBuffer);
    const plain = (v: ExcelJS.CellValue): unknown => {
      if (v instanceof Date) return { date: v.toISOString().slice(0, 10) };
      if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
      if (v && typeof v === 'object' && 'hyperlink' in v) return v.text;
      if (v && typeof v === 'object' && 'result' in v) return plain(v.result as ExcelJS.CellValue);
      return v ?? null;
    };
    theirs.worksheets[0]!.eachRow({ includeEmpty: false }, (row, n) => {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        expect(ours.get(n)?.[col - 1] ?? null, cell.address).toEqual(plain(cell.value));
      });
    });
    expect(ours.get(6)?.[1]).toBe('合并');
  });

  it('finds the task sheet and its header even when another sheet comes first', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('封面').addRow(['柞水县政府工作执行年']);
    const ws = wb.addWorksheet('分解表');
    ws.addRow(['柞水县2013年任务分解表']);
    ws.addRow(['序号', '任务名称', '层级', '完成时限']);
    ws.addRow(['1', '目标一', '目标', '年底']);
    ws.addRow([]);
    ws.addRow(['2', '目标二', '目标', '年底']);
    const sheet = readTaskSheet(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.sheetName).toBe('分解表');
    expect(sheet.headerRow).toBe(2);
    expect(sheet.issues).toEqual([]);
    expect(sheet.rows.map((r) => [r.row, r.cells.code, r.cells.plannedEnd])).toEqual([
      [3, '1', '年底'],
      [5, '2', '年底'],
    ]);
  });

  it('a damaged file is refused as not a workbook, never with another kind of error', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任务分解表');
    ws.addRow(['编号', '层级', '任务名称', '计划完成']);
    ws.addRow(['1', '目标', '目标一', '年底']);
    ws.mergeCells('A3:B4');
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(good.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }), (flips) => {
        const bad = Buffer.from(good);
        for (const f of flips) bad[f.at] = f.byte;
        try {
          readTaskSheet(bad);
        } catch (e) {
          expect(e).toBeInstanceOf(NotXlsxError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
