/**
 * Walking a list the server answers a page at a time: every page by its cursor, and the checks
 * every such list must pass with a damaged cursor.
 */
import { expect } from 'vitest';
import type { Endpoint } from '@luoshi/contracts';
import type { CallOptions, Client, Result } from './harness.ts';

export interface Walk<T> {
  items: T[];
  /** the total each page answered */
  totals: number[];
  /** the number of items on each page */
  sizes: number[];
}

/** Every page of a list from the first, following nextCursor; fails on an error or an endless walk. */
export async function walk<T = any>(c: Client, e: Endpoint, opts: CallOptions & { limit: number }): Promise<Walk<T>> {
  const items: T[] = [];
  const totals: number[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const r: Result = await c.call(e, { ...opts, query: { ...(opts.query ?? {}), limit: String(opts.limit), ...(cursor ? { cursor } : {}) } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['items', 'nextCursor', 'total']);
    expect(r.body.items.length).toBeLessThanOrEqual(opts.limit);
    // a cursor is handed out only when more rows follow: no page but the first is empty
    if (cursor) expect(r.body.items.length).toBeGreaterThan(0);
    items.push(...r.body.items);
    totals.push(r.body.total);
    sizes.push(r.body.items.length);
    cursor = r.body.nextCursor;
    if (cursor) expect(r.body.items.length).toBe(opts.limit);
    expect(sizes.length).toBeLessThan(1000);
  } while (cursor);
  return { items, totals, sizes };
}

/** The first page's cursor, for the tests of damaged ones. */
export async function someCursor(c: Client, e: Endpoint, opts: CallOptions = {}): Promise<string> {
  const r = await c.call(e, { ...opts, query: { ...(opts.query ?? {}), limit: '1' } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.nextCursor).toEqual(expect.any(String));
  return r.body.nextCursor as string;
}

/** Ways to damage a good cursor: each must be refused. */
export function damaged(good: string, foreign: string): string[] {
  const [body, check] = good.split('.') as [string, string];
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  return [
    flip(body, Math.floor(body.length / 2)),
    `${body}.${flip(check, 0)}`,
    body,
    good.slice(0, -1),
    `${body.slice(0, -2)}.${check}`,
    `${Buffer.from('["x"]').toString('base64url')}.${check}`,
    'not-a-cursor',
    '...',
    foreign,
  ];
}

/** A damaged cursor is refused with 400 VALIDATION_FAILED, the issue on `cursor`, in Chinese and in English. */
export async function expectCursorRefused(c: Client, e: Endpoint, opts: CallOptions, cursor: string): Promise<void> {
  const zh = await c.call(e, { ...opts, query: { ...(opts.query ?? {}), cursor } });
  expect(zh.status, `${cursor}: ${JSON.stringify(zh.body)}`).toBe(400);
  expect(zh.body.error.code).toBe('VALIDATION_FAILED');
  expect(zh.body.error.issues).toEqual([{ path: 'cursor', message: '翻页标记无效或已损坏,请从第一页重新加载' }]);
  const en = await c.call(e, { ...opts, query: { ...(opts.query ?? {}), cursor }, headers: { 'accept-language': 'en' } });
  expect(en.status).toBe(400);
  expect(en.body.error.code).toBe('VALIDATION_FAILED');
  expect(en.body.error.issues).toEqual([{ path: 'cursor', message: 'the page cursor is not valid; load the list again from the first page' }]);
}

/** Each id once, in the order given. */
export function expectOnceEach(ids: string[], expected: string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(expected);
}
