/**
 * File names as users gave them, made safe to show and to offer for download: no folders, no
 * control or direction-override characters, no characters Windows refuses, a bounded length, and
 * an extension that matches what the bytes are (a JPEG sent as 现场.pdf is kept as 现场.jpg). The
 * name is only ever displayed; it never becomes a path on the server.
 */
import type { FileKind } from './sniff.ts';

export const MAX_NAME_LENGTH = 120;

/**
 * Control and format characters (RLO makes "gpj.exe" read as "exe.jpg"; zero-width spaces hide in
 * names) and the Hangul fillers that render as nothing.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u115f\u1160\u3164\uffa0]/gu;
const WINDOWS_RESERVED = /[<>:"/\\|?*]/g;
const RESERVED_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/** The extension, if the name ends in one (a dot and up to five letters or digits). */
function extOf(name: string): string {
  const m = /(?<=.)\.[A-Za-z0-9]{1,5}$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

/** Cuts to `max` code points without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? chars.slice(0, max).join('') : s;
}

/** A display name from whatever the client sent, with the extension the detected kind calls for. */
export function safeFileName(raw: string | undefined, kind: FileKind): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  name = name.replace(INVISIBLE, '').replace(WINDOWS_RESERVED, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  // a wrong or missing extension is replaced by the one of what the bytes are
  const ext = extOf(name);
  let stem = (ext ? name.slice(0, -ext.length) : name).replace(/[.\s]+$/, '');
  if (!stem) stem = '附件';
  if (RESERVED_DEVICE.test(stem)) stem = `_${stem}`;
  const keep = kind.exts.includes(ext) ? ext : kind.ext;
  return cut(stem, MAX_NAME_LENGTH - keep.length) + keep;
}

/** An ASCII name for clients that cannot read the encoded one: the name itself if it is ASCII. */
export function asciiFallback(name: string): string {
  if (/^[\x20-\x7e]+$/.test(name)) return name;
  return `attachment${extOf(name)}`;
}

/** The thumbnail's download name: the stem of the original with the preview's extension. */
export function thumbnailName(name: string): string {
  const ext = extOf(name);
  return `${ext ? name.slice(0, -ext.length) : name}-缩略图.jpg`;
}
