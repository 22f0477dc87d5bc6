/**
 * Memory handed back when the server goes quiet. Under load the garbage of each request is
 * collected, but V8 lets the heap grow to well over a hundred megabytes before a full collection,
 * and with no allocation afterwards nothing ever runs one: a county's server that answered a busy
 * morning then held 230 MiB all night while 41 MiB of it was live. `serve` therefore collects once
 * requests have stopped for a moment (never while they come in), when the heap V8 holds has grown
 * well past what it held after the previous time. It runs two full collections back to back: the
 * first frees the garbage but keeps every page that still holds a survivor, so the heap it holds
 * hardly shrinks (a county's server went from 122 to 74 MB of old space, with 48 MB live); the
 * second finds those pages sparse and moves their survivors together, and hands the pages back
 * (42 MB). LUOSHI_IDLE_GC=false turns it off.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export interface IdleGcOptions {
  /** how long without a request counts as quiet */
  quietMs?: number;
  /** collect when V8 holds this many bytes more heap than after the last collection */
  growthBytes?: number;
  /** injected for tests: the collector, the heap V8 holds (committed) and the clock */
  gc?: () => void;
  heapTotal?: () => number;
  now?: () => number;
}

/** The collector, exposed on demand (node runs without --expose-gc). */
export function exposedGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export class IdleGc {
  private lastRequest = 0;
  private pending = false;
  private heldAfter: number;
  private readonly quietMs: number;
  private readonly growthBytes: number;
  private readonly gc: () => void;
  private readonly heapTotal: () => number;
  private readonly now: () => number;

  constructor(o: IdleGcOptions = {}) {
    this.quietMs = o.quietMs ?? 1_000;
    this.growthBytes = o.growthBytes ?? 32 * 2 ** 20;
    this.gc = o.gc ?? exposedGc();
    this.heapTotal = o.heapTotal ?? (() => process.memoryUsage().heapTotal);
    this.now = o.now ?? Date.now;
    this.heldAfter = this.heapTotal();
  }

  /** A request came in. */
  touch(): void {
    this.lastRequest = this.now();
    this.pending = true;
  }

  /** Called on a timer: collects once the server is quiet, if the heap grew enough since the last time. */
  tick(): boolean {
    if (!this.pending || this.now() - this.lastRequest < this.quietMs) return false;
    this.pending = false;
    if (this.heapTotal() - this.heldAfter < this.growthBytes) return false;
    this.gc();
    this.gc();
    this.heldAfter = this.heapTotal();
    return true;
  }
}
