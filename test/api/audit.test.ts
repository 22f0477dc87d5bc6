/**
 * The audit log (SPEC §9.1): every change writes one entry — who, when, from where, before and
 * after — in the same transaction as the change; a refused change writes nothing; the SM3 chain
 * verifies, and a row changed behind the application's back is found at its sequence number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { defaultPasswordPolicy } from '@luoshi/domain';
import { admin as accounts, auth, org } from '@luoshi/contracts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { STRONG_PASSWORD } from '../support/routes.ts';

let t: TestApp;
let auditor: Client;
let office: Client;
let admin: Client;
let security: Client;
let n = 0;
const uniq = (s: string) => `${s}${++n}`;

beforeAll(async () => {
  t = await startApp();
  [auditor, office, admin, security] = await Promise.all(['auditor', 'duchashi', 'admin', 'security'].map((u) => t.as(u, undefined, freshIp())));
});
afterAll(async () => t?.close());

async function ok(r: Promise<{ status: number; body: any }>) {
  const res = await r;
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
interface Entry {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: any;
  after: any;
  ip: string | null;
}
/** the newest entries about one record, as the auditor reads them */
async function entriesFor(entityId: string): Promise<Entry[]> {
  return (await ok(auditor.call(accounts.listAudit, { query: { entityId, limit: '50' } }))).items;
}
/** the one entry the last request wrote for `entityId`, checked for who, when and where */
async function entryOf(entityId: string, action: string, by: Client): Promise<Entry> {
  const [e] = await entriesFor(entityId);
  const me = (await ok(by.call(auth.session))).user;
  expect(e).toMatchObject({ action, entityId, actorUserId: me.userId, ip: by.ip, at: t.clock.now().toISOString() });
  expect(e!.actorName).toContain(`(${me.username})`);
  return e!;
}
const auditCount = async () => Number((await t.services.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const verify = async () => ok(auditor.call(accounts.verifyAudit));

describe('every change writes its entry with who, when, from where, before and after', () => {
  it('units, people and posts', async () => {
    const unit = await ok(office.call(org.createUnit, { body: { name: uniq('审计测试局'), kind: 'department', sortOrder: 5 } }));
    expect((await entryOf(unit.id, 'unit.create', office)).after).toMatchObject({ id: unit.id, name: unit.name, sortOrder: 5 });
    await ok(office.call(org.updateUnit, { params: { id: unit.id }, body: { sortOrder: 6 } }));
    const upd = await entryOf(unit.id, 'unit.update', office);
    expect([upd.before.sortOrder, upd.after.sortOrder]).toEqual([5, 6]);

    const person = await ok(office.call(org.createPerson, { body: { name: uniq('审计人员'), unitId: unit.id, title: '科员' } }));
    expect((await entryOf(person.id, 'person.create', office)).after).toMatchObject({ name: person.name, unit_id: unit.id });
    await ok(office.call(org.updatePerson, { params: { id: person.id }, body: { title: '科长' } }));
    const pu = await entryOf(person.id, 'person.update', office);
    expect([pu.before.title, pu.after.title]).toEqual(['科员', '科长']);

    const post = await ok(office.call(org.createPost, { params: { id: unit.id }, body: { title: '科长岗', role: 'principal' } }));
    expect((await entryOf(post.id, 'post.create', office)).after).toMatchObject({ unit_id: unit.id, title: '科长岗' });
    await ok(office.call(org.assignPost, { params: { id: post.id }, body: { personId: person.id, from: '2013-04-20' } }));
    const assign = await entryOf(post.id, 'post.assign', office);
    expect([assign.before, assign.after]).toEqual([{ holder: null }, { holder: person.id, from: '2013-04-20' }]);
    await ok(office.call(org.assignPost, { params: { id: post.id }, body: { personId: null, from: '2013-05-01' } }));
    const vacate = await entryOf(post.id, 'post.vacate', office);
    expect([vacate.before, vacate.after]).toEqual([{ holder: person.id }, { holder: null, from: '2013-05-01' }]);
  });

  it('the leading group, charges and regions', async () => {
    const group = await ok(office.call(org.getLeadingGroup));
    await ok(office.call(org.updateLeadingGroup, { body: { name: '审计后的领导小组' } }));
    const gu = await entryOf(group.id, 'group.update', office);
    expect([gu.before.name, gu.after.name]).toEqual([group.name, '审计后的领导小组']);
    const p = await ok(office.call(org.createPerson, { body: { name: uniq('组员') } }));
    const added = await ok(office.call(org.addGroupMember, { body: { personId: p.id, position: 'member' } }));
    expect((await entryOf(group.id, 'group.add_member', office)).after).toMatchObject({ person_id: p.id, position: 'member' });
    const memberId = added.members.find((m: { personId: string }) => m.personId === p.id).id;
    await ok(office.call(org.removeGroupMember, { params: { id: memberId } }));
    expect((await entryOf(group.id, 'group.remove_member', office)).before).toMatchObject({ id: memberId, person_id: p.id });

    const deputy = group.members.find((m: { position: string; chargedUnitIds: string[] }) => m.position === 'deputy_head' && m.chargedUnitIds.length);
    const qianyou = await unitId(t, '乾佑镇');
    await ok(office.call(org.setCharges, { params: { id: deputy.personId }, body: { unitIds: [qianyou] } }));
    const charges = await entryOf(deputy.personId, 'leader.set_charges', office);
    expect([[...charges.before.unitIds].sort(), charges.after.unitIds]).toEqual([[...deputy.chargedUnitIds].sort(), [qianyou]]);

    const region = await ok(office.call(org.createRegion, { body: { name: uniq('审计村'), level: 'village' } }));
    expect((await entryOf(region.id, 'region.create', office)).after).toMatchObject({ name: region.name, level: 'village' });
  });

  it('accounts, system roles and the security policy', async () => {
    const p = await ok(admin.call(org.createPerson, { body: { name: uniq('审计账号') } }));
    const user = await ok(admin.call(accounts.createUser, { body: { username: uniq('shenji'), personId: p.id, initialPassword: STRONG_PASSWORD } }));
    const created = await entryOf(user.id, 'user.create', admin);
    expect(created.after).toMatchObject({ username: user.username, mustChangePassword: true });
    expect(JSON.stringify(created)).not.toContain(STRONG_PASSWORD);
    await ok(admin.call(accounts.updateUser, { params: { id: user.id }, body: { disabled: true } }));
    const disabled = await entryOf(user.id, 'user.disable', admin);
    expect([disabled.before.disabled, disabled.after.disabled]).toEqual([false, true]);
    await ok(admin.call(accounts.updateUser, { params: { id: user.id }, body: { disabled: false } }));
    await entryOf(user.id, 'user.enable', admin);
    await ok(admin.call(accounts.resetPassword, { params: { id: user.id }, body: { newPassword: `${STRONG_PASSWORD}x` } }));
    expect((await entryOf(user.id, 'user.reset_password', admin)).after.mustChangePassword).toBe(true);
    await ok(security.call(accounts.unlockUser, { params: { id: user.id } }));
    await entryOf(user.id, 'user.unlock', security);
    await ok(security.call(accounts.setSystemRoles, { params: { id: user.id }, body: { roles: ['auditor'] } }));
    const role = await entryOf(user.id, 'user.set_system_role', security);
    expect([role.before.systemRoles, role.after.systemRoles]).toEqual([[], ['auditor']]);
    await ok(security.call(accounts.updateSecurityPolicy, { body: { ...defaultPasswordPolicy, lockMinutes: 20 } }));
    const policy = await entryOf('security.policy', 'security.update_policy', security);
    expect([policy.before.lockMinutes, policy.after.lockMinutes]).toEqual([15, 20]);
    await ok(security.call(accounts.updateSecurityPolicy, { body: defaultPasswordPolicy }));
  });

  it('sign-in, failed sign-in, password change and sign-out', async () => {
    const c = t.anon(freshIp());
    expect((await c.login('qianyou.ll', 'Wrong#Pass1x')).status).toBe(401);
    const id = (await t.services.db.kysely.selectFrom('users').select('id').where('username', '=', 'qianyou.ll').executeTakeFirstOrThrow()).id;
    expect((await entriesFor(id))[0]).toMatchObject({ action: 'auth.login_failed', actorUserId: id, ip: c.ip, after: { failedLogins: 1 } });
    await c.login('qianyou.ll');
    expect((await entriesFor(id))[0]).toMatchObject({ action: 'auth.login', ip: c.ip });
    await ok(c.call(auth.changePassword, { body: { currentPassword: 'Luoshi@2013', newPassword: STRONG_PASSWORD } }));
    await entryOf(id, 'auth.password_changed', c);
    await ok(c.call(auth.logout));
    expect((await entriesFor(id))[0]).toMatchObject({ action: 'auth.logout', actorUserId: id });
  });
});

describe('the change and its entry are one', () => {
  it('if the entry cannot be written, the change is not made either, and the answer carries no internals', async () => {
    const unit = await ok(office.call(org.createUnit, { body: { name: uniq('事务测试局'), kind: 'department' } }));
    const db = t.services.db.kysely;
    await sql`alter table audit_log rename to audit_log_away`.execute(db);
    let renamed: Awaited<ReturnType<Client['call']>>;
    let person: Awaited<ReturnType<Client['call']>>;
    try {
      renamed = await office.call(org.updateUnit, { params: { id: unit.id }, body: { name: '改名未遂局' } });
      person = await office.call(org.createPerson, { body: { name: '未入库人员' } });
    } finally {
      await sql`alter table audit_log_away rename to audit_log`.execute(db);
    }
    for (const r of [renamed, person]) {
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([500, 'INTERNAL', '服务器内部错误,请稍后再试']);
      expect(Object.keys(r.body.error).sort()).toEqual(['code', 'message', 'requestId']);
      expect(JSON.stringify(r.body)).not.toMatch(/audit_log|sqlite|relation|\bat /i);
    }
    expect((await db.selectFrom('units').select('name').where('id', '=', unit.id).executeTakeFirstOrThrow()).name).toBe(unit.name);
    expect(await db.selectFrom('people').select('id').where('name', '=', '未入库人员').execute()).toEqual([]);
    expect((await verify()).ok).toBe(true);
  });

  it('a refused change writes no entry and leaves no half-made data behind', async () => {
    const db = t.services.db.kysely;
    const counts = async () => ({
      audit: await auditCount(),
      units: (await db.selectFrom('units').select('id').execute()).length,
      users: (await db.selectFrom('users').select('id').execute()).length,
      members: (await db.selectFrom('group_members').select('id').execute()).length,
      charges: (await db.selectFrom('leader_charges').select(['person_id', 'unit_id']).orderBy('person_id').orderBy('unit_id').execute()),
    });
    const before = await counts();
    const group = await ok(office.call(org.getLeadingGroup));
    const deputy = group.members.find((m: { position: string }) => m.position === 'deputy_head');
    const refusals = [
      office.call(org.createUnit, { body: { name: '柞水县财政局', kind: 'department' } }),
      office.call(org.createUnit, { body: { name: uniq('第二政府'), kind: 'government', functions: ['government'] } }),
      office.call(org.updateUnit, { params: { id: await unitId(t, '乾佑镇') }, body: { active: false } }),
      office.call(org.addGroupMember, { body: { personId: deputy.personId, position: 'member' } }),
      office.call(org.setCharges, { params: { id: deputy.personId }, body: { unitIds: [await unitId(t, '营盘镇'), 'no-such-unit'] } }),
      admin.call(accounts.createUser, { body: { username: 'ruoruo', personId: deputy.personId, initialPassword: 'weak' } }),
      security.call(accounts.updateSecurityPolicy, { body: { ...defaultPasswordPolicy, maxFailedLogins: 0 } }),
    ];
    for (const r of await Promise.all(refusals)) expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
    expect(await counts()).toEqual(before);
  });
});

describe('the chain', () => {
  it('verifies over every entry written so far', async () => {
    const v = await verify();
    expect(v).toEqual({ ok: true, entries: await auditCount(), brokenAt: null, reason: null });
    expect(v.entries).toBeGreaterThan(500);
  });

  it('a row changed directly in the database is reported at its sequence number, and verifies again once restored', async () => {
    const unit = await ok(office.call(org.createUnit, { body: { name: uniq('篡改测试局'), kind: 'department' } }));
    const [entry] = await entriesFor(unit.id);
    const seq = entry!.seq;
    const db = t.services.db.kysely;
    const original = (await db.selectFrom('audit_log').select('after').where('seq', '=', seq).executeTakeFirstOrThrow()).after;
    await ok(office.call(org.createPerson, { body: { name: uniq('之后的人') } }));
    await sql`UPDATE audit_log SET after = ${'{"name":"篡改后的名称"}'} WHERE seq = ${seq}`.execute(db);
    expect(await verify()).toEqual({ ok: false, entries: seq - 1, brokenAt: seq, reason: 'hash-mismatch' });
    await sql`UPDATE audit_log SET after = ${original} WHERE seq = ${seq}`.execute(db);
    expect((await verify()).ok).toBe(true);
    const who = (await db.selectFrom('audit_log').select('actor_name').where('seq', '=', seq - 3).executeTakeFirstOrThrow()).actor_name;
    await sql`UPDATE audit_log SET actor_name = ${'别人'} WHERE seq = ${seq - 3}`.execute(db);
    expect((await verify()).brokenAt).toBe(seq - 3);
    await sql`UPDATE audit_log SET actor_name = ${who} WHERE seq = ${seq - 3}`.execute(db);
    expect((await verify()).ok).toBe(true);
  });
});

describe('reading the log', () => {
  it('the auditor reads it, newest first, page by page; nobody else can, not even the administrators', async () => {
    const first = await ok(auditor.call(accounts.listAudit, { query: { limit: '3' } }));
    const seqs = first.items.map((e: Entry) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
    const next = await ok(auditor.call(accounts.listAudit, { query: { limit: '3', cursor: first.nextCursor } }));
    expect(next.items[0].seq).toBe(seqs[2] - 1);
    for (const username of ['admin', 'security', 'duchashi', 'xianzhang', 'jianchaju', 'qianyou.cb']) {
      const c = await t.as(username, undefined, freshIp());
      for (const e of [accounts.listAudit, accounts.verifyAudit]) {
        const r = await c.call(e);
        expect([r.status, r.body.error.code], `${e.id} as ${username}`).toEqual([403, 'FORBIDDEN']);
      }
    }
    expect((await t.anon().call(accounts.listAudit)).status).toBe(401);
  });

  it('sign-in attempts with malformed usernames (lone surrogates, NUL) are refused and leave the chain intact', async () => {
    for (const username of ['\uD800x', 'x\uDFFF', 'ad\u0000min', '\uFFFF\uFEFF']) {
      const r = await t.anon(freshIp()).login(username, 'Wrong#Pass1x');
      expect([400, 401], JSON.stringify(r.body)).toContain(r.status);
    }
    expect((await verify()).ok).toBe(true);
  });
});
