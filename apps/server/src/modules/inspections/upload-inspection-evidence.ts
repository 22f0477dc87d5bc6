/** The recording unit attaches photos and documents to its inspection (暗访 photos, 整改 records). */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@luoshi/domain';
import { runTx, type Services } from '../../platform/context.ts';
import { receiveEvidence, recordAttachments } from '../files/attach.ts';
import { ownInspection } from './access.ts';

export async function uploadInspectionEvidence(s: Services, who: { actor: Actor | null; ip: string; req: FastifyRequest }, id: string) {
  await ownInspection(s.db.kysely, who.actor, id);
  const files = await receiveEvidence(s, who.req);
  return runTx(s, who, async (tx) => {
    await ownInspection(tx.db, tx.actor, id);
    return { items: await recordAttachments(tx, { type: 'inspection', id }, files) };
  });
}
