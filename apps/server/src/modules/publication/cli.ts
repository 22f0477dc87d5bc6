/** `luoshi apikey create NAME` / `luoshi apikey revoke NAME` / `luoshi apikey list`: Open311 client-app keys from the command line. */
import { LuoshiError } from '@luoshi/domain';
import { runTx, type Services } from '../../platform/context.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';

export const APIKEY_HELP = `luoshi apikey create NAME | revoke NAME | list
  签发、吊销或列出 Open311 客户端密钥。密钥只在签发时显示一次,只保存其 SM3 摘要。
  Issues, revokes or lists keys of Open311 client apps. A key is shown once; only its SM3 hash is kept.`;

export class ApikeyUsageError extends Error {}

const SYSTEM = { userId: null, name: '命令行 luoshi apikey', ip: null };

export async function apikeyCommand(argv: string[], services: Services, out: (s: string) => void): Promise<number> {
  const [verb, name, ...extra] = argv;
  if (verb === 'list' && !name) {
    for (const k of (await listApiKeys(services.db.kysely)).items) out(`${k.name.padEnd(24)} ${k.prefix}…  ${k.createdAt}  ${k.revokedAt ? `吊销 revoked ${k.revokedAt}` : '有效 active'}`);
    return 0;
  }
  if ((verb !== 'create' && verb !== 'revoke') || !name || extra.length || !/^[A-Za-z0-9_.-]{2,60}$/.test(name)) {
    throw new ApikeyUsageError(`用法 usage: luoshi apikey create NAME | revoke NAME | list  (NAME: 2–60 letters, digits, _ . -)`);
  }
  try {
    if (verb === 'create') {
      const k = await runTx(services, { actor: null, ip: null, auditAs: SYSTEM }, (tx) => createApiKey(tx, name, { system: true }));
      out(`已签发 Issued key for ${k.name}(只显示这一次 shown only once):`);
      out(k.key);
      return 0;
    }
    const k = await runTx(services, { actor: null, ip: null, auditAs: SYSTEM }, (tx) => revokeApiKey(tx, { name }, { system: true }));
    out(`已吊销 Revoked ${k.name} at ${k.revokedAt}`);
    return 0;
  } catch (e) {
    if (e instanceof LuoshiError && (e.code === 'DUPLICATE' || e.code === 'NOT_FOUND')) {
      process.stderr.write(`${e.code === 'DUPLICATE' ? `名称已存在 a key named ${name} exists` : `没有名为 ${name} 的密钥 no key named ${name}`}\n`);
      return 1;
    }
    throw e;
  }
}
