/**
 * 公文 as .docx, laid out per GB/T 9704-2012: the red 发文机关标志 and separator line, 发文字号,
 * 标题, 主送机关, 正文 at 22 lines of 28 characters, 附件说明, 署名 and 成文日期 with room for the
 * 印章, 版记 at the foot of the last page, and page numbers "— 1 —" on the outer side.
 *
 * Supervision, urging and investigation notices (R-ESC-8) and bulletins are rendered here.
 */
import type * as Docx from 'docx';
import type { Footer, IRunOptions, Paragraph, ParagraphChild, Table, TableRow, TextRun } from 'docx';
import { loadDocx } from '../docx.ts';
import {
  CHAR,
  FONTS,
  FOOTER_DISTANCE,
  FOOTER_LINE,
  BODY_CHAR_SPACING,
  HEADER_TOP,
  LINE,
  MARGIN,
  PAGE,
  PT,
  RED,
  RULE,
  SEPARATOR_GAP_PT,
  TEXT_WIDTH,
  type FontKey,
} from './gbt9704.ts';
import { cells, chineseDate, inert, lines, withFullColon } from './text.ts';

export interface OfficialDoc {
  /** 发文机关, e.g. 柞水县人民政府 */
  issuer: string;
  /** the red 发文机关标志; default `${issuer}文件` */
  headerTitle?: string;
  /** 发文字号, e.g. 柞政督〔2013〕12号 */
  docNumber: string;
  /** 签发人: set for 上行文, which moves the header down to 80 mm and prints the signer beside the number */
  signer?: string | null;
  /** 标题; a line break in it starts a new title line */
  title: string;
  /** 主送机关, e.g. 县交通运输局 (the full-width colon is added) */
  addressee: string;
  /** 正文 paragraphs */
  body: string[];
  /** 附件说明: one line per attachment name */
  attachments?: string[];
  /** 发文机关署名 */
  issuerSignature: string;
  /** 成文日期 as YYYY-MM-DD, printed 2013年5月10日 */
  date: string;
  /** 抄送机关 */
  cc?: string | null;
  /** 印发机关和印发日期 (YYYY-MM-DD) */
  printer?: { organ: string; date: string } | null;
}

type Run = Omit<IRunOptions, 'font'>;

/** docx, set by renderOfficialDocx before any of the builders below runs (loaded on first use). */
let D: typeof Docx;

function run(text: string, font: FontKey, sizePt: number, extra: Run = {}): TextRun {
  const f = FONTS[font];
  return new D.TextRun({
    text: inert(text),
    size: sizePt * 2,
    ...(sizePt === PT.sanhao && font !== 'xiaobiaosong' ? { characterSpacing: BODY_CHAR_SPACING } : {}),
    font: { eastAsia: f.name, ascii: font === 'songti' ? f.name : FONTS.latin.name, hAnsi: font === 'songti' ? f.name : FONTS.latin.name, cs: FONTS.latin.name },
    ...extra,
  });
}

const exact = (line: number) => ({ line, lineRule: D.LineRuleType.EXACT });

/** 正文 levels (§7.3.3): 一、 in 黑体, （一） in 楷体, 1. and (1) in 仿宋. */
function bodyRuns(text: string): TextRun[] {
  const level1 = /^[一二三四五六七八九十]+、/.exec(text);
  const level2 = /^[（(][一二三四五六七八九十]+[）)]/.exec(text);
  const heading = level1 ? 'heiti' : level2 ? 'kaiti' : null;
  if (!heading) return [run(text, 'fangsong', PT.sanhao)];
  // the heading is the clause up to its first full stop; the rest of the paragraph stays 仿宋
  const stop = text.indexOf('\u3002');
  const head = stop >= 0 ? text.slice(0, stop + 1) : text;
  const rest = stop >= 0 ? text.slice(stop + 1) : '';
  return [run(head, heading, PT.sanhao), ...(rest ? [run(rest, 'fangsong', PT.sanhao)] : [])];
}

/** 六角括号 around the year of a 发文字号 (§7.2.4), whatever brackets were typed. */
export function normaliseDocNumber(n: string): string {
  return inert(n)
    .trim()
    .replace(/[[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]/, '\u3014$1\u3015');
}

function headerParagraphs(doc: OfficialDoc): Paragraph[] {
  const upward = Boolean(doc.signer && doc.signer.trim());
  const mark = inert(doc.headerTitle?.trim() || `${doc.issuer.trim()}文件`);
  // 发文机关标志 no wider than the 版心 and no larger than 初号 (the standard caps a character at 15 mm wide)
  const size = Math.max(PT.erhao, Math.min(PT.chuhao, Math.floor(TEXT_WIDTH / 20 / Math.max(cells(mark), 1))));
  const header = new D.Paragraph({
    alignment: D.AlignmentType.CENTER,
    spacing: { before: upward ? HEADER_TOP.up : HEADER_TOP.down, after: 0, ...exact(size * 20) },
    children: [run(mark, 'xiaobiaosong', size, { color: RED })],
  });
  const number = normaliseDocNumber(doc.docNumber);
  const redLine = { bottom: { style: D.BorderStyle.SINGLE, size: RULE.red, color: RED, space: SEPARATOR_GAP_PT } };
  const numberLine = upward
    ? new D.Paragraph({
        // 上行文: 发文字号居左空一字, 签发人居右空一字 (§7.2.4, §7.2.6)
        spacing: { before: 2 * LINE, after: 0, ...exact(LINE) },
        tabStops: [
          { type: D.TabStopType.LEFT, position: CHAR },
          { type: D.TabStopType.RIGHT, position: TEXT_WIDTH - CHAR },
        ],
        border: redLine,
        children: [
          new D.TextRun({ children: [new D.Tab()] }),
          run(number, 'fangsong', PT.sanhao),
          new D.TextRun({ children: [new D.Tab()] }),
          run('签发人\uFF1A', 'fangsong', PT.sanhao),
          run(doc.signer!.trim(), 'kaiti', PT.sanhao),
        ],
      })
    : new D.Paragraph({
        alignment: D.AlignmentType.CENTER,
        spacing: { before: 2 * LINE, after: 0, ...exact(LINE) },
        border: redLine,
        children: [run(number, 'fangsong', PT.sanhao)],
      });
  return [header, numberLine];
}

function titleParagraphs(doc: OfficialDoc): Paragraph[] {
  const titleLines = lines(doc.title).filter((l) => l.trim());
  return titleLines.map(
    (l, i) =>
      new D.Paragraph({
        alignment: D.AlignmentType.CENTER,
        spacing: { before: i === 0 ? 2 * LINE : 0, after: 0, ...exact(LINE + 120) },
        keepNext: true,
        children: [run(l.trim(), 'xiaobiaosong', PT.erhao)],
      }),
  );
}

function bodyParagraphs(doc: OfficialDoc): Paragraph[] {
  const out: Paragraph[] = [
    new D.Paragraph({
      spacing: { before: LINE, after: 0, ...exact(LINE) },
      keepNext: true,
      children: [run(withFullColon(doc.addressee), 'fangsong', PT.sanhao)],
    }),
  ];
  const paras = doc.body.flatMap((p) => lines(p)).filter((p) => p.trim());
  paras.forEach((p, i) => {
    out.push(
      new D.Paragraph({
        alignment: D.AlignmentType.BOTH,
        indent: { firstLine: 2 * CHAR, firstLineChars: 200 },
        spacing: { before: 0, after: 0, ...exact(LINE) },
        // the last lines of the text go with the signature: no page holds only the seal (§7.3.5.1)
        keepNext: i === paras.length - 1,
        children: bodyRuns(p.trim()),
      }),
    );
  });
  const attachments = (doc.attachments ?? []).flatMap((a) => lines(a)).map((a) => a.trim().replace(/[\u3002.]$/, '')).filter(Boolean);
  attachments.forEach((a, i) => {
    // 附件说明: 正文下空一行左空二字，"附件：1.××××"，回行与名称对齐 (§7.3.4)
    const numbered = attachments.length > 1 ? `${i + 1}.${a}` : a;
    out.push(
      new D.Paragraph({
        spacing: { before: i === 0 ? LINE : 0, after: 0, ...exact(LINE) },
        indent: i === 0 ? { left: 5 * CHAR, hanging: 3 * CHAR } : { left: 5 * CHAR + (attachments.length > 1 ? CHAR : 0), hanging: attachments.length > 1 ? CHAR : 0 },
        keepNext: true,
        children: [run(i === 0 ? `附件\uFF1A${numbered}` : numbered, 'fangsong', PT.sanhao)],
      }),
    );
  });
  return out;
}

/**
 * 署名 and 成文日期 (§7.3.5.1): the date 右空四字, the issuer centred over the date (or, when the
 * issuer is longer, 右空二字 with the date centred under it). Two blank lines above leave the seal's
 * top within a line of the text; the seal presses on both lines, which sit just below its centre.
 * The signature carries a bookmark named `seal` where the 印章 goes.
 */
function signatureParagraphs(doc: OfficialDoc): Paragraph[] {
  const signature = inert(doc.issuerSignature).trim();
  const date = chineseDate(doc.date);
  const sw = cells(signature);
  const dw = cells(date);
  const dateRight = sw > dw ? 2 + (sw - dw) / 2 : 4;
  const sigRight = sw > dw ? 2 : 4 + (dw - sw) / 2;
  return [
    new D.Paragraph({
      alignment: D.AlignmentType.RIGHT,
      indent: { right: Math.round(sigRight * CHAR) },
      spacing: { before: 2 * LINE, after: 0, ...exact(LINE) },
      keepNext: true,
      keepLines: true,
      children: [new D.Bookmark({ id: 'seal', children: [run(signature, 'fangsong', PT.sanhao)] })],
    }),
    new D.Paragraph({
      alignment: D.AlignmentType.RIGHT,
      indent: { right: Math.round(dateRight * CHAR) },
      spacing: { before: 0, after: 0, ...exact(LINE) },
      children: [run(date, 'fangsong', PT.sanhao)],
    }),
  ];
}

/**
 * One twip narrower than the 版心: LibreOffice keeps a floating table that is exactly as wide as the
 * text area inline (nothing could wrap around it) and so would lose its place at the page foot.
 */
const IMPRINT_WIDTH = TEXT_WIDTH;

/**
 * 版记 (§7.4): 抄送 and 印发机关和印发日期 in 四号仿宋 between full-width rules (thick first and last,
 * thin between), as a table floated to the bottom of the 版心 on the last page.
 */
function imprint(doc: OfficialDoc): Table | null {
  const cc = doc.cc ? inert(doc.cc).replace(/\s+/g, ' ').trim().replace(/[\u3002.,，、;；]+$/, '') : '';
  const printer = doc.printer && doc.printer.organ.trim() ? doc.printer : null;
  if (!cc && !printer) return null;
  const side = PT.sihao * 20; // 左右各空一字 of 四号
  const rows: TableRow[] = [];
  const cell = (p: Paragraph) =>
    new D.TableCell({ children: [p], width: { size: IMPRINT_WIDTH, type: D.WidthType.DXA }, margins: { left: 0, right: 0, top: 40, bottom: 40 } });
  if (cc) {
    rows.push(
      new D.TableRow({
        children: [
          cell(
            new D.Paragraph({
              indent: { left: side + 3 * side, hanging: 3 * side, right: side },
              spacing: { before: 0, after: 0, ...exact(LINE) },
              children: [run(`抄送\uFF1A${cc}\u3002`, 'fangsong', PT.sihao)],
            }),
          ),
        ],
      }),
    );
  }
  if (printer) {
    rows.push(
      new D.TableRow({
        children: [
          cell(
            new D.Paragraph({
              indent: { left: side, right: side },
              tabStops: [{ type: D.TabStopType.RIGHT, position: IMPRINT_WIDTH - side }],
              spacing: { before: 0, after: 0, ...exact(LINE) },
              children: [
                run(printer.organ.trim(), 'fangsong', PT.sihao),
                new D.TextRun({ children: [new D.Tab()] }),
                run(`${chineseDate(printer.date)}印发`, 'fangsong', PT.sihao),
              ],
            }),
          ),
        ],
      }),
    );
  }
  const none = { style: D.BorderStyle.NONE, size: 0, color: 'auto' };
  return new D.Table({
    rows,
    width: { size: IMPRINT_WIDTH, type: D.WidthType.DXA },
    columnWidths: [IMPRINT_WIDTH],
    layout: D.TableLayoutType.FIXED,
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    float: {
      horizontalAnchor: D.TableAnchorType.PAGE,
      absoluteHorizontalPosition: MARGIN.left,
      verticalAnchor: D.TableAnchorType.MARGIN,
      relativeVerticalPosition: D.RelativeVerticalPosition.BOTTOM,
    },
    borders: {
      top: { style: D.BorderStyle.SINGLE, size: RULE.thick, color: '000000' },
      bottom: { style: D.BorderStyle.SINGLE, size: RULE.thick, color: '000000' },
      insideHorizontal: { style: D.BorderStyle.SINGLE, size: RULE.thin, color: '000000' },
      left: none,
      right: none,
      insideVertical: none,
    },
  });
}

/** 页码 (§7.5): 四号半角宋体 "— 1 —", 单页码居右空一字，双页码居左空一字. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const children: ParagraphChild[] = [
    run('\u2014 ', 'songti', PT.sihao),
    new D.TextRun({ children: [D.PageNumber.CURRENT], size: PT.sihao * 2, font: { ascii: FONTS.songti.name, hAnsi: FONTS.songti.name, eastAsia: FONTS.songti.name } }),
    run(' \u2014', 'songti', PT.sihao),
  ];
  const indent = PT.sihao * 20;
  return new D.Footer({
    children: [
      new D.Paragraph({
        alignment: side === 'odd' ? D.AlignmentType.RIGHT : D.AlignmentType.LEFT,
        indent: side === 'odd' ? { right: indent } : { left: indent },
        spacing: { before: 0, after: 0, ...exact(FOOTER_LINE) },
            children,
      }),
    ],
  });
}

function fontTableXml(): string {
  const entries = Object.values(FONTS)
    .map(
      (f) =>
        `<w:font w:name="${f.name}"><w:altName w:val="${f.alt}"/>` +
        `<w:charset w:val="${f.name === FONTS.latin.name ? '00' : '86'}"/><w:family w:val="${f.family}"/><w:pitch w:val="variable"/></w:font>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entries +
    '</w:fonts>'
  );
}

/** Renders a 公文 as a .docx file. Fonts are named, not embedded. */
export async function renderOfficialDocx(doc: OfficialDoc): Promise<Buffer> {
  D = await loadDocx();
  const table = imprint(doc);
  const children: (Paragraph | Table)[] = [...headerParagraphs(doc), ...titleParagraphs(doc), ...bodyParagraphs(doc), ...signatureParagraphs(doc)];
  if (table) {
    children.push(table);
    // a floating table is anchored to the paragraph after it
    children.push(new D.Paragraph({ spacing: { before: 0, after: 0, line: 20, lineRule: D.LineRuleType.EXACT }, children: [] }));
  }
  const file = new D.Document({
    creator: inert(doc.issuer).trim(),
    lastModifiedBy: 'Luoshi',
    title: lines(doc.title).join(''),
    subject: normaliseDocNumber(doc.docNumber),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            size: PT.sanhao * 2,
            font: { eastAsia: FONTS.fangsong.name, ascii: FONTS.latin.name, hAnsi: FONTS.latin.name, cs: FONTS.latin.name },
            language: { value: 'en-US', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: { before: 0, after: 0, ...exact(LINE) } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: MARGIN.top, bottom: MARGIN.bottom, left: MARGIN.left, right: MARGIN.right, header: MARGIN.top / 2, footer: FOOTER_DISTANCE, gutter: 0 },
          },
          grid: { type: D.DocumentGridType.DEFAULT, linePitch: LINE },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
  return D.Packer.toBuffer(file, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

