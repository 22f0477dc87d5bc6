/**
 * The decisions of a case, one per stage (受理, 办理答复, 复查, 复核), with who, when and the text.
 * The case row keeps the latest reply in `reply` (the meaning old clients read); this history
 * keeps every stage, so a review or re-review no longer loses the earlier text.
 */
import type { Kysely } from 'kysely';
import { localDate, type Lang } from '@luoshi/domain';
import type { CaseDecisionsTable, CasesTable, DB } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';

export const DECISION_STAGES = ['acceptance', 'reply', 'review', 'reReview'] as const;
export type DecisionStage = (typeof DECISION_STAGES)[number];

export const DECISION_STAGE_LABELS: Record<DecisionStage, { zh: string; en: string }> = {
  acceptance: { zh: '受理', en: 'Acceptance' },
  reply: { zh: '办理答复', en: 'Reply' },
  review: { zh: '复查', en: 'Review' },
  reReview: { zh: '复核', en: 'Re-review' },
};

/** Writes one decision in the caller's transaction (the case change carries the audit entry). */
export async function recordDecision(tx: Tx, row: CasesTable, stage: DecisionStage, text: string, outcome: 'accepted' | 'not_accepted' | null = null): Promise<CaseDecisionsTable> {
  const d: CaseDecisionsTable = {
    id: newId(tx.now.getTime()),
    case_id: row.id,
    stage,
    outcome,
    decided_on: localDate(tx.now),
    at: tx.nowIso,
    actor_id: tx.actor?.userId ?? null,
    actor_name: tx.actor?.displayName ?? null,
    unit_id: row.owner_unit_id,
    text,
  };
  await tx.db.insertInto('case_decisions').values(d).execute();
  return d;
}

export async function decisionsOf(db: Kysely<DB>, caseId: string, units: Map<string, string>, lang: Lang = 'zh') {
  const rows = await db.selectFrom('case_decisions').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
  return rows.map((d) => ({
    stage: d.stage as DecisionStage,
    stageLabel: DECISION_STAGE_LABELS[d.stage as DecisionStage]?.[lang] ?? d.stage,
    outcome: d.outcome as 'accepted' | 'not_accepted' | null,
    decidedOn: d.decided_on,
    at: d.at,
    actorName: d.actor_name,
    unitName: d.unit_id ? (units.get(d.unit_id) ?? null) : null,
    text: d.text,
  }));
}
