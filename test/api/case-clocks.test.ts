/**
 * 信访 clocks through HTTP and the sweep (SPEC §10, 信访条例 Art. 21–22, 33–36): acceptance on
 * day 15 versus 16, one extension only, hearings not counted, review asked on day 30 versus 31;
 * a case that misses its clock is proposed for 督办 of its owner unit once, the office issues it
 * like any 督办, and the notice is fulfilled when the case is answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, cases, supervision } from '@luoshi/contracts';
import { runSweep } from '../../apps/server/src/modules/sweep/sweep.ts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let campaignId: string;
let qianyou: string;
const db = () => t.services.db.kysely;
/** sets the clock to 09:00 in Zhashui on a day (sessions expire after 30 idle minutes, so sign in again) */
const on = (date: string) => t.clock.set(`${date}T01:00:00.000Z`);
/** each sign-in from its own address: the file signs in more often than the per-address login limit allows */
const as = (u: string) => t.as(u, undefined, freshIp());
const region = async (name: string) => (await db().selectFrom('regions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const caseProposals = async (id: string) => (await db().selectFrom('proposals').selectAll().where('subject_id', '=', id).execute());
const caseMessages = async (id: string) => Number((await db().selectFrom('case_messages').select((eb) => eb.fn.countAll().as('n')).where('case_id', '=', id).executeTakeFirstOrThrow()).n);

async function petition(c: Client, content: string) {
  const r = await c.call(cases.intakeCase, { body: { channel: 'visit', categoryId: 'cat_petition', content, regionId: await region('乾佑镇'), name: '测试丁', phone: '13500003333', idNumber: '11010519491231002X' } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.case;
}
const clock = (c: any, name: string) => c.clocks.find((k: any) => k.name === name);

beforeAll(async () => {
  t = await startApp({ now: '2013-05-01T01:00:00.000Z' });
  campaignId = (await (await as('duchashi')).call(campaigns.listCampaigns)).body.items[0].id;
  qianyou = await unitId(t, '乾佑镇');
});
afterAll(async () => t?.close());

describe('acceptance within 15 days, and 督办 when missed', () => {
  let id: string;
  it('a petition received on 1 May runs on the 15-day acceptance clock, due 16 May', async () => {
    const c = await petition(await as('duchashi'), '反映乾佑镇某村土地征收补偿款未足额发放。');
    id = c.id;
    expect(c.petition).toBe(true);
    expect(c.ownerUnitId).toBe(qianyou);
    expect(clock(c, 'acceptance')).toMatchObject({ status: 'running', dueOn: '2013-05-16', daysLeft: 15 });
    expect(c.submitter).toMatchObject({ idNumber: '1101**********002X', phone: '135****3333' });
  });

  it('day 15: the sweep proposes nothing; day 16: 督办 for 乾佑镇, once however often it runs', async () => {
    on('2013-05-16');
    await runSweep(t.services);
    expect(await caseProposals(id)).toHaveLength(0);
    on('2013-05-17');
    const messagesBefore = await caseMessages(id);
    const first = await runSweep(t.services);
    expect(first.caseProposals).toBe(1);
    await runSweep(t.services);
    const props = await caseProposals(id);
    expect(props).toHaveLength(1);
    // the case's timeline records the proposal once, for the staff only: the citizen is sent nothing
    const supervised = await db().selectFrom('case_events').selectAll().where('case_id', '=', id).where('kind', '=', 'supervised').execute();
    expect(supervised).toHaveLength(1);
    expect(supervised[0]).toMatchObject({ public: 0, actor_name: '系统巡查', note: props[0]!.reason });
    expect(await caseMessages(id)).toBe(messagesBefore);
    expect(props[0]).toMatchObject({ kind: 'supervise', subject_type: 'case', unit_id: qianyou, rule: 'case_acceptance_overdue', status: 'open' });
    const detail = (await (await as('qianyou.cb')).call(cases.getCase, { params: { id } })).body;
    expect(detail.overdue).toBe(true);
    expect(clock(detail, 'acceptance').status).toBe('overdue');
  });

  it('the office issues the 督办 like any other; it is fulfilled when the case is answered', async () => {
    const office = await as('duchashi');
    const props = (await office.call(supervision.listProposals, { params: { id: campaignId }, query: { status: 'open' } })).body.items.filter((p: any) => p.subjectId === id);
    expect(props[0].subjectTitle).toContain('诉求 ZS2013-');
    const draft = await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectType: 'case', subjectId: id, proposalId: props[0].id } });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.unitId).toBe(qianyou);
    const issued = await office.call(supervision.submitNotice, { params: { id: draft.body.id } });
    expect(issued.body.status).toBe('issued');
    expect(issued.body.docNumber).toMatch(/^柞政督〔2013〕\d+号$/);
    const h = await as('qianyou.cb');
    let c = (await h.call(cases.getCase, { params: { id } })).body;
    c = (await h.call(cases.acceptCase, { params: { id }, body: { rowVersion: c.rowVersion, accept: true } })).body;
    c = (await h.call(cases.replyCase, { params: { id }, body: { rowVersion: c.rowVersion, reply: '补偿款已于5月20日足额发放到户。' } })).body;
    expect(clock(c, 'acceptance').status).toBe('late');
    expect(clock(c, 'handling').status).toBe('met');
    const swept = await runSweep(t.services);
    expect(swept.caseNoticesFulfilled).toBe(1);
    expect((await office.call(supervision.getNotice, { params: { id: draft.body.id } })).body.status).toBe('fulfilled');
  });
});

describe('a case late at one clock and then at the next gets a 督办 proposal for each', () => {
  it('acceptance missed (proposed once), then accepted late; handling missed too: proposed as well, once', async () => {
    on('2013-09-02');
    const c0 = await petition(await as('duchashi'), '乾佑镇某村饮水管道破损,多户停水。');
    on('2013-09-19');
    await runSweep(t.services);
    await runSweep(t.services);
    expect((await caseProposals(c0.id)).map((p) => p.rule)).toEqual(['case_acceptance_overdue']);
    const h = await as('qianyou.cb');
    let c = (await h.call(cases.getCase, { params: { id: c0.id } })).body;
    c = (await h.call(cases.acceptCase, { params: { id: c0.id }, body: { rowVersion: c.rowVersion, accept: true } })).body;
    const due = clock(c, 'handling').dueOn as string;
    // the day after the handling clock's due date, twice: one new proposal, for the handling clock
    const after = new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    on(after);
    await runSweep(t.services);
    await runSweep(t.services);
    expect((await caseProposals(c0.id)).map((p) => p.rule).sort()).toEqual(['case_acceptance_overdue', 'case_handling_overdue']);
    const supervised = await db().selectFrom('case_events').select('note').where('case_id', '=', c0.id).where('kind', '=', 'supervised').orderBy('id').execute();
    expect(supervised.map((e) => e.note)).toEqual([expect.stringContaining('受理告知期限'), expect.stringContaining('办理答复期限')]);
  });
});

describe('handling within 60 days, one extension, hearings not counted, review within 30', () => {
  let id: string;
  const h = () => as('qianyou.cb');
  const get = async () => (await (await h()).call(cases.getCase, { params: { id } })).body;

  it('accepted on the day it came, the handling clock is due 60 days later', async () => {
    on('2013-05-17');
    const c0 = await petition(await as('qianyou.cb'), '乾佑镇某村与邻村山林权属纠纷,请求调处。');
    id = c0.id;
    const c = (await (await h()).call(cases.acceptCase, { params: { id }, body: { rowVersion: c0.rowVersion, accept: true, note: '依法受理' } })).body;
    expect(clock(c, 'acceptance').status).toBe('met');
    expect(clock(c, 'handling')).toMatchObject({ status: 'running', dueOn: '2013-07-16' });
  });

  it('a foreign unit cannot extend, pause or record a review', async () => {
    const c = await get();
    const other = await as('jiaotong.cb');
    for (const [e, body] of [
      [cases.extendCase, { rowVersion: c.rowVersion, days: 10, approvedBy: '局长', reason: '协调' }],
      [cases.pauseCase, { rowVersion: c.rowVersion, action: 'start' }],
      [cases.reviewCase, { rowVersion: c.rowVersion, action: 'request', note: '不服' }],
    ] as const) {
      expect((await other.call(e, { params: { id }, body })).status).toBe(403);
    }
  });

  it('a 10-day hearing moves the due date by 10 days', async () => {
    on('2013-06-01');
    let c = await get();
    c = (await (await h()).call(cases.pauseCase, { params: { id }, body: { rowVersion: c.rowVersion, action: 'start', note: '组织听证' } })).body;
    expect(clock(c, 'handling').status).toBe('paused');
    expect((await (await h()).call(cases.pauseCase, { params: { id }, body: { rowVersion: c.rowVersion, action: 'start' } })).status).toBe(409);
    on('2013-06-11');
    c = await get();
    c = (await (await h()).call(cases.pauseCase, { params: { id }, body: { rowVersion: c.rowVersion, action: 'end', note: '听证结束' } })).body;
    expect(clock(c, 'handling')).toMatchObject({ status: 'running', dueOn: '2013-07-26', pausedDays: 10 });
  });

  it('extension: more than 30 days refused; 30 days with the head’s approval accepted; a second one refused', async () => {
    on('2013-07-01');
    let c = await get();
    const tooLong = await (await h()).call(cases.extendCase, { params: { id }, body: { rowVersion: c.rowVersion, days: 31, approvedBy: '镇长', reason: '需调查' } });
    expect(tooLong.status).toBe(409);
    c = (await (await h()).call(cases.extendCase, { params: { id }, body: { rowVersion: c.rowVersion, days: 30, approvedBy: '镇长', reason: '涉及两村,需实地勘界' } })).body;
    // day 90 is Sunday 25 August: the period ends on Monday the 26th
    expect(clock(c, 'handling')).toMatchObject({ dueOn: '2013-08-26', limitDays: 90 });
    const again = await (await h()).call(cases.extendCase, { params: { id }, body: { rowVersion: c.rowVersion, days: 5, approvedBy: '镇长', reason: '再延' } });
    expect(again.status).toBe(409);
    expect(again.body.error.issues[0].message).toBe('办理期限只能延长一次');
  });

  it('no 督办 on the due date (nor on the Sunday before it); 督办 the day after', async () => {
    for (const d of ['2013-08-25', '2013-08-26']) {
      on(d);
      await runSweep(t.services);
      expect(await caseProposals(id)).toHaveLength(0);
    }
    on('2013-08-27');
    await runSweep(t.services);
    expect((await caseProposals(id)).map((p) => p.rule)).toEqual(['case_handling_overdue']);
  });

  it('review (复查) may be asked for on day 30 after the reply, not on day 31', async () => {
    let c = await get();
    c = (await (await h()).call(cases.replyCase, { params: { id }, body: { rowVersion: c.rowVersion, reply: '经勘界,山林归某村所有。' } })).body;
    expect(c.repliedOn).toBe('2013-08-27');
    on('2013-09-27'); // day 31, a Friday
    c = await get();
    const late = await (await h()).call(cases.reviewCase, { params: { id }, body: { rowVersion: c.rowVersion, action: 'request', note: '不服处理意见' } });
    expect(late.status).toBe(409);
    on('2013-09-26'); // day 30
    c = (await (await h()).call(cases.reviewCase, { params: { id }, body: { rowVersion: c.rowVersion, action: 'request', note: '不服处理意见' } })).body;
    expect(c.status).toBe('review');
    // day 30 of the review is Saturday 26 October: due Monday the 28th
    expect(clock(c, 'review')).toMatchObject({ status: 'running', dueOn: '2013-10-28' });
    c = (await (await h()).call(cases.reviewCase, { params: { id }, body: { rowVersion: c.rowVersion, action: 'decide', note: '复查维持原处理意见。' } })).body;
    expect(c.status).toBe('replied');
    expect(clock(c, 'review').status).toBe('met');
    c = (await (await h()).call(cases.reviewCase, { params: { id }, body: { rowVersion: c.rowVersion, action: 'requestReReview', note: '请求复核' } })).body;
    expect(c.status).toBe('re_review');
    expect(clock(c, 'reReview').dueOn).toBe('2013-10-28');
  });
});

describe('the State Council holiday schedule is policy data: National Day moves a due date, a make-up Sunday does not', () => {
  const HOLIDAYS = ['2013-10-01', '2013-10-02', '2013-10-03', '2013-10-04', '2013-10-05', '2013-10-06', '2013-10-07'];
  let id: string;
  it('the office enters the year’s schedule; a town handler may not; open cases take the new due dates', async () => {
    // received on 16 September before the schedule is known: day 15 is Tuesday 1 October
    on('2013-09-16');
    const early = await petition(await as('duchashi'), '反映乾佑镇某村低保评定不公开。');
    expect(clock(early, 'acceptance').dueOn).toBe('2013-10-01');
    expect(early.dueOn).toBe('2013-10-01');
    const office = await as('duchashi');
    const policy = (await office.call(cases.getCasePolicy)).body;
    expect(policy.petition.calendar).toEqual({ shiftToWorkingDay: true, restDays: [], workDays: [] });
    const body = { ...policy, petition: { ...policy.petition, calendar: { shiftToWorkingDay: true, restDays: HOLIDAYS, workDays: ['2013-09-29', '2013-10-12'] } } };
    expect((await (await as('qianyou.cb')).call(cases.updateCasePolicy, { body })).status).toBe(403);
    const bad = await office.call(cases.updateCasePolicy, { body: { ...body, petition: { ...body.petition, calendar: { ...body.petition.calendar, restDays: ['2013-10-32'] } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const r = await office.call(cases.updateCasePolicy, { body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.petition.calendar.restDays).toEqual(HOLIDAYS);
    const after = (await office.call(cases.getCase, { params: { id: early.id } })).body;
    expect(after.dueOn).toBe('2013-10-08');
    expect(clock(after, 'acceptance').dueOn).toBe('2013-10-08');
  });

  it('received 16 September: day 15 is 1 October, the acceptance is due 8 October; 督办 on the 9th', async () => {
    on('2013-09-16');
    const c = await petition(await as('duchashi'), '反映乾佑镇某村集体资金使用不公开。');
    id = c.id;
    expect(clock(c, 'acceptance')).toMatchObject({ status: 'running', dueOn: '2013-10-08' });
    on('2013-10-08');
    await runSweep(t.services);
    expect(await caseProposals(id)).toHaveLength(0);
    on('2013-10-09');
    await runSweep(t.services);
    expect((await caseProposals(id)).map((p) => p.rule)).toEqual(['case_acceptance_overdue']);
  });

  it('received Saturday 14 September: due Sunday 29 September, a working day', async () => {
    on('2013-09-14');
    const c = await petition(await as('duchashi'), '反映乾佑镇某村道路硬化工程质量问题。');
    expect(clock(c, 'acceptance').dueOn).toBe('2013-09-29');
  });
});
