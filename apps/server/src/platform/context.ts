/** What every use case receives: the services of the process and the transaction it runs in. */
import type { Transaction } from 'kysely';
import type { Actor, Clock } from '@luoshi/domain';
import { LuoshiError, can, type Action, type UnitResource } from '@luoshi/domain';
import type { Db, Dialect } from './db/connect.ts';
import type { DB } from './db/schema.ts';
import type { Config } from './config.ts';
import { appendAudit, appendAuditMany, type AuditActor, type AuditInput } from './audit.ts';
import type { FileStore } from './files/store.ts';

export interface Services {
  db: Db;
  clock: Clock;
  config: Config;
  /** where evidence bytes live (local disk, or an S3-compatible store) */
  files: FileStore;
}

/** A unit of work: one transaction, one instant, one actor, and the audit writer bound to them. */
export interface Tx {
  db: Transaction<DB>;
  dialect: Dialect;
  now: Date;
  nowIso: string;
  actor: Actor | null;
  audit(input: AuditInput): Promise<void>;
  /** many entries at once, on the same chain as one audit() call each (bulk paths: imports, the sweep) */
  auditMany(inputs: AuditInput[]): Promise<void>;
}

export function auditActorOf(actor: Actor | null, ip: string | null): AuditActor {
  return { userId: actor?.userId ?? null, name: actor ? `${actor.displayName}(${actor.username})` : null, ip };
}

/** Runs `fn` in one transaction; the audit entries it writes commit with it or not at all. */
export async function runTx<T>(
  services: Services,
  who: { actor: Actor | null; ip: string | null; auditAs?: AuditActor },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const now = services.clock.now();
  const nowIso = now.toISOString();
  const auditActor = who.auditAs ?? auditActorOf(who.actor, who.ip);
  return services.db.kysely.transaction().execute(async (trx) =>
    fn({
      db: trx,
      dialect: services.db.dialect,
      now,
      nowIso,
      actor: who.actor,
      audit: async (input) => {
        await appendAudit(trx, services.db.dialect, auditActor, nowIso, input);
      },
      auditMany: (inputs) => appendAuditMany(trx, services.db.dialect, auditActor, nowIso, inputs),
    }),
  );
}

/** Throws FORBIDDEN unless the declared policy allows it. */
export function requireCan(actor: Actor | null, action: Action, resource?: UnitResource): Actor {
  if (!actor) throw new LuoshiError('UNAUTHENTICATED');
  if (!can(actor, action, resource)) throw new LuoshiError('FORBIDDEN', { detail: { action } });
  return actor;
}

export function notFoundUnless<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new LuoshiError('NOT_FOUND');
  return value;
}
