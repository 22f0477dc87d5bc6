/**
 * Printable PDF from a .docx through LibreOffice (`soffice --headless --convert-to pdf`).
 *
 * One conversion at a time per process (LibreOffice is heavy and single-threaded per profile).
 * Each Luoshi process has its own temporary LibreOffice profile (`-env:UserInstallation`), made on
 * its first conversion and reused after (a fresh profile costs seconds), so two app instances on one
 * machine never fight over a profile lock. A run that takes longer than the time limit is killed
 * with its whole process group, and its profile is thrown away. The 公文 font names (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体) are
 * mapped by a fontconfig file to the CJK fonts installed (Noto Serif/Sans CJK SC), so the PDF shows
 * real glyphs, never empty boxes, on a machine without the Founder or Windows fonts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const DEFAULT_TIMEOUT_MS = 60_000;

let cachedBinary: string | null | undefined;

function findOnPath(names: string[]): string | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const p = path.join(dir, name);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return p;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

/** The LibreOffice binary: LUOSHI_SOFFICE if set, else `soffice` or `libreoffice` on PATH. */
function sofficeBinary(): string | null {
  if (cachedBinary === undefined) {
    const configured = process.env.LUOSHI_SOFFICE;
    cachedBinary = configured ? (fs.existsSync(configured) ? configured : null) : findOnPath(['soffice', 'libreoffice']);
  }
  return cachedBinary;
}

/** Whether PDF conversion can run on this machine. */
export function libreOfficeAvailable(): boolean {
  return sofficeBinary() !== null;
}

/** fontconfig aliases from the names 公文 use to the CJK fonts a Linux server has. */
function fontsConf(): string {
  const serif = ['方正小标宋简体', '方正小标宋_GBK', '小标宋', '仿宋_GB2312', '仿宋', 'FangSong', 'FangSong_GB2312', '楷体_GB2312', '楷体', 'KaiTi', 'KaiTi_GB2312', '宋体', 'SimSun'];
  const sans = ['黑体', 'SimHei'];
  const alias = (family: string, prefer: string[]) =>
    `<alias binding="same"><family>${family}</family><prefer>${prefer.map((p) => `<family>${p}</family>`).join('')}</prefer></alias>`;
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ...serif.map((f) => alias(f, ['Noto Serif CJK SC', 'Source Han Serif SC', 'AR PL UMing CN', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei'])),
    ...sans.map((f) => alias(f, ['Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', 'Noto Serif CJK SC'])),
    '</fontconfig>',
  ].join('\n');
}

let queue: Promise<unknown> = Promise.resolve();
let profileDir: string | null = null;

/** This process's LibreOffice profile and font configuration, made once, removed at exit. */
function profile(): string {
  if (profileDir && fs.existsSync(profileDir)) return profileDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-soffice-'));
  fs.writeFileSync(path.join(dir, 'fonts.conf'), fontsConf());
  if (!profileDir) process.once('exit', () => profileDir && fs.rmSync(profileDir, { recursive: true, force: true }));
  profileDir = dir;
  return dir;
}

function dropProfile(): void {
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  profileDir = null;
}

/** Removes this process's LibreOffice profile now (it is also removed when the process exits). */
export async function disposePdfProfile(): Promise<void> {
  await queue;
  dropProfile();
}

/** Runs conversions one after another in this process. */
function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

function convert(binary: string, docx: Buffer, timeoutMs: number): Promise<Buffer> {
  const home = profile();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-pdf-'));
  const input = path.join(dir, 'document.docx');
  fs.writeFileSync(input, docx);
  const args = [
    `-env:UserInstallation=${pathToFileURL(path.join(home, 'profile')).href}`,
    '--headless',
    '--invisible',
    '--norestore',
    '--nologo',
    '--nodefault',
    '--nolockcheck',
    '--convert-to',
    'pdf:writer_pdf_Export',
    '--outdir',
    dir,
    input,
  ];
  return new Promise<Buffer>((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: dir,
      detached: true, // its own process group, so a time-out kills soffice.bin too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: home, FONTCONFIG_FILE: path.join(home, 'fonts.conf'), SAL_USE_VCLPLUGIN: 'svp' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    const finish = (err: Error | null, pdf?: Buffer) => {
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      if (err) reject(err);
      else resolve(pdf!);
    };
    child.on('error', (e) => finish(e));
    child.on('close', (code) => {
      if (timedOut) dropProfile(); // it may hold the killed run's lock
      if (timedOut) return finish(new Error(`PDF 转换超时 LibreOffice did not finish within ${timeoutMs} ms`));
      const out = path.join(dir, 'document.pdf');
      if (code !== 0 || !fs.existsSync(out)) return finish(new Error(`PDF 转换失败 LibreOffice exited with ${code}: ${output.trim()}`));
      finish(null, fs.readFileSync(out));
    });
  });
}

/**
 * Converts a .docx to PDF with LibreOffice; null when LibreOffice is not installed. Throws when the
 * conversion fails or runs past the time limit (default 60 s).
 */
export async function docxToPdf(docx: Buffer, opts: { timeoutMs?: number } = {}): Promise<Buffer | null> {
  const binary = sofficeBinary();
  if (!binary) return null;
  return serialised(() => convert(binary, docx, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));
}
