import type { Kysely } from 'kysely';
import type { Actor, PasswordPolicy } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { SECURITY_POLICY_KEY, readSecurityPolicy, writeSetting } from '../../platform/settings.ts';

export async function getSecurityPolicy(db: Kysely<DB>, actor: Actor) {
  requireCan(actor, 'security.readPolicy');
  return readSecurityPolicy(db);
}

export async function updateSecurityPolicy(tx: Tx, input: PasswordPolicy) {
  requireCan(tx.actor, 'security.managePolicy');
  const before = await readSecurityPolicy(tx.db);
  await writeSetting(tx.db, SECURITY_POLICY_KEY, input, tx.nowIso);
  await tx.audit({ action: 'security.update_policy', entityType: 'settings', entityId: SECURITY_POLICY_KEY, before, after: input });
  return input;
}
