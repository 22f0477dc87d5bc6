/**
 * The case timeline, and the submitter told of every change (SPEC §11: citizens who never hear
 * back). Each event that the citizen may see also leaves a message: by e-mail when an address was
 * given (queued here for the delivery outbox to send), otherwise recorded for the look-up page.
 */
import type { CasesTable } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { EVENT_LABELS, PUBLIC_NOTE_KINDS } from './present.ts';

export interface EventInput {
  note?: string;
  fromUnitId?: string | null;
  toUnitId?: string | null;
  /** internal events (flags) are not shown to the citizen and send nothing */
  public?: boolean;
}

/** Events of one transaction share an instant; their ids still sort in the order they happened. */
const sequence = new WeakMap<Tx, number>();

export async function recordEvent(tx: Tx, row: CasesTable, kind: string, e: EventInput = {}): Promise<void> {
  const isPublic = e.public ?? true;
  const n = (sequence.get(tx) ?? 0) + 1;
  sequence.set(tx, n);
  await tx.db
    .insertInto('case_events')
    .values({
      id: newId(tx.now.getTime() + n),
      case_id: row.id,
      at: tx.nowIso,
      kind,
      actor_name: tx.actor?.displayName ?? null,
      from_unit_id: e.fromUnitId ?? null,
      to_unit_id: e.toUnitId ?? null,
      note: e.note ?? '',
      public: isPublic ? 1 : 0,
    })
    .execute();
  if (!isPublic) return;
  const label = EVENT_LABELS[kind] ?? { zh: kind, en: kind };
  const note = PUBLIC_NOTE_KINDS.has(kind) && e.note ? `\n${e.note}` : '';
  await tx.db
    .insertInto('case_messages')
    .values({
      id: newId(tx.now.getTime()),
      case_id: row.id,
      channel: row.email_enc ? 'email' : 'record',
      recipient_enc: row.email_enc,
      subject: `您反映的问题 ${row.number}:${label.zh} / Your case ${row.number}: ${label.en}`,
      body: `编号 ${row.number} 的办理进展:${label.zh}。${note}\n可凭编号和查询码在门户网站查询。\nCase ${row.number}: ${label.en}. Look it up on the portal with its number and check code.`,
      created_at: tx.nowIso,
      sent_at: null,
    })
    .execute();
}
