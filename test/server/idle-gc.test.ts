/**
 * Memory handed back when the server goes quiet (platform/idle-gc.ts): full collections once
 * requests have stopped for a moment and the heap V8 holds has grown, never while they come in.
 */
import { describe, expect, it } from 'vitest';
import { IdleGc, exposedGc } from '../../apps/server/src/platform/idle-gc.ts';

function fake() {
  const s = { now: 0, heap: 40, collected: 0 };
  const idle = new IdleGc({ quietMs: 1_000, growthBytes: 30, now: () => s.now, heapTotal: () => s.heap, gc: () => ((s.collected += 1), (s.heap = 45)) });
  return { s, idle };
}

describe('collecting when the server goes quiet', () => {
  it('never while requests keep coming; once, a moment after they stop', () => {
    const { s, idle } = fake();
    for (let t = 0; t < 10_000; t += 100) {
      s.now = t;
      s.heap += 2;
      idle.touch();
      expect(idle.tick()).toBe(false);
    }
    s.now = 10_500;
    expect(idle.tick()).toBe(false);
    s.now = 11_000;
    expect(idle.tick()).toBe(true);
    expect(s.collected).toBe(2);
    // quiet afterwards: nothing more to do
    s.now = 20_000;
    expect(idle.tick()).toBe(false);
    expect(s.collected).toBe(2);
  });

  it('not when the heap has not grown past what V8 held after the last collection', () => {
    const { s, idle } = fake();
    s.heap = 60; // 20 over the 40 held at start, under the 30 it waits for
    idle.touch();
    s.now = 5_000;
    expect(idle.tick()).toBe(false);
    expect(s.collected).toBe(0);
    s.heap = 80;
    idle.touch();
    s.now = 10_000;
    expect(idle.tick()).toBe(true);
    expect(s.collected).toBe(2);
  });

  it('hands back the pages the garbage of a busy spell left, not only the garbage', () => {
    // a burst's garbage with a few survivors on every page, as requests leave it
    let burst: { i: number; s: string; t: number[] }[] | null = Array.from({ length: 600_000 }, (_, i) => ({ i, s: `x${i}`, t: [i] }));
    const survivors = burst.filter((_, i) => i % 50 === 0);
    burst = null;
    const held = () => process.memoryUsage().heapTotal;
    const before = held();
    let now = 0;
    const idle = new IdleGc({ quietMs: 1_000, growthBytes: 0, now: () => now });
    idle.touch();
    now = 2_000;
    expect(idle.tick()).toBe(true);
    expect(burst).toBeNull();
    expect(survivors).toHaveLength(12_000);
    // one collection frees the objects but keeps nearly every page (about 100 of 106 MB here); the
    // second moves the survivors together and gives the pages back (about 37 MB)
    expect(held()).toBeLessThan(before * 0.6);
  });

  it('the collector node keeps behind a flag is there and collects', () => {
    const gc = exposedGc();
    let junk: unknown[] | null = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `x${i}` }));
    const before = process.memoryUsage().heapUsed;
    junk = null;
    gc();
    expect(junk).toBeNull();
    expect(process.memoryUsage().heapUsed).toBeLessThan(before - 5 * 2 ** 20);
  });
});
