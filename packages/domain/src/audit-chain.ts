/**
 * The audit log is a hash chain: each entry's hash covers its content and the previous hash, so
 * changing, removing or reordering any row breaks every link after it.
 */
export interface AuditContent {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}

export const AUDIT_GENESIS = '0'.repeat(64);

/** Canonical text of an entry: fixed field order, JSON-escaped, so the hash is reproducible. */
export function canonicalAudit(entry: AuditContent, prevHash: string): string {
  return JSON.stringify([
    entry.seq,
    entry.at,
    entry.actorUserId,
    entry.actorName,
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.before,
    entry.after,
    entry.ip,
    prevHash,
  ]);
}

export type Hasher = (text: string) => string;

/** Finds the first entry whose link does not hold; null if the whole chain verifies. */
export function findBrokenLink(
  entries: Iterable<AuditContent & { prevHash: string; hash: string }>,
  hash: Hasher,
  startPrev: string = AUDIT_GENESIS,
  startSeq = 1,
): { seq: number; reason: 'gap' | 'prev-mismatch' | 'hash-mismatch' } | null {
  let prev = startPrev;
  let expectedSeq = startSeq;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { seq: expectedSeq, reason: 'gap' };
    if (e.prevHash !== prev) return { seq: e.seq, reason: 'prev-mismatch' };
    if (hash(canonicalAudit(e, e.prevHash)) !== e.hash) return { seq: e.seq, reason: 'hash-mismatch' };
    prev = e.hash;
    expectedSeq++;
  }
  return null;
}
