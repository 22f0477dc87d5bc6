/**
 * An issued notice as 公文 (R-ESC-8, GB/T 9704-2012): the red header of the issuing organ from the
 * campaign policy, the document number, title, the addressed unit, the body the office wrote, the
 * issuing organ and the date of issue. As .docx always; as PDF when LibreOffice is installed.
 * Whoever may read the notice may download it; a notice without a number (a draft, an opinion under
 * review, a withdrawn draft) has no document yet.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { DB, NoticesTable } from '../../platform/db/schema.ts';
import type { FileReply } from '../../platform/http.ts';
import { docxToPdf, renderOfficialDocx, type OfficialDoc } from '../../platform/documents/index.ts';
import { policyFor } from '../campaigns/policy.ts';
import { findNotice } from './repo.ts';
import { noticeVisible } from './read-notices.ts';

type Q = Kysely<DB>;

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The 公文 of a notice: what the office wrote, laid out as the standard asks. */
export async function officialDocOf(db: Q, n: NoticesTable): Promise<OfficialDoc> {
  if (!n.doc_number || !n.issued_on) throw new LuoshiError('INVALID_STATE');
  const policy = await policyFor(db, n.campaign_id, n.issued_on);
  const issuer = policy.documents.issuer;
  const unit = await db.selectFrom('units').select('name').where('id', '=', n.unit_id).executeTakeFirst();
  // a commendation is a bulletin to every unit; the ladder's notices go to the unit concerned
  const addressee = n.kind === 'commend' ? '各镇人民政府,县政府各工作部门、各直属机构' : (unit?.name ?? '');
  return {
    issuer,
    headerTitle: n.kind === 'commend' ? `${issuer}通报` : `${issuer}督查通知`,
    docNumber: n.doc_number,
    title: n.title,
    addressee,
    body: n.body
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
    issuerSignature: issuer,
    date: n.issued_on,
    // 监察局 carries out the accountability a 催办 or 查办 starts
    cc: n.kind === 'urge' || n.kind === 'investigate' ? '县监察局' : null,
    printer: { organ: `${issuer}督查室`, date: n.issued_on },
  };
}

/** A few converted PDFs, so that a notice opened by several people is converted once. */
const pdfCache = new Map<string, Buffer>();
const PDF_CACHE_SIZE = 16;

function cacheKey(n: NoticesTable): string {
  return JSON.stringify([n.id, n.doc_number, n.issued_on, n.title, n.body, n.unit_id]);
}

export async function noticeDocument(db: Q, actor: Actor | null, id: string, format: 'docx' | 'pdf'): Promise<FileReply> {
  const n = await findNotice(db, id);
  if (!actor || !noticeVisible(actor, n)) throw new LuoshiError('FORBIDDEN');
  const doc = await officialDocOf(db, n);
  const stem = `${n.doc_number} ${n.title}`.replace(/[<>:"/\\|?*\p{Cc}]/gu, '_').slice(0, 150);
  const ascii = `notice-${n.id}`;
  if (format === 'docx') {
    return { filename: `${stem}.docx`, asciiFilename: `${ascii}.docx`, contentType: DOCX_TYPE, body: await renderOfficialDocx(doc) };
  }
  const key = cacheKey(n);
  let pdf = pdfCache.get(key) ?? null;
  if (!pdf) {
    try {
      pdf = await docxToPdf(await renderOfficialDocx(doc));
    } catch (e) {
      // a conversion that failed or ran too long: the .docx is still there
      throw new LuoshiError('DOCUMENT_UNAVAILABLE', { message: e instanceof Error ? e.message : String(e) });
    }
    if (!pdf) throw new LuoshiError('DOCUMENT_UNAVAILABLE');
    pdfCache.set(key, pdf);
    if (pdfCache.size > PDF_CACHE_SIZE) pdfCache.delete(pdfCache.keys().next().value!);
  }
  return { filename: `${stem}.pdf`, asciiFilename: `${ascii}.pdf`, contentType: 'application/pdf', body: pdf };
}
