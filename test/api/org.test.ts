/**
 * The organisation through HTTP (R-ORG): units, people, posts with dated terms (定岗), the
 * leading group and the units in each county leader's charge. Changes are made by the office.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, campaigns, org } from '@luoshi/contracts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;
let n = 0;
const uniq = (s: string) => `${s}${++n}`;

beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi', undefined, freshIp());
});
afterAll(async () => t?.close());

async function ok(r: Promise<{ status: number; body: any }>) {
  const res = await r;
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const newUnit = (extra: Record<string, unknown> = {}) =>
  ok(office.call(org.createUnit, { body: { name: uniq('柞水县测试局'), kind: 'department', ...extra } }));
const newPerson = (unit: string | null, extra: Record<string, unknown> = {}) =>
  ok(office.call(org.createPerson, { body: { name: uniq('测试人员'), unitId: unit, ...extra } }));
const newPost = (unit: string, role = 'handler') => ok(office.call(org.createPost, { params: { id: unit }, body: { title: uniq('科员岗'), role } }));
const appoint = (post: string, personId: string | null, from?: string) =>
  office.call(org.assignPost, { params: { id: post }, body: { personId, ...(from ? { from } : {}) } });

describe('units (R-ORG-1)', () => {
  it('the office creates a unit; it appears in the list and in its own detail', async () => {
    const county = (await ok(office.call(org.listRegions))).items.find((r: { name: string }) => r.name === '柞水县');
    const u = await newUnit({ shortName: '测试局', nameEn: 'Test Bureau', regionId: county.id, sortOrder: 990 });
    expect(u).toMatchObject({ kind: 'department', regionId: county.id, parentId: null, active: true, headcount: 0, functions: [] });
    const list = await ok(office.call(org.listUnits, { query: { q: u.name } }));
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([u.id]);
    const detail = await ok(office.call(org.getUnit, { params: { id: u.id } }));
    expect(detail.unit).toEqual(u);
    expect([detail.posts, detail.people, detail.children]).toEqual([[], [], []]);
  });

  it('a second unit with the same name is refused as DUPLICATE, in Chinese by default and in English on request', async () => {
    const name = '柞水县交通运输局';
    const zh = await office.call(org.createUnit, { body: { name, kind: 'department' } });
    expect(zh.status).toBe(409);
    expect(zh.body.error).toMatchObject({ code: 'DUPLICATE', message: '已存在相同的记录', issues: [{ path: 'name', message: '已有同名单位' }] });
    expect(zh.headers['content-language']).toBe('zh-CN');
    const en = await office.call(org.createUnit, { body: { name, kind: 'department' }, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.status).toBe(409);
    expect(en.body.error).toMatchObject({ code: 'DUPLICATE', message: 'A record with the same key already exists', issues: [{ path: 'name', message: 'a unit with this name exists' }] });
    const units = await ok(office.call(org.listUnits, { query: { q: name } }));
    expect(units.items).toHaveLength(1);
    // renaming another unit to a taken name is refused the same way
    const other = await newUnit();
    const rename = await office.call(org.updateUnit, { params: { id: other.id }, body: { name } });
    expect([rename.status, rename.body.error.code]).toEqual([409, 'DUPLICATE']);
  });

  it('a unit cannot become its own ancestor', async () => {
    const a = await newUnit();
    const b = await newUnit({ parentId: a.id });
    const c = await newUnit({ parentId: b.id });
    for (const parentId of [c.id, b.id, a.id]) {
      const r = await office.call(org.updateUnit, { params: { id: a.id }, body: { parentId } });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.issues).toEqual([{ path: 'parentId', message: '上级单位不能是本单位或其下级' }]);
    }
    const detail = await ok(office.call(org.getUnit, { params: { id: a.id } }));
    expect(detail.unit.parentId).toBeNull();
    expect(detail.children.map((x: { id: string }) => x.id)).toEqual([b.id]);
    const missing = await office.call(org.createUnit, { body: { name: uniq('无上级'), kind: 'town', parentId: 'no-such-unit' } });
    expect(missing.body.error.issues).toEqual([{ path: 'parentId', message: '单位不存在' }]);
  });

  it('functions one unit holds alone (a second office, a second finance bureau) are refused; shared ones are not', async () => {
    const second = await office.call(org.createUnit, { body: { name: uniq('第二督查室'), kind: 'special', functions: ['office'] } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('DUPLICATE');
    expect(second.body.error.issues[0].path).toBe('functions');
    expect(second.body.error.issues[0].message).toContain('柞水县人民政府督查室');
    const u = await newUnit();
    const finance = await office.call(org.updateUnit, { params: { id: u.id }, body: { functions: ['finance'] } });
    expect([finance.status, finance.body.error.code]).toEqual([409, 'DUPLICATE']);
    expect((await ok(office.call(org.getUnit, { params: { id: u.id } }))).unit.functions).toEqual([]);
    const conduct = await ok(office.call(org.updateUnit, { params: { id: u.id }, body: { functions: ['conduct', 'conduct'] } }));
    expect(conduct.functions).toEqual(['conduct']);
  });

  it('a unit whose posts are held cannot be deactivated; once vacated it can, and leaves the list', async () => {
    const u = await newUnit();
    const post = await newPost(u.id);
    await ok(appoint(post.id, (await newPerson(u.id)).id, '2013-04-01'));
    const refused = await office.call(org.updateUnit, { params: { id: u.id }, body: { active: false } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([{ path: 'active', message: '该单位仍有在岗人员,请先免去其岗位' }]);
    expect((await ok(office.call(org.getUnit, { params: { id: u.id } }))).unit.active).toBe(true);
    await ok(appoint(post.id, null, '2013-05-01'));
    expect((await ok(office.call(org.updateUnit, { params: { id: u.id }, body: { active: false } }))).active).toBe(false);
    const ids = async (q: Record<string, string>) => (await ok(office.call(org.listUnits, { query: q }))).items.map((x: { id: string }) => x.id);
    expect(await ids({ q: u.name })).toEqual([]);
    expect(await ids({ q: u.name, includeInactive: 'true' })).toEqual([u.id]);
    const posted = await office.call(org.createPost, { params: { id: u.id }, body: { title: '新岗', role: 'handler' } });
    expect(posted.body.error.issues).toEqual([{ path: 'id', message: '单位已停用' }]);
  });

  it('an unknown unit is NOT_FOUND', async () => {
    const r = await office.call(org.getUnit, { params: { id: 'no-such-unit' } });
    expect([r.status, r.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('people', () => {
  it('the office adds a person to a unit and changes their title; the unit counts and lists them', async () => {
    const u = await newUnit();
    const p = await newPerson(u.id, { gender: 'female', title: '科员', phone: '029-8888 1234', email: 'ceshi@example.cn' });
    expect(p).toMatchObject({ unitId: u.id, gender: 'female', title: '科员', phone: '029-8888 1234', email: 'ceshi@example.cn', active: true, hasAccount: false });
    const changed = await ok(office.call(org.updatePerson, { params: { id: p.id }, body: { title: '副科长', email: '' } }));
    expect(changed).toMatchObject({ title: '副科长', email: null, phone: '029-8888 1234' });
    const list = await ok(office.call(org.listPeople, { query: { unitId: u.id } }));
    expect(list.items).toEqual([changed]);
    expect((await ok(office.call(org.getUnit, { params: { id: u.id } }))).unit.headcount).toBe(1);
    await ok(office.call(org.updatePerson, { params: { id: p.id }, body: { active: false } }));
    expect((await ok(office.call(org.getUnit, { params: { id: u.id } }))).unit.headcount).toBe(0);
  });

  it('a malformed phone number or e-mail address is refused with the field named, and nothing is saved', async () => {
    const name = uniq('错号码');
    const r = await office.call(org.createPerson, { body: { name, phone: '139-abc', email: 'nobody@' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.email', 'body.phone']);
    expect((await ok(office.call(org.listPeople, { query: { q: name } }))).items).toEqual([]);
  });
});

describe('posts and their holders (定岗: the post outlives its holder)', () => {
  it('re-appointing closes the previous term on the date given; vacating keeps the whole history', async () => {
    const u = await newUnit();
    const post = await newPost(u.id, 'deputy');
    const a = await newPerson(u.id);
    const b = await newPerson(u.id);
    expect((await ok(appoint(post.id, a.id, '2013-03-01'))).holder).toEqual({ personId: a.id, name: a.name, since: '2013-03-01' });
    const second = await ok(appoint(post.id, b.id, '2013-05-10'));
    expect(second.holder).toEqual({ personId: b.id, name: b.name, since: '2013-05-10' });
    expect(second.history).toEqual([
      { personId: a.id, name: a.name, from: '2013-03-01', to: '2013-05-10' },
      { personId: b.id, name: b.name, from: '2013-05-10', to: null },
    ]);
    const vacant = await ok(appoint(post.id, null, '2013-06-01'));
    expect(vacant.holder).toBeNull();
    expect(vacant.history.map((h: { to: string | null }) => h.to)).toEqual(['2013-05-10', '2013-06-01']);
    const detail = await ok(office.call(org.getUnit, { params: { id: u.id } }));
    expect(detail.posts).toEqual([vacant]);
  });

  it('an appointment dated before the current holder started is refused', async () => {
    const u = await newUnit();
    const post = await newPost(u.id);
    const a = await newPerson(u.id);
    await ok(appoint(post.id, a.id, '2013-04-01'));
    const r = await appoint(post.id, (await newPerson(u.id)).id, '2013-03-31');
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([{ path: 'from', message: '任免日期不能早于现任人员的任职日期' }]);
    expect((await ok(office.call(org.getUnit, { params: { id: u.id } }))).posts[0].holder.personId).toBe(a.id);
  });

  it('a person appointed to a post in 乾佑镇 sees the phone numbers of 乾佑镇 from then on', async () => {
    const qianyou = await unitId(t, '乾佑镇');
    const c = await t.as('yingpan.cb', undefined, freshIp());
    const phones = async () => (await ok(c.call(org.listPeople, { query: { unitId: qianyou } }))).items.filter((p: { phone: string | null }) => p.phone !== null);
    expect(await phones()).toEqual([]);
    const me = (await ok(c.call(auth.session))).user;
    const post = await newPost(qianyou, 'liaison');
    await ok(appoint(post.id, me.personId, '2013-05-01'));
    expect((await ok(c.call(auth.session))).user.memberships.map((m: { unitId: string }) => m.unitId)).toContain(qianyou);
    expect((await phones()).length).toBeGreaterThanOrEqual(4);
  });
});

describe('the leading group (R-ORG-3)', () => {
  const group = () => ok(office.call(org.getLeadingGroup));

  it('has one head only: a second head is refused and the group is unchanged', async () => {
    const before = await group();
    expect(before.members.filter((m: { position: string }) => m.position === 'head')).toHaveLength(1);
    const r = await office.call(org.addGroupMember, { body: { personId: (await newPerson(null)).id, position: 'head' } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([{ path: 'position', message: '领导小组只能有一名组长' }]);
    expect(await group()).toEqual(before);
  });

  it('a person already in the group is refused as DUPLICATE', async () => {
    const before = await group();
    const head = before.members.find((m: { position: string }) => m.position === 'head');
    const r = await office.call(org.addGroupMember, { body: { personId: head.personId, position: 'member' } });
    expect([r.status, r.body.error.code]).toEqual([409, 'DUPLICATE']);
    expect(await group()).toEqual(before);
  });

  it('members are added and removed, and the group is renamed', async () => {
    const p = await newPerson(null);
    const added = await ok(office.call(org.addGroupMember, { body: { personId: p.id, position: 'member', duty: '联络' } }));
    const m = added.members.find((x: { personId: string }) => x.personId === p.id);
    expect(m).toMatchObject({ position: 'member', duty: '联络', name: p.name });
    const removed = await ok(office.call(org.removeGroupMember, { params: { id: m.id } }));
    expect(removed.members.some((x: { personId: string }) => x.personId === p.id)).toBe(false);
    const again = await office.call(org.removeGroupMember, { params: { id: m.id } });
    expect([again.status, again.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await ok(office.call(org.updateLeadingGroup, { body: { name: '执行年活动领导小组' } }))).name).toBe('执行年活动领导小组');
  });

  it('only county leaders are put in charge of units; the charge shows on the group and on the units', async () => {
    const db = t.services.db.kysely;
    const personOf = async (username: string) => (await db.selectFrom('users').select('person_id').where('username', '=', username).executeTakeFirstOrThrow()).person_id!;
    const [qianyou, yingpan] = [await unitId(t, '乾佑镇'), await unitId(t, '营盘镇')];
    const handler = await personOf('qianyou.cb');
    const refused = await office.call(org.setCharges, { params: { id: handler }, body: { unitIds: [qianyou] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([{ path: 'id', message: '只有县政府领导才能分管单位' }]);
    expect(await ok(office.call(org.setCharges, { params: { id: handler }, body: { unitIds: [] } }))).toEqual({ personId: handler, unitIds: [] });
    const deputy = await personOf('fuxianzhang2');
    const set = await ok(office.call(org.setCharges, { params: { id: deputy }, body: { unitIds: [qianyou, yingpan, qianyou] } }));
    expect(set).toEqual({ personId: deputy, unitIds: [qianyou, yingpan] });
    const member = (await group()).members.find((m: { personId: string }) => m.personId === deputy);
    expect([...member.chargedUnitIds].sort()).toEqual([qianyou, yingpan].sort());
    const towns = (await ok(office.call(org.listUnits, { query: { kind: 'town' } }))).items;
    for (const id of [qianyou, yingpan]) expect(towns.find((u: { id: string }) => u.id === id).leaderIds).toContain(deputy);
    const unknown = await office.call(org.setCharges, { params: { id: deputy }, body: { unitIds: [qianyou, 'no-such-unit'] } });
    expect(unknown.body.error.issues).toEqual([{ path: 'unitIds.1', message: '单位不存在' }]);
  });
});

describe('a change keeps every field it does not mention', () => {
  it('moving the office in the list keeps its code, names, region and its office function (and so its powers)', async () => {
    const id = await unitId(t, '县政府督查室');
    const before = (await ok(office.call(org.getUnit, { params: { id } }))).unit;
    const after = await ok(office.call(org.updateUnit, { params: { id }, body: { sortOrder: before.sortOrder + 1 } }));
    expect(after).toEqual({ ...before, sortOrder: before.sortOrder + 1 });
    expect(after.functions).toEqual(['office']);
    expect((await office.call(org.createRegion, { body: { name: uniq('仍可管理村'), level: 'village' } })).status).toBe(200);
  });

  it('a new title keeps the person in their unit with their phone, e-mail and gender', async () => {
    const u = await newUnit();
    const p = await newPerson(u.id, { gender: 'male', phone: '13909140000', email: 'wang@example.cn', title: '科员' });
    const after = await ok(office.call(org.updatePerson, { params: { id: p.id }, body: { title: '副科长' } }));
    expect(after).toEqual({ ...p, title: '副科长' });
  });

  it('closing a campaign keeps its goals, streams, measures and requirements', async () => {
    const list = (await ok(office.call(campaigns.listCampaigns))).items;
    const before = await ok(office.call(campaigns.getCampaign, { params: { id: list[0].id } }));
    expect(before.streams.length).toBeGreaterThan(0);
    const after = await ok(office.call(campaigns.updateCampaign, { params: { id: before.id }, body: { status: 'closed' } }));
    expect(after).toEqual({ ...before, status: 'closed' });
    await ok(office.call(campaigns.updateCampaign, { params: { id: before.id }, body: { status: 'active' } }));
  });
});

describe('regions', () => {
  it('a region is created under an existing parent; an unknown parent is refused', async () => {
    const county = (await ok(office.call(org.listRegions))).items.find((r: { level: string }) => r.level === 'county');
    const village = await ok(office.call(org.createRegion, { body: { name: uniq('严坪村'), level: 'village', parentId: county.id, code: '611026101' } }));
    expect(village).toMatchObject({ level: 'village', parentId: county.id, code: '611026101' });
    expect((await ok(office.call(org.listRegions))).items).toContainEqual(village);
    const r = await office.call(org.createRegion, { body: { name: '无名村', level: 'village', parentId: 'no-such-region' } });
    expect(r.body.error.issues).toEqual([{ path: 'parentId', message: '行政区划不存在' }]);
  });
});
