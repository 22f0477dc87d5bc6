/**
 * Task breakdown sheets for tests: made with exceljs the way offices make them (a title row,
 * merged cells, dates typed as text), uploaded as multipart, and read back cell by cell.
 */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { tasks } from '@luoshi/contracts';
import type { Client, Result, TestApp } from './harness.ts';

export type CellInput = ExcelJS.CellValue;

export interface SheetSpec {
  /** rows above the header, e.g. a title */
  above?: CellInput[][];
  header: string[];
  rows: CellInput[][];
  /** ranges such as 'E4:E6' */
  merges?: string[];
  sheetName?: string;
  /** more changes before writing (number formats, formulas) */
  edit?: (ws: ExcelJS.Worksheet) => void;
}

export async function makeSheet(spec: SheetSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(spec.sheetName ?? 'Sheet1');
  for (const r of spec.above ?? []) ws.addRow(r);
  ws.addRow(spec.header);
  for (const r of spec.rows) ws.addRow(r);
  for (const m of spec.merges ?? []) ws.mergeCells(m);
  spec.edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A multipart/form-data body with one file part. */
export function multipart(file: Buffer, filename = '任务分解表.xlsx', field = 'file'): { body: Buffer; contentType: string } {
  const boundary = `----luoshi${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(c: Client, campaignId: string, file: Buffer, opts: { dryRun?: boolean; filename?: string; headers?: Record<string, string> } = {}): Promise<Result> {
  const { body, contentType } = multipart(file, opts.filename);
  const qs = opts.dryRun ? '?dryRun=true' : '';
  return c.request('POST', `/api/v1/campaigns/${campaignId}/tasks/import${qs}`, { rawBody: body, headers: { 'content-type': contentType, ...(opts.headers ?? {}) } });
}

/** Polls the job until it ends; returns every state seen on the way. */
export async function waitForJob(c: Client, jobId: string): Promise<{ job: any; seen: any[] }> {
  const seen: any[] = [];
  for (let i = 0; i < 600; i++) {
    const r = await c.call(tasks.getJob, { params: { id: jobId } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    seen.push(r.body);
    if (r.body.status !== 'running') return { job: r.body, seen };
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`job ${jobId} did not end`);
}

/** Uploads a sheet and waits for the import to end. */
export async function importSheet(c: Client, campaignId: string, file: Buffer, opts: { dryRun?: boolean } = {}): Promise<any> {
  const r = await upload(c, campaignId, file, opts);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (await waitForJob(c, r.body.id)).job;
}

/** Every cell of the first sheet as exceljs reads it: [row][col] of plain values. */
export async function sheetValues(file: Buffer, sheet = 0): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const ws = wb.worksheets[sheet]!;
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    out[n - 1] = (row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : v ?? null));
  });
  return out;
}

/** A file download: the raw bytes (the test client decodes bodies as text). */
export async function download(t: TestApp, c: Client, url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers: { ...(c.cookie ? { cookie: c.cookie } : {}), ...headers }, remoteAddress: c.ip });
  const json = String(res.headers['content-type'] ?? '').includes('json');
  return { status: res.statusCode, headers: res.headers, file: res.rawPayload, body: json ? JSON.parse(res.body) : null };
}
