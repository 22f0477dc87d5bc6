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
  await recordEvents(tx, [{ row, kind, ...e }]);
}

type EventRow = Pick<CasesTable, 'id' | 'number' | 'email_enc'>;

/**
 * Several events at once (the sweep records one per case it proposes for 督办): the same rows as
 * one recordEvent each, written in a few statements.
 */
export async function recordEvents(tx: Tx, list: (EventInput & { row: EventRow; kind: string })[]): Promise<void> {
  if (!list.length) return;
  const events = [];
  const messages = [];
  const mails: { row: EventRow; kind: string; id: string; subject: string; body: string }[] = [];
  for (const e of list) {
    const isPublic = e.public ?? true;
    const n = (sequence.get(tx) ?? 0) + 1;
    sequence.set(tx, n);
    events.push({
      id: newId(tx.now.getTime() + n),
      case_id: e.row.id,
      at: tx.nowIso,
      kind: e.kind,
      actor_name: tx.actor?.displayName ?? null,
      from_unit_id: e.fromUnitId ?? null,
      to_unit_id: e.toUnitId ?? null,
      note: e.note ?? '',
      public: isPublic ? 1 : 0,
    });
    if (!isPublic) continue;
    const label = EVENT_LABELS[e.kind] ?? { zh: e.kind, en: e.kind };
    const note = PUBLIC_NOTE_KINDS.has(e.kind) && e.note ? `\n${e.note}` : '';
    const id = newId(tx.now.getTime() + n);
    const subject = `您反映的问题 ${e.row.number}:${label.zh} / Your case ${e.row.number}: ${label.en}`;
    const body = `编号 ${e.row.number} 的办理进展:${label.zh}。${note}\n可凭编号和查询码在门户网站查询。\nCase ${e.row.number}: ${label.en}. Look it up on the portal with its number and check code.`;
    messages.push({
      id,
      case_id: e.row.id,
      channel: e.row.email_enc ? 'email' : 'record',
      recipient_enc: e.row.email_enc,
      subject,
      body,
      created_at: tx.nowIso,
      sent_at: null,
    });
    if (e.row.email_enc) mails.push({ row: e.row, kind: e.kind, id, subject, body });
  }
  for (let i = 0; i < events.length; i += 500) await tx.db.insertInto('case_events').values(events.slice(i, i + 500)).execute();
  for (let i = 0; i < messages.length; i += 500) await tx.db.insertInto('case_messages').values(messages.slice(i, i + 500)).execute();
  if (!mails.length || !smtpActive((await readSmtp(tx.db)).smtp)) return;
  for (const m of mails) {
    await insertDelivery(tx.db, tx.nowIso, {
      channel: 'email',
      target: m.row.email_enc!,
      message: { kind: `case.${m.kind}`, title: m.subject, body: m.body, link: `/portal#lookup=${encodeURIComponent(m.row.number)}` },
      dedupeKey: `${CASE_MESSAGE_KEY}${m.id}`,
    });
  }
}
