/** Small typed settings stored as JSON rows; the security policy lives here. */
import type { Kysely } from 'kysely';
import { defaultPasswordPolicy, type PasswordPolicy } from '@luoshi/domain';
import type { DB } from './db/schema.ts';

export const SECURITY_POLICY_KEY = 'security.policy';

export async function readSecurityPolicy(db: Kysely<DB>): Promise<PasswordPolicy> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECURITY_POLICY_KEY).executeTakeFirst();
  if (!row) return defaultPasswordPolicy;
  return { ...defaultPasswordPolicy, ...(JSON.parse(row.value) as Partial<PasswordPolicy>) };
}

export async function writeSetting(db: Kysely<DB>, key: string, value: unknown, at: string): Promise<void> {
  const text = JSON.stringify(value);
  const updated = await db.updateTable('settings').set({ value: text, updated_at: at }).where('key', '=', key).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db.insertInto('settings').values({ key, value: text, updated_at: at }).execute();
  }
}
