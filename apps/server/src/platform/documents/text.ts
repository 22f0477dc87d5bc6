/**
 * Text helpers for 公文: dates as GB/T 9704-2012 writes them, widths in character cells, and the
 * clean-up that keeps user text inert inside WordprocessingML.
 */
import { LuoshiError } from '@luoshi/domain';

/**
 * Characters XML 1.0 cannot carry (C0 controls except tab, lone surrogates, U+FFFE/U+FFFF) are
 * dropped: Word refuses a document that contains them. Everything else stays as typed; the docx
 * writer escapes `<`, `&` and quotes, and user text only ever goes into `w:t` text nodes, never into
 * field instructions, so `{ DDEAUTO … }` or `=SUM()` typed by a user stays plain text.
 */
export function inert(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/\t/g, ' ');
}

/** User text split into lines; CR, LF and the Unicode line and paragraph separators all break. */
export function lines(text: string): string[] {
  return inert(text)
    .split(/\r\n|[\r\n\u2028\u2029\u0085]/)
    .map((l) => l.trimEnd());
}

/**
 * 成文日期 and 印发日期: "年、月、日标全，年份应标全称，月、日不编虚位" with Arabic numerals
 * (GB/T 9704-2012 §7.3.5.1): 2013-05-10 becomes 2013年5月10日.
 */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new LuoshiError('VALIDATION_FAILED', {
      issues: [{ path: 'date', zh: `日期格式应为 YYYY-MM-DD:${isoDate}`, en: `date must be a YYYY-MM-DD calendar date: ${isoDate}` }],
    });
  }
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Width in character cells of the body font: CJK and full-width forms are one, ASCII is half. */
export function cells(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u0000-\u00ff\uff61-\uff9f]/.test(ch) ? 0.5 : 1;
  return w;
}

/** 主送机关 ends with a full-width colon (GB/T 9704-2012 §7.3.3). */
export function withFullColon(addressee: string): string {
  const t = inert(addressee).trim().replace(/[:\uFF1A]+$/, '');
  return `${t}\uFF1A`;
}
