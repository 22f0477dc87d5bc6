/** The public gate's bookkeeping without HTTP: windows, their memory bound, the hold cap, the queue's wait. */
import { describe, expect, it } from 'vitest';
import { PublicGate } from '../../apps/server/src/platform/public-gate.ts';

describe('PublicGate', () => {
  it('counts per key within a window and starts a new window when it has passed; Retry-After is the rest of the window', () => {
    let now = 1_000_000;
    const g = new PublicGate({}, () => now);
    const rule = { max: 3, timeWindowMs: 60_000 };
    expect([1, 2, 3].map(() => g.overLimit('a', rule))).toEqual([null, null, null]);
    expect(g.overLimit('a', rule)).toBe(60);
    expect(g.overLimit('b', rule)).toBeNull();
    now += 45_500;
    expect(g.overLimit('a', rule)).toBe(15);
    now += 14_500;
    expect(g.overLimit('a', rule)).toBeNull();
  });

  it('keeps at most maxKeys windows: expired ones go first, then the oldest', () => {
    let now = 0;
    const g = new PublicGate({ maxKeys: 3 }, () => now);
    const rule = { max: 1, timeWindowMs: 1000 };
    g.overLimit('old', rule);
    now = 500;
    g.overLimit('x', rule);
    g.overLimit('y', rule);
    now = 1200; // 'old' has expired
    g.overLimit('z', rule);
    expect(g.state.windows).toBe(3);
    expect(g.overLimit('x', rule)).not.toBeNull(); // still counted
    g.overLimit('w', rule); // full of live windows: the oldest ('x') goes
    expect(g.state.windows).toBe(3);
    expect(g.overLimit('x', rule)).toBeNull();
  });

  it('a stream of new addresses walks the windows once per tenth of maxKeys new ones, not once per request', () => {
    const now = 0;
    const g = new PublicGate({ maxKeys: 1000 }, () => now);
    const rule = { max: 30, timeWindowMs: 60_000 };
    for (let i = 0; i < 1000; i++) g.overLimit(`ip${i}`, rule);
    expect(g.state).toMatchObject({ windows: 1000, sweeps: 0 });
    for (let i = 1000; i < 1200; i++) g.overLimit(`ip${i}`, rule);
    expect(g.state.windows).toBeLessThanOrEqual(1000);
    expect(g.state.sweeps).toBe(2);
    // the newest are still counted; the oldest went first
    expect(g.overLimit('ip1199', rule)).toBeNull();
    expect(g.state.windows).toBeLessThanOrEqual(1000);
  });

  it('holds at most maxHeld answers at once', async () => {
    const g = new PublicGate({ holdMs: 50, maxHeld: 2 }, Date.now);
    const held = [g.hold(), g.hold()];
    expect(g.state.held).toBe(2);
    expect(await g.hold()).toBe(false);
    expect(await Promise.all(held)).toEqual([true, true]);
    expect(g.state.held).toBe(0);
  });

  it('gives turns in order, refuses beyond the queue, and gives up a wait after queueWaitMs', async () => {
    const g = new PublicGate({ maxInFlight: 1, maxQueued: 2, queueWaitMs: 100 }, Date.now);
    expect(await g.enter()).toBe(true);
    const order: string[] = [];
    const first = g.enter().then((ok) => (order.push('first'), ok));
    const second = g.enter().then((ok) => (order.push('second'), ok));
    expect(await g.enter()).toBe(false); // the queue is full
    g.leave();
    expect(await first).toBe(true);
    expect(await second).toBe(false); // nobody left again within 100 ms
    expect(order).toEqual(['first', 'second']);
    expect(g.state).toMatchObject({ inFlight: 1, queued: 0 });
    g.leave();
    expect(g.state.inFlight).toBe(0);
  });
});
