/**
 * Reads the cell values of an .xlsx workbook: shared and inline strings (rich text as its plain
 * text), numbers, booleans, cached results of formulas (never the formula), hyperlinks as their
 * text, and dates from date-formatted cells as calendar dates (an Excel date has no time zone, so
 * it is never shifted by a day). Merged cells take the master cell's value.
 *
 * A purpose-built reader: it reads values only, about ten times faster than loading the whole
 * workbook model with exceljs (which the import's benchmark measures as its baseline).
 */
import { excelSerialToDate, type SheetCell } from '@luoshi/domain';
import { ZipError, readEntry, zipEntries, type ZipEntry } from './zip.ts';

/** Refuse archives that would expand beyond this (a few hundred thousand rows of text). */
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

export class NotXlsxError extends Error {}

export interface SheetGrid {
  name: string;
  /** row number (1-based, as Excel shows it) → cells by column index (0-based) */
  rows: Map<number, SheetCell[]>;
}

export interface Workbook {
  date1904: boolean;
  sheetNames: string[];
  /** reads one sheet's values, merged cells filled in */
  sheet(index: number): SheetGrid;
}

const TOKEN = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<[?!][^>]*>|<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, hex: string, dec: string, named: string) => {
    if (named) return NAMED[named]!;
    const cp = hex ? parseInt(hex, 16) : Number(dec);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
  });
}

function attrs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const m of raw.matchAll(ATTR)) {
    const key = m[1]!.includes(':') && !m[1]!.startsWith('xmlns') ? m[1]!.split(':').pop()! : m[1]!;
    out[key] = decodeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

/** One attribute of a tag, without parsing the others (cells have thousands of tags). */
const ONE_ATTR: Record<string, RegExp> = {};
function attr(raw: string, name: string): string | undefined {
  const re = (ONE_ATTR[name] ??= new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`));
  const m = re.exec(raw);
  return m ? decodeXml(m[1] ?? m[2] ?? '') : undefined;
}

type Visitor = {
  open(name: string, a: string, selfClosing: boolean): void;
  close(name: string): void;
  text(t: string): void;
};

/** A tolerant XML tokenizer: namespace prefixes dropped, attributes parsed only when asked. */
function scan(xml: string, v: Visitor): void {
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(xml))) {
    if (m[1] !== undefined) v.text(m[1]);
    else if (m[3] !== undefined) {
      if (m[2]) v.close(m[3]);
      else {
        v.open(m[3], m[4] ?? '', m[5] === '/');
        if (m[5] === '/') v.close(m[3]);
      }
    } else if (m[6] !== undefined) v.text(decodeXml(m[6]));
  }
}

/** Text of <si> items (shared strings) or one <is>: every <t>, phonetic runs (<rPh>) left out. */
function stringItems(xml: string, item: string): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  let inT = false;
  let phonetic = 0;
  scan(xml, {
    open: (n) => {
      if (n === item) cur = '';
      else if (n === 'rPh') phonetic++;
      else if (n === 't') inT = true;
    },
    close: (n) => {
      if (n === item && cur !== null) {
        out.push(cur);
        cur = null;
      }
      else if (n === 'rPh') phonetic--;
      else if (n === 't') inT = false;
    },
    text: (t) => {
      if (cur !== null && inT && phonetic === 0) cur += t;
    },
  });
  return out;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return /[ymdhs]/i.test(bare.replace(/general/gi, '')) && !/^[#0.,%\s]*$/.test(bare);
}

/** Which cell styles (index into cellXfs) show a date. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  const xfs: boolean[] = [];
  let inCellXfs = false;
  scan(xml, {
    open: (n, a) => {
      if (n === 'numFmt') {
        const at = attrs(a);
        custom.set(Number(at.numFmtId), at.formatCode ?? '');
      } else if (n === 'cellXfs') inCellXfs = true;
      else if (n === 'xf' && inCellXfs) {
        const id = Number(attrs(a).numFmtId ?? 0);
        xfs.push(custom.has(id) ? isDateFormat(custom.get(id)!) : BUILTIN_DATE_FORMATS.has(id));
      }
    },
    close: (n) => {
      if (n === 'cellXfs') inCellXfs = false;
    },
    text: () => {},
  });
  return xfs;
}

/** Column letters of a cell reference (A1 → 0). */
function colIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}
function rowOf(ref: string): number {
  return Number(ref.replace(/^[A-Z]+/, ''));
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Opens an .xlsx by content: a ZIP holding a spreadsheet workbook. Throws NotXlsxError otherwise. */
export function openXlsx(buf: Buffer): Workbook {
  let entries: Map<string, ZipEntry>;
  try {
    entries = zipEntries(buf);
  } catch (e) {
    throw new NotXlsxError(e instanceof ZipError ? e.message : 'not a zip archive');
  }
  let total = 0;
  for (const e of entries.values()) total += e.size;
  if (total > MAX_UNCOMPRESSED_BYTES) throw new NotXlsxError('the archive expands beyond the limit');
  const text = (name: string): string | null => {
    const e = entries.get(name);
    if (!e) return null;
    try {
      return readEntry(buf, e).toString('utf8');
    } catch (err) {
      throw new NotXlsxError((err as Error).message);
    }
  };
  const types = text('[Content_Types].xml');
  if (!types || !/spreadsheetml\.sheet\.main\+xml/.test(types)) throw new NotXlsxError('not a spreadsheet workbook');
  const rootRels = text('_rels/.rels') ?? '';
  let workbookPath = 'xl/workbook.xml';
  for (const m of rootRels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = attrs(m[1]!);
    if (a.Type?.endsWith('/officeDocument') && a.Target) workbookPath = resolveTarget('', a.Target);
  }
  const wbXml = text(workbookPath);
  if (!wbXml) throw new NotXlsxError('no workbook part');
  const relsPath = workbookPath.replace(/[^/]+$/, (f) => `_rels/${f}.rels`);
  const targets = new Map<string, string>();
  for (const m of (text(relsPath) ?? '').matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = attrs(m[1]!);
    if (a.Id && a.Target) targets.set(a.Id, resolveTarget(workbookPath, a.Target));
  }
  const sheets: { name: string; path: string }[] = [];
  let date1904 = false;
  scan(wbXml, {
    open: (n, a) => {
      if (n === 'sheet') {
        const at = attrs(a);
        const path = targets.get(at.id ?? '');
        if (path && at.state !== 'hidden' && at.state !== 'veryHidden') sheets.push({ name: at.name ?? '', path });
      } else if (n === 'workbookPr') {
        const v = attrs(a).date1904;
        date1904 = v === '1' || v === 'true';
      }
    },
    close: () => {},
    text: () => {},
  });
  let shared: string[] | null = null;
  let dates: boolean[] | null = null;
  const dir = workbookPath.replace(/[^/]+$/, '');
  return {
    date1904,
    sheetNames: sheets.map((s) => s.name),
    sheet(index) {
      const s = sheets[index];
      if (!s) throw new RangeError('no such sheet');
      shared ??= stringItems(text(`${dir}sharedStrings.xml`) ?? '', 'si');
      dates ??= dateStyles(text(`${dir}styles.xml`));
      return { name: s.name, rows: readSheet(text(s.path) ?? '', shared, dates, date1904) };
    },
  };
}

function readSheet(xml: string, shared: string[], dates: boolean[], date1904: boolean): Map<number, SheetCell[]> {
  const rows = new Map<number, SheetCell[]>();
  const merges: string[] = [];
  let row: SheetCell[] | null = null;
  let rowNo = 0;
  let col = -1;
  let cell: { col: number; t: string; s: number } | null = null;
  let v = '';
  let inline = '';
  let where: 'v' | 't' | null = null;
  let phonetic = 0;
  scan(xml, {
    open: (n, a, selfClosing) => {
      if (n === 'row') {
        const r = attr(a, 'r');
        rowNo = r ? Number(r) : rowNo + 1;
        row = rows.get(rowNo) ?? [];
        rows.set(rowNo, row);
        col = -1;
      } else if (n === 'c' && row) {
        const r = attr(a, 'r');
        col = r ? colIndex(r) : col + 1;
        cell = { col, t: attr(a, 't') ?? 'n', s: Number(attr(a, 's') ?? 0) };
        v = '';
        inline = '';
        if (selfClosing) cell = null;
      } else if (n === 'v' && cell) where = 'v';
      else if (n === 't' && cell && phonetic === 0) where = 't';
      else if (n === 'rPh') phonetic++;
      else if (n === 'mergeCell') {
        const ref = attr(a, 'ref');
        if (ref) merges.push(ref);
      }
    },
    close: (n) => {
      if (n === 'v' || n === 't') where = null;
      else if (n === 'rPh') phonetic--;
      else if (n === 'c' && cell && row) {
        row[cell.col] = cellValue(cell.t, cell.s, v, inline, shared, dates, date1904);
        cell = null;
      } else if (n === 'row') row = null;
    },
    text: (t) => {
      if (where === 'v') v += t;
      else if (where === 't') inline += t;
    },
  });
  applyMerges(rows, merges);
  return rows;
}

function cellValue(t: string, s: number, v: string, inline: string, shared: string[], dates: boolean[], date1904: boolean): SheetCell {
  switch (t) {
    case 's':
      return shared[Number(v)] ?? null;
    case 'inlineStr':
      return inline;
    case 'str':
    case 'e':
      return v;
    case 'b':
      return v === '1' || v === 'true';
    case 'd':
      return /^\d{4}-\d{2}-\d{2}/.test(v) ? { date: v.slice(0, 10) } : v;
    default: {
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) return v;
      if (dates[s]) {
        const d = excelSerialToDate(date1904 ? n + 1462 : n);
        return d ? { date: d } : n;
      }
      return n;
    }
  }
}

/** Every cell of a merged range shows the value of its top-left (master) cell. */
function applyMerges(rows: Map<number, SheetCell[]>, merges: string[]): void {
  let lastRow = 0;
  for (const r of rows.keys()) lastRow = Math.max(lastRow, r);
  for (const ref of merges) {
    const [a, b] = ref.split(':');
    if (!a || !b) continue;
    const r1 = rowOf(a);
    const c1 = colIndex(a);
    const r2 = Math.min(rowOf(b), lastRow);
    const c2 = Math.min(colIndex(b), c1 + 200);
    const master = rows.get(r1)?.[c1] ?? null;
    for (let r = r1; r <= r2; r++) {
      let cells = rows.get(r);
      if (!cells) rows.set(r, (cells = []));
      for (let c = c1; c <= c2; c++) if (r !== r1 || c !== c1) cells[c] = master;
    }
  }
}
