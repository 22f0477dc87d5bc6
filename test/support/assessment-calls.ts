/**
 * Valid calls for the assessment, award, budget and 五个一 routes, on fixtures made through the API
 * by the people whose job it is: the office closes years and builds surveys, the assessment office
 * records bonuses, 监察局 opens cases, 乾佑镇 writes its commitments.
 */
import { assessment, campaigns, conduct, evaluation } from '@luoshi/contracts';
import type { Builder, Fixtures } from './routes.ts';

/** A campaign of 2012: its year is over, so it can be closed. */
async function endedCampaign(f: Fixtures): Promise<string> {
  const body = { year: 2012, name: `上年度活动${f.next()}`, startDate: '2012-01-01', endDate: '2012-12-31' };
  return (await f.ok('duchashi', campaigns.createCampaign, { body })).id;
}

async function closedCampaign(f: Fixtures): Promise<string> {
  const id = await endedCampaign(f);
  await f.ok('duchashi', assessment.closeYear, { params: { id } });
  return id;
}

async function bonus(f: Fixtures, campaign = f.ids.campaign!): Promise<string> {
  const body = { unitId: f.ids.qianyou!, category: 'quality', points: 0.5, reason: `第${f.next()}次加分:征地拆迁群众满意` };
  return (await f.ok('duchashi', assessment.addBonus, { params: { id: campaign }, body })).id;
}

/** A closed year in which 乾佑镇 gained a bonus afterwards, and the office's proposal to correct it. */
async function pendingCorrection(f: Fixtures): Promise<string> {
  const id = await closedCampaign(f);
  await bonus(f, id);
  return (await f.ok('duchashi', assessment.proposeCorrection, { params: { id }, body: { unitId: f.ids.qianyou!, reason: '封账后补录加分' } })).id;
}

async function nomination(f: Fixtures, campaign = f.ids.campaign!): Promise<string> {
  const unitId = await f.unit();
  return (await f.ok('duchashi', assessment.nominate, { params: { id: campaign }, body: { nomineeType: 'unit', unitId, title: '先进单位', reason: '工作落实迅速、成效明显' } })).id;
}

async function drive(f: Fixtures): Promise<string> {
  f.ids.drive ??= (
    await f.ok('duchashi', conduct.createDrive, {
      params: { id: f.ids.campaign! },
      body: { title: '作风纪律集中整顿', description: '围绕提高机关干部执行力', startDate: '2013-04-01', endDate: '2013-12-31' },
    })
  ).id;
  return f.ids.drive!;
}

async function problemCheck(f: Fixtures): Promise<string> {
  const body = { unitId: f.ids.qianyou!, checkedOn: '2013-04-30', result: 'problem', findings: `第${f.next()}次检查:上班时间脱岗`, requirement: '限期整改', deadline: '2013-05-31' };
  return (await f.ok('duchashi', conduct.addCheck, { params: { id: await drive(f) }, body })).id;
}

async function conductCase(f: Fixtures): Promise<string> {
  const body = { unitId: f.ids.qianyou!, title: `案件${f.next()}`, allegation: '群众反映办事推诿', source: 'public_report' };
  return (await f.ok('jianchaju', conduct.openConductCase, { params: { id: f.ids.campaign! }, body })).id;
}

async function fiveOnesGoal(f: Fixtures): Promise<string> {
  const row = await f.t.services.db.kysely.selectFrom('tasks').select('id').where('campaign_id', '=', f.ids.campaign!).where('node_type', '=', 'goal').where('stream_key', '=', 'five_ones').executeTakeFirstOrThrow();
  return row.id;
}

/** 乾佑镇's rectification plan with one commitment, written by its handler. */
async function commitmentPlan(f: Fixtures): Promise<string> {
  if (!f.ids.commitmentPlan) {
    const body = { goalId: await fiveOnesGoal(f), unitId: f.ids.qianyou!, title: '乾佑镇作风整改方案', problems: '群众反映办证难', plan: '推行一次告知、限时办结' };
    const plan = await f.ok('qianyou.cb', conduct.createCommitmentPlan, { params: { id: f.ids.campaign! }, body });
    await f.ok('qianyou.cb', conduct.addCommitment, { params: { id: plan.id }, body: { title: '办证一次办结', problem: '办证跑多次', commitment: '材料齐全的当场办结', plannedEnd: '2013-09-30' } });
    f.ids.commitmentPlan = plan.id;
  }
  return f.ids.commitmentPlan!;
}

const QUESTIONS = [{ key: 'q1', text: '您对该单位的工作作风是否满意?', choices: [{ label: '满意', value: 100 }, { label: '基本满意', value: 60 }, { label: '不满意', value: 0 }] }];

async function survey(f: Fixtures, audiences: string[], open = true): Promise<string> {
  const body = { title: `效能评议问卷${f.next()}`, audiences, questions: QUESTIONS, unitIds: [f.ids.yingpan!] };
  const s = await f.ok('duchashi', evaluation.createSurvey, { params: { id: f.ids.campaign! }, body });
  if (open) await f.ok('duchashi', evaluation.setSurveyStatus, { params: { id: s.id }, body: { status: 'open' } });
  return s.id;
}

const RATING = () => [{ unitId: '', answers: [{ question: 'q1', choice: 0 }] }];

export const ASSESSMENT_CALLS: Record<string, Builder> = {
  [assessment.assessmentOverview.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [assessment.unitAssessment.id]: async (f) => ({ params: { id: f.ids.campaign!, unitId: f.ids.qianyou! } }),
  [assessment.listBonuses.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [assessment.addBonus.id]: async (f) => ({ params: { id: f.ids.campaign! }, body: { unitId: f.ids.qianyou!, category: 'innovation', points: 1, reason: `创新${f.next()}` } }),
  [assessment.revokeBonus.id]: async (f) => ({ params: { id: await bonus(f) }, body: { reason: '重复登记' } }),
  [assessment.closeYear.id]: async (f) => ({ params: { id: await endedCampaign(f) } }),
  [assessment.listCorrections.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [assessment.proposeCorrection.id]: async (f) => {
    const id = await closedCampaign(f);
    await bonus(f, id);
    return { params: { id }, body: { unitId: f.ids.qianyou!, reason: '封账后补录加分' } };
  },
  [assessment.decideCorrection.id]: async (f) => ({ params: { id: await pendingCorrection(f) }, body: { decision: 'approve', reason: '同意' } }),
  [assessment.assessmentReport.id]: async (f) => ({ params: { id: f.ids.campaign! }, query: { format: 'xlsx' } }),
  [assessment.unitAssessmentReport.id]: async (f) => ({ params: { id: f.ids.campaign!, unitId: f.ids.qianyou! }, query: { format: 'docx' } }),
  [assessment.listAwards.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [assessment.nominate.id]: async (f) => ({ params: { id: f.ids.campaign! }, body: { nomineeType: 'unit', unitId: await f.unit(), title: '先进单位', reason: '成效明显' } }),
  [assessment.decideAward.id]: async (f) => ({ params: { id: await nomination(f) }, body: { decision: 'select' } }),
  [assessment.draftCommendation.id]: async (f) => {
    const id = await closedCampaign(f);
    const n = await nomination(f, id);
    await f.ok('duchashi', assessment.decideAward, { params: { id: n }, body: { decision: 'select' } });
    return { params: { id }, body: {} };
  },
  [assessment.portalAwards.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [assessment.listBudgets.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [assessment.budgetSheet.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [assessment.setBudget.id]: async (f) => ({ params: { id: f.ids.campaign!, unitId: f.ids.qianyou! }, body: { amount: 800_000 + f.next(), note: '年初预算' } }),
  [conduct.listDrives.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [conduct.createDrive.id]: async (f) => ({ params: { id: f.ids.campaign! }, body: { title: `整顿${f.next()}`, startDate: '2013-05-01', endDate: '2013-06-30' } }),
  [conduct.addCheck.id]: async (f) => ({ params: { id: await drive(f) }, body: { unitId: f.ids.qianyou!, checkedOn: '2013-04-30', result: 'good', findings: '' } }),
  [conduct.markRectified.id]: async (f) => ({ params: { id: await problemCheck(f) }, body: { rectifiedOn: '2013-05-01', note: '已整改到位' } }),
  [conduct.listConductCases.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [conduct.openConductCase.id]: async (f) => ({ params: { id: f.ids.campaign! }, body: { unitId: f.ids.qianyou!, title: `案件${f.next()}`, allegation: '吃拿卡要', source: 'other' } }),
  [conduct.decideConductCase.id]: async (f) => ({ params: { id: await conductCase(f) }, body: { violation: false, findings: '经查不实', decision: '予以澄清' } }),
  [conduct.listCommitmentPlans.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [conduct.createCommitmentPlan.id]: async (f) => ({
    params: { id: f.ids.campaign! },
    body: { goalId: await fiveOnesGoal(f), unitId: f.ids.qianyou!, title: `整改方案${f.next()}`, problems: '群众反映问题', plan: '整改措施' },
  }),
  [conduct.addCommitment.id]: async (f) => ({
    params: { id: await commitmentPlan(f) },
    body: { title: `承诺${f.next()}`, problem: '群众反映问题', commitment: '承诺内容', plannedEnd: '2013-10-31' },
  }),
  [conduct.publishCommitmentPlan.id]: async (f) => ({ params: { id: await commitmentPlan(f) } }),
  [conduct.portalCommitmentPlans.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [evaluation.listSurveys.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [evaluation.createSurvey.id]: async (f) => ({ params: { id: f.ids.campaign! }, body: { title: `问卷${f.next()}`, audiences: ['public'], questions: QUESTIONS, unitIds: [f.ids.yingpan!] } }),
  [evaluation.setSurveyStatus.id]: async (f) => ({ params: { id: await survey(f, ['public'], false) }, body: { status: 'open' } }),
  [evaluation.surveyResults.id]: async (f) => ({ params: { id: (f.ids.publicSurvey ??= await survey(f, ['public'])) } }),
  [evaluation.answerSurvey.id]: async (f) => ({ params: { id: await survey(f, ['internal']) }, body: { ratings: RATING().map((r) => ({ ...r, unitId: f.ids.yingpan! })) } }),
  [evaluation.mySurveys.id]: async () => ({}),
  [evaluation.deputyAccounts.id]: async () => ({}),
  [evaluation.listMeetings.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [evaluation.recordMeeting.id]: async (f) => ({
    params: { id: f.ids.campaign! },
    body: { kind: 'symposium', title: `企业座谈会${f.next()}`, heldOn: '2013-04-30', participants: 20, summary: '企业代表对各单位作风进行评议', results: [{ unitId: f.ids.yingpan!, value: 85 }] },
  }),
  [evaluation.portalOpenSurveys.id]: async () => ({}),
  [evaluation.portalSurvey.id]: async (f) => ({ params: { id: (f.ids.publicSurvey ??= await survey(f, ['public'])) } }),
  [evaluation.portalAnswerSurvey.id]: async (f) => ({ params: { id: await survey(f, ['public']) }, body: { group: 'public', ratings: RATING().map((r) => ({ ...r, unitId: f.ids.yingpan! })) } }),
  [evaluation.portalEvaluation.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
};
