/**
 * Just enough of two container formats to tell what an upload is: the ZIP central directory (for
 * OOXML and OFD) and the directory of an OLE compound file (for .doc, .xls, .ppt, and to refuse
 * .msi installers, which are OLE too). Both readers are bounded: they never follow a chain longer
 * than the file, never inflate more than they are asked for, and throw ContainerError on anything
 * malformed.
 */
import { inflateRawSync } from 'node:zlib';

export class ContainerError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The entries of a ZIP archive from its central directory (ZIP64 archives are not read). */
export function zipEntries(buf: Buffer): ZipEntry[] {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw new ContainerError('not a zip archive');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ContainerError('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ContainerError('bad central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      encrypted: (buf.readUInt16LE(p + 8) & 1) === 1,
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + skip;
  }
  return entries;
}

/** The bytes of one small entry; refuses entries larger than `max` before inflating anything. */
export function readZipEntry(buf: Buffer, e: ZipEntry, max: number): Buffer {
  if (e.encrypted) throw new ContainerError('encrypted entry');
  if (e.size > max) throw new ContainerError('entry too large');
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw new ContainerError('bad local header');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) throw new ContainerError('truncated entry');
  if (e.method === 0) return data;
  if (e.method !== 8) throw new ContainerError('unsupported compression');
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
  } catch {
    throw new ContainerError('cannot inflate');
  }
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;

export function isOle(buf: Buffer): boolean {
  return buf.length >= 512 && buf.subarray(0, 8).equals(OLE_MAGIC);
}

/** The names of every storage and stream in an OLE compound file. */
export function oleEntryNames(buf: Buffer): string[] {
  if (!isOle(buf)) throw new ContainerError('not an OLE compound file');
  const shift = buf.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) throw new ContainerError('bad sector size');
  const size = 1 << shift;
  const sectors = Math.floor((buf.length - size) / size);
  const sector = (n: number) => {
    if (n >= sectors) throw new ContainerError('sector out of range');
    return buf.subarray(size + n * size, size + (n + 1) * size);
  };
  // the FAT sectors: 109 listed in the header, the rest in the DIFAT chain
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(buf.readUInt32LE(0x4c + i * 4));
  let difat = buf.readUInt32LE(0x44);
  for (let guard = 0; difat < END_OF_CHAIN && guard <= sectors; guard++) {
    const s = sector(difat);
    for (let i = 0; i < size / 4 - 1; i++) fatSectors.push(s.readUInt32LE(i * 4));
    difat = s.readUInt32LE(size - 4);
  }
  const fatCount = buf.readUInt32LE(0x2c);
  const fat: number[] = [];
  for (const f of fatSectors.slice(0, fatCount)) {
    const s = sector(f);
    for (let i = 0; i < size / 4; i++) fat.push(s.readUInt32LE(i * 4));
  }
  const names: string[] = [];
  let dir = buf.readUInt32LE(0x30);
  for (let guard = 0; dir < END_OF_CHAIN; guard++) {
    if (guard > sectors) throw new ContainerError('directory chain loops');
    const s = sector(dir);
    for (let off = 0; off + 128 <= size; off += 128) {
      const len = s.readUInt16LE(off + 0x40);
      const type = s[off + 0x42];
      if (type === 0 || len < 2 || len > 64) continue;
      names.push(s.toString('utf16le', off, off + len - 2));
    }
    dir = fat[dir] ?? END_OF_CHAIN;
  }
  return names;
}
