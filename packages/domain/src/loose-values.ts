/**
 * Understanding what people type into real spreadsheets: full-width digits and spaces, dates as
 * 2013年6月30日, 2013.6.30, 6月底, 三季度末, 年底, and Excel's own date serials.
 */

/** NFKC folds full-width ASCII (２０１３, Ａ) and the ideographic space; then trim and collapse spaces. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 一…十二 and 1…12 as numbers; null when not a small number. */
export function smallNumber(s: string): number | null {
  if (/^\d{1,4}$/.test(s)) return Number(s);
  if (!/^[〇零一二两三四五六七八九十]{1,3}$/.test(s)) return null;
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (CN_DIGITS[s[1]!] ?? 0);
  if (s.length === 2 && s[1] === '十') return (CN_DIGITS[s[0]!] ?? 0) * 10;
  if (s.length === 3 && s[1] === '十') return (CN_DIGITS[s[0]!] ?? 0) * 10 + (CN_DIGITS[s[2]!] ?? 0);
  if (s.length === 1) return CN_DIGITS[s] ?? null;
  return null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function valid(y: number, m: number, d: number): string | null {
  if (!(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(y, m))) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel's 1900 date system serial (with its 1900-02-29 bug) to a date. */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 120000) return null;
  const ms = Math.round((serial - 25569) * 86_400_000);
  const d = new Date(ms);
  return valid(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export type LooseDate = { ok: true; date: string } | { ok: false };

/**
 * Reads a calendar date written the many ways Chinese offices write them. `year` fills in dates
 * written without one (6月底 → 30 June of the campaign year).
 */
export function parseLooseDate(input: string, year: number): LooseDate {
  const s = normalizeText(input).replace(/\s/g, '').replace(/(前|以前|之前|止|为止|完成)$/, '');
  if (!s) return { ok: false };
  let m: RegExpMatchArray | null;
  const ok = (d: string | null): LooseDate => (d ? { ok: true, date: d } : { ok: false });
  // 2013-06-30, 2013/6/30, 2013.6.30, 2013年6月30日(号)
  if ((m = s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/))) return ok(valid(+m[1]!, +m[2]!, +m[3]!));
  // 20130630
  if ((m = s.match(/^(\d{4})(\d{2})(\d{2})$/))) return ok(valid(+m[1]!, +m[2]!, +m[3]!));
  // Excel serial typed as text
  if ((m = s.match(/^(\d{5})(\.\d+)?$/))) return ok(excelSerialToDate(Number(s)));
  // optional year, then month with a day or a part of the month
  const ym = s.match(/^(?:(\d{4})年)?([〇零一二两三四五六七八九十\d]{1,3})月(.*)$/);
  if (ym) {
    const y = ym[1] ? Number(ym[1]) : year;
    const mo = smallNumber(ym[2]!);
    if (mo === null) return { ok: false };
    const rest = ym[3]!;
    if (rest === '' || /^(底|末|份|份底|底前|末前)$/.test(rest)) return ok(valid(y, mo, lastDayOfMonth(y, mo)));
    if (/^(初|上旬)$/.test(rest)) return ok(valid(y, mo, 10));
    if (/^中旬?$/.test(rest)) return ok(valid(y, mo, 20));
    if (/^下旬$/.test(rest)) return ok(valid(y, mo, lastDayOfMonth(y, mo)));
    const day = rest.match(/^([〇零一二两三四五六七八九十\d]{1,3})[日号]?$/);
    if (day) {
      const d = smallNumber(day[1]!);
      return d === null ? { ok: false } : ok(valid(y, mo, d));
    }
    return { ok: false };
  }
  // 6/30 or 6-30 without a year
  if ((m = s.match(/^(\d{1,2})[-/.](\d{1,2})$/))) return ok(valid(year, +m[1]!, +m[2]!));
  // 年底, 年末, 2013年底
  if ((m = s.match(/^(?:(\d{4})年)?(年底|年末|底|末|全年)$/))) return ok(valid(m[1] ? +m[1] : year, 12, 31));
  if ((m = s.match(/^(?:(\d{4})年)?(上半年|年中)(底|末)?$/))) return ok(valid(m[1] ? +m[1] : year, 6, 30));
  if ((m = s.match(/^(?:(\d{4})年)?下半年(底|末)?$/))) return ok(valid(m[1] ? +m[1] : year, 12, 31));
  // 一季度末, 第三季度, 3季度底, Q3
  if ((m = s.match(/^(?:(\d{4})年)?第?([一二三四1-4])季度(底|末)?$/)) || (m = s.match(/^(?:(\d{4}))?Q([1-4])$/i))) {
    const q = smallNumber(m[2]!)!;
    const y = m[1] ? +m[1] : year;
    return ok(valid(y, q * 3, lastDayOfMonth(y, q * 3)));
  }
  return { ok: false };
}

/** A number from a cell: 1,234.5 / １２ / 12% / 12.0万 are understood; null when not a number. */
export function parseLooseNumber(input: unknown): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? input : null;
  if (typeof input !== 'string') return null;
  let s = normalizeText(input).replace(/,/g, '').replace(/\s/g, '');
  let factor = 1;
  if (s.endsWith('%')) s = s.slice(0, -1);
  if (s.endsWith('万')) {
    factor = 10_000;
    s = s.slice(0, -1);
  } else if (s.endsWith('亿')) {
    factor = 100_000_000;
    s = s.slice(0, -1);
  }
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  const n = Number(s) * factor;
  return Number.isFinite(n) ? n : null;
}
