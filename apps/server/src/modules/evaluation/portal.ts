/** What the public sees of the evaluation: open questionnaires (answer labels only) and published results. */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { deviceFromCookie, existingRaterSecret, keyed } from './rater-keys.ts';
import { findSurvey, resultsOf, type StoredQuestion } from './surveys.ts';

type Q = Kysely<DB>;

/** The questionnaires open now to the public or enterprises, newest first. */
export async function portalOpenSurveys(db: Q) {
  const rows = await db.selectFrom('surveys').select(['id', 'title', 'description', 'audiences']).where('status', '=', 'open').orderBy('created_at', 'desc').execute();
  const items = [];
  for (const s of rows) {
    const audiences = (JSON.parse(s.audiences) as string[]).filter((a): a is 'public' | 'enterprise' => a === 'public' || a === 'enterprise');
    if (audiences.length) items.push({ id: s.id, title: s.title, description: s.description, audiences });
  }
  return { items };
}

export async function portalSurvey(db: Q, req: FastifyRequest, id: string) {
  const s = await findSurvey(db, id);
  const audiences = (JSON.parse(s.audiences) as string[]).filter((a): a is 'public' | 'enterprise' => a === 'public' || a === 'enterprise');
  if (s.status !== 'open' || !audiences.length) throw new LuoshiError('NOT_FOUND');
  const names = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const secret = await existingRaterSecret(db);
  const device = deviceFromCookie(req, secret);
  const answered = !!(
    device &&
    secret &&
    (await db.selectFrom('survey_responses').select('id').where('survey_id', '=', s.id).where('rater_key', '=', keyed(secret, 'device', s.id, device)).executeTakeFirst())
  );
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    audiences,
    questions: (JSON.parse(s.questions) as StoredQuestion[]).map((q) => ({ key: q.key, text: q.text, choices: q.choices.map((c) => ({ label: c.label })) })),
    units: (JSON.parse(s.unit_ids) as string[]).map((u) => ({ id: u, name: names.get(u) ?? '' })),
    answered,
  };
}

export async function portalEvaluation(db: Q, campaignId: string, now: Date) {
  const c = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  const surveys = await db.selectFrom('surveys').selectAll().where('campaign_id', '=', campaignId).where('status', '=', 'closed').where('results_published', '=', 1).orderBy('created_at').execute();
  const items = [];
  for (const s of surveys) {
    const r = await resultsOf(db, s, null, now);
    items.push({ surveyId: s.id, title: s.title, responses: r.responses, units: r.units });
  }
  return { items };
}
