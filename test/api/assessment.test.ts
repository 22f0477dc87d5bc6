/**
 * The annual assessment through HTTP: scores computed from the records (a notice issued or a bonus
 * revoked changes them at once), who sees whose score, budgets entered by finance with their
 * working, nominations and the commendation they become, the year-end close, corrections approved
 * by the county head and never by their proposer, and the reports as .xlsx and .docx. Numbers are
 * worked out by hand from the demo campaign in the comments.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessment, campaigns, org, supervision, tasks } from '@luoshi/contracts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { download } from '../support/sheets.ts';
import { unzip } from '../support/unzip.ts';

let t: TestApp;
let campaignId: string;
let qianyou: string;
let yingpan: string;
let jiaotong: string;
const as = (u: string) => t.as(u, undefined, freshIp());

async function row(c: Client, unit: string) {
  const r = await c.call(assessment.assessmentOverview, { params: { id: campaignId } });
  return r.body.items.find((x: any) => x.unitId === unit);
}

beforeAll(async () => {
  t = await startApp({ now: '2013-07-01T02:00:00.000Z' });
  const office = await as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  qianyou = await unitId(t, '乾佑镇');
  yingpan = await unitId(t, '营盘镇');
  jiaotong = await unitId(t, '交通局');
});
afterAll(async () => t?.close());

describe('scores from the records', () => {
  it('1 July: every assessed unit is ranked, the county government is not; 乾佑镇 has both its tasks overdue: 20 + 0 + 20 + 10 + 10 = 60', async () => {
    const office = await as('duchashi');
    const r = await office.call(assessment.assessmentOverview, { params: { id: campaignId } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'open', asOf: '2013-07-01', year: 2013 });
    // 35 demo units, all but the county government (kind 'government') are assessed
    expect(r.body.items).toHaveLength(34);
    expect(r.body.items.some((x: any) => x.kind === 'government')).toBe(false);
    const q = r.body.items.find((x: any) => x.unitId === qianyou);
    expect(q.score).toBe(60);
    const detail = (await office.call(assessment.unitAssessment, { params: { id: campaignId, unitId: qianyou } })).body;
    const completion = detail.official.components.find((c: any) => c.key === 'completion');
    expect(completion).toMatchObject({ weight: 40, rate: 0, points: 0 });
    expect(completion.tasks.map((x: any) => [x.title, x.outcome])).toEqual([
      ['沿线群众对拆迁补偿有异议', 'unfinished'],
      ['完成征地拆迁', 'unfinished'],
    ]);
    // 交通局's tasks are due in October and December: nothing due yet, full marks
    expect((await row(office, jiaotong)).score).toBe(100);
  });

  it('a 督办 issued to 乾佑镇 costs 0.5 at once, and the working names the notice', async () => {
    const office = await as('duchashi');
    const tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
    const landing = tree.find((x: any) => x.title === '完成征地拆迁');
    const d = await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectId: landing.id } });
    const issued = (await office.call(supervision.submitNotice, { params: { id: d.body.id } })).body;
    expect(issued.docNumber).toBe('柞政督〔2013〕1号');
    const detail = (await office.call(assessment.unitAssessment, { params: { id: campaignId, unitId: qianyou } })).body;
    expect(detail.official.score).toBe(59.5);
    expect(detail.official.deductions.entries).toEqual([expect.objectContaining({ noticeId: issued.id, docNumber: '柞政督〔2013〕1号', points: 0.5, kind: 'deduction' })]);
    expect(detail.official.working.find((w: any) => w.zh.includes('柞政督〔2013〕1号')).points).toBe(-0.5);
  });

  it('a bonus recorded by 考核办 adds its points with its reason; revoking it takes them away; a record above the policy maximum is refused', async () => {
    const kaohe = await as('kaohe');
    const b = await kaohe.call(assessment.addBonus, { params: { id: campaignId }, body: { unitId: qianyou, category: 'innovation', points: 1, reason: '首创征地拆迁“阳光操作”' } });
    expect(b.status).toBe(200);
    expect((await row(kaohe, qianyou)).score).toBe(60.5);
    const tooMuch = await kaohe.call(assessment.addBonus, { params: { id: campaignId }, body: { unitId: qianyou, category: 'quality', points: 1.5, reason: '过多' } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.issues[0].path).toBe('points');
    const revoked = await kaohe.call(assessment.revokeBonus, { params: { id: b.body.id }, body: { reason: '经核实系重复登记' } });
    expect(revoked.body).toMatchObject({ revokedBy: expect.any(String), revokeReason: '经核实系重复登记' });
    expect((await row(kaohe, qianyou)).score).toBe(59.5);
    expect((await kaohe.call(assessment.revokeBonus, { params: { id: b.body.id }, body: { reason: '再撤销' } })).status).toBe(409);
    // the bonus list keeps the revoked record
    const list = (await kaohe.call(assessment.listBonuses, { params: { id: campaignId }, query: { unitId: qianyou } })).body.items;
    expect(list).toHaveLength(1);
    expect(list[0].revokedAt).not.toBeNull();
  });

  it('a unit sees only its own score; inspectors, county leaders and finance see all; nobody signed out sees any', async () => {
    const handler = await as('qianyou.cb');
    const own = await handler.call(assessment.assessmentOverview, { params: { id: campaignId } });
    expect(own.body.items.map((x: any) => x.unitId)).toEqual([qianyou]);
    expect(own.body.items[0].rank).toBeGreaterThan(1);
    expect((await handler.call(assessment.unitAssessment, { params: { id: campaignId, unitId: qianyou } })).status).toBe(200);
    expect((await handler.call(assessment.unitAssessment, { params: { id: campaignId, unitId: jiaotong } })).status).toBe(403);
    const other = await as('jiaotong.cb');
    expect((await other.call(assessment.assessmentOverview, { params: { id: campaignId } })).body.items.map((x: any) => x.unitId)).toEqual([jiaotong]);
    for (const u of ['caizheng', 'jianchaju', 'xianzhang', 'fuxianzhang']) {
      expect((await (await as(u)).call(assessment.assessmentOverview, { params: { id: campaignId } })).body.items).toHaveLength(34);
    }
    expect((await t.anon().call(assessment.assessmentOverview, { params: { id: campaignId } })).status).toBe(401);
    // bonuses are scoped the same way
    const office = await as('duchashi');
    await office.call(assessment.addBonus, { params: { id: campaignId }, body: { unitId: yingpan, category: 'other', points: 1, reason: '=HYPERLINK("http://evil.example","点击")' } });
    const theirs = (await handler.call(assessment.listBonuses, { params: { id: campaignId } })).body.items;
    expect(theirs.every((b: any) => b.unitId === qianyou)).toBe(true);
    expect((await handler.call(assessment.listBonuses, { params: { id: campaignId }, query: { unitId: yingpan } })).status).toBe(403);
    expect((await office.call(assessment.listBonuses, { params: { id: campaignId } })).body.items.map((b: any) => b.unitId).sort()).toEqual([qianyou, yingpan].sort());
  });
});

describe('the budget link', () => {
  it('only finance enters budgets, in yuan to the fen', async () => {
    expect((await (await as('qianyou')).call(assessment.setBudget, { params: { id: campaignId, unitId: qianyou }, body: { amount: 800_000 } })).status).toBe(403);
    const cz = await as('caizheng');
    expect((await cz.call(assessment.setBudget, { params: { id: campaignId, unitId: qianyou }, body: { amount: 800_000.005 } })).status).toBe(400);
    const set = await cz.call(assessment.setBudget, { params: { id: campaignId, unitId: qianyou }, body: { amount: 800_000, note: '2013年度工作经费' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ budget: 800_000, rowVersion: 1 });
    const stale = await cz.call(assessment.setBudget, { params: { id: campaignId, unitId: qianyou }, body: { amount: 800_000, rowVersion: 7 } });
    expect(stale.status).toBe(409);
    await cz.call(assessment.setBudget, { params: { id: campaignId, unitId: yingpan }, body: { amount: 500_000 } });
  });

  it('1 July, 乾佑镇: heavy tasks (2 ≥ 1.5 × median 1) earn 2%; poor and late, at 0% progress the cut of 100% is held to 30%', async () => {
    // units with work due by 1 July: 发改局 1, 国土局 1, 监察局 1, 乾佑镇 2 → median of [1,1,1,2] = 1
    const cz = await as('caizheng');
    const r = (await cz.call(assessment.listBudgets, { params: { id: campaignId } })).body;
    expect(r.medianTasks).toBe(1);
    expect(r.formula.zh).toContain('削减 = 预算 × 1 ×(1 − 完成进度)');
    const q = r.items.find((x: any) => x.unitId === qianyou);
    expect(q.reward).toMatchObject({ rate: 0.02, amount: 16_000, eligible: true });
    expect(q.cut).toMatchObject({ triggered: true, unfinishedShare: 1, uncapped: 800_000, amount: 240_000, cappedBy: 'share' });
    expect(q).toMatchObject({ progress: 0, net: -224_000, adjusted: 576_000 });
    expect(q.cut.triggers.filter((x: any) => x.met).map((x: any) => x.key)).toEqual(['poor', 'late']);
    // 营盘镇 has nothing due: no cut; score 100 + 1 bonus ≥ 95 → quality 3% of 500,000
    const y = r.items.find((x: any) => x.unitId === yingpan);
    expect(y).toMatchObject({ score: 101, progress: null, net: 15_000, adjusted: 515_000 });
    // a unit without a budget shows that it has none
    expect(r.items.find((x: any) => x.unitId === jiaotong)).toMatchObject({ budget: null, adjusted: null });
  });

  it('a unit sees its own budget row only; the county head and the office see all', async () => {
    const own = (await (await as('qianyou')).call(assessment.listBudgets, { params: { id: campaignId } })).body.items;
    expect(own.map((x: any) => x.unitId)).toEqual([qianyou]);
    const foreign = (await (await as('jiaotong.cb')).call(assessment.listBudgets, { params: { id: campaignId } })).body.items;
    expect(foreign.map((x: any) => x.unitId)).toEqual([jiaotong]);
    expect((await (await as('xianzhang')).call(assessment.listBudgets, { params: { id: campaignId } })).body.items).toHaveLength(34);
    expect((await (await as('duchashi')).call(assessment.listBudgets, { params: { id: campaignId } })).body.items).toHaveLength(34);
  });

  it('finance downloads the budget sheet: one row per unit with the amounts and the working; a unit gets its own row only', async () => {
    const res = await download(t, await as('caizheng'), `/api/v1/campaigns/${campaignId}/budgets/sheet`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('budget-2013.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.file as never);
    const ws = wb.getWorksheet('经费挂钩')!;
    expect(ws.getRow(2).getCell(1).value).toBe('单位');
    const rows = ws.getRows(3, 34)!;
    expect(rows.every((r) => typeof r.getCell(1).value === 'string')).toBe(true);
    const q = rows.find((r) => r.getCell(1).value === '乾佑镇人民政府')!;
    // budget, progress, heavy tasks met, reward, poor, late, cut, net, adjusted — as in the list above
    expect([2, 5, 6, 10, 12, 13, 14, 15, 16].map((c) => q.getCell(c).value)).toEqual([800_000, 0, '是', 16_000, '是', '是', -240_000, -224_000, 576_000]);
    expect(String(q.getCell(17).value).split('\n')).toEqual(expect.arrayContaining(['年度工作经费预算:800000', '奖励:预算 × 0.02 = 16000']));
    const formula = ws.getRows(3 + 34, 4)!.map((r) => String(r.getCell(1).value ?? '')).join('\n');
    expect(formula).toContain('削减 = 预算 × 1 ×(1 − 完成进度)');

    const own = await download(t, await as('qianyou'), `/api/v1/campaigns/${campaignId}/budgets/sheet`);
    const ownWb = new ExcelJS.Workbook();
    await ownWb.xlsx.load(own.file as never);
    const ownSheet = ownWb.getWorksheet('经费挂钩')!;
    expect(ownSheet.getRow(3).getCell(1).value).toBe('乾佑镇人民政府');
    expect(ownSheet.getRow(4).getCell(1).value ?? null).toBeNull();
    expect((await download(t, await as('admin'), `/api/v1/campaigns/${campaignId}/budgets/sheet`)).status).toBe(403);
  });
});

describe('nominations', () => {
  let unitNomination: string;
  let personNomination: string;
  it('考核办 nominates a unit and a person; a duplicate and a person outside the unit are refused; the office selects', async () => {
    const kaohe = await as('kaohe');
    const u = await kaohe.call(assessment.nominate, { params: { id: campaignId }, body: { nomineeType: 'unit', unitId: yingpan, title: '先进单位', reason: '饮水工程配合有力' } });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ status: 'nominated', eligibility: { eligible: true, losses: [] }, unitName: '营盘镇人民政府' });
    unitNomination = u.body.id;
    expect((await kaohe.call(assessment.nominate, { params: { id: campaignId }, body: { nomineeType: 'unit', unitId: yingpan, title: '先进单位', reason: '再次' } })).status).toBe(409);
    const handler = await t.services.db.kysely.selectFrom('users').select('person_id').where('username', '=', 'jiaotong.cb').executeTakeFirstOrThrow();
    const wrong = await kaohe.call(assessment.nominate, { params: { id: campaignId }, body: { nomineeType: 'person', unitId: qianyou, personId: handler.person_id!, title: '先进个人', reason: 'x' } });
    expect(wrong.status).toBe(400);
    const p = await kaohe.call(assessment.nominate, { params: { id: campaignId }, body: { nomineeType: 'person', unitId: jiaotong, personId: handler.person_id!, title: '先进个人', reason: '路基工程吃住在工地' } });
    expect(p.status).toBe(200);
    personNomination = p.body.id;
    expect((await kaohe.call(assessment.decideAward, { params: { id: unitNomination }, body: { decision: 'select' } })).status).toBe(403);
    const office = await as('duchashi');
    for (const id of [unitNomination, personNomination]) expect((await office.call(assessment.decideAward, { params: { id }, body: { decision: 'select' } })).body.status).toBe('selected');
    expect((await office.call(assessment.decideAward, { params: { id: unitNomination }, body: { decision: 'reject' } })).status).toBe(400);
  });

  it('the commendation waits for the close of the year', async () => {
    const r = await (await as('duchashi')).call(assessment.draftCommendation, { params: { id: campaignId }, body: {} });
    expect(r.status).toBe(409);
  });
});

describe('reports', () => {
  it('the county .xlsx: ranking, working, deductions, bonuses, awards, budgets; formula-like text stays text', async () => {
    const office = await as('duchashi');
    const res = await download(t, office, `/api/v1/campaigns/${campaignId}/assessment/report?format=xlsx`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.file as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['考核排名', '得分构成', '扣分明细', '加分明细', '表彰名单', '经费挂钩']);
    const ranking = wb.getWorksheet('考核排名')!;
    expect(ranking.rowCount).toBe(2 + 34);
    const qRow = ranking.getRows(3, 34)!.find((r) => r.getCell(3).value === '乾佑镇人民政府')!;
    expect(qRow.getCell(12).value).toBe(59.5);
    const ded = wb.getWorksheet('扣分明细')!;
    expect(ded.getRow(3).values).toEqual(expect.arrayContaining(['乾佑镇人民政府', '柞政督〔2013〕1号', '扣分', -0.5]));
    const bonus = wb.getWorksheet('加分明细')!;
    const cells = bonus.getRows(3, bonus.rowCount - 2)!.map((r) => r.getCell(4));
    const evil = cells.find((c) => String(c.value).startsWith('=HYPERLINK'))!;
    expect(evil.type).toBe(ExcelJS.ValueType.String);
    expect(evil.value).toBe('=HYPERLINK("http://evil.example","点击")');
    expect(evil.formula).toBeUndefined();
    expect(evil.numFmt).toBe('@');
    const budgets = wb.getWorksheet('经费挂钩')!;
    const b = budgets.getRows(3, budgets.rowCount - 2)!.find((r) => r.getCell(1).value === '乾佑镇人民政府')!;
    expect([b.getCell(2).value, b.getCell(5).value, b.getCell(6).value, b.getCell(8).value]).toEqual([800_000, 16_000, -240_000, 576_000]);
  });

  it('readers who may not see budgets get the report without them; a unit gets its own report and not the county one', async () => {
    const jc = await as('jianchaju');
    const res = await download(t, jc, `/api/v1/campaigns/${campaignId}/assessment/report?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.file as never);
    expect(wb.worksheets.map((w) => w.name)).not.toContain('经费挂钩');
    const principal = await as('qianyou');
    expect((await download(t, principal, `/api/v1/campaigns/${campaignId}/assessment/report?format=xlsx`)).status).toBe(403);
    const own = await download(t, principal, `/api/v1/campaigns/${campaignId}/assessment/units/${qianyou}/report?format=docx`);
    expect(own.status).toBe(200);
    expect(String(own.headers['content-type'])).toContain('wordprocessingml');
    const xml = unzip(own.file).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('乾佑镇人民政府:59.5 分');
    expect(xml).toContain('柞政督〔2013〕1号');
    expect(xml).toContain('800000');
    const foreign = await download(t, await as('jiaotong.cb'), `/api/v1/campaigns/${campaignId}/assessment/units/${qianyou}/report?format=xlsx`);
    expect(foreign.status).toBe(403);
    const county = await download(t, await as('xianzhang'), `/api/v1/campaigns/${campaignId}/assessment/report?format=docx`);
    const cxml = unzip(county.file).get('word/document.xml')!.toString('utf8');
    expect(cxml).toContain('一、考核排名');
    expect(cxml).toContain('营盘镇人民政府');
  });
});

describe('closing the year', () => {
  it('cannot close before the year ends, closes once after it, and freezes every unit with its working', async () => {
    t.clock.set('2013-12-31T10:00:00Z');
    const early = await (await as('duchashi')).call(assessment.closeYear, { params: { id: campaignId } });
    expect(early.status).toBe(409);
    expect(early.body.error.issues[0].message).toContain('2013-12-31');
    t.clock.set('2014-01-05T02:00:00Z');
    expect((await (await as('kaohe')).call(assessment.closeYear, { params: { id: campaignId } })).status).toBe(403);
    const office = await as('duchashi');
    const closed = await office.call(assessment.closeYear, { params: { id: campaignId } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', asOf: '2013-12-31' });
    // at year end 交通局's two tasks are overdue too: 20 + 0 + 20 + 10 + 10 = 60
    const j = closed.body.items.find((x: any) => x.unitId === jiaotong);
    expect(j).toMatchObject({ score: 60, closedScore: 60, drift: false, corrected: false });
    expect((await office.call(assessment.closeYear, { params: { id: campaignId } })).status).toBe(409);
  });

  it('a record changed after the close shows as drift; the office proposes a correction; only the county head decides it', async () => {
    const office = await as('duchashi');
    await office.call(assessment.addBonus, { params: { id: campaignId }, body: { unitId: jiaotong, category: 'quality', points: 0.5, reason: '路基质量获省优' } });
    const j = await row(office, jiaotong);
    expect(j).toMatchObject({ score: 60, liveScore: 60.5, drift: true });
    const nothing = await office.call(assessment.proposeCorrection, { params: { id: campaignId }, body: { unitId: qianyou, reason: '无' } });
    expect(nothing.status).toBe(409);
    const proposed = await office.call(assessment.proposeCorrection, { params: { id: campaignId }, body: { unitId: jiaotong, reason: '补录12月省优质工程加分' } });
    expect(proposed.body).toMatchObject({ status: 'pending', before: { score: 60 }, after: { score: 60.5 } });
    expect((await office.call(assessment.proposeCorrection, { params: { id: campaignId }, body: { unitId: jiaotong, reason: '再提' } })).status).toBe(409);
    expect((await office.call(assessment.decideCorrection, { params: { id: proposed.body.id }, body: { decision: 'approve' } })).status).toBe(403);
    expect((await (await as('fuxianzhang')).call(assessment.decideCorrection, { params: { id: proposed.body.id }, body: { decision: 'approve' } })).status).toBe(403);
    const head = await as('xianzhang');
    expect((await head.call(assessment.decideCorrection, { params: { id: proposed.body.id }, body: { decision: 'reject' } })).status).toBe(400);
    const ok = await head.call(assessment.decideCorrection, { params: { id: proposed.body.id }, body: { decision: 'approve', reason: '同意更正' } });
    expect(ok.body).toMatchObject({ status: 'approved', decisionReason: '同意更正' });
    expect(await row(office, jiaotong)).toMatchObject({ score: 60.5, closedScore: 60, corrected: true, drift: false, liveScore: 60.5 });
    const detail = (await office.call(assessment.unitAssessment, { params: { id: campaignId, unitId: jiaotong } })).body;
    expect([detail.closed.score, detail.official.score, detail.live.score]).toEqual([60, 60.5, 60.5]);
    expect(detail.corrections.map((c: any) => c.status)).toEqual(['approved']);
    // a unit reads its own corrections only
    expect((await (await as('qianyou')).call(assessment.listCorrections, { params: { id: campaignId } })).body.items).toEqual([]);
    expect((await (await as('jiaotong.cb')).call(assessment.listCorrections, { params: { id: campaignId } })).body.items).toHaveLength(1);
  });

  it('the selected list becomes a 通报表扬 drafted by the office, approved by the county head and issued with its number; the public sees it', async () => {
    const office = await as('duchashi');
    const draft = await office.call(assessment.draftCommendation, { params: { id: campaignId }, body: {} });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ kind: 'commend', status: 'draft', unitName: '柞水县人民政府' });
    expect(draft.body.body).toContain('先进单位:营盘镇人民政府');
    expect((await office.call(assessment.draftCommendation, { params: { id: campaignId }, body: {} })).status).toBe(409);
    const sent = (await office.call(supervision.submitNotice, { params: { id: draft.body.id } })).body;
    expect(sent.status).toBe('pending_approval');
    const issued = await (await as('xianzhang')).call(supervision.decideNotice, { params: { id: draft.body.id }, body: { decision: 'approve', reason: '同意表彰' } });
    expect(issued.body).toMatchObject({ status: 'issued', docNumber: '柞政通〔2014〕1号' });
    const list = (await office.call(assessment.listAwards, { params: { id: campaignId } })).body.items;
    expect(list.map((n: any) => n.notice?.docNumber)).toEqual(['柞政通〔2014〕1号', '柞政通〔2014〕1号']);
    const pub = (await t.anon().call(assessment.portalAwards, { params: { id: campaignId } })).body.items;
    expect(pub).toEqual([
      {
        docNumber: '柞政通〔2014〕1号',
        issuedOn: '2014-01-05',
        title: expect.stringContaining('先进单位和先进个人'),
        awards: [
          { title: '先进单位', unitName: '营盘镇人民政府', personName: null },
          { title: '先进个人', unitName: '柞水县交通运输局', personName: expect.any(String) },
        ],
      },
    ]);
    // a unit's score does not count the year's award commendation as a bonus of the government
    expect((await row(office, yingpan)).bonuses).toBe(1);
  });

  it('nobody approves a correction they proposed, not even a county head who also sits in the office', async () => {
    const admin = await as('admin');
    const office = await unitId(t, '县政府督查室');
    const post = await admin.call(org.createPost, { params: { id: office }, body: { title: '督查室兼职', role: 'deputy' } });
    const head = await t.services.db.kysely.selectFrom('users').select('person_id').where('username', '=', 'xianzhang').executeTakeFirstOrThrow();
    expect((await admin.call(org.assignPost, { params: { id: post.body.id }, body: { personId: head.person_id!, from: '2014-01-01' } })).status).toBe(200);
    const both = await as('xianzhang');
    await both.call(assessment.addBonus, { params: { id: campaignId }, body: { unitId: yingpan, category: 'heavy', points: 1, reason: '承担全县饮水工程配合' } });
    const proposed = await both.call(assessment.proposeCorrection, { params: { id: campaignId }, body: { unitId: yingpan, reason: '补录加分' } });
    expect(proposed.status).toBe(200);
    const self = await both.call(assessment.decideCorrection, { params: { id: proposed.body.id }, body: { decision: 'approve' } });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('SELF_APPROVAL');
  });
});
