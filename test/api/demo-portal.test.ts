/**
 * The demo county's public side: a first start shows a living portal — cases routed by the rules,
 * in every state, some published; published tasks, commitments and approval items; the 2013
 * holiday schedule in the case policy. The demo's personal data never reaches a public response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, portal } from '@luoshi/contracts';
import { seedDemoPublic } from '../../apps/server/src/demo/public.ts';
import { freshIp, startApp, unitId, type TestApp } from '../support/harness.ts';

let t: TestApp;
const db = () => t.services.db.kysely;

beforeAll(async () => {
  t = await startApp({ now: '2013-06-03T02:00:00.000Z' });
});
afterAll(async () => t?.close());

describe('the demo portal', () => {
  it('seeds routed cases in every state, four of them published', async () => {
    expect(await seedDemoPublic(t.services)).toEqual({ cases: 6, published: 4 });
    const rows = await db().selectFrom('cases').select(['category_id', 'owner_unit_id', 'status', 'published', 'petition', 'transfers']).execute();
    const by = (cat: string) => rows.find((r) => r.category_id === cat)!;
    expect(by('cat_streetlight')).toMatchObject({ owner_unit_id: await unitId(t, '乾佑镇'), status: 'closed', published: 1 });
    expect(by('cat_road')).toMatchObject({ owner_unit_id: await unitId(t, '交通局'), status: 'handling', published: 1 });
    expect(by('cat_sanitation')).toMatchObject({ owner_unit_id: await unitId(t, '住建局'), status: 'received', published: 1 });
    expect(by('cat_enterprise')).toMatchObject({ owner_unit_id: await unitId(t, '发改局'), status: 'replied' });
    expect(by('cat_water')).toMatchObject({ owner_unit_id: await unitId(t, '曹坪镇'), transfers: 1, published: 0 });
    expect(by('cat_petition')).toMatchObject({ petition: 1, published: 0 });
    // the demo's history leaves no unread notice on a handler's bell
    const handler = await db().selectFrom('users').select('id').where('username', '=', 'qianyou.cb').executeTakeFirstOrThrow();
    const caseNotes = await db().selectFrom('notifications').select(['kind', 'read_at']).where('user_id', '=', handler.id).where('kind', 'like', 'case.%').execute();
    expect(caseNotes.length).toBeGreaterThan(0);
    expect(caseNotes.filter((n) => n.read_at === null)).toEqual([]);
    const rules = (await (await t.as('duchashi')).call(cases.listRoutingRules)).body.items;
    expect(rules.length).toBe(8);
    const policy = (await (await t.as('duchashi')).call(cases.getCasePolicy)).body;
    expect(policy.petition.calendar.restDays).toContain('2013-10-01');
    expect(policy.petition.calendar.workDays).toContain('2013-09-29');
  });

  it('the portal and Open311 show the published items, without the demo’s names or phones', async () => {
    const bodies: string[] = [];
    const get = async (url: string) => {
      const r = await t.app.inject({ method: 'GET', url, remoteAddress: freshIp() });
      expect(r.statusCode, url).toBe(200);
      bodies.push(r.body);
      return JSON.parse(r.body);
    };
    const tasks = await get('/api/v1/portal/tasks');
    expect(tasks.items).toHaveLength(3);
    expect(tasks.total).toBe(3);
    expect((await get(`/api/v1/portal/tasks/${tasks.items[0].id}`)).code).toBe(tasks.items[0].code);
    expect((await get('/api/v1/portal/commitments')).items).toHaveLength(2);
    expect((await get('/api/v1/portal/catalogue')).items.map((i: { code: string }) => i.code).sort()).toEqual(['XK-JT-001', 'XK-ZJ-001']);
    const requests = await get('/open311/v2/requests.json');
    expect(requests).toHaveLength(4);
    // replied and rated cases are closed in GeoReport terms
    expect(requests.filter((r: { status: string }) => r.status === 'closed')).toHaveLength(2);
    const lamp = await db().selectFrom('cases').select(['number', 'check_code']).where('category_id', '=', 'cat_streetlight').executeTakeFirstOrThrow();
    const looked = await t.anon(freshIp()).call(portal.lookupCase, { body: { number: lamp.number, code: lamp.check_code } });
    expect(looked.status).toBe(200);
    expect(looked.body).toMatchObject({ status: 'closed', satisfaction: 'satisfied' });
    bodies.push(JSON.stringify(looked.body));
    const all = bodies.join('\n');
    for (const secret of ['王某某', '李某某', '张某某', '赵某某', '1390000000']) expect(all).not.toContain(secret);
  });
});
