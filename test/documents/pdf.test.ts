/**
 * Printable PDF of a 公文 through LibreOffice (R-ESC-8). The text is read back with poppler's
 * pdftotext and the fonts with pdffonts, so the test proves the Chinese title and number are set in
 * a CJK font embedded in the file (real glyphs, not empty boxes). CI installs LibreOffice, the Noto
 * CJK fonts and poppler-utils (.ci/run); a developer machine without LibreOffice skips this file.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { disposePdfProfile, docxToPdf, libreOfficeAvailable, renderOfficialDocx } from '../../apps/server/src/platform/documents/index.ts';
import { NOTICE } from './notice.ts';

const available = libreOfficeAvailable();
if (!available) console.warn('LibreOffice (soffice) is not installed: PDF conversion is not tested here');

// vitest ends its workers without an exit event: remove the LibreOffice profile here
afterAll(() => disposePdfProfile());

function poppler(tool: string, args: string[], input?: Buffer): string {
  return execFileSync(tool, args, { input, maxBuffer: 20 * 1024 * 1024 }).toString('utf8');
}

describe.skipIf(!available && !process.env.CI)('公文 as PDF through LibreOffice', () => {
  it('the title and the document number are in the PDF as text set in an embedded CJK font', { timeout: 200_000 }, async () => {
    const docx = await renderOfficialDocx(NOTICE);
    const started = Date.now();
    // a generous limit: a busy CI machine can be many times slower than the 60 s default assumes
    const pdf = await docxToPdf(docx, { timeoutMs: 170_000 });
    const ms = Date.now() - started;
    console.log(`docx → pdf: ${ms} ms for ${docx.length} → ${pdf?.length} bytes`);
    expect(pdf).not.toBeNull();
    expect(pdf!.subarray(0, 5).toString()).toBe('%PDF-');
    const text = poppler('pdftotext', ['-enc', 'UTF-8', '-', '-'], pdf!);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('柞水县人民政府督查通知');
    expect(flat).toContain('柞政督〔2013〕12号');
    expect(flat).toContain(NOTICE.title);
    expect(flat).toContain('县交通运输局\uFF1A');
    expect(flat).toContain('2013年5月10日');
    expect(flat).toContain('—1—');
    const fonts = poppler('pdffonts', ['-'], pdf!);
    const cjk = fonts.split('\n').filter((l) => /CJK/i.test(l));
    expect(cjk.length, fonts).toBeGreaterThan(0);
    for (const line of cjk) expect(line, fonts).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, with a Unicode map
    // two pages: the 版记 sits at the foot of the last one
    expect(poppler('pdfinfo', ['-'], pdf!)).toMatch(/Pages:\s+2\b/);
  });

  it('a conversion past its time limit is killed and reported; the next one still works', { timeout: 200_000 }, async () => {
    const docx = await renderOfficialDocx({ ...NOTICE, body: ['第一段。'] });
    await expect(docxToPdf(docx, { timeoutMs: 200 })).rejects.toThrow(/超时|did not finish/);
    const pdf = await docxToPdf(docx, { timeoutMs: 170_000 });
    expect(poppler('pdftotext', ['-', '-'], pdf!).replace(/\s+/g, '')).toContain('第一段。');
  });
});
