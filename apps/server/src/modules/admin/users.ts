/**
 * Accounts (三员 separation): the system administrator creates, disables and resets accounts; the
 * security administrator grants the system roles and unlocks. One person holds at most one of
 * the three roles, and nobody grants a system role to themself.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, checkPassword, type Actor, type SystemRole } from '@luoshi/domain';
import type { admin, UserAccountT, BodyT, QueryT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { readSecurityPolicy } from '../../platform/settings.ts';
import { beyond, countOf, pageOf, readCursor } from '../../platform/cursor.ts';
import { containsText } from '../../platform/db/like.ts';

type Q = Kysely<DB> | Tx['db'];

function baseQuery(db: Q) {
  return db
    .selectFrom('users')
    .leftJoin('people', 'people.id', 'users.person_id')
    .leftJoin('units', 'units.id', 'people.unit_id')
    .select([
      'users.id',
      'users.username',
      'users.person_id',
      'people.name as person_name',
      'units.name as unit_name',
      'users.system_role',
      'users.disabled',
      'users.locked_until',
      'users.must_change_password',
      'users.last_login_at',
      'users.created_at',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function present(r: Row, now: Date): UserAccountT {
  return {
    id: r.id,
    username: r.username,
    personId: r.person_id,
    displayName: r.person_name ?? r.username,
    unitName: r.unit_name,
    systemRoles: r.system_role ? [r.system_role as SystemRole] : [],
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until && r.locked_until > now.toISOString() ? r.locked_until : null,
    mustChangePassword: r.must_change_password === 1,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
  };
}

async function load(db: Q, id: string, now: Date) {
  const r = await baseQuery(db).where('users.id', '=', id).executeTakeFirst();
  if (!r) throw new LuoshiError('NOT_FOUND');
  return present(r, now);
}

const USER_LIST = 'users';

/** The accounts whose username or person's name contains `q`, as a query to count or to page. */
export function usersMatching(db: Q, q: { q?: string | undefined }) {
  let query = baseQuery(db);
  const text = q.q;
  if (text) query = query.where((eb) => eb.or([containsText('users.username', text), containsText('people.name', text)]));
  return query;
}

/** A page of the accounts by username (then id), with the true count of those matching. */
export async function listUsers(db: Kysely<DB>, actor: Actor, now: Date, q: QueryT<typeof admin.listUsers>) {
  requireCan(actor, 'user.read');
  const after = q.cursor ? readCursor(USER_LIST, q.cursor, ['string', 'string']) : null;
  const matching = usersMatching(db, q);
  const counted = await matching.clearSelect().select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const rows = await (after ? matching.where(beyond(['users.username', 'users.id'], 'asc', after)) : matching)
    .orderBy('users.username')
    .orderBy('users.id')
    .limit(q.limit + 1)
    .execute();
  const page = pageOf(USER_LIST, rows, q.limit, (r) => [r.username, r.id]);
  return { items: page.rows.map((r) => present(r, now)), nextCursor: page.nextCursor, total: countOf(counted) };
}

async function checkStrength(db: Q, password: string, username: string, path: string) {
  const policy = await readSecurityPolicy(db as Kysely<DB>);
  const problems = checkPassword(password, policy, username);
  if (problems.length) throw new LuoshiError('PASSWORD_TOO_WEAK', { issues: problems.map((p) => ({ path, ...p })) });
}

export async function createUser(tx: Tx, input: BodyT<typeof admin.createUser>) {
  requireCan(tx.actor, 'user.manage');
  const person = await tx.db.selectFrom('people').select(['id', 'active']).where('id', '=', input.personId).executeTakeFirst();
  if (!person) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'personId', zh: '人员不存在', en: 'no such person' }] });
  const taken = await tx.db
    .selectFrom('users')
    .select(['username', 'person_id'])
    .where((eb) => eb.or([eb('username', '=', input.username), eb('person_id', '=', input.personId)]))
    .execute();
  if (taken.some((t) => t.username === input.username)) {
    throw new LuoshiError('DUPLICATE', { issues: [{ path: 'username', zh: '用户名已被使用', en: 'the username is taken' }] });
  }
  if (taken.length) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'personId', zh: '该人员已有账号', en: 'the person already has an account' }] });
  await checkStrength(tx.db, input.initialPassword, input.username, 'initialPassword');
  const id = newId(tx.now.getTime());
  await tx.db
    .insertInto('users')
    .values({
      id,
      username: input.username,
      person_id: input.personId,
      password_hash: await hashPassword(input.initialPassword),
      must_change_password: 1,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      system_role: null,
      last_login_at: null,
      password_changed_at: null,
      created_at: tx.nowIso,
    })
    .execute();
  const user = await load(tx.db, id, tx.now);
  await tx.audit({ action: 'user.create', entityType: 'user', entityId: id, after: user });
  return user;
}

export async function setDisabled(tx: Tx, id: string, disabled: boolean) {
  const actor = requireCan(tx.actor, 'user.manage');
  if (actor.userId === id && disabled) throw new LuoshiError('INVALID_STATE', { message: 'cannot disable yourself' });
  const before = await load(tx.db, id, tx.now);
  await tx.db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).execute();
  if (disabled) await tx.db.deleteFrom('sessions').where('user_id', '=', id).execute();
  const after = await load(tx.db, id, tx.now);
  await tx.audit({ action: disabled ? 'user.disable' : 'user.enable', entityType: 'user', entityId: id, before, after });
  return after;
}

/** Sets a new initial password; the user must change it at next sign-in, and is signed out. */
export async function resetPassword(tx: Tx, id: string, newPassword: string) {
  requireCan(tx.actor, 'user.manage');
  const before = await load(tx.db, id, tx.now);
  await checkStrength(tx.db, newPassword, before.username, 'newPassword');
  await tx.db
    .updateTable('users')
    .set({ password_hash: await hashPassword(newPassword), must_change_password: 1, failed_logins: 0 })
    .where('id', '=', id)
    .execute();
  await tx.db.deleteFrom('sessions').where('user_id', '=', id).execute();
  const after = await load(tx.db, id, tx.now);
  await tx.audit({ action: 'user.reset_password', entityType: 'user', entityId: id, before, after });
  return after;
}

export async function unlockUser(tx: Tx, id: string) {
  requireCan(tx.actor, 'user.unlock');
  const before = await load(tx.db, id, tx.now);
  await tx.db.updateTable('users').set({ locked_until: null, failed_logins: 0 }).where('id', '=', id).execute();
  const after = await load(tx.db, id, tx.now);
  await tx.audit({ action: 'user.unlock', entityType: 'user', entityId: id, before, after });
  return after;
}

export async function setSystemRoles(tx: Tx, id: string, roles: SystemRole[]) {
  const actor = requireCan(tx.actor, 'user.grantSystemRole');
  if (actor.userId === id) throw new LuoshiError('SELF_APPROVAL');
  if (roles.length > 1) throw new LuoshiError('SEPARATION_OF_DUTIES');
  const before = await load(tx.db, id, tx.now);
  const role = roles[0] ?? null;
  if (role === 'secadmin' || before.systemRoles.includes('secadmin')) {
    // never leave the system without a security administrator
    const others = await tx.db.selectFrom('users').select('id').where('system_role', '=', 'secadmin').where('id', '!=', id).where('disabled', '=', 0).execute();
    if (role !== 'secadmin' && others.length === 0) {
      throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'roles', zh: '系统中至少保留一名安全管理员', en: 'at least one security administrator must remain' }] });
    }
  }
  await tx.db.updateTable('users').set({ system_role: role }).where('id', '=', id).execute();
  const after = await load(tx.db, id, tx.now);
  await tx.audit({ action: 'user.set_system_role', entityType: 'user', entityId: id, before, after });
  return after;
}
