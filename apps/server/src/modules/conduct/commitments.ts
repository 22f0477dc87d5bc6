/**
 * 公开承诺 (R-FIVE-2): a unit answers the problems the public reported with a rectification plan
 * (整改方案) and commitments, each with a due date. Both are nodes of the task tree under a campaign
 * goal, of the source kind 'commitment' — the plan a project, each commitment a task — so progress
 * reports, lights, the sweep and the supervision ladder treat a late commitment like any late task.
 * The unit's principal (or the office) publishes the plan, and the portal shows it with how each
 * commitment stands.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate, type Actor, type FieldIssue, type LightResult, type TaskStatus } from '@luoshi/domain';
import type { BodyT, conduct } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { canReadTask, treeContext } from '../tasks/read-tasks.ts';
import * as taskRepo from '../tasks/repo.ts';
import { checkShape, firstTermFrom } from '../tasks/shape.ts';

type Q = Kysely<DB>;
const ROLES = ['principal', 'deputy', 'handler'] as const;

function fail(issues: FieldIssue[]): never {
  throw new LuoshiError('VALIDATION_FAILED', { issues });
}

async function nextCode(db: Q, campaignId: string, parentId: string): Promise<string> {
  const parent = await db.selectFrom('tasks').select('code').where('id', '=', parentId).executeTakeFirstOrThrow();
  const siblings = await db.selectFrom('tasks').select('code').where('campaign_id', '=', campaignId).where('parent_id', '=', parentId).execute();
  const last = siblings.map((s) => Number(s.code.split('.').at(-1))).filter(Number.isFinite);
  return `${parent.code}.${(last.length ? Math.max(...last) : 0) + 1}`;
}

interface NodeInput {
  campaignId: string;
  parentId: string;
  nodeType: 'project' | 'task';
  title: string;
  description: string;
  sourceRef: string | null;
  acceptanceStandard: string;
  leadUnitId: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  published: boolean;
}

/** Inserts a commitment node with the rules of every task node and the unit's leaders as its responsible people. */
async function insertNode(tx: Tx, n: NodeInput): Promise<string> {
  const issues = await checkShape(
    tx.db,
    { campaignId: n.campaignId, parentId: n.parentId, nodeType: n.nodeType, streamKey: null, listId: null, leadUnitId: n.leadUnitId, cooperatingUnitIds: [], postId: null, plannedStart: n.plannedStart, plannedEnd: n.plannedEnd, obstacleKind: null, coordinatorPersonId: null },
    null,
  );
  if (issues.length) fail(issues);
  const id = newId(tx.now.getTime());
  const row = {
    id,
    campaign_id: n.campaignId,
    parent_id: n.parentId,
    code: await nextCode(tx.db, n.campaignId, n.parentId),
    node_type: n.nodeType,
    title: n.title,
    description: n.description,
    stream_key: null,
    source_kind: 'commitment',
    source_ref: n.sourceRef,
    list_id: null,
    priority: 'normal',
    lead_unit_id: n.leadUnitId,
    post_id: null,
    acceptance_standard: n.acceptanceStandard,
    planned_start: n.plannedStart,
    planned_end: n.plannedEnd,
    actual_start: null,
    actual_end: null,
    weight: 1,
    progress: 0,
    status: 'not_started',
    obstacle_kind: null,
    light: null,
    coordinator_person_id: null,
    published: n.published ? 1 : 0,
    row_version: 1,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
  };
  await tx.db.insertInto('tasks').values(row).execute();
  const holders = await taskRepo.unitHolders(tx.db, n.leadUnitId);
  const from = firstTermFrom(n.plannedStart, localDate(tx.now));
  for (const role of ROLES) {
    const personId = holders[role];
    if (personId) {
      await tx.db.insertInto('task_responsibilities').values({ id: newId(tx.now.getTime()), task_id: id, role, person_id: personId, from_date: from, to_date: null, created_at: tx.nowIso }).execute();
    }
  }
  await tx.audit({ action: 'task.create', entityType: 'task', entityId: id, after: { ...row, commitment: true } });
  return id;
}

interface Extra {
  description: string;
  acceptance_standard: string;
  published: number;
  source_ref: string | null;
}

/** The campaign's plans and commitments as the tree holds them now, with progress and lights. */
async function plansOf(db: Q, campaignId: string, now: Date, keep: (lead: string | null, coop: string[]) => boolean, onlyPlanId?: string) {
  const { rows, ctx } = await treeContext(db, campaignId, now);
  const extra = new Map<string, Extra>(
    (await db.selectFrom('tasks').select(['id', 'description', 'acceptance_standard', 'published', 'source_ref']).where('campaign_id', '=', campaignId).where('source_kind', '=', 'commitment').execute()).map((r) => [r.id, r]),
  );
  const light = (id: string): LightResult => ctx.lights.get(id)!;
  return rows
    .filter((r) => r.source_kind === 'commitment' && r.node_type === 'project' && (!onlyPlanId || r.id === onlyPlanId) && keep(r.lead_unit_id, ctx.cooperators.get(r.id) ?? []))
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
    .map((p) => ({
      id: p.id,
      code: p.code,
      goalId: p.parent_id,
      unitId: p.lead_unit_id!,
      unitName: ctx.unitNames.get(p.lead_unit_id!) ?? '',
      title: p.title,
      plan: extra.get(p.id)?.description ?? '',
      published: extra.get(p.id)?.published === 1,
      progress: ctx.rollup.get(p.id)?.progress ?? 0,
      commitments: rows
        .filter((c) => c.parent_id === p.id)
        .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
        .map((c) => ({
          id: c.id,
          code: c.code,
          title: c.title,
          problem: extra.get(c.id)?.source_ref ?? '',
          commitment: extra.get(c.id)?.description ?? '',
          acceptanceStandard: extra.get(c.id)?.acceptance_standard ?? '',
          plannedEnd: c.planned_end,
          status: c.status as TaskStatus,
          progress: ctx.rollup.get(c.id)?.progress ?? Number(c.progress),
          light: light(c.id).light,
          lightText: light(c.id).zh,
          actualEnd: c.actual_end,
          published: extra.get(c.id)?.published === 1,
        })),
    }));
}

export async function listCommitments(db: Q, actor: Actor, campaignId: string, unitId: string | undefined, now: Date) {
  requireCan(actor, 'task.read');
  const campaign = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const goals = await db.selectFrom('tasks').select(['id', 'code', 'title']).where('campaign_id', '=', campaignId).where('node_type', '=', 'goal').execute();
  goals.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  return { items: await plansOf(db, campaignId, now, (lead, coop) => canReadTask(actor, lead, coop) && (!unitId || lead === unitId)), goals };
}

async function findPlan(db: Q, id: string) {
  const plan = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!plan || plan.source_kind !== 'commitment' || plan.node_type !== 'project' || !plan.lead_unit_id) throw new LuoshiError('NOT_FOUND');
  return plan;
}

async function onePlan(db: Q, plan: { id: string; campaign_id: string }, now: Date) {
  return (await plansOf(db, plan.campaign_id, now, () => true, plan.id))[0]!;
}

export async function createCommitmentPlan(tx: Tx, campaignId: string, input: BodyT<typeof conduct.createCommitmentPlan>) {
  requireCan(tx.actor, 'commitment.write', { unitId: input.unitId });
  const campaign = await tx.db.selectFrom('campaigns').select(['id', 'end_date']).where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const goal = await tx.db.selectFrom('tasks').select(['campaign_id', 'node_type', 'planned_end']).where('id', '=', input.goalId).executeTakeFirst();
  if (!goal || goal.campaign_id !== campaignId || goal.node_type !== 'goal') fail([{ path: 'goalId', zh: '请选择本活动的一个目标', en: 'choose a goal of this campaign' }]);
  const id = await insertNode(tx, {
    campaignId,
    parentId: input.goalId,
    nodeType: 'project',
    title: input.title,
    description: `群众反映的问题:\n${input.problems}\n\n整改方案:\n${input.plan}`,
    sourceRef: null,
    acceptanceStandard: '',
    leadUnitId: input.unitId,
    plannedStart: null,
    plannedEnd: goal.planned_end ?? campaign.end_date,
    published: false,
  });
  return onePlan(tx.db, { id, campaign_id: campaignId }, tx.now);
}

export async function addCommitment(tx: Tx, planId: string, input: BodyT<typeof conduct.addCommitment>) {
  const plan = await findPlan(tx.db, planId);
  requireCan(tx.actor, 'commitment.write', { unitId: plan.lead_unit_id! });
  if (plan.status === 'completed' || plan.status === 'cancelled') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'planId', zh: '整改方案已办结或撤销', en: 'the plan is closed' }] });
  await insertNode(tx, {
    campaignId: plan.campaign_id,
    parentId: planId,
    nodeType: 'task',
    title: input.title,
    description: input.commitment,
    sourceRef: input.problem,
    acceptanceStandard: input.acceptanceStandard,
    leadUnitId: plan.lead_unit_id!,
    plannedStart: input.plannedStart,
    plannedEnd: input.plannedEnd,
    published: plan.published === 1,
  });
  return onePlan(tx.db, plan, tx.now);
}

export async function publishCommitmentPlan(tx: Tx, planId: string) {
  const plan = await findPlan(tx.db, planId);
  requireCan(tx.actor, 'commitment.publish', { unitId: plan.lead_unit_id! });
  const children = await tx.db.selectFrom('tasks').select(['id', 'published']).where('parent_id', '=', planId).execute();
  if (!children.length) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'planId', zh: '整改方案尚无承诺事项', en: 'the plan has no commitment yet' }] });
  const ids = [planId, ...children.map((c) => c.id)];
  await tx.db.updateTable('tasks').set((eb) => ({ published: 1, row_version: eb('row_version', '+', 1), updated_at: tx.nowIso })).where('id', 'in', ids).execute();
  await tx.audit({ action: 'commitment.publish', entityType: 'task', entityId: planId, before: { published: plan.published === 1 }, after: { published: true, tasks: ids } });
  return onePlan(tx.db, plan, tx.now);
}

/** What the public sees: published plans and commitments, with progress and lights, no people. */
export async function portalCommitments(db: Q, campaignId: string, now: Date) {
  const campaign = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const plans = await plansOf(db, campaignId, now, () => true);
  return {
    items: plans
      .filter((p) => p.published)
      .map(({ goalId: _g, published: _p, unitId: _u, ...p }) => ({ ...p, commitments: p.commitments.filter((c) => c.published).map(({ published: _x, ...c }) => c) })),
  };
}
