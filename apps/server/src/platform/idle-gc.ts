/**
 * Memory handed back when the server goes quiet. Under load the garbage of each request is
 * collected, but V8 lets the heap grow to well over a hundred megabytes before a full collection,
 * and with no allocation afterwards nothing ever runs one: a county's server that answered a busy
 * morning then held 230 MiB all night while 41 MiB of it was live. `serve` therefore runs one full
 * collection once requests have stopped for a moment (never while they come in), when the heap has
 * grown well past what was live after the previous one. LUOSHI_IDLE_GC=false turns it off.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export interface IdleGcOptions {
  /** how long without a request counts as quiet */
  quietMs?: number;
  /** collect when the heap is this many bytes over what was live after the last collection */
  growthBytes?: number;
  /** injected for tests: the collector, the heap size and the clock */
  gc?: () => void;
  heapUsed?: () => number;
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
  private liveAfter: number;
  private readonly quietMs: number;
  private readonly growthBytes: number;
  private readonly gc: () => void;
  private readonly heapUsed: () => number;
  private readonly now: () => number;

  constructor(o: IdleGcOptions = {}) {
    this.quietMs = o.quietMs ?? 1_000;
    this.growthBytes = o.growthBytes ?? 32 * 2 ** 20;
    this.gc = o.gc ?? exposedGc();
    this.heapUsed = o.heapUsed ?? (() => process.memoryUsage().heapUsed);
    this.now = o.now ?? Date.now;
    this.liveAfter = this.heapUsed();
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
    if (this.heapUsed() - this.liveAfter < this.growthBytes) return false;
    this.gc();
    this.liveAfter = this.heapUsed();
    return true;
  }
}
