import type { Kysely } from 'kysely';
import { newId } from '../../ids.ts';

/**
 * Every stage's decision on a case (受理, 办理答复, 复查, 复核) kept with who, when and the text.
 * Before this table a review or re-review decision overwrote the reply on the case row; the
 * timeline events kept each text, so the existing decisions are carried over from them. A case
 * whose event is missing gets its decision from the row (the acceptance note; the stored reply for
 * the latest decided stage, the only text the row still holds).
 */
const STAGE_OF_EVENT: Record<string, string> = {
  accepted: 'acceptance',
  not_accepted: 'acceptance',
  replied: 'reply',
  review_decided: 'review',
  re_review_decided: 'reReview',
};

interface CaseRow {
  id: string;
  owner_unit_id: string | null;
  acceptance_on: string | null;
  accepted: number | null;
  acceptance_note: string | null;
  replied_on: string | null;
  reply: string | null;
  review_decided_on: string | null;
  re_review_decided_on: string | null;
  updated_at: string;
}
interface EventRow {
  id: string;
  case_id: string;
  at: string;
  kind: string;
  actor_name: string | null;
  note: string;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('case_decisions_case_idx').on('case_decisions').columns(['case_id', 'at']).execute();

  const cases = (await db
    .selectFrom('cases')
    .select(['id', 'owner_unit_id', 'acceptance_on', 'accepted', 'acceptance_note', 'replied_on', 'reply', 'review_decided_on', 're_review_decided_on', 'updated_at'])
    .where((eb) => eb.or([eb('acceptance_on', 'is not', null), eb('replied_on', 'is not', null)]))
    .execute()) as CaseRow[];
  if (!cases.length) return;
  const events = (await db
    .selectFrom('case_events')
    .select(['id', 'case_id', 'at', 'kind', 'actor_name', 'note'])
    .where('kind', 'in', Object.keys(STAGE_OF_EVENT))
    .orderBy('at')
    .orderBy('id')
    .execute()) as EventRow[];
  const byCase = new Map<string, EventRow[]>();
  for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);

  const rows: Record<string, unknown>[] = [];
  for (const c of cases) {
    const stages: { stage: string; on: string | null; outcome: string | null; fallback: string | null }[] = [
      { stage: 'acceptance', on: c.acceptance_on, outcome: c.accepted === null ? null : c.accepted === 1 ? 'accepted' : 'not_accepted', fallback: c.acceptance_note ?? '' },
      { stage: 'reply', on: c.replied_on, outcome: null, fallback: null },
      { stage: 'review', on: c.review_decided_on, outcome: null, fallback: null },
      { stage: 'reReview', on: c.re_review_decided_on, outcome: null, fallback: null },
    ];
    // the stored reply is the text of the latest decided stage
    const latest = [...stages].reverse().find((s) => s.stage !== 'acceptance' && s.on);
    if (latest) latest.fallback = c.reply ?? '';
    const own = byCase.get(c.id) ?? [];
    for (const s of stages) {
      if (!s.on) continue;
      const e = own.filter((x) => STAGE_OF_EVENT[x.kind] === s.stage).pop();
      if (!e && s.fallback === null) continue;
      rows.push({
        id: e?.id ?? newId(Date.parse(c.updated_at) || Date.now()),
        case_id: c.id,
        stage: s.stage,
        outcome: s.outcome,
        decided_on: s.on,
        at: e?.at ?? c.updated_at,
        actor_id: null,
        actor_name: e?.actor_name ?? null,
        unit_id: c.owner_unit_id,
        text: e ? e.note : (s.fallback ?? ''),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('case_decisions').values(rows.slice(i, i + 200)).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
