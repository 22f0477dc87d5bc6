/**
 * The gate in front of the routes the whole internet may call (the report form, the rating, survey
 * answers, Open311 POST, sign-in, the portal's reads). It runs as the first hook of every request,
 * before security headers, sessions, body parsing and any database work, and decides in memory:
 *
 * 1. Per network address and route, at most `max` requests per window. A request over the limit
 *    is answered 429 RATE_LIMITED with Retry-After — but only after `holdMs`: a client flooding
 *    from a loop that waits for each answer (every common flooding tool does) is slowed to one
 *    request per connection per `holdMs`, instead of being answered as fast as it can ask. At most
 *    `maxHeld` answers are held at once; beyond that they go out at once with `Connection: close`.
 * 2. Routes that write (`intake`) run at most `maxInFlight` at a time across all addresses, so a
 *    flood from many addresses cannot take the database connections and the audit lock the staff
 *    app needs. Up to `maxQueued` more wait up to `queueWaitMs` for a turn; the rest are answered
 *    503 BUSY with Retry-After at once.
 *
 * Limits count per app instance (README, “PostgreSQL”).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LuoshiError, type ErrorCode } from '@luoshi/domain';

/** What a route declares: its per-address limit, and whether it writes (then the intake bound applies). */
export interface GateRule {
  max: number;
  timeWindowMs: number;
  intake?: boolean;
}

export interface GateOptions {
  /** how long an answer over the per-address limit is held back (ms) */
  holdMs: number;
  /** answers held back at once, at most */
  maxHeld: number;
  /** intake requests running at once, at most */
  maxInFlight: number;
  /** intake requests waiting for a turn, at most */
  maxQueued: number;
  /** how long one waits for a turn before it is answered 503 (ms) */
  queueWaitMs: number;
  /** Retry-After of a 503 BUSY (s) */
  busyRetryAfterS: number;
  /** address-and-route windows kept in memory, at most */
  maxKeys: number;
}

export const DEFAULT_GATE: GateOptions = {
  holdMs: 1000,
  maxHeld: 256,
  maxInFlight: 2,
  maxQueued: 20,
  queueWaitMs: 5000,
  busyRetryAfterS: 5,
  maxKeys: 20_000,
};

declare module 'fastify' {
  interface FastifyContextConfig {
    gate?: GateRule;
  }
  interface FastifyInstance {
    publicGate: PublicGate;
  }
}

/** A refusal by the gate: a LuoshiError with the HTTP status, for every error handler to render. */
export class GateRefusal extends LuoshiError {
  readonly statusCode: number;
  constructor(code: Extract<ErrorCode, 'RATE_LIMITED' | 'BUSY'>) {
    super(code);
    this.statusCode = code === 'BUSY' ? 503 : 429;
  }
}

interface Window {
  count: number;
  resetAt: number;
}

/** The gate's state; one per app. Exposed for tests and the bench (counts only). */
export class PublicGate {
  readonly opts: GateOptions;
  private readonly windows = new Map<string, Window>();
  private inFlight = 0;
  private held = 0;
  private sweeps = 0;
  private readonly queue: (() => void)[] = [];
  readonly counts = { limited: 0, busy: 0, closed: 0 };

  constructor(
    opts: Partial<GateOptions>,
    private readonly now: () => number,
  ) {
    this.opts = { ...DEFAULT_GATE, ...opts };
  }

  /** Counts one request; returns the seconds until its window resets when it is over the limit. */
  overLimit(key: string, rule: GateRule): number | null {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= t) {
      if (w) this.windows.delete(key);
      if (this.windows.size >= this.opts.maxKeys) this.prune(t);
      w = { count: 0, resetAt: t + rule.timeWindowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > rule.max ? Math.max(1, Math.ceil((w.resetAt - t) / 1000)) : null;
  }

  /**
   * Makes room when the windows are full: the expired ones go, then the oldest, down to a tenth
   * below the bound, so that a stream of new addresses (every request from its own, as a botnet's
   * or an IPv6 block's) walks the windows once per tenth of `maxKeys` new ones, not once per request.
   */
  private prune(t: number): void {
    this.sweeps++;
    for (const [k, w] of this.windows) if (w.resetAt <= t) this.windows.delete(k);
    // still full of live windows (addresses without end): the oldest go first
    const room = Math.max(1, Math.floor(this.opts.maxKeys / 10));
    while (this.windows.size > this.opts.maxKeys - room) this.windows.delete(this.windows.keys().next().value!);
  }

  /** Waits for a turn to run an intake; false when there is none to be had. */
  async enter(): Promise<boolean> {
    if (this.inFlight < this.opts.maxInFlight) {
      this.inFlight++;
      return true;
    }
    if (this.queue.length >= this.opts.maxQueued) return false;
    return new Promise<boolean>((resolve) => {
      const turn = () => {
        clearTimeout(timer);
        this.inFlight++;
        resolve(true);
      };
      const timer = setTimeout(() => {
        const i = this.queue.indexOf(turn);
        if (i >= 0) this.queue.splice(i, 1);
        resolve(false);
      }, this.opts.queueWaitMs);
      this.queue.push(turn);
    });
  }

  leave(): void {
    this.inFlight--;
    const next = this.queue.shift();
    if (next) next();
  }

  /** Holds a refused answer back for `holdMs`; false when too many are held already. */
  async hold(): Promise<boolean> {
    if (this.opts.holdMs <= 0) return true;
    if (this.held >= this.opts.maxHeld) return false;
    this.held++;
    try {
      await new Promise((r) => setTimeout(r, this.opts.holdMs));
    } finally {
      this.held--;
    }
    return true;
  }

  get state() {
    return { inFlight: this.inFlight, queued: this.queue.length, held: this.held, windows: this.windows.size, sweeps: this.sweeps };
  }
}

/**
 * Installs the gate as the app's first onRequest hook. Call before registering any other plugin,
 * so that a refused request costs neither headers, nor a session look-up, nor a body parse.
 */
export function installPublicGate(app: FastifyInstance, gate: PublicGate): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const rule = req.routeOptions.config?.gate;
    if (!rule) return;
    const retryAfter = gate.overLimit(`${req.routeOptions.url}\u0000${req.ip}`, rule);
    if (retryAfter !== null) {
      gate.counts.limited++;
      reply.header('retry-after', String(retryAfter));
      if (!(await gate.hold())) {
        gate.counts.closed++;
        reply.header('connection', 'close');
      }
      throw new GateRefusal('RATE_LIMITED');
    }
    if (!rule.intake) return;
    if (!(await gate.enter())) {
      gate.counts.busy++;
      reply.header('retry-after', String(gate.opts.busyRetryAfterS));
      throw new GateRefusal('BUSY');
    }
    // the turn is given back once the answer is sent or the client went away, whichever comes first
    let left = false;
    const leave = () => {
      if (!left) {
        left = true;
        gate.leave();
      }
    };
    reply.raw.once('finish', leave);
    reply.raw.once('close', leave);
  });
}
