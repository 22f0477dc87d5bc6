/**
 * 五个一 through HTTP (R-FIVE): the discipline rectification drive and its checks, cases of
 * violations (查处), public commitments as task nodes (late ones are found by the sweep like any
 * task; the portal shows only what was published), and the efficiency evaluation — anonymous
 * answers one per device with a limit per network and a rate limit, deputies and internal raters
 * signed in, meetings — each feeding the unit's score. Numbers are worked out by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, assessment, auth, campaigns, conduct, evaluation, org, progress, supervision, tasks } from '@luoshi/contracts';
import { runSweep } from '../../apps/server/src/modules/sweep/sweep.ts';
import { freshIp, startApp, unitId, type TestApp } from '../support/harness.ts';
import { STRONG_PASSWORD } from '../support/routes.ts';

let t: TestApp;
let campaignId: string;
let qianyou: string;
let yingpan: string;
let jiaotong: string;
let goalId: string;
const as = (u: string, password?: string) => t.as(u, password, freshIp());

async function component(unit: string, key: string) {
  const d = (await (await as('duchashi')).call(assessment.unitAssessment, { params: { id: campaignId, unitId: unit } })).body;
  return d.official.components.find((c: any) => c.key === key);
}

beforeAll(async () => {
  t = await startApp({ now: '2013-06-03T02:00:00.000Z' });
  const office = await as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  qianyou = await unitId(t, '乾佑镇');
  yingpan = await unitId(t, '营盘镇');
  jiaotong = await unitId(t, '交通局');
  goalId = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items.find((x: any) => x.title === '开展五个一作风转变行动').id;
});
afterAll(async () => t?.close());

describe('作风纪律集中整顿', () => {
  let driveId: string;
  let checkId: string;
  it('监察局 schedules a drive over two towns and checks them; a finding needs its description; units outside are refused', async () => {
    const jc = await as('jianchaju');
    const d = await jc.call(conduct.createDrive, { params: { id: campaignId }, body: { title: '机关作风纪律集中整顿', description: '治理庸懒散虚', startDate: '2013-06-01', endDate: '2013-07-31', unitIds: [qianyou, yingpan] } });
    expect(d.status).toBe(200);
    driveId = d.body.id;
    expect((await jc.call(conduct.createDrive, { params: { id: campaignId }, body: { title: 'x', startDate: '2013-08-01', endDate: '2013-07-01' } })).status).toBe(400);
    expect((await jc.call(conduct.addCheck, { params: { id: driveId }, body: { unitId: jiaotong, checkedOn: '2013-06-02', result: 'good' } })).status).toBe(400);
    expect((await jc.call(conduct.addCheck, { params: { id: driveId }, body: { unitId: qianyou, checkedOn: '2013-06-02', result: 'problem' } })).status).toBe(400);
    expect((await jc.call(conduct.addCheck, { params: { id: driveId }, body: { unitId: qianyou, checkedOn: '2013-06-09', result: 'good' } })).status).toBe(400);
    const c = await jc.call(conduct.addCheck, {
      params: { id: driveId },
      body: { unitId: qianyou, checkedOn: '2013-06-02', result: 'problem', findings: '便民服务大厅工作人员上班时间玩手机', requirement: '立即整改并通报', deadline: '2013-06-15' },
    });
    expect(c.body).toMatchObject({ result: 'problem', checkerUnitName: '柞水县监察局', unitName: '乾佑镇人民政府' });
    checkId = c.body.id;
    await jc.call(conduct.addCheck, { params: { id: driveId }, body: { unitId: yingpan, checkedOn: '2013-06-02', result: 'good' } });
    const inbox = (await (await as('qianyou')).call(progress.listNotifications)).body.items;
    expect(inbox.some((n: any) => n.title.includes('作风纪律检查发现问题'))).toBe(true);
    expect((await (await as('qianyou')).call(conduct.createDrive, { params: { id: campaignId }, body: { title: 'x', startDate: '2013-06-01', endDate: '2013-07-01' } })).status).toBe(403);
  });

  it('a unit sees the drive with its own checks only; the office sees all', async () => {
    const own = (await (await as('qianyou.cb')).call(conduct.listDrives, { params: { id: campaignId } })).body.items[0];
    expect(own.checks.map((c: any) => c.unitId)).toEqual([qianyou]);
    const other = (await (await as('jiaotong.cb')).call(conduct.listDrives, { params: { id: campaignId } })).body.items[0];
    expect(other.checks).toEqual([]);
    const all = (await (await as('duchashi')).call(conduct.listDrives, { params: { id: campaignId } })).body.items[0];
    expect(all.checks).toHaveLength(2);
  });

  it('the finding costs 乾佑镇 one point of the inspection part, citing the check; rectifying is recorded once and keeps the finding', async () => {
    const before = await component(qianyou, 'inspection');
    expect(before).toMatchObject({ points: 9, rate: 0.9 });
    expect(before.findings).toEqual([expect.objectContaining({ source: 'rectification', id: checkId, date: '2013-06-02' })]);
    const jc = await as('jianchaju');
    const r = await jc.call(conduct.markRectified, { params: { id: checkId }, body: { rectifiedOn: '2013-06-03', note: '已通报批评并调整岗位' } });
    expect(r.body.rectifiedOn).toBe('2013-06-03');
    expect((await jc.call(conduct.markRectified, { params: { id: checkId }, body: { rectifiedOn: '2013-06-03', note: '再次' } })).status).toBe(409);
    expect((await component(qianyou, 'inspection')).points).toBe(9);
  });
});

describe('查处', () => {
  it('监察局 opens a case on 交通局, finds a violation and names the people; 交通局 loses a point of its inspection part', async () => {
    const jc = await as('jianchaju');
    expect((await (await as('duchashi')).call(conduct.openConductCase, { params: { id: campaignId }, body: { unitId: jiaotong, title: 'x', allegation: 'x', source: 'other' } })).status).toBe(403);
    const c = await jc.call(conduct.openConductCase, { params: { id: campaignId }, body: { unitId: jiaotong, title: '路政执法吃拿卡要', allegation: '群众举报路政人员索要好处', source: 'public_report' } });
    expect(c.body.status).toBe('open');
    const badSource = await jc.call(conduct.openConductCase, { params: { id: campaignId }, body: { unitId: jiaotong, title: 'x', allegation: 'x', source: 'check', sourceId: 'nosuchcheck' } });
    expect(badSource.status).toBe(400);
    const person = await t.services.db.kysely.selectFrom('users').select('person_id').where('username', '=', 'jiaotong.cb').executeTakeFirstOrThrow();
    const decided = await jc.call(conduct.decideConductCase, {
      params: { id: c.body.id },
      body: { violation: true, findings: '经查属实', decision: '给予诫勉谈话,退还财物', people: [{ personId: person.person_id!, role: '路政员', measure: '诫勉谈话' }] },
    });
    expect(decided.body).toMatchObject({ status: 'decided', violation: true, decidedOn: '2013-06-03' });
    expect(decided.body.people[0]).toMatchObject({ personId: person.person_id, measure: '诫勉谈话' });
    expect((await jc.call(conduct.decideConductCase, { params: { id: c.body.id }, body: { violation: false, findings: 'x', decision: 'x' } })).status).toBe(409);
    expect((await component(jiaotong, 'inspection')).findings).toEqual([expect.objectContaining({ source: 'case', id: c.body.id })]);
    // cases name people: a unit cannot list them
    expect((await (await as('qianyou')).call(conduct.listConductCases, { params: { id: campaignId } })).status).toBe(403);
    expect((await (await as('xianzhang')).call(conduct.listConductCases, { params: { id: campaignId } })).body.items).toHaveLength(1);
  });
});

describe('公开承诺', () => {
  let planId: string;
  let c1: string;
  it('乾佑镇 writes its rectification plan under the 五个一 goal, with commitments due by dates; another unit cannot write for it', async () => {
    const h = await as('qianyou.cb');
    // the unit cannot read the goal in the task tree, but the commitments list names the campaign's goals
    expect((await h.call(tasks.listTasks, { params: { id: campaignId } })).body.items.some((x: any) => x.id === goalId)).toBe(false);
    const goals = (await h.call(conduct.listCommitmentPlans, { params: { id: campaignId } })).body.goals;
    expect(goals.find((g: any) => g.title === '开展五个一作风转变行动')?.id).toBe(goalId);
    expect(goals.length).toBeGreaterThan(1);
    const body = { goalId, unitId: qianyou, title: '乾佑镇作风整改方案', problems: '群众反映办证跑腿多、窗口态度差', plan: '推行首问负责、一次告知、限时办结' };
    expect((await (await as('jiaotong.cb')).call(conduct.createCommitmentPlan, { params: { id: campaignId }, body })).status).toBe(403);
    const notGoal = await h.call(conduct.createCommitmentPlan, { params: { id: campaignId }, body: { ...body, goalId: (await h.call(tasks.listTasks, { params: { id: campaignId } })).body.items.find((x: any) => x.title === '完成征地拆迁').id } });
    expect(notGoal.status).toBe(400);
    const plan = await h.call(conduct.createCommitmentPlan, { params: { id: campaignId }, body });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ unitName: '乾佑镇人民政府', published: false, commitments: [] });
    planId = plan.body.id;
    const late = await h.call(conduct.addCommitment, { params: { id: planId }, body: { title: 'x', problem: 'x', commitment: 'x', plannedEnd: '2014-01-31' } });
    expect(late.status).toBe(400);
    expect(late.body.error.issues[0].path).toBe('plannedEnd');
    const a = await h.call(conduct.addCommitment, { params: { id: planId }, body: { title: '便民服务大厅一次告知', problem: '办证跑腿多', commitment: '所需材料一次性书面告知', plannedEnd: '2013-08-31' } });
    c1 = a.body.commitments[0].id;
    await h.call(conduct.addCommitment, { params: { id: planId }, body: { title: '窗口服务评价', problem: '窗口态度差', commitment: '设置评价器,差评当日回访', plannedEnd: '2013-11-30' } });
    expect((await (await as('jiaotong.cb')).call(conduct.addCommitment, { params: { id: planId }, body: { title: 'x', problem: 'x', commitment: 'x', plannedEnd: '2013-10-31' } })).status).toBe(403);
    // the commitment is a task node like any other
    const task = (await h.call(tasks.getTask, { params: { id: c1 } })).body;
    expect(task).toMatchObject({ sourceKind: 'commitment', nodeType: 'task', leadUnitId: qianyou, plannedEnd: '2013-08-31' });
    expect(task.responsible.handler.name).toBeTruthy();
  });

  it('only the principal (or the office) publishes; until then the portal shows nothing; a unit sees only its own plans', async () => {
    const anon = t.anon();
    expect((await anon.call(conduct.portalCommitmentPlans, { params: { id: campaignId } })).body.items).toEqual([]);
    expect((await (await as('qianyou.cb')).call(conduct.publishCommitmentPlan, { params: { id: planId } })).status).toBe(403);
    expect((await (await as('jiaotong')).call(conduct.publishCommitmentPlan, { params: { id: planId } })).status).toBe(403);
    const pub = await (await as('qianyou')).call(conduct.publishCommitmentPlan, { params: { id: planId } });
    expect(pub.body.published).toBe(true);
    expect(pub.body.commitments.every((c: any) => c.published)).toBe(true);
    const seen = (await anon.call(conduct.portalCommitmentPlans, { params: { id: campaignId } })).body.items;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ unitName: '乾佑镇人民政府', title: '乾佑镇作风整改方案' });
    expect(seen[0].commitments.map((c: any) => [c.title, c.problem, c.plannedEnd, c.status])).toEqual([
      ['便民服务大厅一次告知', '办证跑腿多', '2013-08-31', 'not_started'],
      ['窗口服务评价', '窗口态度差', '2013-11-30', 'not_started'],
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/unitId|personId|responsible/);
    expect((await (await as('jiaotong.cb')).call(conduct.listCommitmentPlans, { params: { id: campaignId } })).body.items).toEqual([]);
    expect((await (await as('qianyou.cb')).call(conduct.listCommitmentPlans, { params: { id: campaignId } })).body.items).toHaveLength(1);
  });

  it('progress is reported like any task and shows on the portal', async () => {
    const h = await as('qianyou.cb');
    const r = await h.call(progress.createReport, { params: { id: c1 }, body: { narrative: '告知单已印制', percent: 40 } });
    await h.call(progress.submitReport, { params: { id: r.body.id } });
    const seen = (await t.anon().call(conduct.portalCommitmentPlans, { params: { id: campaignId } })).body.items[0];
    expect(seen.commitments[0].progress).toBe(40);
  });

  it('2 September: the first commitment is overdue; the sweep proposes a 督办 for it like for any task, and it costs the commitment part', async () => {
    t.clock.set('2013-09-02T01:00:00Z');
    await runSweep(t.services);
    const props = (await (await as('duchashi')).call(supervision.listProposals, { params: { id: campaignId }, query: { status: 'open' } })).body.items;
    expect(props.find((p: any) => p.subjectId === c1)).toMatchObject({ kind: 'supervise', unitId: qianyou });
    // due by 2 September: only the first commitment, unfinished → 0 of 10
    expect(await component(qianyou, 'commitment')).toMatchObject({ rate: 0, points: 0 });
    const lights = (await t.anon().call(conduct.portalCommitmentPlans, { params: { id: campaignId } })).body.items[0].commitments.map((c: any) => c.light);
    expect(lights[0]).toBe('red');
  });
});

describe('政府效能评议', () => {
  let surveyId: string;
  let deputyUser: string;
  const QUESTIONS = [
    { key: 'zuofeng', text: '工作作风', choices: [{ label: '满意', value: 100 }, { label: '基本满意', value: 60 }, { label: '不满意', value: 0 }] },
    { key: 'xiaolv', text: '办事效率', choices: [{ label: '满意', value: 100 }, { label: '基本满意', value: 60 }, { label: '不满意', value: 0 }] },
  ];
  const rate = (unit: string, a: number, b: number) => ({ unitId: unit, answers: [{ question: 'zuofeng', choice: a }, { question: 'xiaolv', choice: b }] });

  /** an anonymous answer through the portal, carrying the rater cookie as a browser would */
  async function answer(ip: string, body: unknown, cookie?: string, ua = 'Mozilla/5.0 (Linux; Android 13)') {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/portal/surveys/${surveyId}/answers`,
      headers: { 'content-type': 'application/json', 'user-agent': ua, ...(cookie ? { cookie } : {}) },
      payload: JSON.stringify(body),
      remoteAddress: ip,
    });
    const set = res.headers['set-cookie'];
    const raw = (Array.isArray(set) ? set : set ? [set] : []).find((c) => c.startsWith('luoshi_rater='));
    return { status: res.statusCode, body: JSON.parse(res.body), setCookie: raw ?? null, cookie: raw ? raw.split(';')[0] : cookie };
  }

  it('the office builds a questionnaire; bad ones are refused; the portal shows it only while open, without the values', async () => {
    t.clock.set('2013-10-08T02:00:00Z');
    const admin1 = await as('admin');
    const person = await admin1.call(org.createPerson, { body: { name: '人大代表测试员', unitId: null } });
    const user = await admin1.call(admin.createUser, { body: { username: 'daibiao1', personId: person.body.id, initialPassword: STRONG_PASSWORD } });
    deputyUser = user.body.id;
    const office = await as('duchashi');
    // the office finds the deputy's account among the people without a unit, not the staff or the administrators
    const invitable = (await office.call(evaluation.deputyAccounts)).body.items;
    expect(invitable).toContainEqual({ userId: deputyUser, name: '人大代表测试员', title: null });
    const staff = await Promise.all(['duchashi', 'qianyou.cb', 'admin'].map(async (u) => (await (await as(u)).call(auth.session)).body.user.userId));
    for (const id of staff) expect(invitable.map((x: any) => x.userId)).not.toContain(id);
    expect((await (await as('qianyou.cb')).call(evaluation.deputyAccounts)).status).toBe(403);
    const body = { title: '2013年度政府效能评议问卷', audiences: ['public', 'enterprise', 'deputy', 'internal'], questions: QUESTIONS, unitIds: [qianyou, yingpan], deputyUserIds: [deputyUser], maxPerNetwork: 2 };
    expect((await office.call(evaluation.createSurvey, { params: { id: campaignId }, body: { ...body, questions: [QUESTIONS[0], QUESTIONS[0]] } })).status).toBe(400);
    expect((await office.call(evaluation.createSurvey, { params: { id: campaignId }, body: { ...body, unitIds: ['nosuchunit'] } })).status).toBe(400);
    const s = await office.call(evaluation.createSurvey, { params: { id: campaignId }, body });
    expect(s.body).toMatchObject({ status: 'draft', responses: 0 });
    surveyId = s.body.id;
    expect((await t.anon().call(evaluation.portalSurvey, { params: { id: surveyId } })).status).toBe(404);
    expect((await t.anon().call(evaluation.portalOpenSurveys)).body.items).toEqual([]);
    expect((await office.call(evaluation.setSurveyStatus, { params: { id: surveyId }, body: { status: 'closed' } })).status).toBe(409);
    await office.call(evaluation.setSurveyStatus, { params: { id: surveyId }, body: { status: 'open' } });
    // the portal lists the open questionnaire (title and audiences only; a staff-only one is not listed)
    const staffOnly = await office.call(evaluation.createSurvey, { params: { id: campaignId }, body: { ...body, title: '机关内部评议', audiences: ['internal'], deputyUserIds: [] } });
    expect(staffOnly.status).toBe(200);
    await office.call(evaluation.setSurveyStatus, { params: { id: staffOnly.body.id }, body: { status: 'open' } });
    expect((await t.anon().call(evaluation.portalOpenSurveys)).body.items).toEqual([{ id: surveyId, title: '2013年度政府效能评议问卷', description: '', audiences: ['public', 'enterprise'] }]);
    const pub = await t.anon().call(evaluation.portalSurvey, { params: { id: surveyId } });
    expect(pub.body).toMatchObject({ audiences: ['public', 'enterprise'], answered: false });
    expect(pub.body.questions[0].choices).toEqual([{ label: '满意' }, { label: '基本满意' }, { label: '不满意' }]);
  });

  it('anonymous: one answer per device (a signed, httpOnly cookie), at most two per network and browser; a forged cookie counts as a new device', async () => {
    const a = await answer('10.9.0.1', { group: 'public', ratings: [rate(qianyou, 0, 1), rate(yingpan, 0, 0)] });
    expect(a.status).toBe(200);
    expect(a.setCookie).toMatch(/HttpOnly/i);
    expect(a.setCookie).toMatch(/Path=\/api\/v1\/portal\/surveys/);
    const again = await answer('10.9.0.77', { group: 'public', ratings: [rate(qianyou, 2, 2)] }, a.cookie);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE');
    const seen = await t.app.inject({ method: 'GET', url: `/api/v1/portal/surveys/${surveyId}`, headers: { cookie: a.cookie! }, remoteAddress: '10.9.0.1' });
    expect(JSON.parse(seen.body).answered).toBe(true);
    // the same network and browser without the cookie: a second device is allowed, a third is not
    const b = await answer('10.9.0.1', { group: 'public', ratings: [rate(qianyou, 1, 1)] });
    expect(b.status).toBe(200);
    const c = await answer('10.9.0.1', { group: 'public', ratings: [rate(qianyou, 2, 2)] });
    expect(c.status).toBe(429);
    expect(c.body.error.code).toBe('RATE_LIMITED');
    // another browser on that network is another device
    const forged = await answer('10.9.0.2', { group: 'enterprise', ratings: [rate(qianyou, 0, 0)] }, 'luoshi_rater=AAAAAAAAAAAAAAAAAAAAAAAA.forged');
    expect(forged.status).toBe(200);
    expect(forged.setCookie).not.toBeNull();
    // the audit log counts the answers but cannot tell who gave them: no address, no response id
    const logged = await t.services.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'survey.answer').where('entity_id', '=', surveyId).execute();
    expect(logged.length).toBe(3);
    for (const e of logged) {
      expect(e.ip).toBeNull();
      expect(e.actor_user_id).toBeNull();
      expect(JSON.parse(e.after!)).toEqual({ group: expect.any(String), channel: 'anonymous', units: expect.any(Number) });
    }
  });

  it('answers are checked against the questionnaire', async () => {
    expect((await answer('10.9.0.3', { group: 'public', ratings: [rate(jiaotong, 0, 0)] })).status).toBe(400);
    expect((await answer('10.9.0.3', { group: 'public', ratings: [{ unitId: qianyou, answers: [{ question: 'zuofeng', choice: 0 }] }] })).status).toBe(400);
    expect((await answer('10.9.0.3', { group: 'public', ratings: [rate(qianyou, 0, 5)] })).status).toBe(400);
    expect((await answer('10.9.0.3', { group: 'public', ratings: [rate(qianyou, 0, 0), rate(qianyou, 1, 1)] })).status).toBe(400);
  });

  it('a burst from one address is rate limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await answer('10.9.1.1', { group: 'public', ratings: [rate(jiaotong, 0, 0)] })).status);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('signed in: the invited deputy answers as a deputy, staff as internal raters never about their own unit, each once; others are refused', async () => {
    const first = await t.as('daibiao1', STRONG_PASSWORD, freshIp());
    expect((await first.call(evaluation.answerSurvey, { params: { id: surveyId }, body: { ratings: [rate(qianyou, 1, 2)] } })).status).toBe(403);
    await first.call(auth.changePassword, { body: { currentPassword: STRONG_PASSWORD, newPassword: `${STRONG_PASSWORD}9` } });
    const deputy = await t.as('daibiao1', `${STRONG_PASSWORD}9`, freshIp());
    // the deputy has no unit, so cannot list the campaign's surveys, but finds the one inviting him
    expect((await deputy.call(evaluation.listSurveys, { params: { id: campaignId } })).status).toBe(403);
    const before = await deputy.call(evaluation.mySurveys);
    expect(before.status).toBe(200);
    expect(before.body.items).toEqual([
      expect.objectContaining({ id: surveyId, campaignId, group: 'deputy', answered: false, units: [{ id: qianyou, name: '乾佑镇人民政府' }, { id: yingpan, name: '营盘镇人民政府' }] }),
    ]);
    expect(before.body.items[0].questions[0]).toEqual({ key: 'zuofeng', text: '工作作风', choices: [{ label: '满意' }, { label: '基本满意' }, { label: '不满意' }] });
    const d = await deputy.call(evaluation.answerSurvey, { params: { id: surveyId }, body: { ratings: [rate(qianyou, 1, 2), rate(yingpan, 0, 1)] } });
    expect(d.body).toEqual({ ok: true, group: 'deputy' });
    expect((await deputy.call(evaluation.mySurveys)).body.items.map((x: any) => [x.id, x.answered])).toEqual([[surveyId, true]]);
    // an account without a unit that was not invited has nothing to answer
    const none = await (await as('admin')).call(evaluation.mySurveys);
    expect(none.status).toBe(200);
    expect(none.body.items).toEqual([]);
    expect((await deputy.call(evaluation.answerSurvey, { params: { id: surveyId }, body: { ratings: [rate(yingpan, 0, 0)] } })).status).toBe(409);
    const handler = await as('qianyou.cb');
    // staff see the questionnaires open to internal raters, without their own unit
    const listed = (await handler.call(evaluation.mySurveys)).body.items;
    expect(listed.map((x: any) => x.group)).toEqual(['internal', 'internal']);
    expect(listed.find((x: any) => x.id === surveyId)).toMatchObject({ answered: false, units: [{ id: yingpan, name: '营盘镇人民政府' }] });
    const own = await handler.call(evaluation.answerSurvey, { params: { id: surveyId }, body: { ratings: [rate(qianyou, 0, 0)] } });
    expect(own.status).toBe(400);
    expect(own.body.error.issues[0].message).toContain('不能评议本单位');
    expect((await handler.call(evaluation.answerSurvey, { params: { id: surveyId }, body: { ratings: [rate(yingpan, 1, 1)] } })).body.group).toBe('internal');
    expect((await handler.call(evaluation.answerSurvey, { params: { id: surveyId }, body: { ratings: [rate(yingpan, 1, 1)] } })).status).toBe(409);
    expect((await handler.call(evaluation.mySurveys)).body.items.find((x: any) => x.id === surveyId).answered).toBe(true);
    expect((await (await as('admin')).call(evaluation.answerSurvey, { params: { id: surveyId }, body: { ratings: [rate(yingpan, 1, 1)] } })).status).toBe(403);
  });

  it('results per unit, weighted by the policy: 乾佑镇 69.33, 营盘镇 86.67; a unit sees its own row only', async () => {
    // 乾佑镇: public (80 + 60)/2 = 70, enterprise 100, deputy (60 + 0)/2 = 30
    //   (30 × .70 + 25 × 1 + 20 × .30) / (30 + 25 + 20) = 52 / 75 = .6933
    // 营盘镇: public 100, deputy (100 + 60)/2 = 80, internal 60
    //   (30 × 1 + 20 × .80 + 10 × .60) / (30 + 20 + 10) = 52 / 60 = .8667
    const office = await as('duchashi');
    const r = (await office.call(evaluation.surveyResults, { params: { id: surveyId } })).body;
    expect(r.responses).toBe(5);
    const q = r.units.find((u: any) => u.unitId === qianyou);
    expect(q.groups).toEqual([
      { group: 'public', count: 2, mean: 70 },
      { group: 'enterprise', count: 1, mean: 100 },
      { group: 'deputy', count: 1, mean: 30 },
    ]);
    expect(q.overall).toBe(69.33);
    expect(r.units.find((u: any) => u.unitId === yingpan).overall).toBe(86.67);
    const own = (await (await as('qianyou')).call(evaluation.surveyResults, { params: { id: surveyId } })).body.units;
    expect(own.map((u: any) => u.unitId)).toEqual([qianyou]);
    expect((await (await as('jiaotong.cb')).call(evaluation.surveyResults, { params: { id: surveyId } })).body.units).toEqual([]);
  });

  it('an open survey does not count yet; a meeting does; after closing, both feed the efficiency part: 乾佑镇 20 × .7111 = 14.22', async () => {
    expect((await component(qianyou, 'efficiency')).noData).toBe(true);
    const kaohe = await as('kaohe');
    const m = await kaohe.call(evaluation.recordMeeting, {
      params: { id: campaignId },
      body: { kind: 'meeting', title: '服务对象评议会', heldOn: '2013-10-08', participants: 40, summary: '企业和群众代表现场测评', results: [{ unitId: qianyou, value: 80 }, { unitId: yingpan, value: 90, note: '满意度高' }] },
    });
    expect(m.status).toBe(200);
    expect((await kaohe.call(evaluation.recordMeeting, { params: { id: campaignId }, body: { kind: 'meeting', title: 'x', heldOn: '2013-12-08', participants: 1, summary: 'x' } })).status).toBe(400);
    // meeting only: 80 → 20 × .8 = 16
    expect(await component(qianyou, 'efficiency')).toMatchObject({ rate: 0.8, points: 16 });
    const office = await as('duchashi');
    expect((await office.call(evaluation.setSurveyStatus, { params: { id: surveyId }, body: { status: 'open', resultsPublished: true } })).status).toBe(400);
    await office.call(evaluation.setSurveyStatus, { params: { id: surveyId }, body: { status: 'closed' } });
    // (30 × .70 + 25 × 1 + 20 × .30 + 15 × .80) / 90 = 64 / 90 = .7111
    const eff = await component(qianyou, 'efficiency');
    expect(eff).toMatchObject({ rate: 0.7111, points: 14.22 });
    expect(eff.groups.map((g: any) => [g.group, g.count, g.mean])).toEqual([
      ['public', 2, 70],
      ['enterprise', 1, 100],
      ['deputy', 1, 30],
      ['meeting', 1, 80],
    ]);
    expect((await answer('10.9.0.9', { group: 'public', ratings: [rate(qianyou, 0, 0)] })).status).toBe(409);
    // the units see their own meeting results
    const mine = (await (await as('qianyou.cb')).call(evaluation.listMeetings, { params: { id: campaignId } })).body.items[0];
    expect(mine.results.map((x: any) => x.unitId)).toEqual([qianyou]);
  });

  it('results reach the portal only when published', async () => {
    expect((await t.anon().call(evaluation.portalEvaluation, { params: { id: campaignId } })).body.items).toEqual([]);
    await (await as('duchashi')).call(evaluation.setSurveyStatus, { params: { id: surveyId }, body: { status: 'closed', resultsPublished: true } });
    const pub = (await t.anon().call(evaluation.portalEvaluation, { params: { id: campaignId } })).body.items;
    expect(pub).toHaveLength(1);
    expect(pub[0].units.map((u: any) => u.overall)).toEqual([69.33, 86.67]);
  });
});
