/**
 * 公文 .docx per GB/T 9704-2012 (R-ESC-8): the file is unzipped with the test's own reader and
 * the WordprocessingML checked for what the standard prescribes — page and 版心, red header and
 * separator line, 发文字号, 标题, 主送机关, 正文, 署名 and 成文日期, 版记, page numbers — and that
 * user text stays inert.
 */
import { describe, expect, it } from 'vitest';
import { LuoshiError } from '@luoshi/domain';
import { chineseDate, normaliseDocNumber, renderOfficialDocx, type OfficialDoc } from '../../apps/server/src/platform/documents/index.ts';
import { entryText, unzip } from '../support/unzip.ts';
import { NOTICE } from './notice.ts';

async function render(doc: OfficialDoc) {
  const files = unzip(await renderOfficialDocx(doc));
  const xml = entryText(files, 'word/document.xml');
  const paragraphs = [...xml.matchAll(/<w:p>(.*?)<\/w:p>/gs)].map((m) => ({
    xml: m[1]!,
    text: [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  }));
  const find = (text: string) => {
    const p = paragraphs.find((x) => x.text === text);
    if (!p) throw new Error(`no paragraph "${text}" among ${paragraphs.map((x) => x.text).join(' | ')}`);
    return p.xml;
  };
  return { files, xml, paragraphs, find };
}

const attr = (xml: string, element: string, name: string) => new RegExp(`<w:${element}\\b[^>]*\\bw:${name}="([^"]*)"`).exec(xml)?.[1];

describe('公文 layout per GB/T 9704-2012', () => {
  it('A4 with the 版心 156 × 225 mm: margins 37, 35, 28, 26 mm in twips', async () => {
    const { xml } = await render(NOTICE);
    const sect = /<w:sectPr>.*<\/w:sectPr>/s.exec(xml)![0];
    expect([attr(sect, 'pgSz', 'w'), attr(sect, 'pgSz', 'h')]).toEqual(['11906', '16838']);
    expect([attr(sect, 'pgMar', 'top'), attr(sect, 'pgMar', 'bottom'), attr(sect, 'pgMar', 'left'), attr(sect, 'pgMar', 'right')]).toEqual([
      '2098',
      '1984',
      '1587',
      '1474',
    ]);
    // 11906 − 1587 − 1474 = 8845 twips = 156.0 mm; 16838 − 2098 − 1984 = 12756 twips = 225.0 mm
    expect(Math.round(((11906 - 1587 - 1474) * 25.4) / 1440)).toBe(156);
    expect(Math.round(((16838 - 2098 - 1984) * 25.4) / 1440)).toBe(225);
  });

  it('the red 发文机关标志 in 小标宋, centred, 35 mm below the top of the 版心', async () => {
    const { find } = await render(NOTICE);
    const header = find('柞水县人民政府督查通知');
    expect(attr(header, 'color', 'val')).toBe('FF0000');
    expect(attr(header, 'rFonts', 'eastAsia')).toBe('方正小标宋简体');
    expect(attr(header, 'jc', 'val')).toBe('center');
    expect(attr(header, 'spacing', 'before')).toBe('1984'); // 35 mm
    // 11 characters across 156 mm: 40 pt, under the 初号 cap
    expect(attr(header, 'sz', 'val')).toBe('80');
  });

  it('without an override the header is the issuer followed by 文件', async () => {
    const { find } = await render({ ...NOTICE, headerTitle: undefined });
    expect(attr(find('柞水县人民政府文件'), 'color', 'val')).toBe('FF0000');
  });

  it('the 发文字号 centred with 六角括号, the red separator line under it', async () => {
    const { find } = await render(NOTICE);
    const number = find('柞政督〔2013〕12号');
    expect(attr(number, 'jc', 'val')).toBe('center');
    expect(attr(number, 'spacing', 'before')).toBe(String(2 * 579)); // 空二行
    expect(attr(number, 'bottom', 'color')).toBe('FF0000');
    expect(attr(number, 'bottom', 'val')).toBe('single');
    expect(attr(number, 'bottom', 'space')).toBe('11'); // about 4 mm below the number
    expect(attr(number, 'rFonts', 'eastAsia')).toBe('仿宋_GB2312');
    expect(normaliseDocNumber('柞政督（2013）3号')).toBe('柞政督〔2013〕3号');
    expect(normaliseDocNumber('柞政督〔2013〕3号')).toBe('柞政督〔2013〕3号');
  });

  it('上行文: the header 80 mm down, 签发人 beside the number', async () => {
    const { find, paragraphs } = await render({ ...NOTICE, headerTitle: undefined, signer: '王县长' });
    expect(attr(find('柞水县人民政府文件'), 'spacing', 'before')).toBe('4535'); // 80 mm
    const line = paragraphs.find((p) => p.text.includes('签发人'))!;
    expect(line.text).toBe('柞政督〔2013〕12号签发人\uFF1A王县长');
    expect(line.xml).toMatch(/w:eastAsia="楷体_GB2312"[^]*王县长/);
    expect(attr(line.xml, 'bottom', 'color')).toBe('FF0000');
  });

  it('the 标题 in 2号小标宋, centred, black; a line break in it starts a second line', async () => {
    const { find } = await render({ ...NOTICE, title: '关于对县交通运输局\n西康高速连接线改建工作进行督办的通知' });
    for (const line of ['关于对县交通运输局', '西康高速连接线改建工作进行督办的通知']) {
      const p = find(line);
      expect(attr(p, 'sz', 'val')).toBe('44');
      expect(attr(p, 'rFonts', 'eastAsia')).toBe('方正小标宋简体');
      expect(attr(p, 'jc', 'val')).toBe('center');
      expect(attr(p, 'color', 'val')).toBeUndefined();
    }
  });

  it('the 主送机关 flush left with a full-width colon', async () => {
    const { find } = await render(NOTICE);
    const p = find('县交通运输局\uFF1A');
    expect(attr(p, 'jc', 'val')).toBeUndefined();
    expect(attr(p, 'ind', 'firstLineChars')).toBeUndefined();
    expect(attr(p, 'spacing', 'before')).toBe('579'); // 标题下空一行
  });

  it('正文 in 3号仿宋, indented two characters, at a fixed 28.95 pt: 22 lines of 28 characters', async () => {
    const { find } = await render(NOTICE);
    const p = find(NOTICE.body[0]!);
    expect(attr(p, 'sz', 'val')).toBe('32');
    expect(attr(p, 'rFonts', 'eastAsia')).toBe('仿宋_GB2312');
    expect(attr(p, 'ind', 'firstLineChars')).toBe('200');
    expect(attr(p, 'jc', 'val')).toBe('both');
    expect([attr(p, 'spacing', 'line'), attr(p, 'spacing', 'lineRule')]).toEqual(['579', 'exact']);
    expect(Math.floor(12756 / 579)).toBe(22);
    // 28 characters of 16 pt − 0.25 pt fit the 8845-twip 版心
    expect(attr(p, 'spacing', 'val')).toBe('-5');
    expect(28 * (320 - 5)).toBeLessThanOrEqual(8845);
    expect(29 * (320 - 5)).toBeGreaterThan(8845);
  });

  it('headings: 一、 in 黑体, （一） in 楷体, the rest of the paragraph in 仿宋', async () => {
    const { paragraphs } = await render(NOTICE);
    const first = paragraphs.find((p) => p.text.startsWith('一、'))!.xml;
    expect(first).toMatch(/w:eastAsia="黑体"[^]*一、督办事项。<\/w:t>[^]*w:eastAsia="仿宋_GB2312"[^]*请你局/);
    const second = paragraphs.find((p) => p.text.startsWith('（一）'))!.xml;
    expect(second).toMatch(/w:eastAsia="楷体_GB2312"[^]*（一）加强组织领导。<\/w:t>/);
  });

  it('附件说明: 正文下空一行左空二字，"附件：1.…", the next name aligned under the first', async () => {
    const { find } = await render(NOTICE);
    const first = find('附件\uFF1A1.西康高速连接线改建工作督查情况表');
    expect(attr(first, 'spacing', 'before')).toBe('579');
    expect([attr(first, 'ind', 'left'), attr(first, 'ind', 'hanging')]).toEqual(['1600', '960']); // starts 2 characters in
    const second = find('2.整改任务清单');
    expect(attr(second, 'ind', 'left')).toBe('1920');
    const one = await render({ ...NOTICE, attachments: ['整改任务清单。'] });
    one.find('附件\uFF1A整改任务清单'); // one attachment: no number, no final punctuation
  });

  it('成文日期 in Arabic numerals, right-aligned 右空四字, the issuer centred over it, the seal place marked', async () => {
    const short = await render({ ...NOTICE, issuerSignature: '县政府' });
    const date = short.find('2013年5月10日');
    expect(attr(date, 'jc', 'val')).toBe('right');
    expect(attr(date, 'ind', 'right')).toBe(String(4 * 320));
    // 县政府 is 3 characters, the date 6.5: its centre is 4 + 3.25 characters from the right
    const sig = short.find('县政府');
    expect(attr(sig, 'ind', 'right')).toBe(String(Math.round((4 + (6.5 - 3) / 2) * 320)));
    expect(attr(sig, 'spacing', 'before')).toBe(String(2 * 579));
    expect(sig).toMatch(/<w:bookmarkStart w:name="seal"/);
    // 柞水县人民政府 (7) is longer than the date: the issuer 右空二字, the date centred under it
    const long = await render(NOTICE);
    expect(attr(long.find('柞水县人民政府'), 'ind', 'right')).toBe('640');
    expect(attr(long.find('2013年5月10日'), 'ind', 'right')).toBe(String(Math.round((2 + 0.25) * 320)));
    expect(chineseDate('2013-12-01')).toBe('2013年12月1日');
    expect(() => chineseDate('2013-02-30')).toThrow(LuoshiError);
    await expect(renderOfficialDocx({ ...NOTICE, date: '10/05/2013' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('版记 at the foot of the last page: 抄送 and 印发机关和印发日期 between a thick, a thin and a thick rule', async () => {
    const { xml, find } = await render(NOTICE);
    const table = /<w:tbl>.*<\/w:tbl>/s.exec(xml)![0];
    expect(attr(table, 'tblpPr', 'tblpYSpec')).toBe('bottom');
    expect(attr(table, 'tblpPr', 'vertAnchor')).toBe('margin');
    expect([attr(table, 'top', 'sz'), attr(table, 'insideH', 'sz'), attr(table, 'bottom', 'sz')]).toEqual(['8', '6', '8']);
    const cc = find('抄送\uFF1A县委办，县人大办，县政协办，县监察局。');
    expect(attr(cc, 'sz', 'val')).toBe('28'); // 4号
    expect(find('柞水县人民政府督查室2013年5月10日印发')).toMatch(/<w:tab\/>/);
    const bare = await render({ ...NOTICE, cc: null, printer: null });
    expect(bare.xml).not.toContain('<w:tbl>');
  });

  it('page numbers "— 1 —" in 4号宋体 on the outer side: odd pages right, even pages left', async () => {
    const { files } = await render(NOTICE);
    expect(entryText(files, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const rels = entryText(files, 'word/_rels/document.xml.rels');
    const doc = entryText(files, 'word/document.xml');
    const footer = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(rId\\d+)"`).exec(doc)![1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!;
      return entryText(files, `word/${target[1] ?? target[2]}`);
    };
    const odd = footer('default');
    const even = footer('even');
    for (const f of [odd, even]) {
      expect(f).toMatch(/\u2014 <\/w:t>[^]*PAGE[^]*<w:t xml:space="preserve"> \u2014<\/w:t>/);
      expect(attr(f, 'sz', 'val')).toBe('28');
      expect(attr(f, 'rFonts', 'ascii')).toBe('宋体');
    }
    expect([attr(odd, 'jc', 'val'), attr(odd, 'ind', 'right')]).toEqual(['right', '280']);
    expect([attr(even, 'jc', 'val'), attr(even, 'ind', 'left')]).toEqual(['left', '280']);
  });

  it('fonts are named with the fallback Word and WPS use when the first is missing', async () => {
    const { files } = await render(NOTICE);
    const fonts = entryText(files, 'word/fontTable.xml');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/>');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(files.has('word/fonts/font1.odttf')).toBe(false); // not embedded
  });
});

describe('user text is inert', () => {
  const hostile = {
    ...NOTICE,
    title: '关于<w:p>&"\'的通知 { DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/c calc" }',
    addressee: '=cmd|\' /C calc\'!A0',
    body: ['{ INCLUDETEXT "http://127.0.0.1/x" } 正文\u0001\u0008中的控制字符\uFFFE', '</w:t></w:r><w:fldSimple w:instr="PAGE"/>'],
    cc: '<b>县委办</b>',
  };

  it('markup, field-code look-alikes and formulas arrive as plain text, control characters are dropped', async () => {
    const { xml, find } = await render(hostile);
    expect(xml).not.toMatch(/<w:instrText|<w:fldSimple|<w:fldChar/); // no field at all in the body
    expect(xml).toContain('关于&lt;w:p&gt;&amp;&quot;&apos;的通知 { DDEAUTO');
    expect(xml).not.toMatch(/[\u0001\u0008\uFFFE]/);
    find('{ INCLUDETEXT "http://127.0.0.1/x" } 正文中的控制字符'.replace(/"/g, '&quot;'));
    find('=cmd|&apos; /C calc&apos;!A0\uFF1A');
    find('&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:fldSimple w:instr=&quot;PAGE&quot;/&gt;');
    find('抄送\uFF1A&lt;b&gt;县委办&lt;/b&gt;。');
    // the document parts stay well-formed: every element opened is closed
    const opened = (xml.match(/<w:p>/g) ?? []).length;
    expect((xml.match(/<\/w:p>/g) ?? []).length).toBe(opened);
  });
});
