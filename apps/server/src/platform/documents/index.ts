/** 公文 (GB/T 9704-2012) as .docx, and as PDF through LibreOffice when it is installed. */
export { renderOfficialDocx, normaliseDocNumber, type OfficialDoc } from './official-doc.ts';
export { disposePdfProfile, docxToPdf, libreOfficeAvailable } from './pdf.ts';
export { chineseDate } from './text.ts';
