/** Reading notices: lists scoped to what the actor may see, one notice, a leader's approval queue,
 *  and a subject's whole escalation history as one timeline. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { LuoshiError, NOTICE_KIND_LABELS, can, readableUnitIds, type Actor, type Lang, type NoticeKind } from '@luoshi/domain';
import type { QueryT, supervision } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import { canReadTask, treeContext } from '../tasks/read-tasks.ts';
import { findNotice } from './repo.ts';
import { beyond, countOf, pageOf, readCursor, type KeyPart } from '../../platform/cursor.ts';
import { presentNotice, presentNotices } from './present.ts';

type Q = Kysely<DB>;

const NOTICE_LIST = 'notices';
type NoticeFilters = Omit<QueryT<typeof supervision.listNotices>, 'limit' | 'cursor'>;
/** What may be published: issued (and since fulfilled or lapsed) commendations and criticism bulletins. */
const BULLETIN_STATES = ['issued', 'fulfilled', 'lapsed'];

/**
 * A campaign's notices the actor may list, matching the filters, as a query to count or to page:
 * those of the units the actor may read; drafts and withdrawn ones only for the office (and a
 * draft's approvers), opinions under review only for those who have a person.
 */
export function noticesMatching(db: Q, actor: Actor, campaignId: string, q: NoticeFilters) {
  let query = db.selectFrom('notices').where('campaign_id', '=', campaignId);
  const readable = readableUnitIds(actor);
  if (readable !== null) query = readable.length ? query.where('unit_id', 'in', readable) : query.where('unit_id', '=', '');
  // drafts and opinions under review are the office's and the approving leader's business
  if (!can(actor, 'notice.draft')) {
    query = query.where((eb) => eb.or([eb('status', 'not in', ['draft', 'withdrawn']), ...(actor.personId ? [eb('approver_ids', 'like', `%"${actor.personId}"%`)] : [])]));
    if (!actor.personId) query = query.where('status', 'not in', ['pending_approval', 'rejected']);
  }
  if (q.unitId) query = query.where('unit_id', '=', q.unitId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.bulletin) {
    const bulletin = (eb: ExpressionBuilder<DB, 'notices'>) => eb.and([eb('status', 'in', BULLETIN_STATES), eb.or([eb('kind', '=', 'commend'), eb('criticism', '=', 1)])]);
    query = query.where((eb) => (q.bulletin === 'true' ? bulletin(eb) : eb.not(bulletin(eb))));
  }
  return query;
}

/** One page of those notices, newest first (drafted, then id), after the cursor's: `limit + 1` rows. */
export function noticePage(matching: ReturnType<typeof noticesMatching>, after: KeyPart[] | null, limit: number) {
  return (after ? matching.where(beyond(['drafted_at', 'id'], 'desc', after)) : matching)
    .selectAll()
    .orderBy('drafted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
}

/** A page of a campaign's notices the actor may see, with the true count of those matching the filters. */
export async function listNotices(db: Q, actor: Actor, campaignId: string, q: QueryT<typeof supervision.listNotices>) {
  requireCan(actor, 'notice.read', q.unitId ? { unitId: q.unitId } : undefined);
  const after = q.cursor ? readCursor(NOTICE_LIST, q.cursor, ['string', 'string']) : null;
  const matching = noticesMatching(db, actor, campaignId, q);
  const counted = await matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const page = pageOf(NOTICE_LIST, await noticePage(matching, after, q.limit).execute(), q.limit, (r) => [r.drafted_at, r.id]);
  return { items: await presentNotices(db, page.rows), nextCursor: page.nextCursor, total: countOf(counted) };
}

/** Whether the actor may read this notice: drafts are the office's, opinions under review also their approvers'. */
export function noticeVisible(actor: Actor, n: { unit_id: string; status: string; approver_ids: string }): boolean {
  if (!can(actor, 'notice.read', { unitId: n.unit_id })) return false;
  if (can(actor, 'notice.draft')) return true;
  if (['draft', 'withdrawn'].includes(n.status)) return false;
  if (['pending_approval', 'rejected'].includes(n.status)) return !!actor.personId && (JSON.parse(n.approver_ids) as string[]).includes(actor.personId);
  return true;
}

export async function getNotice(db: Q, actor: Actor, id: string) {
  const n = await findNotice(db, id);
  if (!noticeVisible(actor, n)) throw new LuoshiError('FORBIDDEN');
  return presentNotice(db, n);
}

function pendingFor(db: Q, personId: string) {
  return db.selectFrom('notices').where('status', '=', 'pending_approval').where('approver_ids', 'like', `%"${personId}"%`);
}

/** A leader's queue: the draft, the task's state and its escalation history on one page. */
export async function approvalQueue(db: Q, actor: Actor, now: Date, lang: Lang) {
  if (!actor.personId) return { items: [] };
  const rows = await pendingFor(db, actor.personId).selectAll().orderBy('submitted_at').execute();
  const presented = await presentNotices(db, rows);
  const items = [];
  const trees = new Map<string, Awaited<ReturnType<typeof treeContext>>>();
  for (const n of presented) {
    let task = null;
    if (n.subjectType === 'task') {
      if (!trees.has(n.campaignId)) trees.set(n.campaignId, await treeContext(db, n.campaignId, now));
      const { rows: tree, ctx } = trees.get(n.campaignId)!;
      const r = tree.find((x) => x.id === n.subjectId);
      if (r) {
        const l = ctx.lights.get(r.id)!;
        task = { code: r.code, title: r.title, plannedEnd: r.planned_end, progress: ctx.rollup.get(r.id)?.progress ?? Number(r.progress), light: l.light, lightText: { zh: l.zh, en: l.en } };
      }
    }
    const history = (await timelineOf(db, n.subjectId)).map((e) => ({ ...e, what: lang === 'en' ? e.en : e.zh }));
    items.push({ ...n, task, history });
  }
  return { items };
}

/** How many drafts await the leader: what the menu badge shows. */
export async function approvalCount(db: Q, actor: Actor) {
  if (!actor.personId) return { count: 0 };
  const r = await pendingFor(db, actor.personId).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  return { count: Number(r?.n ?? 0) };
}

interface Entry {
  at: string;
  kind: string;
  zh: string;
  en: string;
  noticeId: string | null;
  actor: string | null;
}

async function timelineOf(db: Q, subjectId: string): Promise<Entry[]> {
  const notices = await db.selectFrom('notices').selectAll().where('subject_id', '=', subjectId).execute();
  const proposals = await db.selectFrom('proposals').selectAll().where('subject_id', '=', subjectId).execute();
  const appeals = notices.length ? await db.selectFrom('appeals').selectAll().where('notice_id', 'in', notices.map((n) => n.id)).execute() : [];
  const cases = notices.length ? await db.selectFrom('accountability_cases').selectAll().where('notice_id', 'in', notices.map((n) => n.id)).execute() : [];
  const out: Entry[] = [];
  for (const p of proposals) {
    out.push({ at: p.created_at, kind: 'proposal', zh: `系统建议${NOTICE_KIND_LABELS[p.kind as NoticeKind]?.zh ?? p.kind}:${p.reason}`, en: `the sweep proposed a ${p.kind}: ${p.rule}`, noticeId: null, actor: '系统巡查' });
    if (p.status === 'dismissed') out.push({ at: p.decided_at!, kind: 'proposal.dismissed', zh: `督查室不予采纳:${p.decision_reason ?? ''}`, en: `dismissed: ${p.decision_reason ?? ''}`, noticeId: null, actor: p.decided_by });
  }
  for (const n of notices) {
    const label = NOTICE_KIND_LABELS[n.kind as NoticeKind];
    out.push({ at: n.drafted_at, kind: 'notice.draft', zh: `督查室拟${label.zh}${n.kind === 'urge' || n.kind === 'investigate' ? '意见' : ''}`, en: `the office drafted a ${label.en}`, noticeId: n.id, actor: n.drafted_name });
    if (n.submitted_at && n.status !== 'draft' && JSON.parse(n.approver_ids).length) out.push({ at: n.submitted_at, kind: 'notice.submit', zh: '送县政府领导审定', en: 'sent for approval', noticeId: n.id, actor: n.drafted_name });
    if (n.decided_at) {
      const ok = n.status !== 'rejected';
      out.push({ at: n.decided_at, kind: ok ? 'notice.approve' : 'notice.reject', zh: `${n.decided_name}${ok ? '审定同意' : '不同意'}${n.decision_reason ? `:${n.decision_reason}` : ''}`, en: ok ? 'approved' : `rejected: ${n.decision_reason ?? ''}`, noticeId: n.id, actor: n.decided_name });
    }
    if (n.issued_at) out.push({ at: n.issued_at, kind: 'notice.issue', zh: `下发${label.zh} ${n.doc_number}${n.deadline ? `,限 ${n.deadline} 前办结` : ''}`, en: `issued ${n.doc_number}${n.deadline ? `, due ${n.deadline}` : ''}`, noticeId: n.id, actor: null });
    if (n.closed_at && ['fulfilled', 'lapsed', 'withdrawn'].includes(n.status)) {
      const zh = n.status === 'fulfilled' ? '已办结' : n.status === 'lapsed' ? '逾期未办结' : '已撤回';
      out.push({ at: n.closed_at, kind: `notice.${n.status}`, zh: `${n.doc_number ?? label.zh}${zh}`, en: n.status, noticeId: n.id, actor: null });
    }
  }
  for (const a of appeals) {
    out.push({ at: a.submitted_at, kind: 'appeal', zh: `单位申诉:${a.reasons}`, en: 'appealed', noticeId: a.notice_id, actor: a.submitted_name });
    if (a.decided_at) out.push({ at: a.decided_at, kind: `appeal.${a.status}`, zh: `申诉${a.status === 'upheld' ? '成立,撤销扣分和资格取消' : '不成立'}:${a.decision_reason ?? ''}`, en: `appeal ${a.status}`, noticeId: a.notice_id, actor: a.decided_by_name });
  }
  for (const c of cases) {
    out.push({ at: c.opened_at, kind: 'accountability.open', zh: `监察局${c.kind === 'efficiency' ? '效能问责' : '问责'}立案`, en: `${c.kind} case opened`, noticeId: c.notice_id, actor: null });
    if (c.decided_at) out.push({ at: c.decided_at, kind: 'accountability.decide', zh: `问责决定:${c.decision ?? ''}`, en: 'decided', noticeId: c.notice_id, actor: c.decided_by_name });
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export async function subjectTimeline(db: Q, actor: Actor, taskId: string) {
  const t = await db.selectFrom('tasks').select(['lead_unit_id']).where('id', '=', taskId).executeTakeFirst();
  if (!t) throw new LuoshiError('NOT_FOUND');
  const coop = (await db.selectFrom('task_cooperators').select('unit_id').where('task_id', '=', taskId).execute()).map((c) => c.unit_id);
  requireCan(actor, 'task.read');
  if (!canReadTask(actor, t.lead_unit_id, coop)) throw new LuoshiError('FORBIDDEN');
  const rows = (await db.selectFrom('notices').selectAll().where('subject_id', '=', taskId).orderBy('drafted_at').execute()).filter((n) => noticeVisible(actor, n));
  const ids = new Set(rows.map((r) => r.id));
  const timeline = (await timelineOf(db, taskId)).filter((e) => e.noticeId === null || ids.has(e.noticeId));
  return { notices: await presentNotices(db, rows), timeline };
}
