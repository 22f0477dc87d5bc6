/**
 * Keys of client apps that write to the Open311 API. A key is shown once when issued; only its
 * SM3 hash and an 8-character prefix are stored. Issued and revoked by the office (API and UI) or
 * with `luoshi apikey create NAME` / `luoshi apikey revoke NAME`.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { ApiKeysTable, DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { sm3 } from '../../platform/audit.ts';

function present(r: ApiKeysTable) {
  return { id: r.id, name: r.name, prefix: r.key_prefix, createdAt: r.created_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at };
}

export async function listApiKeys(db: Kysely<DB>) {
  return { items: (await db.selectFrom('api_keys').selectAll().orderBy('created_at').execute()).map(present) };
}

/** Issues a key; `system` is the CLI acting outside any session. */
export async function createApiKey(tx: Tx, name: string, opts: { system?: boolean } = {}) {
  const by = opts.system ? 'luoshi apikey' : requireCan(tx.actor, 'apikey.manage').displayName;
  if (await tx.db.selectFrom('api_keys').select('id').where('name', '=', name).executeTakeFirst()) {
    throw new LuoshiError('DUPLICATE', { issues: [{ path: 'name', zh: '该名称已有密钥', en: 'a key with this name exists' }] });
  }
  const key = `ls_${randomBytes(24).toString('base64url')}`;
  const row: ApiKeysTable = { id: newId(tx.now.getTime()), name, key_hash: sm3(key), key_prefix: key.slice(0, 8), created_by: by, created_at: tx.nowIso, revoked_at: null, last_used_at: null };
  await tx.db.insertInto('api_keys').values(row).execute();
  await tx.audit({ action: 'apikey.create', entityType: 'api_key', entityId: row.id, after: { ...row, key_hash: '(sm3)' } });
  return { ...present(row), key };
}

export async function revokeApiKey(tx: Tx, by: { id?: string; name?: string }, opts: { system?: boolean } = {}) {
  if (!opts.system) requireCan(tx.actor, 'apikey.manage');
  let q = tx.db.selectFrom('api_keys').selectAll();
  q = by.id ? q.where('id', '=', by.id) : q.where('name', '=', by.name ?? '');
  const before = await q.executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  if (before.revoked_at) return present(before);
  await tx.db.updateTable('api_keys').set({ revoked_at: tx.nowIso }).where('id', '=', before.id).execute();
  await tx.audit({ action: 'apikey.revoke', entityType: 'api_key', entityId: before.id, before: { name: before.name }, after: { revokedAt: tx.nowIso } });
  return present({ ...before, revoked_at: tx.nowIso });
}

/** The live key matching a presented secret, or null. */
export async function keyFor(db: Kysely<DB>, presented: string): Promise<ApiKeysTable | null> {
  if (!/^ls_[A-Za-z0-9_-]{20,64}$/.test(presented)) return null;
  const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', sm3(presented)).executeTakeFirst();
  return row && !row.revoked_at ? row : null;
}
