/**
 * A replayed year ending in the annual assessment (R-ASSESS, seed §四.4). The clock starts in May;
 * the office keeps three towns and departments in view (乾佑镇, 交通局, 营盘镇) and its own work, and
 * cancels the rest of the demo tree so every other unit stands at the full 100. Escalations go through
 * the supervision API as in supervision-year.test.ts; 五个一 records, the evaluation and the budgets are
 * entered by the people whose job they are; then the office closes the year, an appeal is upheld
 * after the close and corrected with the county head's approval, awards refuse those who lost
 * eligibility, and the budget cuts follow. Every expected number is worked out by hand here.
 *
 * Default policy: base 100 = 20 given + completion 40 + efficiency 20 + inspection 10 + commitment 10.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessment, campaigns, conduct, evaluation, progress, supervision, tasks } from '@luoshi/contracts';
import { runSweep } from '../../apps/server/src/modules/sweep/sweep.ts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { download } from '../support/sheets.ts';

let t: TestApp;
let campaignId: string;
let tree: any[];
let qianyou: string;
let jiaotong: string;
let yingpan: string;
let office: string;
const byTitle = (title: string) => tree.find((x) => x.title === title);
const as = (u: string) => t.as(u, undefined, freshIp());
const at = (iso: string) => t.clock.set(iso);

async function deputyInCharge(unit: string): Promise<string> {
  const c = await as('duchashi');
  const group = (await c.request('GET', '/api/v1/leading-group')).body.members;
  const m = group.find((x: any) => x.position === 'deputy_head' && x.chargedUnitIds.includes(unit));
  const u = await t.services.db.kysely.selectFrom('users').select('username').where('person_id', '=', m.personId).executeTakeFirstOrThrow();
  return u.username;
}

/** a report by a unit's staff; with a completion claim the office's acceptance completes the task today */
async function report(username: string, taskId: string, percent: number, complete: boolean) {
  const c = await as(username);
  const r = await c.call(progress.createReport, { params: { id: taskId }, body: { narrative: `完成 ${percent}%`, percent, completionClaim: complete } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await c.call(progress.submitReport, { params: { id: r.body.id } });
  if (complete) expect((await (await as('duchashi')).call(progress.reviewReport, { params: { id: r.body.id }, body: { decision: 'accept' } })).status).toBe(200);
}

async function overview(c: Client) {
  return (await c.call(assessment.assessmentOverview, { params: { id: campaignId } })).body;
}

beforeAll(async () => {
  t = await startApp({ now: '2013-05-02T01:00:00.000Z' });
  const c = await as('duchashi');
  campaignId = (await c.call(campaigns.listCampaigns)).body.items[0].id;
  tree = (await c.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
  qianyou = await unitId(t, '乾佑镇');
  jiaotong = await unitId(t, '交通局');
  yingpan = await unitId(t, '营盘镇');
  office = await unitId(t, '县政府督查室');
});
afterAll(async () => t?.close());

describe('a year of work, escalation, conduct and evaluation', () => {
  let supervise1: any;
  let urge: any;

  it('2 May: the office cancels the work of the units not followed here and issues a 督办 on 乾佑镇’s land clearance', async () => {
    const c = await as('duchashi');
    const keep = new Set([qianyou, jiaotong, office]);
    for (const x of tree.filter((r) => r.childCount === 0 && r.leadUnitId && !keep.has(r.leadUnitId))) {
      const { rowVersion } = (await c.call(tasks.getTask, { params: { id: x.id } })).body;
      const r = await c.call(tasks.updateTask, { params: { id: x.id }, body: { rowVersion, status: 'cancelled' } });
      expect(r.status, `${x.title}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    const d = await c.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectId: byTitle('完成征地拆迁').id } });
    supervise1 = (await c.call(supervision.submitNotice, { params: { id: d.body.id } })).body;
    expect(supervise1).toMatchObject({ docNumber: '柞政督〔2013〕1号', deadline: '2013-05-17' });
  });

  it('18 May: the 督办 lapsed; the deputy in charge approves the 催办 — 乾佑镇 and its people lose award eligibility', async () => {
    at('2013-05-18T01:00:00Z');
    expect((await runSweep(t.services)).lapsed).toBe(1);
    const c = await as('duchashi');
    const d = await c.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'urge', subjectId: byTitle('完成征地拆迁').id, parentNoticeId: supervise1.id } });
    await c.call(supervision.submitNotice, { params: { id: d.body.id } });
    urge = (await (await as(await deputyInCharge(qianyou))).call(supervision.decideNotice, { params: { id: d.body.id }, body: { decision: 'approve', reason: '同意' } })).body;
    expect(urge).toMatchObject({ status: 'issued', docNumber: '柞政催〔2013〕1号', deadline: '2013-05-28' });
  });

  it('29 May: the 催办 lapsed; the county head approves the 查办', async () => {
    at('2013-05-29T01:00:00Z');
    await runSweep(t.services);
    const c = await as('duchashi');
    const d = await c.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'investigate', subjectId: byTitle('完成征地拆迁').id, parentNoticeId: urge.id, majorImpact: true } });
    await c.call(supervision.submitNotice, { params: { id: d.body.id } });
    const ok = await (await as('xianzhang')).call(supervision.decideNotice, { params: { id: d.body.id }, body: { decision: 'approve', reason: '同意查办' } });
    expect(ok.body.docNumber).toBe('柞政查〔2013〕1号');
  });

  it('June: the land clearance is done on 3 June (due 30 June: on time), the objection on 10 June (due 31 May: late); 监察局 finds a problem in 乾佑镇', async () => {
    at('2013-06-03T02:00:00Z');
    await report('qianyou.cb', byTitle('完成征地拆迁').id, 100, true);
    at('2013-06-05T02:00:00Z');
    const jc = await as('jianchaju');
    const drive = (await jc.call(conduct.createDrive, { params: { id: campaignId }, body: { title: '作风纪律集中整顿', startDate: '2013-06-01', endDate: '2013-07-31' } })).body;
    await jc.call(conduct.addCheck, { params: { id: drive.id }, body: { unitId: qianyou, checkedOn: '2013-06-05', result: 'problem', findings: '窗口工作人员擅离岗位' } });
    at('2013-06-10T02:00:00Z');
    await report('qianyou.cb', byTitle('沿线群众对拆迁补偿有异议').id, 100, true);
    await runSweep(t.services);
  });

  it('June: 乾佑镇 publishes two commitments under the 五个一 goal, due 30 September and 30 November', async () => {
    const h = await as('qianyou.cb');
    const plan = (
      await h.call(conduct.createCommitmentPlan, {
        params: { id: campaignId },
        body: { goalId: byTitle('开展五个一作风转变行动').id, unitId: qianyou, title: '乾佑镇公开承诺', problems: '群众反映办事难', plan: '一次告知、限时办结' },
      })
    ).body;
    await h.call(conduct.addCommitment, { params: { id: plan.id }, body: { title: '承诺一:一次告知', problem: '跑腿多', commitment: '一次性告知全部材料', plannedEnd: '2013-09-30' } });
    await h.call(conduct.addCommitment, { params: { id: plan.id }, body: { title: '承诺二:限时办结', problem: '办理慢', commitment: '三日内办结', plannedEnd: '2013-11-30' } });
    expect((await (await as('qianyou')).call(conduct.publishCommitmentPlan, { params: { id: plan.id } })).body.commitments).toHaveLength(2);
    tree = (await (await as('duchashi')).call(tasks.listTasks, { params: { id: campaignId } })).body.items;
  });

  it('1 July: the office finishes its own two tasks on time; 营盘镇 is commended (+0.5) and 考核办 records its innovation (+1)', async () => {
    at('2013-07-01T02:00:00Z');
    await report('duchaduban', byTitle('组织公开承诺活动').id, 100, true);
    await report('duchaduban', byTitle('完善政务督查和效能考评制度').id, 100, true);
    const c = await as('duchashi');
    const d = await c.call(supervision.draftNotice, {
      params: { id: campaignId },
      body: { kind: 'commend', subjectType: 'unit', subjectId: yingpan, title: '关于对营盘镇人民政府配合农村安全饮水工程予以通报表扬的通报', body: '营盘镇配合饮水工程落实迅速、措施有力、成效明显,予以通报表扬。' },
    });
    await c.call(supervision.submitNotice, { params: { id: d.body.id } });
    const ok = await (await as(await deputyInCharge(yingpan))).call(supervision.decideNotice, { params: { id: d.body.id }, body: { decision: 'approve', reason: '同意表扬' } });
    expect(ok.body.docNumber).toBe('柞政通〔2013〕1号');
    const b = await (await as('kaohe')).call(assessment.addBonus, { params: { id: campaignId }, body: { unitId: yingpan, category: 'innovation', points: 1, reason: '“一站式”便民服务' } });
    expect(b.status).toBe(200);
  });

  it('20 September: the first commitment is kept on time', async () => {
    at('2013-09-20T02:00:00Z');
    await report('qianyou.cb', byTitle('承诺一:一次告知').id, 100, true);
  });

  it('October: the public, internal raters and an evaluation meeting rate three units; 监察局 finds a violation in 交通局', async () => {
    at('2013-10-08T02:00:00Z');
    const c = await as('duchashi');
    const q = [
      { key: 'zuofeng', text: '工作作风', choices: [{ label: '满意', value: 100 }, { label: '基本满意', value: 60 }, { label: '不满意', value: 0 }] },
      { key: 'xiaolv', text: '办事效率', choices: [{ label: '满意', value: 100 }, { label: '基本满意', value: 60 }, { label: '不满意', value: 0 }] },
    ];
    const s = (await c.call(evaluation.createSurvey, { params: { id: campaignId }, body: { title: '政府效能评议', audiences: ['public', 'internal'], questions: q, unitIds: [qianyou, yingpan, jiaotong] } })).body;
    await c.call(evaluation.setSurveyStatus, { params: { id: s.id }, body: { status: 'open' } });
    const r = (unit: string, a: number, b: number) => ({ unitId: unit, answers: [{ question: 'zuofeng', choice: a }, { question: 'xiaolv', choice: b }] });
    // public: 乾佑镇 80 and 60 → 70; 营盘镇 100 and 80 → 90; 交通局 30 and 0 → 15
    for (const [ip, ratings] of [
      ['10.20.0.1', [r(qianyou, 0, 1), r(yingpan, 0, 0), r(jiaotong, 2, 1)]],
      ['10.20.0.2', [r(qianyou, 1, 1), r(yingpan, 0, 1), r(jiaotong, 2, 2)]],
    ] as const) {
      expect((await t.anon(ip).call(evaluation.portalAnswerSurvey, { params: { id: s.id }, body: { group: 'public', ratings } })).status).toBe(200);
    }
    // internal: 乾佑镇 100 and 30 → 65; 营盘镇 100 and 80 → 90; 交通局 30 and 60 → 45
    expect((await (await as('kaohe')).call(evaluation.answerSurvey, { params: { id: s.id }, body: { ratings: [r(qianyou, 0, 0), r(yingpan, 0, 0), r(jiaotong, 1, 2)] } })).status).toBe(200);
    expect((await (await as('jianchaju')).call(evaluation.answerSurvey, { params: { id: s.id }, body: { ratings: [r(qianyou, 1, 2), r(yingpan, 0, 1), r(jiaotong, 1, 1)] } })).status).toBe(200);
    await (await as('kaohe')).call(evaluation.recordMeeting, {
      params: { id: campaignId },
      body: { kind: 'meeting', title: '政府效能评议会', heldOn: '2013-10-08', participants: 60, summary: '服务对象代表测评', results: [{ unitId: qianyou, value: 80 }, { unitId: yingpan, value: 95 }, { unitId: jiaotong, value: 50 }] },
    });
    const jc = await as('jianchaju');
    const k = (await jc.call(conduct.openConductCase, { params: { id: campaignId }, body: { unitId: jiaotong, title: '路政执法不作为', allegation: '群众反映路障长期无人处理', source: 'public_report' } })).body;
    await jc.call(conduct.decideConductCase, { params: { id: k.id }, body: { violation: true, findings: '属实', decision: '责令整改并通报' } });
    at('2013-10-31T02:00:00Z');
    await (await as('duchashi')).call(evaluation.setSurveyStatus, { params: { id: s.id }, body: { status: 'closed' } });
  });

  it('November and December: 交通局’s roadbed is done late (5 Nov, due 31 Oct), the pavement reaches 60%; 乾佑镇’s second commitment stops at 50%', async () => {
    at('2013-11-05T02:00:00Z');
    await report('jiaotong.cb', byTitle('路基工程完工').id, 100, true);
    await report('qianyou.cb', byTitle('承诺二:限时办结').id, 50, false);
    at('2013-12-20T02:00:00Z');
    await report('jiaotong.cb', byTitle('路面工程完工并通车').id, 60, false);
  });

  it('28 December: a 督办 on the pavement costs 交通局 0.5; 2 January its principal appeals in time; finance enters the budgets', async () => {
    at('2013-12-28T02:00:00Z');
    const c = await as('duchashi');
    const d = await c.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectId: byTitle('路面工程完工并通车').id } });
    const n = (await c.call(supervision.submitNotice, { params: { id: d.body.id } })).body;
    expect(n).toMatchObject({ docNumber: '柞政督〔2013〕2号', appealOpenUntil: '2014-01-04' });
    at('2014-01-02T02:00:00Z');
    expect((await (await as('jiaotong')).call(supervision.submitAppeal, { params: { id: n.id }, body: { reasons: '路面工程因冬季低温按技术规范停工,已报批' } })).status).toBe(200);
    const cz = await as('caizheng');
    for (const [unit, amount] of [
      [qianyou, 800_000],
      [jiaotong, 600_000],
      [yingpan, 500_000],
      [office, 300_000],
    ] as const) {
      expect((await cz.call(assessment.setBudget, { params: { id: campaignId, unitId: unit }, body: { amount } })).status).toBe(200);
    }
  });
});

describe('the year-end close', () => {
  it('3 January: the office closes the year; the ranking matches the hand count', async () => {
    at('2014-01-03T02:00:00Z');
    const closed = await (await as('duchashi')).call(assessment.closeYear, { params: { id: campaignId } });
    expect(closed.status).toBe(200);
    const items = closed.body.items;
    const get = (u: string) => items.find((x: any) => x.unitId === u);
    // 乾佑镇: completion (1 on time + 0.5 late)/2 = .75 → 30; efficiency (30×.70 + 10×.65 + 15×.80)/55 = .7182 → 14.36;
    //   inspection 10 − 1 = 9; commitments (1 + 0)/2 → 5; deductions 0.5 + 1 + 1.5 = 3 → 20 + 30 + 14.36 + 9 + 5 − 3 = 75.36
    expect(get(qianyou)).toMatchObject({ score: 75.36, deductions: 3, eligible: false });
    // 营盘镇: nothing due → 40; (30×.90 + 10×.90 + 15×.95)/55 = .9136 → 18.27; 10; 10; bonus .5 + 1 → 99.77
    expect(get(yingpan)).toMatchObject({ score: 99.77, bonuses: 1.5, eligible: true });
    // 交通局: (0.5 late + 0 unfinished)/2 → 10; (30×.15 + 10×.45 + 15×.50)/55 = .3 → 6; 9 (the case); 10; − 0.5 → 54.5
    expect(get(jiaotong)).toMatchObject({ score: 54.5, deductions: 0.5 });
    // 督查室: both tasks on time → 100, like the 30 units with nothing counted
    expect(get(office).score).toBe(100);
    expect(items.filter((x: any) => x.score === 100)).toHaveLength(31);
    expect([get(yingpan).rank, get(qianyou).rank, get(jiaotong).rank]).toEqual([32, 33, 34]);
    // towns: seven at 100, then 营盘镇 and 乾佑镇; departments: 交通局 last of 19
    expect([get(yingpan).kindRank, get(qianyou).kindRank, get(jiaotong).kindRank]).toEqual([8, 9, 19]);
    const q = (await (await as('qianyou')).call(assessment.unitAssessment, { params: { id: campaignId, unitId: qianyou } })).body.official;
    expect(q.components.map((x: any) => [x.key, x.points])).toEqual([
      ['completion', 30],
      ['efficiency', 14.36],
      ['inspection', 9],
      ['commitment', 5],
    ]);
    expect(q.deductions.entries.map((e: any) => e.docNumber)).toEqual(['柞政督〔2013〕1号', '柞政催〔2013〕1号', '柞政查〔2013〕1号']);
  });

  it('4 January: the appeal is upheld after the close — the live score moves, the announced one waits for a correction approved by the county head', async () => {
    at('2014-01-04T02:00:00Z');
    const c = await as('duchashi');
    const n = (await c.call(supervision.listNotices, { params: { id: campaignId }, query: { unitId: jiaotong } })).body.items[0];
    const appeal = (await c.call(supervision.listAppeals, { params: { id: n.id } })).body.items[0];
    expect((await (await as('duchaduban')).call(supervision.decideAppeal, { params: { id: appeal.id }, body: { decision: 'uphold', reason: '低温停工属实' } })).body.status).toBe('upheld');
    const row = (await overview(c)).items.find((x: any) => x.unitId === jiaotong);
    expect(row).toMatchObject({ score: 54.5, liveScore: 55, drift: true, corrected: false });
    const p = await c.call(assessment.proposeCorrection, { params: { id: campaignId }, body: { unitId: jiaotong, reason: '柞政督〔2013〕2号申诉成立,撤销扣分' } });
    expect(p.body).toMatchObject({ status: 'pending', before: { score: 54.5 }, after: { score: 55 } });
    expect(p.body.after.deductions.entries.map((e: any) => [e.kind, e.points])).toEqual([
      ['deduction', 0.5],
      ['reversal', -0.5],
    ]);
    await (await as('xianzhang')).call(assessment.decideCorrection, { params: { id: p.body.id }, body: { decision: 'approve', reason: '同意' } });
    const after = (await overview(c)).items.find((x: any) => x.unitId === jiaotong);
    expect(after).toMatchObject({ score: 55, closedScore: 54.5, corrected: true, drift: false, rank: 34 });
  });

  it('the budgets: 乾佑镇 cut by its unfinished 12.5% and no reward (eligibility lost); 交通局 cut 20%; 营盘镇 +5%; the office +3%', async () => {
    const b = (await (await as('caizheng')).call(assessment.listBudgets, { params: { id: campaignId } })).body;
    // counted work: 督查室 2, 交通局 2, 乾佑镇 2 tasks + 2 commitments = 4 → median 2, heavy from 3
    expect(b.medianTasks).toBe(2);
    const get = (u: string) => b.items.find((x: any) => x.unitId === u);
    // 乾佑镇: progress (100 + 100 + 100 + 50)/4 = 87.5 → cut 800,000 × .125 = 100,000 (under the 240,000 cap); heavy (4 ≥ 3) but eligibility lost
    const q = get(qianyou);
    expect(q).toMatchObject({ progress: 87.5, cut: { amount: 100_000, cappedBy: null }, reward: { eligible: false, amount: 0 }, net: -100_000, adjusted: 700_000 });
    expect(q.reward.criteria.find((c: any) => c.key === 'heavy').met).toBe(true);
    expect(q.working.some((w: any) => w.zh.includes('柞政催〔2013〕1号'))).toBe(true);
    // 交通局: inefficient (.3 < .6), poor (55 < 85), late; progress (100 + 60)/2 = 80 → 600,000 × .2 = 120,000
    const j = get(jiaotong);
    expect(j.cut.triggers.map((x: any) => x.met)).toEqual([true, true, true]);
    expect(j).toMatchObject({ score: 55, progress: 80, cut: { amount: 120_000 }, reward: { amount: 0 }, adjusted: 480_000 });
    // 营盘镇: quality (99.77 ≥ 95) 3% + innovation 2% = 5% of 500,000 = 25,000, exactly the cap; nothing to cut
    expect(get(yingpan)).toMatchObject({ progress: null, reward: { rate: 0.05, amount: 25_000, cappedBy: null }, cut: { amount: 0 }, adjusted: 525_000 });
    // 督查室: quality 3% of 300,000 = 9,000; two tasks, under the heavy line of 3
    expect(get(office)).toMatchObject({ reward: { amount: 9_000 }, cut: { amount: 0 }, adjusted: 309_000 });
  });
});

describe('awards', () => {
  it('乾佑镇, its principal and its responsible leader are refused, citing the notices that cost their eligibility', async () => {
    const k = await as('kaohe');
    const refused = await k.call(assessment.nominate, { params: { id: campaignId }, body: { nomineeType: 'unit', unitId: qianyou, title: '先进单位', reason: '征地拆迁任务重' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.issues[0].message).toBe('乾佑镇人民政府已被取消年终考核评优资格(柞政催〔2013〕1号、柞政查〔2013〕1号),不能评选表彰');
    const people = await t.services.db.kysely.selectFrom('users').select(['username', 'person_id']).where('username', 'in', ['qianyou', 'qianyou.fz', 'jiaotong.cb']).execute();
    const pid = (u: string) => people.find((p) => p.username === u)!.person_id!;
    for (const u of ['qianyou', 'qianyou.fz']) {
      const r = await k.call(assessment.nominate, { params: { id: campaignId }, body: { nomineeType: 'person', unitId: qianyou, personId: pid(u), title: '先进个人', reason: '带头抓落实' } });
      expect(r.status).toBe(409);
      expect(r.body.error.issues[0].message).toContain('柞政催〔2013〕1号');
    }
    const ok = [
      { nomineeType: 'unit', unitId: yingpan, title: '先进单位', reason: '效能评议群众满意度高' },
      { nomineeType: 'unit', unitId: office, title: '先进单位', reason: '牵头任务按期完成' },
      { nomineeType: 'person', unitId: jiaotong, personId: pid('jiaotong.cb'), title: '先进个人', reason: '路基工程现场协调' },
    ];
    const c = await as('duchashi');
    for (const body of ok) {
      t.clock.advance(60_000);
      const n = await k.call(assessment.nominate, { params: { id: campaignId }, body });
      expect(n.status).toBe(200);
      await c.call(assessment.decideAward, { params: { id: n.body.id }, body: { decision: 'select' } });
    }
    const draft = await c.call(assessment.draftCommendation, { params: { id: campaignId }, body: {} });
    await c.call(supervision.submitNotice, { params: { id: draft.body.id } });
    const issued = await (await as('xianzhang')).call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'approve', reason: '同意' } });
    expect(issued.body.docNumber).toBe('柞政通〔2014〕1号');
    const pub = (await t.anon().call(assessment.portalAwards, { params: { id: campaignId } })).body.items[0];
    expect(pub.awards.map((a: any) => a.unitName)).toEqual(['营盘镇人民政府', '柞水县人民政府督查室', '柞水县交通运输局']);
  });

  it('the county report carries the corrected ranking, the award list and the budget adjustments', async () => {
    const res = await download(t, await as('duchashi'), `/api/v1/campaigns/${campaignId}/assessment/report?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.file as never);
    const ranking = wb.getWorksheet('考核排名')!;
    const last = ranking.getRow(ranking.rowCount);
    expect([last.getCell(1).value, last.getCell(3).value, last.getCell(12).value, last.getCell(13).value, last.getCell(14).value]).toEqual([34, '柞水县交通运输局', 55, 54.5, '是']);
    const awards = wb.getWorksheet('表彰名单')!;
    expect(awards.getRow(3).values).toEqual(expect.arrayContaining(['先进单位', '营盘镇人民政府', '已通报表彰', '柞政通〔2014〕1号']));
    const budgets = wb.getWorksheet('经费挂钩')!;
    const q = budgets.getRows(3, budgets.rowCount - 2)!.find((r) => r.getCell(1).value === '乾佑镇人民政府')!;
    expect([q.getCell(2).value, q.getCell(4).value, q.getCell(6).value, q.getCell(8).value]).toEqual([800_000, 87.5, -100_000, 700_000]);
  });
});
