/**
 * The questionnaires a signed-in rater may answer now: an invited deputy (人大代表、政协委员, often
 * an account without a unit) those that invite them, staff with a unit those open to internal
 * raters, without their own units. Answer labels only: the values stay with the office.
 */
import type { Kysely } from 'kysely';
import { requireCan } from '../../platform/context.ts';
import type { Actor } from '@luoshi/domain';
import type { MySurveyT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { existingRaterSecret, keyed } from './rater-keys.ts';
import type { StoredQuestion } from './surveys.ts';

export async function mySurveys(db: Kysely<DB>, actor: Actor): Promise<{ items: MySurveyT[] }> {
  const rows = await db.selectFrom('surveys').selectAll().where('status', '=', 'open').orderBy('created_at', 'desc').execute();
  const own = actor.memberships.map((m) => m.unitId);
  const mine: {
    s: (typeof rows)[number];
    group: MySurveyT['group'];
    unitIds: string[];
  }[] = [];
  for (const s of rows) {
    const audiences = JSON.parse(s.audiences) as string[];
    const deputies = JSON.parse(s.deputy_user_ids) as string[];
    const unitIds = JSON.parse(s.unit_ids) as string[];
    // the same order as answering: an invited deputy answers as a deputy even with a unit
    if (audiences.includes('deputy') && deputies.includes(actor.userId)) mine.push({ s, group: 'deputy', unitIds });
    else if (audiences.includes('internal') && own.length > 0) {
      const others = unitIds.filter((u) => !own.includes(u));
      if (others.length) mine.push({ s, group: 'internal', unitIds: others });
    }
  }
  if (!mine.length) return { items: [] };
  const names = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  // the secret exists once anybody answered; without it nobody has
  const secret = await existingRaterSecret(db);
  const answered = new Set<string>();
  if (secret) {
    const keys = mine.map(({ s }) => keyed(secret, 'user', s.id, actor.userId));
    const found = await db
      .selectFrom('survey_responses')
      .select('survey_id')
      .where(
        'survey_id',
        'in',
        mine.map(({ s }) => s.id),
      )
      .where('rater_key', 'in', keys)
      .execute();
    for (const r of found) answered.add(r.survey_id);
  }
  return {
    items: mine.map(({ s, group, unitIds }) => ({
      id: s.id,
      campaignId: s.campaign_id,
      title: s.title,
      description: s.description,
      group,
      questions: (JSON.parse(s.questions) as StoredQuestion[]).map((q) => ({
        key: q.key,
        text: q.text,
        choices: q.choices.map((c) => ({ label: c.label })),
      })),
      units: unitIds.map((id) => ({ id, name: names.get(id) ?? '' })),
      answered: answered.has(s.id),
    })),
  };
}

/** Enabled accounts of people without a unit and without a system role: the deputies the office may invite. */
export async function deputyAccounts(db: Kysely<DB>, actor: Actor) {
  requireCan(actor, 'survey.manage');
  const rows = await db
    .selectFrom('users')
    .innerJoin('people', 'people.id', 'users.person_id')
    .select(['users.id as userId', 'people.name as name', 'people.title as title'])
    .where('users.disabled', '=', 0)
    .where('users.system_role', 'is', null)
    .where('people.unit_id', 'is', null)
    .where('people.active', '=', 1)
    .orderBy('people.name')
    .execute();
  return { items: rows };
}
