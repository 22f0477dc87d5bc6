/**
 * 信访值周 and 四访 through HTTP (R-PUB-3, seed §三.4): the office schedules the leaders' duty weeks
 * and the four kinds of visits; a leader records a visit with the cases it touched, and the
 * petitioner sees it in the case's timeline; backlog cases (积案) and disputes are listed and
 * tracked to resolution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, petitions, portal } from '@luoshi/contracts';
import { freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;
let xianzhang: string;
const db = () => t.services.db.kysely;

beforeAll(async () => {
  t = await startApp({ now: '2013-05-08T01:00:00.000Z' }); // a Wednesday
  office = await t.as('duchashi');
  xianzhang = (await db().selectFrom('users').select('person_id').where('username', '=', 'xianzhang').executeTakeFirstOrThrow()).person_id!;
});
afterAll(async () => t?.close());

describe('the duty roster', () => {
  it('a duty week starts on a Monday; the leader on duty today is named', async () => {
    expect((await office.call(petitions.createDuty, { body: { personId: xianzhang, weekStart: '2013-05-07' } })).status).toBe(400);
    const d = await office.call(petitions.createDuty, { body: { personId: xianzhang, weekStart: '2013-05-06' } });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ weekEnd: '2013-05-12', place: '县信访接待中心' });
    expect((await office.call(petitions.createDuty, { body: { personId: xianzhang, weekStart: '2013-05-06' } })).status).toBe(409);
    const list = await (await t.as('qianyou.cb')).call(petitions.listDuty, { query: {} });
    expect(list.body.onDutyToday.map((x: any) => x.personId)).toEqual([xianzhang]);
    expect((await (await t.as('qianyou.cb')).call(petitions.createDuty, { body: { personId: xianzhang, weekStart: '2013-05-13' } })).status).toBe(403);
  });
});

describe('the four visits and backlog cases', () => {
  let caseId: string;
  let number: string;
  let code: string;
  let visitId: string;

  it('the office schedules a 下访 to a backlog case; the county head records it, and the petitioner sees it', async () => {
    const sub = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'petition', content: '多年反映的宅基地纠纷至今未解决。', name: '测试戊', phone: '13400004444' } });
    ({ number, checkCode: code } = sub.body);
    caseId = (await db().selectFrom('cases').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
    const c = (await office.call(cases.getCase, { params: { id: caseId } })).body;
    const flagged = await office.call(cases.flagCase, { params: { id: caseId }, body: { rowVersion: c.rowVersion, backlog: true, dispute: true, note: '列入积案化解' } });
    expect(flagged.body).toMatchObject({ backlog: true, dispute: true });
    const v = await office.call(petitions.createVisit, { body: { kind: 'go_down', personId: xianzhang, scheduledOn: '2013-05-10', place: '营盘镇', purpose: '积案化解', caseIds: [caseId] } });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ kindLabel: '下访', status: 'scheduled', cases: [{ id: caseId, number }] });
    visitId = v.body.id;
    expect((await (await t.as('qianyou.cb')).call(petitions.recordVisit, { params: { id: visitId }, body: { status: 'done', record: 'x' } })).status).toBe(403);
    t.clock.set('2013-05-10T09:00:00.000Z');
    const rec = await (await t.as('xianzhang')).call(petitions.recordVisit, { params: { id: visitId }, body: { status: 'done', record: '现场勘查,约定两周内给出调处意见。' } });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ status: 'done', doneOn: '2013-05-10' });
    expect((await (await t.as('xianzhang')).call(petitions.recordVisit, { params: { id: visitId }, body: { status: 'done' } })).status).toBe(409);
    const looked = await t.anon(freshIp()).call(portal.lookupCase, { body: { number, code } });
    expect(looked.body.timeline.map((e: any) => e.label)).toContain('县领导走访');
  });

  it('backlog cases and disputes are listed until resolved', async () => {
    office = await t.as('duchashi');
    const backlog = await office.call(cases.listCases, { query: { backlog: 'true' } });
    expect(backlog.body.items.map((c: any) => c.id)).toContain(caseId);
    const c = (await office.call(cases.getCase, { params: { id: caseId } })).body;
    expect(c.resolvedOn).toBeNull();
    const done = await office.call(cases.flagCase, { params: { id: caseId }, body: { rowVersion: c.rowVersion, resolved: true, note: '双方签订调解协议' } });
    expect(done.body.resolvedOn).toBe('2013-05-10');
    const visits = await office.call(petitions.listVisits, { query: { kind: 'go_down' } });
    expect(visits.body.items).toHaveLength(1);
  });
});
