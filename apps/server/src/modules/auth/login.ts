/**
 * Sign-in: the same answer and about the same time whether the username exists or not; lock-out
 * after the policy's number of failures; every attempt is audited.
 */
import { LuoshiError } from '@luoshi/domain';
import type { Services } from '../../platform/context.ts';
import { runTx } from '../../platform/context.ts';
import { dummyHash, verifyPassword } from '../../platform/auth/passwords.ts';
import { createSession } from '../../platform/auth/sessions.ts';
import { readSecurityPolicy } from '../../platform/settings.ts';

export async function login(
  services: Services,
  input: { username: string; password: string },
  meta: { ip: string; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; userId: string }> {
  const db = services.db.kysely;
  const policy = await readSecurityPolicy(db);
  const username = input.username.trim();
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash()));
  const now = services.clock.now();
  const auditAs = { userId: user?.id ?? null, name: username.slice(0, 64), ip: meta.ip };

  if (!user) {
    await runTx(services, { actor: null, ip: meta.ip, auditAs }, (tx) =>
      tx.audit({ action: 'auth.login_failed', entityType: 'user', entityId: null, after: { username: username.slice(0, 64), reason: 'unknown' } }),
    );
    throw new LuoshiError('LOGIN_FAILED');
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    await runTx(services, { actor: null, ip: meta.ip, auditAs }, (tx) =>
      tx.audit({ action: 'auth.login_refused', entityType: 'user', entityId: user.id, after: { reason: 'locked' } }),
    );
    throw new LuoshiError('ACCOUNT_LOCKED', { detail: { lockedUntil: user.locked_until } });
  }
  if (!passwordOk) {
    const failed = user.failed_logins + 1;
    const lock = failed >= policy.maxFailedLogins;
    const lockedUntil = lock ? new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString() : null;
    await runTx(services, { actor: null, ip: meta.ip, auditAs }, async (tx) => {
      await tx.db
        .updateTable('users')
        .set({ failed_logins: lock ? 0 : failed, locked_until: lockedUntil ?? user.locked_until })
        .where('id', '=', user.id)
        .execute();
      await tx.audit({
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { failedLogins: failed, lockedUntil },
      });
    });
    throw new LuoshiError(lock ? 'ACCOUNT_LOCKED' : 'LOGIN_FAILED');
  }
  if (user.disabled) {
    await runTx(services, { actor: null, ip: meta.ip, auditAs }, (tx) =>
      tx.audit({ action: 'auth.login_refused', entityType: 'user', entityId: user.id, after: { reason: 'disabled' } }),
    );
    throw new LuoshiError('ACCOUNT_DISABLED');
  }
  return runTx(services, { actor: null, ip: meta.ip, auditAs }, async (tx) => {
    await tx.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: tx.nowIso })
      .where('id', '=', user.id)
      .execute();
    const s = await createSession(tx.db, user.id, tx.now, policy.absoluteTimeoutHours, meta.ip, meta.userAgent);
    await tx.audit({ action: 'auth.login', entityType: 'user', entityId: user.id });
    return { token: s.token, csrfToken: s.csrfToken, userId: user.id };
  });
}
