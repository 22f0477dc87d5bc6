import { LuoshiError, checkPassword } from '@luoshi/domain';
import { runTx, type Services } from '../../platform/context.ts';
import type { LoadedActor } from '../../platform/auth/actor.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { readSecurityPolicy } from '../../platform/settings.ts';

/** A user changes their own password; other sessions of the user are ended. */
export async function changePassword(
  services: Services,
  actor: LoadedActor,
  sessionId: string,
  ip: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const db = services.db.kysely;
  const user = await db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) throw new LuoshiError('PASSWORD_WRONG');
  if (input.newPassword === input.currentPassword) throw new LuoshiError('PASSWORD_REUSED');
  const policy = await readSecurityPolicy(db);
  const problems = checkPassword(input.newPassword, policy, user.username);
  if (problems.length) {
    throw new LuoshiError('PASSWORD_TOO_WEAK', { issues: problems.map((p) => ({ path: 'newPassword', ...p })) });
  }
  const hash = await hashPassword(input.newPassword);
  await runTx(services, { actor, ip }, async (tx) => {
    await tx.db
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: 0, password_changed_at: tx.nowIso })
      .where('id', '=', actor.userId)
      .execute();
    await tx.db.deleteFrom('sessions').where('user_id', '=', actor.userId).where('id', '!=', sessionId).execute();
    await tx.audit({ action: 'auth.password_changed', entityType: 'user', entityId: actor.userId });
  });
}
