/**
 * Accounts and their security through HTTP (R-ORG-5 三员, 等保2.0 identity): password policy,
 * the forced change of an initial password, disabling and resetting, system roles granted by the
 * security administrator to others only, lock-out after failed sign-ins, idle and absolute
 * session time-outs. Time is moved with the test clock, never waited for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPasswordPolicy } from '@luoshi/domain';
import { admin as accounts, auth, org } from '@luoshi/contracts';
import { DEMO_PASSWORD, freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';
import { STRONG_PASSWORD } from '../support/routes.ts';

let t: TestApp;
let n = 0;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t?.close());

const signIn = (username: string, password?: string) => t.as(username, password, freshIp());
const login = (username: string, password = DEMO_PASSWORD) => t.anon(freshIp()).login(username, password);

async function ok(r: Promise<{ status: number; body: any }>) {
  const res = await r;
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
async function userId(username: string): Promise<string> {
  const row = await t.services.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return row.id;
}
/** a person without an account, and an account for them with the strong initial password */
async function newAccount(admin: Client) {
  const person = await ok(admin.call(org.createPerson, { body: { name: `新同志${++n}` } }));
  const username = `xintongzhi${n}`;
  const user = await ok(admin.call(accounts.createUser, { body: { username, personId: person.id, initialPassword: STRONG_PASSWORD } }));
  return { ...user, personId: person.id as string };
}

describe('creating accounts', () => {
  it('a weak initial password is refused as PASSWORD_TOO_WEAK with every problem named, in both languages, and no account is made', async () => {
    const admin = await signIn('admin');
    const person = await ok(admin.call(org.createPerson, { body: { name: '弱密码' } }));
    const body = { username: 'ruomima', personId: person.id, initialPassword: 'ruomima1' };
    const zh = await admin.call(accounts.createUser, { body });
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('PASSWORD_TOO_WEAK');
    expect(zh.body.error.issues).toEqual([
      { path: 'initialPassword', message: '长度至少 10 位' },
      { path: 'initialPassword', message: '须包含小写字母、大写字母、数字、符号中的至少 3 类' },
      { path: 'initialPassword', message: '不能包含用户名' },
    ]);
    const en = await admin.call(accounts.createUser, { body: { ...body, initialPassword: 'aaaaaaaaaaaa' }, headers: { 'accept-language': 'en' } });
    expect(en.body.error.message).toBe('The password does not meet the security policy');
    expect(en.body.error.issues.map((i: { message: string }) => i.message)).toEqual([
      'must mix at least 3 of lower case, upper case, digits and symbols',
      'must not repeat one character',
    ]);
    expect((await ok(admin.call(accounts.listUsers, { query: { q: 'ruomima' } }))).items).toEqual([]);
  });

  it('a taken username, or a person who already has an account, is refused as DUPLICATE', async () => {
    const admin = await signIn('admin');
    const person = await ok(admin.call(org.createPerson, { body: { name: `重名${++n}` } }));
    const taken = await admin.call(accounts.createUser, { body: { username: 'qianyou', personId: person.id, initialPassword: STRONG_PASSWORD } });
    expect([taken.status, taken.body.error.code, taken.body.error.issues[0].path]).toEqual([409, 'DUPLICATE', 'username']);
    const existing = await newAccount(admin);
    const twice = await admin.call(accounts.createUser, { body: { username: `lingyige${n}`, personId: existing.personId, initialPassword: STRONG_PASSWORD } });
    expect([twice.status, twice.body.error.code, twice.body.error.issues[0].path]).toEqual([409, 'DUPLICATE', 'personId']);
  });

  it('a new user must change the initial password; until then every other route answers PASSWORD_CHANGE_REQUIRED', async () => {
    const admin = await signIn('admin');
    const account = await newAccount(admin);
    expect(account.mustChangePassword).toBe(true);
    const c = await signIn(account.username, STRONG_PASSWORD);
    expect((await ok(c.call(auth.session))).user.mustChangePassword).toBe(true);
    for (const r of [await c.call(org.listUnits), await c.call(org.getLeadingGroup), await c.call(org.createRegion, { body: { name: '村', level: 'village' } })]) {
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED', '请先修改初始密码']);
    }
    const change = (currentPassword: string, newPassword: string) => c.call(auth.changePassword, { body: { currentPassword, newPassword } });
    expect((await change('Wrong#Password1', 'Xinmima#2013a')).body.error.code).toBe('PASSWORD_WRONG');
    expect((await change(STRONG_PASSWORD, STRONG_PASSWORD)).body.error.code).toBe('PASSWORD_REUSED');
    const weak = await change(STRONG_PASSWORD, 'short');
    expect([weak.body.error.code, weak.body.error.issues[0].path]).toEqual(['PASSWORD_TOO_WEAK', 'newPassword']);
    expect((await c.call(org.listUnits)).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await ok(change(STRONG_PASSWORD, 'Xinmima#2013a'));
    expect((await ok(c.call(auth.session))).user.mustChangePassword).toBe(false);
    expect((await c.call(org.listUnits)).status).toBe(200);
    expect((await login(account.username, STRONG_PASSWORD)).status).toBe(401);
    expect((await login(account.username, 'Xinmima#2013a')).status).toBe(200);
  });
});

describe('disabling and resetting', () => {
  it('disabling an account ends its sessions and refuses sign-in; enabling it lets the user back in', async () => {
    const admin = await signIn('admin');
    const user = await signIn('jiaotong');
    const id = await userId('jiaotong');
    expect((await ok(admin.call(accounts.updateUser, { params: { id }, body: { disabled: true } }))).disabled).toBe(true);
    const after = await user.call(org.listUnits);
    expect([after.status, after.body.error.code]).toEqual([401, 'SESSION_EXPIRED']);
    const refused = await login('jiaotong');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    await ok(admin.call(accounts.updateUser, { params: { id }, body: { disabled: false } }));
    expect((await login('jiaotong')).status).toBe(200);
  });

  it('the system administrator cannot disable their own account', async () => {
    const admin = await signIn('admin');
    const r = await admin.call(accounts.updateUser, { params: { id: await userId('admin') }, body: { disabled: true } });
    expect([r.status, r.body.error.code]).toEqual([409, 'INVALID_STATE']);
    expect((await admin.call(org.listUnits)).status).toBe(200);
  });

  it('a password reset signs the user out, retires the old password and forces a change again', async () => {
    const admin = await signIn('admin');
    const user = await signIn('kaohe');
    const reset = await ok(admin.call(accounts.resetPassword, { params: { id: await userId('kaohe') }, body: { newPassword: STRONG_PASSWORD } }));
    expect(reset.mustChangePassword).toBe(true);
    expect((await user.call(org.listUnits)).body.error.code).toBe('SESSION_EXPIRED');
    expect((await login('kaohe')).body.error.code).toBe('LOGIN_FAILED');
    const again = await signIn('kaohe', STRONG_PASSWORD);
    expect((await again.call(org.listUnits)).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await admin.call(accounts.resetPassword, { params: { id: await userId('kaohe') }, body: { newPassword: 'kaohe12345' } });
    expect(weak.body.error.code).toBe('PASSWORD_TOO_WEAK');
  });
});

describe('三员: system roles are granted by the security administrator, to others, one each', () => {
  it('the security administrator cannot grant a system role to themself (SELF_APPROVAL)', async () => {
    const security = await signIn('security');
    const id = await userId('security');
    for (const roles of [['auditor'], ['sysadmin'], []]) {
      const r = await security.call(accounts.setSystemRoles, { params: { id }, body: { roles } });
      expect([r.status, r.body.error.code]).toEqual([403, 'SELF_APPROVAL']);
    }
    expect((await ok(security.call(auth.session))).user.systemRoles).toEqual(['secadmin']);
  });

  it('more than one role for one account is refused, and the account keeps what it had', async () => {
    const account = await newAccount(await signIn('admin'));
    const security = await signIn('security');
    const r = await security.call(accounts.setSystemRoles, { params: { id: account.id }, body: { roles: ['sysadmin', 'auditor'] } });
    expect([r.status, r.body.error.code, r.body.error.issues[0].path]).toEqual([400, 'VALIDATION_FAILED', 'body.roles']);
    const listed = (await ok(security.call(accounts.listUsers, { query: { q: account.username } }))).items;
    expect(listed.map((u: { systemRoles: string[] }) => u.systemRoles)).toEqual([[]]);
  });

  it('granting a role replaces the one held, and the account gains exactly that role’s powers', async () => {
    const account = await newAccount(await signIn('admin'));
    const security = await signIn('security');
    const grant = async (roles: string[]) => (await ok(security.call(accounts.setSystemRoles, { params: { id: account.id }, body: { roles } }))).systemRoles;
    expect(await grant(['auditor'])).toEqual(['auditor']);
    expect(await grant(['sysadmin'])).toEqual(['sysadmin']);
    const denied = await (await signIn('admin')).call(accounts.setSystemRoles, { params: { id: account.id }, body: { roles: ['auditor'] } });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const c = await signIn(account.username, STRONG_PASSWORD);
    await ok(c.call(auth.changePassword, { body: { currentPassword: STRONG_PASSWORD, newPassword: 'Guanliyuan#2013' } }));
    const me = (await ok(c.call(auth.session))).user;
    expect(me.systemRoles).toEqual(['sysadmin']);
    expect(me.abilities).toContain('user.manage');
    expect(me.abilities).not.toContain('audit.read');
    expect((await c.call(accounts.listAudit)).status).toBe(403);
    expect((await c.call(accounts.listUsers)).status).toBe(200);
  });
});

describe('lock-out and time-outs', () => {
  it('five failed sign-ins lock the account for 15 minutes: refused at 14:59 even with the right password, open at 15:00', async () => {
    for (let i = 1; i <= 4; i++) expect((await login('caizheng', `Wrong#Pass${i}x`)).body.error.code).toBe('LOGIN_FAILED');
    const fifth = await login('caizheng', 'Wrong#Pass5x');
    expect([fifth.status, fifth.body.error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    const lockedAt = t.clock.now().getTime();
    expect((await login('caizheng')).body.error.code).toBe('ACCOUNT_LOCKED');
    const security = await signIn('security');
    const row = (await ok(security.call(accounts.listUsers, { query: { q: 'caizheng' } }))).items[0];
    expect(row.lockedUntil).toBe(new Date(lockedAt + 15 * MINUTE).toISOString());
    t.clock.advance(15 * MINUTE - 1000);
    expect((await login('caizheng')).body.error.code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(1000);
    expect((await login('caizheng')).status).toBe(200);
  });

  it('the security administrator unlocks a locked account before its time is up', async () => {
    for (let i = 1; i <= 5; i++) await login('jianchaju', `Wrong#Pass${i}x`);
    expect((await login('jianchaju')).body.error.code).toBe('ACCOUNT_LOCKED');
    const security = await signIn('security');
    const unlocked = await ok(security.call(accounts.unlockUser, { params: { id: await userId('jianchaju') } }));
    expect(unlocked.lockedUntil).toBeNull();
    expect((await login('jianchaju')).status).toBe(200);
  });

  it('a session idle for more than 30 minutes expires (SESSION_EXPIRED); activity keeps it alive', async () => {
    const c = await signIn('qianyou');
    t.clock.advance(29 * MINUTE);
    expect((await c.call(org.listUnits)).status).toBe(200);
    t.clock.advance(30 * MINUTE);
    expect((await c.call(org.listUnits)).status).toBe(200);
    t.clock.advance(30 * MINUTE + 1000);
    const r = await c.call(org.listUnits);
    expect([r.status, r.body.error.code, r.body.error.message]).toEqual([401, 'SESSION_EXPIRED', '登录已过期,请重新登录']);
    expect((await c.call(auth.session)).body.error.code).toBe('SESSION_EXPIRED');
  });

  it('even a busy session ends 12 hours after sign-in', async () => {
    const c = await signIn('qianyou.cb');
    for (let minutes = 29; minutes <= 12 * 60; minutes += 29) {
      t.clock.advance(29 * MINUTE);
      expect((await c.call(org.listUnits)).status, `after ${minutes} minutes`).toBe(200);
    }
    t.clock.advance(29 * MINUTE);
    expect((await c.call(org.listUnits)).body.error.code).toBe('SESSION_EXPIRED');
  });
});

describe('the security policy', () => {
  it('the security administrator tightens the password rules and they apply at once; nonsense values are refused', async () => {
    const security = await signIn('security');
    const admin = await signIn('admin');
    const bad = await security.call(accounts.updateSecurityPolicy, { body: { ...defaultPasswordPolicy, minLength: 4 } });
    expect([bad.status, bad.body.error.issues[0].path]).toEqual([400, 'body.minLength']);
    await ok(security.call(accounts.updateSecurityPolicy, { body: { ...defaultPasswordPolicy, minLength: 12 } }));
    expect((await ok(security.call(accounts.getSecurityPolicy))).minLength).toBe(12);
    const account = await newAccount(admin);
    const r = await admin.call(accounts.resetPassword, { params: { id: account.id }, body: { newPassword: 'Abcdef#123x' } });
    expect(r.body.error.issues).toEqual([{ path: 'newPassword', message: '长度至少 12 位' }]);
    await ok(security.call(accounts.updateSecurityPolicy, { body: { ...defaultPasswordPolicy } }));
    await ok(admin.call(accounts.resetPassword, { params: { id: account.id }, body: { newPassword: 'Abcdef#123x' } }));
  });
});
