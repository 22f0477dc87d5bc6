/**
 * A replayed year of the ladder (seed §四.4): the clock starts at the campaign's start and steps
 * forward; sweeps find lateness and propose; the office drafts; the right leaders approve; an
 * appeal is upheld; every notice, number, deduction, lost eligibility and accountability case is
 * checked against the seed's rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, progress, supervision, tasks } from '@luoshi/contracts';
import { runSweep } from '../../apps/server/src/modules/sweep/sweep.ts';
import { startApp, unitId, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;
let campaignId: string;
let tree: any[];
const byTitle = (title: string) => tree.find((x) => x.title === title);
/** moves the clock (sessions idle past 30 minutes expire, so the office signs in again) */
const jump = async (iso: string) => {
  t.clock.set(iso);
  office = await t.as('duchashi');
};
const at = async (iso: string) => {
  await jump(iso);
  return runSweep(t.services);
};
const login = (u: string) => t.as(u);

/** the deputy county head in charge of a unit, and a deputy who is not */
async function deputies(unit: string) {
  const group = (await office.request('GET', '/api/v1/leading-group')).body.members;
  const inCharge = group.find((m: any) => m.position === 'deputy_head' && m.chargedUnitIds.includes(unit));
  const other = group.find((m: any) => m.position === 'deputy_head' && !m.chargedUnitIds.includes(unit));
  const users = (await t.services.db.kysely.selectFrom('users').select(['username', 'person_id']).execute()).filter((u) => u.person_id);
  const username = (personId: string) => users.find((u) => u.person_id === personId)?.username;
  return { inCharge: username(inCharge.personId)!, other: username(other.personId)!, inChargeName: inCharge.name };
}

beforeAll(async () => {
  t = await startApp({ now: '2013-05-02T01:00:00.000Z' });
  office = await login('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
});
afterAll(async () => t?.close());

describe('a year on the ladder', () => {
  let landing: any; // 完成征地拆迁, led by 乾佑镇
  let supervise1: any;
  let supervise2: any;
  let urge: any;
  let qianyou: string;

  it('2 May: the sweep proposes 督办 for red work and for missing plans, once, and never issues anything', async () => {
    const first = await runSweep(t.services);
    expect(first.proposals).toBeGreaterThan(10);
    const again = await runSweep(t.services);
    expect(again.proposals).toBe(0);
    const props = (await office.call(supervision.listProposals, { params: { id: campaignId } })).body.items;
    expect(props.length).toBe(first.proposals);
    expect(props.some((p: any) => p.subjectType === 'plan' && p.rule === 'plan_missing')).toBe(true);
    expect(props.some((p: any) => p.subjectType === 'task' && p.rule === 'far_behind')).toBe(true);
    const notices = (await office.call(supervision.listNotices, { params: { id: campaignId } })).body.items;
    expect(notices).toHaveLength(0);
    // a unit cannot see proposals
    expect((await (await login('qianyou')).call(supervision.listProposals, { params: { id: campaignId } })).status).toBe(403);
  });

  it('the office dismisses a proposal only with reasons, and it is not proposed again', async () => {
    const props = (await office.call(supervision.listProposals, { params: { id: campaignId }, query: { status: 'open' } })).body.items;
    const plan = props.find((p: any) => p.subjectType === 'plan');
    expect((await office.call(supervision.dismissProposal, { params: { id: plan.id }, body: {} })).status).toBe(400);
    const d = await office.call(supervision.dismissProposal, { params: { id: plan.id }, body: { reason: '该单位已书面说明,5月3日报送' } });
    expect(d.body.status).toBe('dismissed');
    await runSweep(t.services);
    const after = (await office.call(supervision.listProposals, { params: { id: campaignId } })).body.items.filter((p: any) => p.subjectId === plan.subjectId);
    expect(after).toHaveLength(1);
  });

  it('督办: the office issues it directly with 通报批评, 柞政督〔2013〕1号, a 15-day deadline and −0.5', async () => {
    landing = byTitle('完成征地拆迁');
    qianyou = await unitId(t, '乾佑镇');
    const props = (await office.call(supervision.listProposals, { params: { id: campaignId }, query: { status: 'open' } })).body.items;
    const p = props.find((x: any) => x.subjectId === landing.id);
    expect(p).toBeTruthy();
    // the draft states the task's situation from the campaign's cached tree: a change made just
    // before (here straight in SQL, as another instance would) is what it states
    const db = t.services.db.kysely;
    const was = await db.selectFrom('tasks').select('progress').where('id', '=', landing.id).executeTakeFirstOrThrow();
    await db.updateTable('tasks').set({ progress: 17 }).where('id', '=', landing.id).execute();
    const draft = await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectId: landing.id, proposalId: p.id } });
    await db.updateTable('tasks').set({ progress: was.progress }).where('id', '=', landing.id).execute();
    expect(draft.status).toBe(200);
    expect(draft.body.body).toContain('当前进度 17%');
    expect(draft.body.unitId).toBe(qianyou);
    expect(draft.body.title).toBe('关于对乾佑镇人民政府完成征地拆迁工作进行督办的通知');
    expect(draft.body.body).toContain('通报批评、限期办结');
    expect(draft.body.deadline).toBe('2013-05-17');
    const dup = await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectId: landing.id } });
    expect(dup.status).toBe(409);
    const issued = await office.call(supervision.submitNotice, { params: { id: draft.body.id } });
    expect(issued.body).toMatchObject({ status: 'issued', docNumber: '柞政督〔2013〕1号', criticism: true, deduction: 0.5, issuedOn: '2013-05-02', appealOpenUntil: '2013-05-09' });
    supervise1 = issued.body;
    // the unit sees it and is told
    const principal = await login('qianyou');
    expect((await principal.call(supervision.getNotice, { params: { id: supervise1.id } })).status).toBe(200);
    const inbox = (await principal.call(progress.listNotifications)).body.items;
    expect(inbox.some((n: any) => n.title.includes('柞政督〔2013〕1号'))).toBe(true);
    // another town does not see it
    expect((await (await login('yingpan.cb')).call(supervision.getNotice, { params: { id: supervise1.id } })).status).toBe(403);
  });

  it('a second 督办 takes the next number; the unit appeals in time and the office upholds: −0.5 reversed, record kept', async () => {
    const water = byTitle('路基工程完工'); // 交通局, due 31 Oct: not red yet — the office may still supervise on its own finding
    const d = await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectId: water.id, body: '经暗访,路基工程施工组织混乱,进度明显滞后。' } });
    supervise2 = (await office.call(supervision.submitNotice, { params: { id: d.body.id } })).body;
    expect(supervise2.docNumber).toBe('柞政督〔2013〕2号');
    await jump('2013-05-06T02:00:00Z');
    const handler = await login('jiaotong.cb');
    expect((await handler.call(supervision.submitAppeal, { params: { id: supervise2.id }, body: { reasons: 'x' } })).status).toBe(403);
    const chief = await login('jiaotong');
    const appeal = await chief.call(supervision.submitAppeal, { params: { id: supervise2.id }, body: { reasons: '暗访当日因暴雨停工,有气象记录为证。' } });
    expect(appeal.status).toBe(200);
    expect((await chief.call(supervision.submitAppeal, { params: { id: supervise2.id }, body: { reasons: '再次申诉' } })).status).toBe(409);
    const decided = await (await login('duchaduban')).call(supervision.decideAppeal, { params: { id: appeal.body.id }, body: { decision: 'uphold', reason: '经核实,停工系不可抗力' } });
    expect(decided.body.status).toBe('upheld');
    const n = (await office.call(supervision.getNotice, { params: { id: supervise2.id } })).body;
    expect(n.status).toBe('reversed');
    expect(n.deduction).toBe(0);
    const ledger = (await office.call(supervision.deductionLedger, { params: { id: campaignId }, query: { unitId: n.unitId } })).body;
    expect(ledger.entries.map((e: any) => [e.kind, e.points])).toEqual([
      ['deduction', 0.5],
      ['reversal', -0.5],
    ]);
    expect(ledger.totals[0].points).toBe(0);
  });

  it('an appeal after the window is refused', async () => {
    await jump('2013-05-10T02:00:00Z');
    const principal = await login('qianyou');
    const late = await principal.call(supervision.submitAppeal, { params: { id: supervise1.id }, body: { reasons: '理由' } });
    expect(late.status).toBe(409);
    expect(late.body.error.issues[0].message).toContain('申诉期已过');
  });

  it('18 May: the 督办 lapses unfinished and the sweep proposes 催办', async () => {
    const r = await at('2013-05-18T01:00:00Z');
    expect(r.lapsed).toBe(1);
    const n = (await office.call(supervision.getNotice, { params: { id: supervise1.id } })).body;
    expect(n.status).toBe('lapsed');
    const props = (await office.call(supervision.listProposals, { params: { id: campaignId }, query: { status: 'open' } })).body.items;
    expect(props.find((p: any) => p.kind === 'urge' && p.parentNoticeId === supervise1.id)).toBeTruthy();
  });

  it('催办: drafted by the office, approved only by the deputy county head in charge of 乾佑镇', async () => {
    const props = (await office.call(supervision.listProposals, { params: { id: campaignId }, query: { status: 'open' } })).body.items;
    const p = props.find((x: any) => x.kind === 'urge' && x.parentNoticeId === supervise1.id);
    const noParent = await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'urge', subjectId: landing.id } });
    expect(noParent.status).toBe(400);
    const draft = await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'urge', subjectId: landing.id, parentNoticeId: supervise1.id, proposalId: p.id } });
    expect(draft.body.body).toContain('柞政督〔2013〕1号');
    const sent = await office.call(supervision.submitNotice, { params: { id: draft.body.id } });
    expect(sent.body.status).toBe('pending_approval');
    const { inCharge, other, inChargeName } = await deputies(qianyou);
    expect(sent.body.approvers.map((a: any) => a.name)).toEqual([inChargeName]);
    const wrong = await (await login(other)).call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'approve' } });
    expect(wrong.status).toBe(403);
    const head = await (await login('xianzhang')).call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'approve' } });
    expect(head.status).toBe(403);
    const handlerTry = await (await login('qianyou.cb')).call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'approve' } });
    expect(handlerTry.status).toBe(403);
    const leader = await login(inCharge);
    const queue = (await leader.call(supervision.approvalQueue)).body.items;
    expect(queue).toHaveLength(1);
    expect(queue[0].task.title).toBe('完成征地拆迁');
    expect(queue[0].history.length).toBeGreaterThanOrEqual(3);
    expect((await leader.call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'reject' } })).status).toBe(400);
    const ok = await leader.call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'approve', reason: '同意催办' } });
    urge = ok.body;
    expect(urge).toMatchObject({ status: 'issued', docNumber: '柞政催〔2013〕1号', deduction: 1, deadline: '2013-05-28', decidedBy: inChargeName });
  });

  it('the 催办 costs the unit, its principal, its responsible leader and its handler their award eligibility, and opens 效能问责', async () => {
    const list = (await office.call(supervision.eligibility, { params: { id: campaignId }, query: { unitId: qianyou } })).body.items;
    expect(list.map((x: any) => x.role).sort()).toEqual(['handler', 'principal', 'responsible_leader', 'unit']);
    const detail = (await office.call(tasks.getTask, { params: { id: landing.id } })).body;
    const byRole = Object.fromEntries(list.map((x: any) => [x.role, x.personName]));
    expect(byRole.principal).toBe(detail.responsible.principal.name);
    expect(byRole.responsible_leader).toBe(detail.responsible.deputy.name);
    expect(byRole.handler).toBe(detail.responsible.handler.name);
    const cases = (await (await login('jianchaju')).call(supervision.listAccountability, { params: { id: campaignId } })).body.items;
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ kind: 'efficiency', status: 'open', docNumber: '柞政催〔2013〕1号' });
    expect(cases[0].people.map((p: any) => p.role).sort()).toEqual(['deputy', 'principal']);
    // a unit cannot record accountability
    expect((await office.call(supervision.decideAccountability, { params: { id: cases[0].id }, body: { decision: 'x' } })).status).toBe(403);
  });

  it('29 May: the 催办 lapses; 查办 needs the major-impact finding and only the county head approves it', async () => {
    const r = await at('2013-05-29T01:00:00Z');
    expect(r.lapsed).toBe(1);
    const props = (await office.call(supervision.listProposals, { params: { id: campaignId }, query: { status: 'open' } })).body.items;
    const p = props.find((x: any) => x.kind === 'investigate' && x.parentNoticeId === urge.id);
    expect(p).toBeTruthy();
    const draft = await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'investigate', subjectId: landing.id, parentNoticeId: urge.id, proposalId: p.id } });
    const refused = await office.call(supervision.submitNotice, { params: { id: draft.body.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].path).toBe('majorImpact');
    await office.call(supervision.updateNotice, { params: { id: draft.body.id }, body: { rowVersion: draft.body.rowVersion, majorImpact: true } });
    const sent = (await office.call(supervision.submitNotice, { params: { id: draft.body.id } })).body;
    expect(sent.approvers.map((a: any) => a.name)).toHaveLength(1);
    const { inCharge } = await deputies(qianyou);
    expect((await (await login(inCharge)).call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'approve' } })).status).toBe(403);
    const ok = await (await login('xianzhang')).call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'approve', reason: '同意查办' } });
    expect(ok.body).toMatchObject({ status: 'issued', docNumber: '柞政查〔2013〕1号', deduction: 1.5 });
  });

  it('监察局 records the 问责 decision with people and measures', async () => {
    const jc = await login('jianchaju');
    const cases = (await jc.call(supervision.listAccountability, { params: { id: campaignId } })).body.items;
    const c = cases.find((x: any) => x.kind === 'accountability');
    expect(c.status).toBe('open');
    const principal = c.people.find((p: any) => p.role === 'principal');
    const r = await jc.call(supervision.decideAccountability, {
      params: { id: c.id },
      body: { decision: '给予诫勉谈话并通报批评', measures: '责令书面检查', people: [{ personId: principal.personId, measure: '诫勉谈话' }] },
    });
    expect(r.body).toMatchObject({ status: 'decided', decision: '给予诫勉谈话并通报批评' });
    expect(r.body.people[0]).toMatchObject({ personId: principal.personId, measure: '诫勉谈话', role: 'principal' });
  });

  it('the ledger is the sum of its entries: 乾佑镇 −0.5 −1 −1.5 = −3 for the year', async () => {
    const ledger = (await office.call(supervision.deductionLedger, { params: { id: campaignId } })).body;
    const q = ledger.totals.find((x: any) => x.unitId === qianyou);
    expect(q.points).toBe(3);
    expect(ledger.entries.filter((e: any) => e.unitId === qianyou).map((e: any) => e.docNumber)).toEqual(['柞政督〔2013〕1号', '柞政催〔2013〕1号', '柞政查〔2013〕1号']);
    // the unit sees its own ledger, not another's
    const own = await (await login('qianyou')).call(supervision.deductionLedger, { params: { id: campaignId } });
    expect(own.body.totals.map((x: any) => x.unitId)).toEqual([qianyou]);
    const finance = await (await login('caizheng')).call(supervision.deductionLedger, { params: { id: campaignId } });
    expect(finance.body.totals.length).toBeGreaterThan(1);
  });

  it('when the task is finally done, the running 查办 is fulfilled; the task’s history is one timeline', async () => {
    const h = await login('qianyou.cb');
    const r = await h.call(progress.createReport, { params: { id: landing.id }, body: { narrative: '征地拆迁全部完成', percent: 100, completionClaim: true } });
    await h.call(progress.submitReport, { params: { id: r.body.id } });
    await office.call(progress.reviewReport, { params: { id: r.body.id }, body: { decision: 'accept' } });
    const s = await at('2013-06-03T01:00:00Z');
    expect(s.fulfilled).toBe(1);
    const tl = (await office.call(supervision.subjectTimeline, { params: { id: landing.id } })).body;
    expect(tl.notices.map((n: any) => [n.kind, n.status])).toEqual([
      ['supervise', 'lapsed'],
      ['urge', 'lapsed'],
      ['investigate', 'fulfilled'],
    ]);
    const kinds = tl.timeline.map((e: any) => e.kind);
    expect(kinds[0]).toBe('proposal');
    for (const k of ['notice.issue', 'notice.approve', 'accountability.open', 'accountability.decide', 'notice.lapsed', 'notice.fulfilled']) expect(kinds).toContain(k);
    const times = tl.timeline.map((e: any) => e.at);
    expect([...times].sort()).toEqual(times);
  });

  it('document numbers never repeat or skip, even when issued at the same moment', async () => {
    const candidates = (await office.call(tasks.listTasks, { params: { id: campaignId }, query: { includeAncestors: 'false' } })).body.items.filter(
      (x: any) => x.childCount === 0 && x.status !== 'completed' && x.leadUnitId,
    );
    const live = new Set((await office.call(supervision.listNotices, { params: { id: campaignId } })).body.items.filter((n: any) => ['issued', 'lapsed'].includes(n.status)).map((n: any) => n.subjectId));
    const free = candidates.filter((c: any) => !live.has(c.id)).slice(0, 6);
    const drafts = [];
    for (const c of free) drafts.push((await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectId: c.id } })).body);
    const issued = await Promise.all(drafts.map((d) => office.call(supervision.submitNotice, { params: { id: d.id } })));
    const seqs = issued.map((r) => Number(/〔2013〕(\d+)号/.exec(r.body.docNumber)![1])).sort((a, b) => a - b);
    expect(seqs).toEqual([3, 4, 5, 6, 7, 8]);
  });
});
