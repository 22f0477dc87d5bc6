/**
 * Fixtures and valid calls for the supervision ladder (督办 / 催办 / 查办 / 通报表扬): notices in
 * each state, appeals, proposals and accountability cases, on the office's own test campaign.
 * Notices are made through the API; a sweep proposal and an accountability case are written
 * directly, as the sweep and the issuing of a 催办 would write them.
 */
import { supervision } from '@luoshi/contracts';
import { newId } from '../../apps/server/src/platform/ids.ts';
import type { Fixtures, RouteCall } from './routes.ts';

/** A notice to a unit about a fresh task it leads: drafted, sent for approval, or issued. */
export async function notice(
  f: Fixtures,
  kind: 'commend' | 'supervise',
  state: 'draft' | 'pending' | 'issued',
  lead: 'qianyou' | 'jiaotong' = kind === 'commend' ? 'jiaotong' : 'qianyou',
): Promise<string> {
  const subjectId = await f.task(f.ids.ownCampaign!, f.ids[lead]!);
  const n = await f.ok('duchashi', supervision.draftNotice, { params: { id: f.ids.ownCampaign! }, body: { kind, subjectId } });
  if (state !== 'draft') {
    const sent = await f.ok('duchashi', supervision.submitNotice, { params: { id: n.id } });
    // a 督办 is issued by the office at once; a commendation waits for the deputy in charge
    if (sent.status !== (state === 'issued' ? 'issued' : 'pending_approval')) throw new Error(`notice is ${sent.status}`);
  }
  return n.id;
}

/** An appeal by 乾佑镇's principal against a 督办 issued to 乾佑镇 today. */
export async function appeal(f: Fixtures): Promise<string> {
  const n = await notice(f, 'supervise', 'issued');
  return (await f.ok('qianyou', supervision.submitAppeal, { params: { id: n }, body: { reasons: '该任务已按期推进,附进度材料' } })).id;
}

async function rowVersion(f: Fixtures, id: string): Promise<number> {
  const db = f.t.services.db.kysely;
  return (await db.selectFrom('notices').select('row_version').where('id', '=', id).executeTakeFirstOrThrow()).row_version;
}

/** An open proposal of the sweep: a red task of 乾佑镇 to be supervised. */
export async function proposal(f: Fixtures): Promise<string> {
  const id = newId();
  const subject = await f.task();
  await f.t.services.db.kysely
    .insertInto('proposals')
    .values({
      id,
      campaign_id: f.ids.ownCampaign!,
      kind: 'supervise',
      subject_type: 'task',
      subject_id: subject,
      unit_id: f.ids.qianyou!,
      parent_notice_id: null,
      reason: '任务逾期未完成',
      rule: 'overdue',
      dedupe_key: `supervise:${subject}`,
      status: 'open',
      created_at: f.t.clock.now().toISOString(),
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      notice_id: null,
    })
    .execute();
  return id;
}

/** An open accountability case of 监察局 about 乾佑镇, as an issued 催办 opens it. */
export async function accountabilityCase(f: Fixtures): Promise<string> {
  const id = newId();
  await f.t.services.db.kysely
    .insertInto('accountability_cases')
    .values({
      id,
      campaign_id: f.ids.ownCampaign!,
      notice_id: await notice(f, 'supervise', 'issued'),
      kind: 'efficiency',
      unit_id: f.ids.qianyou!,
      status: 'open',
      people: '[]',
      decision: null,
      measures: null,
      opened_at: f.t.clock.now().toISOString(),
      decided_at: null,
      decided_by_name: null,
    })
    .execute();
  return id;
}

const campaign = (f: Fixtures) => ({ id: f.ids.ownCampaign! });

export const SUPERVISION_CALLS: Record<string, (f: Fixtures, username: string | null) => Promise<RouteCall>> = {
  [supervision.listNotices.id]: async (f) => ({ params: campaign(f) }),
  [supervision.getNotice.id]: async (f) => ({ params: { id: await notice(f, 'supervise', 'issued') } }),
  [supervision.draftNotice.id]: async (f) => ({ params: campaign(f), body: { kind: 'commend', subjectId: await f.task(f.ids.ownCampaign!, f.ids.jiaotong!) } }),
  [supervision.updateNotice.id]: async (f) => {
    const id = await notice(f, 'commend', 'draft');
    return { params: { id }, body: { rowVersion: await rowVersion(f, id), title: '关于表扬交通局按期完成路基工程的通报' } };
  },
  [supervision.submitNotice.id]: async (f) => ({ params: { id: await notice(f, 'commend', 'draft') } }),
  [supervision.decideNotice.id]: async (f) => ({ params: { id: await notice(f, 'commend', 'pending') }, body: { decision: 'approve', reason: '同意' } }),
  [supervision.withdrawNotice.id]: async (f) => ({ params: { id: await notice(f, 'commend', 'draft') }, body: { reason: '情况已变化' } }),
  [supervision.fulfilNotice.id]: async (f) => ({ params: { id: await notice(f, 'supervise', 'issued') }, body: { note: '已按期整改到位' } }),
  [supervision.approvalQueue.id]: async () => ({}),
  [supervision.approvalCount.id]: async () => ({}),
  [supervision.noticeDocument.id]: async (f) => ({ params: { id: await notice(f, 'supervise', 'issued') }, query: { format: 'docx' } }),
  [supervision.subjectTimeline.id]: async (f) => ({ params: { id: f.ids.task! } }),
  [supervision.listProposals.id]: async (f) => ({ params: campaign(f), query: { status: 'open' } }),
  [supervision.dismissProposal.id]: async (f) => ({ params: { id: await proposal(f) }, body: { reason: '已另行督促' } }),
  [supervision.submitAppeal.id]: async (f) => ({ params: { id: await notice(f, 'supervise', 'issued') }, body: { reasons: '逾期系上级审批延误所致' } }),
  [supervision.listAppeals.id]: async (f) => ({ params: { id: await notice(f, 'supervise', 'issued') } }),
  [supervision.decideAppeal.id]: async (f) => ({ params: { id: await appeal(f) }, body: { decision: 'reject', reason: '理由不成立' } }),
  [supervision.listAccountability.id]: async (f) => ({ params: campaign(f) }),
  [supervision.decideAccountability.id]: async (f) => ({ params: { id: await accountabilityCase(f) }, body: { decision: '诫勉谈话', measures: '限期整改' } }),
  [supervision.deductionLedger.id]: async (f) => ({ params: campaign(f), query: { unitId: f.ids.qianyou! } }),
  [supervision.eligibility.id]: async (f) => ({ params: campaign(f), query: { unitId: f.ids.qianyou! } }),
};
