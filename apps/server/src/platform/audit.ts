/**
 * Appends to the hash-chained audit log inside the caller's transaction: the change and its entry
 * commit together or not at all. On PostgreSQL an advisory lock orders concurrent appenders.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AUDIT_GENESIS, canonicalAudit, findBrokenLink, type AuditContent } from '@luoshi/domain';
import type { DB } from './db/schema.ts';
import type { Dialect } from './db/connect.ts';

export const sm3 = (text: string): string => createHash('sm3').update(text, 'utf8').digest('hex');

const AUDIT_LOCK_KEY = 7_711_001;

export interface AuditActor {
  userId: string | null;
  name: string | null;
  ip: string | null;
}

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

function toText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return JSON.stringify(v);
}

/**
 * Both databases store a lone surrogate as U+FFFD, so the hash must be taken over that same text,
 * or the entry would never verify again (a sign-in attempt with such a username broke the chain).
 */
function wellFormed(s: string | null): string | null {
  return s === null ? null : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function contentOf(seq: number, actor: AuditActor, at: string, input: AuditInput): AuditContent {
  return {
    seq,
    at,
    actorUserId: wellFormed(actor.userId),
    actorName: wellFormed(actor.name),
    action: wellFormed(input.action)!,
    entityType: wellFormed(input.entityType)!,
    entityId: wellFormed(input.entityId ?? null),
    before: toText(input.before),
    after: toText(input.after),
    ip: wellFormed(actor.ip),
  };
}

function rowOf(content: AuditContent, prevHash: string, hash: string) {
  return {
    seq: content.seq,
    at: content.at,
    actor_user_id: content.actorUserId,
    actor_name: content.actorName,
    action: content.action,
    entity_type: content.entityType,
    entity_id: content.entityId,
    before: content.before,
    after: content.after,
    ip: content.ip,
    prev_hash: prevHash,
    hash,
  };
}

async function lastEntry(trx: Transaction<DB>, dialect: Dialect) {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  return trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function appendAudit(
  trx: Transaction<DB>,
  dialect: Dialect,
  actor: AuditActor,
  at: string,
  input: AuditInput,
): Promise<number> {
  const last = await lastEntry(trx, dialect);
  const content = contentOf((last ? Number(last.seq) : 0) + 1, actor, at, input);
  const prevHash = last?.hash ?? AUDIT_GENESIS;
  await trx.insertInto('audit_log').values(rowOf(content, prevHash, sm3(canonicalAudit(content, prevHash)))).execute();
  return content.seq;
}

/**
 * Appends many entries at once (a bulk import writes one per task): the same chain and the same
 * entries as one appendAudit call each, hashed in memory and inserted in batches.
 */
export async function appendAuditMany(
  trx: Transaction<DB>,
  dialect: Dialect,
  actor: AuditActor,
  at: string,
  inputs: AuditInput[],
): Promise<void> {
  if (inputs.length === 0) return;
  const last = await lastEntry(trx, dialect);
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? AUDIT_GENESIS;
  const rows = inputs.map((input) => {
    const content = contentOf(++seq, actor, at, input);
    const hash = sm3(canonicalAudit(content, prevHash));
    const row = rowOf(content, prevHash, hash);
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
}

/** Walks the whole chain in pages; reports the first broken link. */
export async function verifyAuditChain(
  db: Kysely<DB>,
): Promise<{ ok: boolean; entries: number; brokenAt: number | null; reason: string | null }> {
  let prev = AUDIT_GENESIS;
  let nextSeq = 1;
  let count = 0;
  const page = 5000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', nextSeq)
      .orderBy('seq')
      .limit(page)
      .execute();
    if (rows.length === 0) break;
    const entries = rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actorUserId: r.actor_user_id,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    const broken = findBrokenLink(entries, sm3, prev, nextSeq);
    if (broken) return { ok: false, entries: count + entries.filter((e) => e.seq < broken.seq).length, brokenAt: broken.seq, reason: broken.reason };
    count += entries.length;
    prev = entries[entries.length - 1]!.hash;
    nextSeq = entries[entries.length - 1]!.seq + 1;
    if (rows.length < page) break;
  }
  return { ok: true, entries: count, brokenAt: null, reason: null };
}
