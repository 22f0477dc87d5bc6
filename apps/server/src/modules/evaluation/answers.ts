/**
 * Answering a questionnaire: the public and enterprises anonymously on the portal, one answer per
 * device (a signed, httpOnly cookie) and at most `maxPerNetwork` per network address and browser;
 * deputies and internal raters signed in, one answer per person, never about their own unit.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LuoshiError, type Actor, type RaterGroup } from '@luoshi/domain';
import type { BodyT, evaluation } from '@luoshi/contracts';
import type { SurveysTable } from '../../platform/db/schema.ts';
import { runTx, type Services, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { deviceFromCookie, keyed, networkKey, newDeviceId, raterSecret, setDeviceCookie } from './rater-keys.ts';
import { findSurvey, type StoredQuestion } from './surveys.ts';

type Ratings = BodyT<typeof evaluation.answerSurvey>['ratings'];

function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

/** Each rated unit's value: the mean of the values of the answers chosen, 0–100. */
export function valuesOf(s: SurveysTable, ratings: Ratings, ownUnits: string[] = []): { unitId: string; value: number; answers: Record<string, number> }[] {
  const units = JSON.parse(s.unit_ids) as string[];
  const questions = JSON.parse(s.questions) as StoredQuestion[];
  const seen = new Set<string>();
  return ratings.map((r, i) => {
    if (!units.includes(r.unitId)) throw invalid(`ratings.${i}.unitId`, '该单位不在本问卷的评议范围内', 'the unit is not rated in this survey');
    if (seen.has(r.unitId)) throw invalid(`ratings.${i}.unitId`, '同一单位只能评议一次', 'a unit is rated once');
    if (ownUnits.includes(r.unitId)) throw invalid(`ratings.${i}.unitId`, '不能评议本单位', 'you cannot rate your own unit');
    seen.add(r.unitId);
    const answers: Record<string, number> = {};
    for (const [j, a] of r.answers.entries()) {
      const q = questions.find((x) => x.key === a.question);
      if (!q) throw invalid(`ratings.${i}.answers.${j}.question`, '问卷中没有该题', 'no such question');
      if (a.question in answers) throw invalid(`ratings.${i}.answers.${j}.question`, '同一题只能回答一次', 'a question is answered once');
      if (a.choice >= q.choices.length) throw invalid(`ratings.${i}.answers.${j}.choice`, '没有该选项', 'no such choice');
      answers[a.question] = a.choice;
    }
    if (Object.keys(answers).length !== questions.length) throw invalid(`ratings.${i}.answers`, '请回答全部题目', 'answer every question');
    const values = questions.map((q) => q.choices[answers[q.key]!]!.value);
    return { unitId: r.unitId, value: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100, answers };
  });
}

async function store(tx: Tx, s: SurveysTable, group: RaterGroup, channel: 'anonymous' | 'signed', raterKey: string, netKey: string, values: ReturnType<typeof valuesOf>) {
  const dup = await tx.db.selectFrom('survey_responses').select('id').where('survey_id', '=', s.id).where('rater_key', '=', raterKey).executeTakeFirst();
  if (dup) {
    throw new LuoshiError('DUPLICATE', { issues: [{ path: 'survey', zh: channel === 'anonymous' ? '本设备已提交过该问卷,每台设备只能提交一份' : '您已提交过该问卷,每人只能提交一份', en: 'this survey was already answered from here; one answer each' }] });
  }
  const id = newId(tx.now.getTime());
  await tx.db.insertInto('survey_responses').values({ id, survey_id: s.id, rater_group: group, channel, rater_key: raterKey, network_key: netKey, created_at: tx.nowIso }).execute();
  for (const v of values) {
    await tx.db
      .insertInto('survey_ratings')
      .values({ id: newId(tx.now.getTime()), response_id: id, survey_id: s.id, unit_id: v.unitId, rater_group: group, value: v.value, answers: JSON.stringify(v.answers) })
      .execute();
  }
  // the audit records that an answer arrived and how it was counted, not which answer it was
  await tx.audit({ action: 'survey.answer', entityType: 'survey', entityId: s.id, after: { group, channel, units: values.length } });
}

function requireOpen(s: SurveysTable): void {
  if (s.status !== 'open') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'survey', zh: '该问卷未在评议期内', en: 'the survey is not open' }] });
}

export async function answerSignedIn(tx: Tx, id: string, ratings: Ratings, net: { ip: string; userAgent: string | undefined }) {
  const actor = tx.actor as Actor;
  const s = await findSurvey(tx.db, id);
  requireOpen(s);
  const audiences = JSON.parse(s.audiences) as string[];
  const deputies = JSON.parse(s.deputy_user_ids) as string[];
  let group: RaterGroup;
  if (audiences.includes('deputy') && deputies.includes(actor.userId)) group = 'deputy';
  else if (audiences.includes('internal') && actor.memberships.length > 0) group = 'internal';
  else throw new LuoshiError('FORBIDDEN', { issues: [{ path: 'survey', zh: '您不在该问卷的评议对象之内', en: 'you are not among the raters of this survey' }] });
  const values = valuesOf(s, ratings, group === 'internal' ? actor.memberships.map((m) => m.unitId) : []);
  const secret = await raterSecret(tx.db, tx.nowIso);
  await store(tx, s, group, 'signed', keyed(secret, 'user', s.id, actor.userId), networkKey(secret, s.id, net.ip, net.userAgent), values);
  return { ok: true as const, group };
}

export async function answerAnonymously(services: Services, req: FastifyRequest, reply: FastifyReply, id: string, input: BodyT<typeof evaluation.portalAnswerSurvey>) {
  // an anonymous answer is audited without the network address, so the log cannot undo the anonymity
  const result = await runTx(services, { actor: null, ip: null, auditAs: { userId: null, name: '匿名评议人', ip: null } }, async (tx) => {
    const s = await findSurvey(tx.db, id);
    requireOpen(s);
    const audiences = JSON.parse(s.audiences) as string[];
    if (!audiences.includes(input.group)) throw new LuoshiError('FORBIDDEN', { issues: [{ path: 'group', zh: '该问卷不面向此类评议人', en: 'the survey is not open to this group' }] });
    const values = valuesOf(s, input.ratings);
    const secret = await raterSecret(tx.db, tx.nowIso);
    const known = deviceFromCookie(req, secret);
    const deviceId = known ?? newDeviceId();
    const netKey = networkKey(secret, s.id, req.ip, req.headers['user-agent']);
    const fromNetwork = Number(
      (await tx.db.selectFrom('survey_responses').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', s.id).where('network_key', '=', netKey).where('channel', '=', 'anonymous').executeTakeFirst())?.n ?? 0,
    );
    const raterKey = keyed(secret, 'device', s.id, deviceId);
    if (fromNetwork >= s.max_per_network) {
      const dup = await tx.db.selectFrom('survey_responses').select('id').where('survey_id', '=', s.id).where('rater_key', '=', raterKey).executeTakeFirst();
      if (!dup) {
        throw new LuoshiError('RATE_LIMITED', { issues: [{ path: 'survey', zh: `同一网络和浏览器最多提交 ${s.max_per_network} 份`, en: `at most ${s.max_per_network} answers from one network and browser` }] });
      }
    }
    await store(tx, s, input.group as RaterGroup, 'anonymous', raterKey, netKey, values);
    return { secret, deviceId, fresh: !known };
  });
  if (result.fresh) setDeviceCookie(req, reply, services, result.secret, result.deviceId);
  return { ok: true as const };
}
