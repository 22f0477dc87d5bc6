import type { FastifyInstance } from 'fastify';
import { evaluation } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { createSurvey, listSurveys, setSurveyStatus, surveyResults } from './surveys.ts';
import { answerAnonymously, answerSignedIn } from './answers.ts';
import { listMeetings, recordMeeting } from './meetings.ts';
import { deputyAccounts, mySurveys } from './my-surveys.ts';
import { portalEvaluation, portalOpenSurveys, portalSurvey } from './portal.ts';

/** Anonymous answers per network address: enough for a family or an office, not for a script. */
export const PORTAL_ANSWER_LIMIT = { max: 20, timeWindowMs: 60_000 };

export function evaluationRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, evaluation.listSurveys, { access: 'survey.read', handler: async (c, i) => listSurveys(db, c.actor!, i.params.id) });
  route(app, s, evaluation.createSurvey, { access: 'survey.manage', handler: async (c, i) => runTx(s, c, (t) => createSurvey(t, i.params.id, i.body)) });
  route(app, s, evaluation.setSurveyStatus, { access: 'survey.manage', handler: async (c, i) => runTx(s, c, (t) => setSurveyStatus(t, i.params.id, i.body)) });
  route(app, s, evaluation.surveyResults, { access: 'survey.read', unitScoped: true, handler: async (c, i) => surveyResults(db, c.actor!, i.params.id, s.clock.now()) });
  route(app, s, evaluation.answerSurvey, {
    access: 'session',
    handler: async (c, i) => runTx(s, c, (t) => answerSignedIn(t, i.params.id, i.body.ratings, { ip: c.ip, userAgent: c.req.headers['user-agent'] })),
  });
  // any signed-in account: an invited deputy has no unit and so no 'survey.read'
  route(app, s, evaluation.mySurveys, { access: 'session', handler: async (c) => mySurveys(db, c.actor!) });
  route(app, s, evaluation.deputyAccounts, { access: 'survey.manage', handler: async (c) => deputyAccounts(db, c.actor!) });
  route(app, s, evaluation.listMeetings, { access: 'survey.read', unitScoped: true, handler: async (c, i) => listMeetings(db, c.actor!, i.params.id) });
  route(app, s, evaluation.recordMeeting, { access: 'survey.manage', handler: async (c, i) => runTx(s, c, (t) => recordMeeting(t, i.params.id, i.body)) });
  route(app, s, evaluation.portalOpenSurveys, { access: 'public', rateLimit: { max: 120, timeWindowMs: 60_000 }, handler: async () => portalOpenSurveys(db) });
  route(app, s, evaluation.portalSurvey, { access: 'public', rateLimit: { max: 120, timeWindowMs: 60_000 }, handler: async (c, i) => portalSurvey(db, c.req, i.params.id) });
  route(app, s, evaluation.portalAnswerSurvey, { access: 'public', rateLimit: PORTAL_ANSWER_LIMIT, intake: true, handler: async (c, i) => answerAnonymously(s, c.req, c.reply, i.params.id, i.body) });
  route(app, s, evaluation.portalEvaluation, { access: 'public', rateLimit: { max: 120, timeWindowMs: 60_000 }, handler: async (_c, i) => portalEvaluation(db, i.params.id, s.clock.now()) });
}
