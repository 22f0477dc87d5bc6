/**
 * The case timeline, and the submitter told of every change (SPEC §11: citizens who never hear
 * back). Each event that the citizen may see also leaves a message: recorded for the look-up page
 * and, when an address was given and an SMTP server is configured, queued in the delivery outbox
 * in the same transaction (sent, retried and listed like every other e-mail). The outbox row keeps
 * the address sealed as it is stored on the case; the worker opens it only to send.
 */
import type { CasesTable } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { CASE_MESSAGE_KEY, insertDelivery } from '../../platform/delivery/enqueue.ts';
import { readSmtp, smtpActive } from '../../platform/delivery/settings.ts';
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
  const message = {
    id: newId(tx.now.getTime() + n),
    subject: `您反映的问题 ${row.number}:${label.zh} / Your case ${row.number}: ${label.en}`,
    body: `编号 ${row.number} 的办理进展:${label.zh}。${note}\n可凭编号和查询码在门户网站查询。\nCase ${row.number}: ${label.en}. Look it up on the portal with its number and check code.`,
  };
  await tx.db
    .insertInto('case_messages')
    .values({
      id: message.id,
      case_id: row.id,
      channel: row.email_enc ? 'email' : 'record',
      recipient_enc: row.email_enc,
      subject: message.subject,
      body: message.body,
      created_at: tx.nowIso,
      sent_at: null,
    })
    .execute();
  if (row.email_enc && smtpActive((await readSmtp(tx.db)).smtp)) {
    await insertDelivery(tx.db, tx.nowIso, {
      channel: 'email',
      target: row.email_enc,
      message: { kind: `case.${kind}`, title: message.subject, body: message.body, link: `/portal#lookup=${encodeURIComponent(row.number)}` },
      dedupeKey: `${CASE_MESSAGE_KEY}${message.id}`,
    });
  }
}
