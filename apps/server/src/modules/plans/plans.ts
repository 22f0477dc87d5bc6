/**
 * Unit implementation plans (R-PLAN-2): the unit's staff draft, its principal submits by the
 * policy's deadline, the office accepts or returns with comments. Every version is kept; a
 * returned plan is redrafted as a new version.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate, readableUnitIds, type Actor } from '@luoshi/domain';
import type { BodyT, campaigns } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { policyFor } from '../campaigns/policy.ts';

type Q = Kysely<DB>;
type PlanStatus = 'missing' | 'draft' | 'submitted' | 'accepted' | 'returned';

async function deadlineOf(db: Q, campaignId: string, now: Date) {
  const c = await db.selectFrom('campaigns').select(['id']).where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  return (await policyFor(db, campaignId, now)).deadlines.planSubmission;
}

/** Late when first submitted after the deadline's local day, or not yet submitted after it. */
function isLate(deadline: string | null, firstSubmittedAt: string | null, now: Date): boolean {
  if (!deadline) return false;
  if (firstSubmittedAt) return localDate(new Date(firstSubmittedAt)) > deadline;
  return localDate(now) > deadline;
}

export async function presentPlan(db: Q, campaignId: string, unitId: string, now: Date) {
  const unit = await db.selectFrom('units').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new LuoshiError('NOT_FOUND');
  const deadline = await deadlineOf(db, campaignId, now);
  const plan = await db.selectFrom('unit_plans').selectAll().where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).executeTakeFirst();
  const versions = plan
    ? await db.selectFrom('unit_plan_versions').selectAll().where('plan_id', '=', plan.id).orderBy('version', 'desc').execute()
    : [];
  return {
    campaignId,
    unitId,
    unitName: unit.name,
    status: (plan?.status ?? 'missing') as PlanStatus,
    deadline,
    late: isLate(deadline, plan?.first_submitted_at ?? null, now),
    firstSubmittedAt: plan?.first_submitted_at ?? null,
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status as Exclude<PlanStatus, 'missing'>,
      content: JSON.parse(v.content),
      draftedBy: v.drafted_by,
      draftedAt: v.drafted_at,
      submittedBy: v.submitted_by,
      submittedAt: v.submitted_at,
      reviewedBy: v.reviewed_by,
      reviewedAt: v.reviewed_at,
      reviewComment: v.review_comment,
    })),
  };
}

export async function getUnitPlan(db: Q, actor: Actor, campaignId: string, unitId: string, now: Date) {
  requireCan(actor, 'plan.read', { unitId });
  return presentPlan(db, campaignId, unitId, now);
}

/** The office's overview: every active unit (but the government itself) and where its plan stands. */
export async function planOverview(db: Q, actor: Actor, campaignId: string, now: Date) {
  requireCan(actor, 'plan.overview');
  const deadline = await deadlineOf(db, campaignId, now);
  // a deputy county head sees the units in his charge
  const readable = readableUnitIds(actor);
  const units = await db.selectFrom('units').select(['id', 'name', 'kind', 'functions', 'sort_order']).where('active', '=', 1).orderBy('sort_order').orderBy('name').execute();
  const plans = await db.selectFrom('unit_plans').selectAll().where('campaign_id', '=', campaignId).execute();
  const byUnit = new Map(plans.map((p) => [p.unit_id, p]));
  const comments = plans.length
    ? await db
        .selectFrom('unit_plan_versions')
        .select(['plan_id', 'version', 'review_comment'])
        .where('plan_id', 'in', plans.map((p) => p.id))
        .where('review_comment', 'is not', null)
        .execute()
    : [];
  const lastComment = new Map<string, { v: number; c: string }>();
  for (const c of comments) {
    const cur = lastComment.get(c.plan_id);
    if (!cur || c.version > cur.v) lastComment.set(c.plan_id, { v: c.version, c: c.review_comment! });
  }
  return {
    deadline,
    items: units
      .filter((u) => !(JSON.parse(u.functions) as string[]).includes('government') && (readable === null || readable.includes(u.id)))
      .map((u) => {
        const p = byUnit.get(u.id);
        return {
          unitId: u.id,
          unitName: u.name,
          unitKind: u.kind,
          status: (p?.status ?? 'missing') as PlanStatus,
          version: p?.current_version ?? 0,
          firstSubmittedAt: p?.first_submitted_at ?? null,
          late: isLate(deadline, p?.first_submitted_at ?? null, now),
          lastComment: p ? (lastComment.get(p.id)?.c ?? null) : null,
        };
      }),
  };
}

export async function saveUnitPlan(tx: Tx, campaignId: string, unitId: string, content: BodyT<typeof campaigns.saveUnitPlan>) {
  const actor = requireCan(tx.actor, 'plan.draft', { unitId });
  await deadlineOf(tx.db, campaignId, tx.now);
  const plan = await tx.db.selectFrom('unit_plans').selectAll().where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).executeTakeFirst();
  const text = JSON.stringify(content);
  if (!plan) {
    const id = newId(tx.now.getTime());
    await tx.db.insertInto('unit_plans').values({ id, campaign_id: campaignId, unit_id: unitId, status: 'draft', current_version: 1, first_submitted_at: null, updated_at: tx.nowIso }).execute();
    await tx.db
      .insertInto('unit_plan_versions')
      .values({ id: newId(tx.now.getTime()), plan_id: id, version: 1, content: text, status: 'draft', drafted_by: actor.displayName, drafted_at: tx.nowIso, submitted_by: null, submitted_at: null, reviewed_by: null, reviewed_at: null, review_comment: null })
      .execute();
    await tx.audit({ action: 'plan.draft', entityType: 'unit_plan', entityId: id, after: { version: 1, content } });
  } else if (plan.status === 'draft') {
    const before = await tx.db.selectFrom('unit_plan_versions').select('content').where('plan_id', '=', plan.id).where('version', '=', plan.current_version).executeTakeFirstOrThrow();
    await tx.db
      .updateTable('unit_plan_versions')
      .set({ content: text, drafted_by: actor.displayName, drafted_at: tx.nowIso })
      .where('plan_id', '=', plan.id)
      .where('version', '=', plan.current_version)
      .execute();
    await tx.db.updateTable('unit_plans').set({ updated_at: tx.nowIso }).where('id', '=', plan.id).execute();
    await tx.audit({ action: 'plan.draft', entityType: 'unit_plan', entityId: plan.id, before: JSON.parse(before.content), after: { version: plan.current_version, content } });
  } else if (plan.status === 'returned') {
    const version = plan.current_version + 1;
    await tx.db
      .insertInto('unit_plan_versions')
      .values({ id: newId(tx.now.getTime()), plan_id: plan.id, version, content: text, status: 'draft', drafted_by: actor.displayName, drafted_at: tx.nowIso, submitted_by: null, submitted_at: null, reviewed_by: null, reviewed_at: null, review_comment: null })
      .execute();
    await tx.db.updateTable('unit_plans').set({ status: 'draft', current_version: version, updated_at: tx.nowIso }).where('id', '=', plan.id).execute();
    await tx.audit({ action: 'plan.redraft', entityType: 'unit_plan', entityId: plan.id, after: { version, content } });
  } else {
    throw new LuoshiError('INVALID_STATE', {
      issues: [{ path: 'status', zh: plan.status === 'accepted' ? '方案已通过,不能再修改' : '方案已报送,等待审核', en: plan.status === 'accepted' ? 'the plan was accepted' : 'the plan awaits review' }],
    });
  }
  return presentPlan(tx.db, campaignId, unitId, tx.now);
}

export async function submitUnitPlan(tx: Tx, campaignId: string, unitId: string) {
  const actor = requireCan(tx.actor, 'plan.submit', { unitId });
  const plan = await tx.db.selectFrom('unit_plans').selectAll().where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).executeTakeFirst();
  if (!plan || plan.status !== 'draft') {
    throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '没有待报送的方案草稿', en: 'there is no draft to submit' }] });
  }
  await tx.db
    .updateTable('unit_plan_versions')
    .set({ status: 'submitted', submitted_by: actor.displayName, submitted_at: tx.nowIso })
    .where('plan_id', '=', plan.id)
    .where('version', '=', plan.current_version)
    .execute();
  await tx.db
    .updateTable('unit_plans')
    .set({ status: 'submitted', first_submitted_at: plan.first_submitted_at ?? tx.nowIso, updated_at: tx.nowIso })
    .where('id', '=', plan.id)
    .execute();
  await tx.audit({ action: 'plan.submit', entityType: 'unit_plan', entityId: plan.id, after: { version: plan.current_version } });
  return presentPlan(tx.db, campaignId, unitId, tx.now);
}

export async function reviewUnitPlan(tx: Tx, campaignId: string, unitId: string, input: BodyT<typeof campaigns.reviewUnitPlan>) {
  const actor = requireCan(tx.actor, 'plan.review');
  const plan = await tx.db.selectFrom('unit_plans').selectAll().where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).executeTakeFirst();
  if (!plan || plan.status !== 'submitted') {
    throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '该方案不在待审核状态', en: 'the plan is not awaiting review' }] });
  }
  if (input.decision === 'return' && !input.comment) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'comment', zh: '退回须填写修改意见', en: 'a return needs comments' }] });
  }
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  await tx.db
    .updateTable('unit_plan_versions')
    .set({ status, reviewed_by: actor.displayName, reviewed_at: tx.nowIso, review_comment: input.comment || null })
    .where('plan_id', '=', plan.id)
    .where('version', '=', plan.current_version)
    .execute();
  await tx.db.updateTable('unit_plans').set({ status, updated_at: tx.nowIso }).where('id', '=', plan.id).execute();
  await tx.audit({ action: `plan.${input.decision}`, entityType: 'unit_plan', entityId: plan.id, after: { version: plan.current_version, comment: input.comment } });
  return presentPlan(tx.db, campaignId, unitId, tx.now);
}
