/**
 * 佐证材料 (R-PROG-1): the reporting unit attaches photos, scans and documents to its draft. The
 * permission and the draft state are checked before a byte is read, and again in the transaction
 * that records the files, in case the report was submitted meanwhile.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@luoshi/domain';
import { runTx, type Services } from '../../platform/context.ts';
import { receiveEvidence, recordAttachments } from './attach.ts';
import { draftForEvidence } from './owners.ts';

export async function uploadReportEvidence(s: Services, who: { actor: Actor | null; ip: string; req: FastifyRequest }, reportId: string) {
  await draftForEvidence(s.db.kysely, who.actor, reportId);
  const files = await receiveEvidence(s, who.req);
  return runTx(s, who, async (tx) => {
    await draftForEvidence(tx.db, tx.actor, reportId);
    return { items: await recordAttachments(tx, { type: 'report', id: reportId }, files) };
  });
}
