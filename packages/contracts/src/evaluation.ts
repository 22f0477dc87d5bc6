/**
 * 政府效能评议 (R-FIVE-3): questionnaires built by the office, answered anonymously by the public
 * and enterprises (one answer per device, a limit per network) or signed in by deputies and
 * internal raters (one per person); symposiums and evaluation meetings with their results. The
 * results per unit feed the annual score.
 */
import { z } from 'zod';
import { RATER_GROUPS } from '@luoshi/domain';
import { endpoint, DateOnly, Id, IdParams, OptText, Text } from './endpoint.ts';

export const SURVEY_AUDIENCES = ['public', 'enterprise', 'deputy', 'internal'] as const;
export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;

const QuestionKey = z.string().regex(/^[a-z0-9_]{1,30}$/);
export const Question = z.object({
  key: QuestionKey,
  text: Text(500),
  /** the answers offered and what each is worth on a 0–100 scale, e.g. 满意 100, 基本满意 60, 不满意 0 */
  choices: z.array(z.object({ label: Text(60), value: z.number().min(0).max(100) })).min(2).max(10),
});

export const Survey = z.object({
  id: z.string(),
  campaignId: z.string(),
  title: z.string(),
  description: z.string(),
  audiences: z.array(z.enum(SURVEY_AUDIENCES)),
  questions: z.array(z.object({ key: z.string(), text: z.string(), choices: z.array(z.object({ label: z.string(), value: z.number() })) })),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  deputyUserIds: z.array(z.string()),
  maxPerNetwork: z.number().int(),
  status: z.enum(SURVEY_STATUSES),
  resultsPublished: z.boolean(),
  responses: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type SurveyT = z.infer<typeof Survey>;

export const listSurveys = endpoint({
  id: 'listSurveys',
  method: 'GET',
  path: '/api/v1/campaigns/:id/surveys',
  summary: '效能评议问卷 Evaluation questionnaires',
  tag: 'evaluation',
  params: IdParams,
  response: z.object({ items: z.array(Survey) }),
});
export const createSurvey = endpoint({
  id: 'createSurvey',
  method: 'POST',
  path: '/api/v1/campaigns/:id/surveys',
  summary: '编制问卷:题目、选项分值、被评议单位、评议对象 Build a questionnaire',
  tag: 'evaluation',
  params: IdParams,
  body: z.object({
    title: Text(200),
    description: OptText(5000).default(''),
    audiences: z.array(z.enum(SURVEY_AUDIENCES)).min(1).max(SURVEY_AUDIENCES.length),
    questions: z.array(Question).min(1).max(30),
    unitIds: z.array(Id).min(1).max(300),
    /** accounts of the deputies (人大代表、政协委员) invited to rate */
    deputyUserIds: z.array(Id).max(1000).default([]),
    /** anonymous answers allowed from one network address and browser */
    maxPerNetwork: z.number().int().min(1).max(10000).default(3),
  }),
  response: Survey,
});
export const setSurveyStatus = endpoint({
  id: 'setSurveyStatus',
  method: 'POST',
  path: '/api/v1/surveys/:id/status',
  summary: '开始、结束评议,公布结果 Open or close a questionnaire; publish its results',
  tag: 'evaluation',
  params: IdParams,
  body: z.object({ status: z.enum(['open', 'closed']), resultsPublished: z.boolean().optional() }),
  response: Survey,
});

export const UnitEvaluation = z.object({
  unitId: z.string(),
  unitName: z.string(),
  groups: z.array(z.object({ group: z.enum(RATER_GROUPS), count: z.number().int(), mean: z.number() })),
  /** the groups weighted by the policy, 0–100; null without answers */
  overall: z.number().nullable(),
});
export const surveyResults = endpoint({
  id: 'surveyResults',
  method: 'GET',
  path: '/api/v1/surveys/:id/results',
  summary: '问卷结果(单位只见本单位) Results per unit; a unit sees its own',
  tag: 'evaluation',
  params: IdParams,
  response: z.object({ surveyId: z.string(), status: z.enum(SURVEY_STATUSES), responses: z.number().int(), units: z.array(UnitEvaluation) }),
});

const Ratings = z
  .array(
    z.object({
      unitId: Id,
      answers: z.array(z.object({ question: QuestionKey, choice: z.number().int().min(0).max(9) })).min(1).max(30),
    }),
  )
  .min(1)
  .max(300);
export const answerSurvey = endpoint({
  id: 'answerSurvey',
  method: 'POST',
  path: '/api/v1/surveys/:id/answers',
  summary: '代表委员或机关内部人员评议(每人一份,不评本单位) A deputy or an internal rater answers, once',
  tag: 'evaluation',
  params: IdParams,
  body: z.object({ ratings: Ratings }),
  response: z.object({ ok: z.literal(true), group: z.enum(RATER_GROUPS) }),
});

/**
 * Accounts the office may invite as deputies (人大代表、政协委员): enabled accounts of people without
 * a unit and without a system role, so the office can choose them without reading the account list.
 */
export const deputyAccounts = endpoint({
  id: 'deputyAccounts',
  method: 'GET',
  path: '/api/v1/evaluation/deputy-accounts',
  summary: '可邀请评议的代表委员账号 Accounts that may be invited as deputies',
  tag: 'evaluation',
  response: z.object({ items: z.array(z.object({ userId: z.string(), name: z.string(), title: z.string().nullable() })) }),
});

/** An open questionnaire a signed-in rater may answer: answer labels only, never their values. */
export const MySurvey = z.object({
  id: z.string(),
  campaignId: z.string(),
  title: z.string(),
  description: z.string(),
  /** the group this user answers as: an invited deputy (人大代表、政协委员) or an internal rater */
  group: z.enum(['deputy', 'internal']),
  questions: z.array(z.object({ key: z.string(), text: z.string(), choices: z.array(z.object({ label: z.string() })) })),
  /** the units this user may rate (an internal rater never rates an own unit) */
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  /** this user already answered */
  answered: z.boolean(),
});
export type MySurveyT = z.infer<typeof MySurvey>;
export const mySurveys = endpoint({
  id: 'mySurveys',
  method: 'GET',
  path: '/api/v1/my-surveys',
  summary: '待我评议的问卷(受邀代表委员、机关内部人员) Open questionnaires I may answer',
  tag: 'evaluation',
  response: z.object({ items: z.array(MySurvey) }),
});

export const PublicSurvey = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  audiences: z.array(z.enum(['public', 'enterprise'])),
  questions: z.array(z.object({ key: z.string(), text: z.string(), choices: z.array(z.object({ label: z.string() })) })),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  /** this browser already answered */
  answered: z.boolean(),
});
/** Open questionnaires the public and enterprises may answer, newest first, so the portal can list them. */
export const portalOpenSurveys = endpoint({
  id: 'portalOpenSurveys',
  method: 'GET',
  path: '/api/v1/portal/surveys',
  summary: '正在进行的公开评议问卷 Questionnaires open to the public',
  tag: 'portal',
  public: true,
  response: z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), audiences: z.array(z.enum(['public', 'enterprise'])) })) }),
});
export const portalSurvey = endpoint({
  id: 'portalSurvey',
  method: 'GET',
  path: '/api/v1/portal/surveys/:id',
  summary: '公开的评议问卷 A questionnaire open to the public',
  tag: 'portal',
  params: IdParams,
  public: true,
  response: PublicSurvey,
});
export const portalAnswerSurvey = endpoint({
  id: 'portalAnswerSurvey',
  method: 'POST',
  path: '/api/v1/portal/surveys/:id/answers',
  summary: '群众、企业匿名评议(每台设备一份) The public or an enterprise answers anonymously, once per device',
  tag: 'portal',
  params: IdParams,
  public: true,
  body: z.object({ group: z.enum(['public', 'enterprise']), ratings: Ratings }),
  response: z.object({ ok: z.literal(true) }),
});
export const portalEvaluation = endpoint({
  id: 'portalEvaluation',
  method: 'GET',
  path: '/api/v1/portal/campaigns/:id/evaluation',
  summary: '已公布的效能评议结果 Published evaluation results (public)',
  tag: 'portal',
  params: IdParams,
  public: true,
  response: z.object({ items: z.array(z.object({ surveyId: z.string(), title: z.string(), responses: z.number().int(), units: z.array(UnitEvaluation) })) }),
});

export const Meeting = z.object({
  id: z.string(),
  campaignId: z.string(),
  kind: z.enum(['symposium', 'meeting']),
  title: z.string(),
  heldOn: z.string(),
  place: z.string(),
  participants: z.number().int(),
  summary: z.string(),
  results: z.array(z.object({ unitId: z.string(), unitName: z.string(), value: z.number(), note: z.string() })),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const listMeetings = endpoint({
  id: 'listMeetings',
  method: 'GET',
  path: '/api/v1/campaigns/:id/evaluation-meetings',
  summary: '座谈会、评议会记录 Symposiums and evaluation meetings',
  tag: 'evaluation',
  params: IdParams,
  response: z.object({ items: z.array(Meeting) }),
});
export const recordMeeting = endpoint({
  id: 'recordMeeting',
  method: 'POST',
  path: '/api/v1/campaigns/:id/evaluation-meetings',
  summary: '记录座谈会、评议会及对各单位的评议结果(0–100) Record a meeting and its result per unit',
  tag: 'evaluation',
  params: IdParams,
  body: z.object({
    kind: z.enum(['symposium', 'meeting']),
    title: Text(200),
    heldOn: DateOnly,
    place: OptText(200).default(''),
    participants: z.number().int().min(0).max(100000),
    summary: Text(20000),
    results: z.array(z.object({ unitId: Id, value: z.number().min(0).max(100), note: OptText(500).default('') })).max(300).default([]),
  }),
  response: Meeting,
});
