/**
 * What an upload is, decided by its bytes and never by its name: photos (JPEG, PNG, GIF, WebP),
 * PDF, Office documents (OOXML and the older OLE formats, as made by Microsoft Office and WPS),
 * OFD (the Chinese fixed-layout format of e-government documents) and plain text. Everything else
 * is refused, and so is anything that could run or render as a page: executables, installers,
 * HTML, SVG and other markup, macro-enabled documents, shell scripts.
 */
import { ContainerError, isOle, oleEntryNames, readZipEntry, zipEntries } from './containers.ts';

export interface FileKind {
  mime: string;
  /** the extension a download of this kind gets, with the dot */
  ext: string;
  /** extensions a file of this kind may keep */
  exts: string[];
  image: boolean;
}

const kind = (mime: string, exts: string[], image = false): FileKind => ({ mime, ext: exts[0]!, exts, image });

export const KINDS = {
  jpeg: kind('image/jpeg', ['.jpg', '.jpeg', '.jpe'], true),
  png: kind('image/png', ['.png'], true),
  gif: kind('image/gif', ['.gif'], true),
  webp: kind('image/webp', ['.webp'], true),
  pdf: kind('application/pdf', ['.pdf']),
  docx: kind('application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['.docx']),
  xlsx: kind('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['.xlsx']),
  pptx: kind('application/vnd.openxmlformats-officedocument.presentationml.presentation', ['.pptx']),
  doc: kind('application/msword', ['.doc', '.wps']),
  xls: kind('application/vnd.ms-excel', ['.xls', '.et']),
  ppt: kind('application/vnd.ms-powerpoint', ['.ppt', '.dps']),
  ofd: kind('application/ofd', ['.ofd']),
  text: kind('text/plain; charset=utf-8', ['.txt', '.csv', '.tsv', '.log', '.md']),
  gbText: kind('text/plain; charset=gb18030', ['.txt', '.csv', '.tsv', '.log', '.md']),
} as const;

/** The accepted kinds in words, for the refusal message. */
export const ACCEPTED = {
  zh: '图片(JPG、PNG、GIF、WebP)、PDF、Word、Excel、PowerPoint、WPS、OFD、纯文本',
  en: 'images (JPG, PNG, GIF, WebP), PDF, Word, Excel, PowerPoint, WPS, OFD, plain text',
};

const starts = (buf: Buffer, ...bytes: number[]) => buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
const ascii = (buf: Buffer, at: number, text: string) => buf.toString('latin1', at, at + text.length) === text;

const OOXML_MAIN: [string, FileKind][] = [
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', KINDS.docx],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', KINDS.xlsx],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', KINDS.pptx],
];

function fromZip(buf: Buffer): FileKind | null {
  try {
    const entries = zipEntries(buf);
    const names = new Set(entries.map((e) => e.name));
    // a macro project inside is refused whatever the package claims to be
    if (entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name))) return null;
    if (names.has('OFD.xml')) return KINDS.ofd;
    const types = entries.find((e) => e.name === '[Content_Types].xml');
    if (!types) return null;
    const xml = readZipEntry(buf, types, 1024 * 1024).toString('utf8');
    if (/macroEnabled/i.test(xml)) return null;
    const hit = OOXML_MAIN.find(([ct]) => xml.includes(`ContentType="${ct}"`));
    return hit ? hit[1] : null;
  } catch (e) {
    if (e instanceof ContainerError) return null;
    throw e;
  }
}

function fromOle(buf: Buffer): FileKind | null {
  let names: string[];
  try {
    names = oleEntryNames(buf);
  } catch (e) {
    if (e instanceof ContainerError) return null;
    throw e;
  }
  const has = (n: string) => names.some((x) => x.toLowerCase() === n.toLowerCase());
  // VBA macros: a storage named Macros (Word) or _VBA_PROJECT_CUR (Excel, PowerPoint)
  if (has('Macros') || has('_VBA_PROJECT_CUR') || has('VBA')) return null;
  if (has('WordDocument')) return KINDS.doc;
  if (has('Workbook') || has('Book')) return KINDS.xls;
  if (has('PowerPoint Document')) return KINDS.ppt;
  return null; // .msi installers, encrypted packages, anything else
}

const MARKUP = /<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|meta|link|style)\b/i;

function fromText(buf: Buffer): FileKind | null {
  const sample = buf.subarray(0, 64 * 1024);
  // C0 controls other than tab, line feed, form feed and carriage return mean binary
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return null;
  if (sample.includes(0x7f)) return null;
  let text: string;
  let found: FileKind = KINDS.text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(buf);
      found = KINDS.gbText;
    } catch {
      return null;
    }
  }
  const head = text.replace(/^\uFEFF/, '').trimStart();
  // markup of any kind, and scripts, are not evidence: a browser or a shell would act on them
  if (head.startsWith('<') || head.startsWith('#!') || MARKUP.test(text.slice(0, 4096))) return null;
  return found;
}

/** What the bytes are, or null when Luoshi does not accept them. `buf` must not be empty. */
export function detectKind(buf: Buffer): FileKind | null {
  if (starts(buf, 0xff, 0xd8, 0xff)) return KINDS.jpeg;
  if (starts(buf, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return KINDS.png;
  if (ascii(buf, 0, 'GIF87a') || ascii(buf, 0, 'GIF89a')) return KINDS.gif;
  if (ascii(buf, 0, 'RIFF') && ascii(buf, 8, 'WEBP')) return KINDS.webp;
  if (ascii(buf, 0, '%PDF-')) return KINDS.pdf;
  if (starts(buf, 0x50, 0x4b, 0x03, 0x04)) return fromZip(buf);
  if (isOle(buf)) return fromOle(buf);
  return fromText(buf);
}
