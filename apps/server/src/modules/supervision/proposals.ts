/**
 * Proposals from the sweep (R-ESC-7): the system finds late work and due escalations and proposes
 * them to the office; it never issues or approves by itself. A unique key per situation means a
 * proposal is made once, however often and on however many instances the sweep runs.
 */
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { QueryT, supervision } from '@luoshi/contracts';
import { LuoshiError, localDate, nextLevel, type Actor, type NoticeKind } from '@luoshi/domain';
import type { DB, ProposalsTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers, usersWithFunction } from '../../platform/notify.ts';
import type { SweepStep } from '../sweep/sweep.ts';
import { subjectTitles } from './repo.ts';
import { closeFulfilled } from './workflow.ts';
import { beyond, countOf, pageOf, readCursor, type KeyPart } from '../../platform/cursor.ts';
import { containsText } from '../../platform/db/like.ts';

type Q = Kysely<DB>;

async function present(db: Q, rows: ProposalsTable[]) {
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const titles = await subjectTitles(db, rows.map((r) => ({ type: r.subject_type, id: r.subject_id })));
  const parentIds = [...new Set(rows.map((r) => r.parent_notice_id).filter((id): id is string => id !== null))];
  const parents = new Map(
    (parentIds.length ? await db.selectFrom('notices').select(['id', 'doc_number', 'title']).where('id', 'in', parentIds).execute() : []).map((n) => [n.id, { id: n.id, docNumber: n.doc_number, title: n.title }]),
  );
  const out = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      kind: r.kind,
      subjectType: r.subject_type as 'task' | 'plan' | 'unit',
      subjectId: r.subject_id,
      subjectTitle: titles.get(`${r.subject_type}:${r.subject_id}`) ?? '',
      unitId: r.unit_id,
      unitName: units.get(r.unit_id) ?? '',
      parentNoticeId: r.parent_notice_id,
      parentNotice: r.parent_notice_id ? (parents.get(r.parent_notice_id) ?? null) : null,
      reason: r.reason,
      rule: r.rule,
      status: r.status as 'open' | 'drafted' | 'dismissed',
      createdAt: r.created_at,
      decidedBy: r.decided_by,
      decisionReason: r.decision_reason,
      noticeId: r.notice_id,
    });
  }
  return out;
}

const PROPOSAL_LIST = 'proposals';
type ProposalFilters = Omit<QueryT<typeof supervision.listProposals>, 'limit' | 'cursor'>;

/** `text` in the title of a proposal's subject as lists show it (subjectTitles): a task's code and title, a case's number and title, a unit or its plan. */
function subjectTitleContains(eb: ExpressionBuilder<DB, 'proposals'>, text: string) {
  const one = (type: string, table: 'tasks' | 'cases' | 'units', title: RawBuilder<unknown>) =>
    eb.and([eb('proposals.subject_type', '=', type), sql<SqlBool>`exists (select 1 from ${sql.table(table)} as s where s.id = proposals.subject_id and ${containsText(title, text)})`]);
  return eb.or([
    one('task', 'tasks', sql`s.code || ' ' || s.title`),
    one('case', 'cases', sql`'诉求 ' || s.number || ' ' || s.title`),
    one('unit', 'units', sql`s.name`),
    one('plan', 'units', sql`s.name || '实施方案'`),
  ]);
}

/** A campaign's proposals matching the filters, as a query to count or to page; the search finds words of the subject, the unit or the reason. */
export function proposalsMatching(db: Q, campaignId: string, q: ProposalFilters) {
  let query = db.selectFrom('proposals').where('proposals.campaign_id', '=', campaignId);
  if (q.status) query = query.where('proposals.status', '=', q.status);
  if (q.kind) query = query.where('proposals.kind', '=', q.kind);
  const text = q.q;
  if (text) {
    query = query.where((eb) =>
      eb.or([
        containsText(sql.ref('proposals.reason'), text),
        eb.exists(eb.selectFrom('units as u').select(sql`1`.as('x')).whereRef('u.id', '=', 'proposals.unit_id').where(containsText(sql.ref('u.name'), text))),
        subjectTitleContains(eb, text),
      ]),
    );
  }
  return query;
}

/** One page of those proposals, newest first (created, then id), after the cursor's: `limit + 1` rows. */
export function proposalPage(matching: ReturnType<typeof proposalsMatching>, after: KeyPart[] | null, limit: number) {
  return (after ? matching.where(beyond(['proposals.created_at', 'proposals.id'], 'desc', after)) : matching)
    .selectAll('proposals')
    .orderBy('proposals.created_at', 'desc')
    .orderBy('proposals.id', 'desc')
    .limit(limit + 1);
}

/** A page of a campaign's proposals (the office's business), with the true count of those matching the filters. */
export async function listProposals(db: Q, actor: Actor, campaignId: string, q: QueryT<typeof supervision.listProposals>) {
  requireCan(actor, 'proposal.manage');
  const after = q.cursor ? readCursor(PROPOSAL_LIST, q.cursor, ['string', 'string']) : null;
  const matching = proposalsMatching(db, campaignId, q);
  const counted = await matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const page = pageOf(PROPOSAL_LIST, await proposalPage(matching, after, q.limit).execute(), q.limit, (r) => [r.created_at, r.id]);
  return { items: await present(db, page.rows), nextCursor: page.nextCursor, total: countOf(counted) };
}

export async function dismissProposal(tx: Tx, id: string, reason: string) {
  const actor = requireCan(tx.actor, 'proposal.manage');
  const p = await tx.db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new LuoshiError('NOT_FOUND');
  if (p.status !== 'open') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '该建议已处理', en: 'the proposal was handled' }] });
  const next = { status: 'dismissed', decided_by: actor.displayName, decided_at: tx.nowIso, decision_reason: reason };
  await tx.db.updateTable('proposals').set(next).where('id', '=', id).execute();
  await tx.audit({ action: 'proposal.dismiss', entityType: 'proposal', entityId: id, before: p, after: { ...p, ...next } });
  return (await present(tx.db, [{ ...p, ...next }]))[0]!;
}

export type NewProposal = Omit<ProposalsTable, 'id' | 'status' | 'created_at' | 'decided_by' | 'decided_at' | 'decision_reason' | 'notice_id'>;

/**
 * Proposes each situation not proposed before: keys already known are skipped without a query;
 * the rest are inserted in batches (a key taken meanwhile is skipped by the unique index) and each
 * one created gets its audit entry. Returns the proposals created; `known` gains their keys.
 */
export async function proposeMany(tx: Tx, list: NewProposal[], known: Set<string>): Promise<NewProposal[]> {
  const fresh: NewProposal[] = [];
  const seen = new Set<string>();
  for (const p of list) {
    if (known.has(p.dedupe_key) || seen.has(p.dedupe_key)) continue;
    seen.add(p.dedupe_key);
    fresh.push(p);
  }
  const created: NewProposal[] = [];
  for (let i = 0; i < fresh.length; i += 200) {
    const part = fresh.slice(i, i + 200);
    const rows = await tx.db
      .insertInto('proposals')
      .values(part.map((p) => ({ ...p, id: newId(tx.now.getTime()), status: 'open', created_at: tx.nowIso, decided_by: null, decided_at: null, decision_reason: null, notice_id: null })))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('dedupe_key')
      .execute();
    const inserted = new Set(rows.map((r) => r.dedupe_key));
    created.push(...part.filter((p) => inserted.has(p.dedupe_key)));
  }
  for (const p of fresh) known.add(p.dedupe_key);
  await tx.auditMany(created.map((p) => ({ action: 'proposal.create', entityType: 'proposal', entityId: p.dedupe_key, after: p })));
  return created;
}

async function propose(tx: Tx, p: NewProposal, known: Set<string>): Promise<number> {
  return (await proposeMany(tx, [p], known)).length;
}

/**
 * The sweep's escalation step:
 * - an issued notice whose task is now completed is fulfilled;
 * - an issued notice past its deadline and unfinished lapses, and the next level is proposed;
 * - red work without a live 督办 is proposed for 督办 (once per task and due date);
 * - a unit whose implementation plan is missing after the deadline is proposed for 督办.
 */
export const escalationStep: SweepStep = async (tx, campaignId, { rows, ctx, today, policy, knownProposals: known }) => {
  let proposals = 0;
  let lapsed = 0;
  let fulfilled = 0;
  const running = await tx.db.selectFrom('notices').selectAll().where('campaign_id', '=', campaignId).where('status', 'in', ['issued', 'lapsed']).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const n of running) {
    const task = n.subject_type === 'task' ? byId.get(n.subject_id) : undefined;
    if (task?.status === 'completed' && n.status === 'issued') {
      await closeFulfilled(tx, n, '任务已办结');
      fulfilled++;
      continue;
    }
    if (n.status === 'issued' && n.deadline && n.deadline < today && n.kind !== 'commend') {
      await tx.db.updateTable('notices').set({ status: 'lapsed', closed_at: tx.nowIso, row_version: n.row_version + 1 }).where('id', '=', n.id).execute();
      await tx.audit({ action: 'notice.lapse', entityType: 'notice', entityId: n.id, before: { status: 'issued' }, after: { status: 'lapsed', deadline: n.deadline } });
      lapsed++;
      const next = nextLevel(n.kind as NoticeKind);
      if (next) {
        proposals += await propose(tx, {
          campaign_id: campaignId,
          kind: next,
          subject_type: n.subject_type,
          subject_id: n.subject_id,
          unit_id: n.unit_id,
          parent_notice_id: n.id,
          reason: `${n.doc_number} 限期 ${n.deadline} 已过仍未办结,建议${next === 'urge' ? '催办' : '查办(须认定对全县发展大局造成重大影响)'}`,
          rule: `${n.kind}_lapsed`,
          dedupe_key: `${next}:${n.id}`,
        }, known);
      }
    }
  }
  const live = new Set(
    (await tx.db.selectFrom('notices').select('subject_id').where('campaign_id', '=', campaignId).where('kind', 'in', ['supervise', 'urge', 'investigate']).where('status', 'in', ['draft', 'pending_approval', 'issued', 'lapsed']).execute()).map((n) => n.subject_id),
  );
  const red: NewProposal[] = [];
  for (const r of rows) {
    if (ctx.childCount.get(r.id) || !r.lead_unit_id || live.has(r.id)) continue;
    const l = ctx.lights.get(r.id)!;
    if (l.light !== 'red') continue;
    red.push({
      campaign_id: campaignId,
      kind: 'supervise',
      subject_type: 'task',
      subject_id: r.id,
      unit_id: r.lead_unit_id,
      parent_notice_id: null,
      reason: `${r.code} ${r.title}:${l.zh}`,
      rule: l.rule,
      dedupe_key: `supervise:${r.id}:${r.planned_end}`,
    });
  }
  proposals += (await proposeMany(tx, red, known)).length;
  const deadline = policy.deadlines.planSubmission;
  if (deadline && today > deadline) {
    const units = await tx.db.selectFrom('units').select(['id', 'functions']).where('active', '=', 1).execute();
    const plans = new Map((await tx.db.selectFrom('unit_plans').select(['unit_id', 'first_submitted_at']).where('campaign_id', '=', campaignId).execute()).map((p) => [p.unit_id, p]));
    for (const u of units) {
      if ((JSON.parse(u.functions) as string[]).some((f) => f === 'government' || f === 'office')) continue;
      const p = plans.get(u.id);
      const late = !p?.first_submitted_at || localDate(new Date(p.first_submitted_at)) > deadline;
      if (!late || p?.first_submitted_at) continue; // submitted late is listed, not escalated again
      proposals += await propose(tx, {
        campaign_id: campaignId,
        kind: 'supervise',
        subject_type: 'plan',
        subject_id: u.id,
        unit_id: u.id,
        parent_notice_id: null,
        reason: `实施方案逾期未报送(期限 ${deadline})`,
        rule: 'plan_missing',
        dedupe_key: `supervise:plan:${campaignId}:${u.id}`,
      }, known);
    }
  }
  if (proposals) {
    await notifyUsers(tx.db, tx.nowIso, await usersWithFunction(tx.db, 'office'), {
      kind: 'proposal.new',
      title: `系统巡查新增 ${proposals} 条督查建议`,
      link: '/app/proposals',
      dedupeKey: `proposals:${campaignId}:${today}:${proposals}`,
    });
  }
  return { proposals, lapsed, fulfilled };
};
