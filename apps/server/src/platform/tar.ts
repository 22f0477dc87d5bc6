/**
 * The little of POSIX tar (ustar) a backup needs: regular files with names under 100 bytes,
 * written and read in 1 MiB chunks so a large evidence store never sits in memory. Any `tar`
 * program lists and extracts the archive (`tar tf luoshi-2013-05-01.tar`).
 */
import fs from 'node:fs';

const BLOCK = 512;
const CHUNK = 1024 * 1024;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: Date): Buffer {
  const b = Buffer.alloc(BLOCK, 0);
  if (Buffer.byteLength(name) >= 100) throw new Error(`tar: name too long: ${name}`);
  b.write(name, 0, 'utf8');
  b.write(octal(0o644, 8), 100, 'latin1');
  b.write(octal(0, 8), 108, 'latin1');
  b.write(octal(0, 8), 116, 'latin1');
  b.write(octal(size, 12), 124, 'latin1');
  b.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'latin1');
  b.write('        ', 148, 'latin1');
  b.write('0', 156, 'latin1');
  b.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const x of b) sum += x;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return b;
}

export class TarWriter {
  private fd: number;
  private buf = Buffer.alloc(CHUNK);
  count = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w', 0o600);
  }

  /** Adds the file at `source` under `name`. */
  addFile(name: string, source: string): void {
    const st = fs.statSync(source);
    fs.writeSync(this.fd, header(name, st.size, st.mtime));
    const src = fs.openSync(source, 'r');
    try {
      let left = st.size;
      while (left > 0) {
        const n = fs.readSync(src, this.buf, 0, Math.min(CHUNK, left), null);
        if (n <= 0) throw new Error(`tar: ${source} shrank while being read`);
        fs.writeSync(this.fd, this.buf, 0, n);
        left -= n;
      }
    } finally {
      fs.closeSync(src);
    }
    const pad = (BLOCK - (st.size % BLOCK)) % BLOCK;
    if (pad) fs.writeSync(this.fd, Buffer.alloc(pad));
    this.count++;
  }

  addBytes(name: string, data: Buffer, mtime = new Date()): void {
    fs.writeSync(this.fd, header(name, data.length, mtime));
    fs.writeSync(this.fd, data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) fs.writeSync(this.fd, Buffer.alloc(pad));
    this.count++;
  }

  /** Writes the end-of-archive blocks and flushes to disk. */
  close(): void {
    fs.writeSync(this.fd, Buffer.alloc(BLOCK * 2));
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}

/** True when the file starts with a ustar header. */
export function isTar(file: string): boolean {
  const b = Buffer.alloc(BLOCK);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, b, 0, BLOCK, 0) < BLOCK) return false;
  } finally {
    fs.closeSync(fd);
  }
  return b.toString('latin1', 257, 262) === 'ustar';
}

/**
 * Calls `entry(name, size)` for each regular file; it answers the path to extract the file to
 * (written as `<path>.partial`, then renamed) or null to skip it. Throws on a damaged archive.
 */
export function readTar(file: string, entry: (name: string, size: number) => string | null): void {
  const fd = fs.openSync(file, 'r');
  const h = Buffer.alloc(BLOCK);
  const buf = Buffer.alloc(CHUNK);
  let pos = 0;
  try {
    for (;;) {
      if (fs.readSync(fd, h, 0, BLOCK, pos) < BLOCK) throw new Error('the archive ends without its end blocks');
      pos += BLOCK;
      if (h.every((x) => x === 0)) return;
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      if (parseInt(h.toString('latin1', 148, 156).replace(/\0.*$/s, '').trim(), 8) !== sum) throw new Error(`damaged archive header at byte ${pos - BLOCK}`);
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = parseInt(h.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim(), 8);
      const type = h.toString('latin1', 156, 157);
      const padded = size + ((BLOCK - (size % BLOCK)) % BLOCK);
      const target = type === '0' || type === '\0' ? entry(name, size) : null;
      if (target) {
        const out = fs.openSync(`${target}.partial`, 'w', 0o640);
        try {
          let left = size;
          let at = pos;
          while (left > 0) {
            const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, left), at);
            if (n <= 0) throw new Error(`the archive ends inside ${name}`);
            fs.writeSync(out, buf, 0, n);
            left -= n;
            at += n;
          }
        } finally {
          fs.closeSync(out);
        }
        fs.renameSync(`${target}.partial`, target);
      }
      pos += padded;
    }
  } finally {
    fs.closeSync(fd);
  }
}
