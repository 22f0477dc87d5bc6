/**
 * Just enough of the ZIP format to open an .xlsx: the central directory, stored and deflated
 * entries, ZIP64 sizes. Sizes are checked before anything is inflated, so a small upload cannot
 * expand into gigabytes (a zip bomb) and a renamed file of another kind is refused by content.
 */
import { inflateRawSync } from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new ZipError('no end of central directory');
}

function num64(buf: Buffer, at: number): number {
  const n = buf.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('size out of range');
  return Number(n);
}

/** The entries of a ZIP archive, from its central directory. Throws ZipError when it is not one. */
export function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) throw new ZipError('not a zip archive');
  const eocd = findEocd(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== EOCD64_LOCATOR) throw new ZipError('bad zip64 locator');
    const rec = num64(buf, loc + 8);
    if (rec + 56 > buf.length || buf.readUInt32LE(rec) !== EOCD64) throw new ZipError('bad zip64 record');
    count = num64(buf, rec + 32);
    cdOffset = num64(buf, rec + 48);
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ZipError('bad central directory');
    const flags = buf.readUInt16LE(p + 8);
    if (flags & 1) throw new ZipError('encrypted entry');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    let localOffset = buf.readUInt32LE(p + 42);
    // ZIP64 extra field: the 64-bit values present are those whose 32-bit field is saturated
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = num64(buf, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = num64(buf, q);
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = num64(buf, q);
      }
      e += 4 + len;
    }
    entries.set(name, { name, method: buf.readUInt16LE(p + 10), compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry; never more than the size the directory declares. */
export function readEntry(buf: Buffer, e: ZipEntry): Buffer {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL) throw new ZipError(`bad local header for ${e.name}`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) throw new ZipError(`truncated entry ${e.name}`);
  if (e.method === 0) return data;
  if (e.method !== 8) throw new ZipError(`unsupported compression ${e.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
  } catch {
    throw new ZipError(`cannot inflate ${e.name}`);
  }
}
