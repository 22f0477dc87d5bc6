/**
 * People and accounts a page at a time: a cursor walks every person (by name, equal names by id)
 * and every account (by username) exactly once; `total` is the true count of those matching the
 * unit, words, account and active filters; a unit's handler lists every person but never reads
 * another unit's contact details on any page; only the administrators list accounts; a damaged
 * cursor is refused with the bilingual validation error; the pages come from an index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, org } from '@luoshi/contracts';
import type { PeopleTable, UsersTable } from '../../apps/server/src/platform/db/schema.ts';
import { cursorOf } from '../../apps/server/src/platform/cursor.ts';
import { peoplePage, peopleMatching } from '../../apps/server/src/modules/org/read-org.ts';
import { freshIp, startApp, unitId, type TestApp } from '../support/harness.ts';
import { damaged, expectCursorRefused, expectOnceEach, someCursor, walk } from '../support/paging.ts';
import { planOf } from '../support/plan.ts';

type Person = { id: string; name: string; unitId: string | null; phone: string | null; email: string | null; active: boolean; hasAccount: boolean };
type Account = { id: string; username: string; displayName: string };

let t: TestApp;
let jiaotong: string;
let qianyou: string;
const db = () => t.services.db.kysely;
const as = (u: string) => t.as(u, undefined, freshIp());
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const byKey = <T extends { id: string }>(key: (r: T) => string) => (a: T, b: T) => (key(a) !== key(b) ? (key(a) < key(b) ? -1 : 1) : a.id < b.id ? -1 : 1);

beforeAll(async () => {
  t = await startApp();
  jiaotong = await unitId(t, '交通局');
  qianyou = await unitId(t, '乾佑镇');
  const at = '2013-04-20T00:00:00.000Z';
  const people: PeopleTable[] = [];
  const users: UsersTable[] = [];
  const surnames = ['王', '李', '张', '刘', '陈'];
  for (let i = 0; i < 160; i++) {
    // names repeat: equal names are ordered by id
    const name = `${surnames[i % 5]}测试${Math.floor(i / 10)}`;
    const id = `per${String((i * 37) % 160).padStart(3, '0')}x${i}`;
    people.push({ id, name, gender: 'unspecified', title: i % 3 ? '科员' : null, unit_id: i % 4 === 0 ? null : i % 4 === 1 ? jiaotong : qianyou, phone: `1390000${String(i).padStart(4, '0')}`, email: null, active: i % 9 === 0 ? 0 : 1, created_at: at, updated_at: at });
    if (i % 2 === 0) users.push({ id: `usr${i}`, username: `pg.user${String((i * 53) % 160).padStart(3, '0')}`, person_id: id, password_hash: 'x', must_change_password: 0, disabled: 0, failed_logins: 0, locked_until: null, system_role: null, last_login_at: null, password_changed_at: null, created_at: at });
  }
  for (let i = 0; i < people.length; i += 50) await db().insertInto('people').values(people.slice(i, i + 50)).execute();
  for (let i = 0; i < users.length; i += 50) await db().insertInto('users').values(users.slice(i, i + 50)).execute();
});
afterAll(async () => t?.close());

/** Every person as the database holds them, with whether they have an account, in the list's order. */
async function peopleInOrder() {
  const rows = await db().selectFrom('people').leftJoin('users', 'users.person_id', 'people.id').select(['people.id', 'people.name', 'people.unit_id', 'people.active', 'users.id as user_id']).execute();
  return rows.sort(byKey((r) => r.name));
}

describe('people', () => {
  it('every person once, by name and equal names by id, with the true total on every page', async () => {
    const office = await as('duchashi');
    const expected = await peopleInOrder();
    expect(expected.length).toBeGreaterThan(300);
    for (const limit of [11, 100, 500]) {
      const w = await walk<Person>(office, org.listPeople, { limit });
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    }
  });

  const filters: [string, Record<string, string>, (p: Awaited<ReturnType<typeof peopleInOrder>>[number]) => boolean][] = [
    ['a unit', { unitId: '$jiaotong' }, (p) => p.unit_id === jiaotong],
    ['words of the name', { q: '测试1' }, (p) => p.name.includes('测试1')],
    ['a unit and words', { unitId: '$qianyou', q: '王测试' }, (p) => p.unit_id === qianyou && p.name.includes('王测试')],
    ['in post without an account', { account: 'false', active: 'true' }, (p) => p.user_id === null && p.active === 1],
    ['with an account, of a unit', { account: 'true', unitId: '$qianyou' }, (p) => p.user_id !== null && p.unit_id === qianyou],
    ['no longer in post', { active: 'false' }, (p) => p.active === 0],
  ];
  for (const [name, query, keep] of filters) {
    it(`filters combine with the paging: ${name}`, async () => {
      const office = await as('duchashi');
      const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === '$jiaotong' ? jiaotong : v === '$qianyou' ? qianyou : v]));
      const expected = (await peopleInOrder()).filter(keep);
      expect(expected.length).toBeGreaterThan(5);
      const w = await walk<Person>(office, org.listPeople, { limit: 5, query: q });
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
      if (query.account) expect(w.items.every((p) => p.hasAccount === (query.account === 'true'))).toBe(true);
    });
  }

  it("a unit's handler lists every person, but never another unit's phone or e-mail, on any page", async () => {
    const handler = await as('jiaotong.cb');
    const expected = await peopleInOrder();
    const w = await walk<Person>(handler, org.listPeople, { limit: 40 });
    expectOnceEach(ids(w.items), ids(expected));
    expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    const me = (await db().selectFrom('users').select('person_id').where('username', '=', 'jiaotong.cb').executeTakeFirstOrThrow()).person_id;
    const foreign = w.items.filter((p) => p.unitId !== jiaotong && p.id !== me);
    expect(foreign.length).toBeGreaterThan(100);
    expect(foreign.every((p) => p.phone === null && p.email === null)).toBe(true);
  });

  it('a damaged cursor is refused with 400 VALIDATION_FAILED in Chinese, or in English when asked', async () => {
    const office = await as('duchashi');
    const good = await someCursor(office, org.listPeople);
    for (const bad of damaged(good, cursorOf('users', ['王测试1', 'x']))) await expectCursorRefused(office, org.listPeople, {}, bad);
  });

  it("everyone's and a unit's people page from an index in order, with no sort", async () => {
    const key = ['王', 'x'];
    for (const [q, index] of [
      [{}, 'people_name_idx'],
      [{ unitId: jiaotong }, 'people_unit_name_idx'],
    ] as const) {
      const plan = await planOf(t, peoplePage(peopleMatching(db(), q), key, 50));
      expect(plan, plan).toContain(index);
      expect(plan).not.toMatch(/TEMP B-TREE|Sort/);
    }
  });
});

describe('accounts', () => {
  it('every account once, by username, with the true total; words of the username or the name combine with the paging', async () => {
    const sysadmin = await as('admin');
    const all = (await db().selectFrom('users').leftJoin('people', 'people.id', 'users.person_id').select(['users.id', 'users.username', 'people.name']).execute()).sort(byKey((u) => u.username));
    expect(all.length).toBeGreaterThan(90);
    for (const limit of [7, 500]) {
      const w = await walk<Account>(sysadmin, admin.listUsers, { limit });
      expectOnceEach(ids(w.items), ids(all));
      expect(new Set(w.totals)).toEqual(new Set([all.length]));
    }
    for (const q of ['pg.user1', '李测试', 'qianyou']) {
      const expected = all.filter((u) => u.username.toLowerCase().includes(q.toLowerCase()) || (u.name ?? '').includes(q));
      expect(expected.length).toBeGreaterThan(2);
      const w = await walk<Account>(sysadmin, admin.listUsers, { limit: 3, query: { q } });
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    }
  });

  it("a unit's staff may not list accounts, on the first page or any other", async () => {
    const cursor = await someCursor(await as('admin'), admin.listUsers);
    const handler = await as('jiaotong.cb');
    expect((await handler.call(admin.listUsers)).status).toBe(403);
    expect((await handler.call(admin.listUsers, { query: { cursor } })).status).toBe(403);
  });

  it('a damaged cursor is refused with 400 VALIDATION_FAILED in Chinese, or in English when asked', async () => {
    const sysadmin = await as('admin');
    const good = await someCursor(sysadmin, admin.listUsers);
    for (const bad of damaged(good, cursorOf('people', ['pg.user001', 'x']))) await expectCursorRefused(sysadmin, admin.listUsers, {}, bad);
  });
});
