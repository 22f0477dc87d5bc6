/** `luoshi deliveries [--status S] [--limit N] [--retry]`: the outbox from the command line. */
import { parseArgs } from 'node:util';
import type { Actor } from '@luoshi/domain';
import { runTx, type Services } from '../context.ts';
import { requeueFailed } from './outbox.ts';
import { readWebhooks } from './settings.ts';

export const DELIVERIES_HELP = `luoshi deliveries [--status pending|sending|sent|failed] [--limit N] [--retry]
  列出邮件和 Webhook 投递队列(默认:失败和待发送的)。--retry 把全部失败的投递重新排队(记入审计日志)。
  Lists the delivery outbox (default: failed and pending). --retry requeues every failed delivery
  for a fresh round of attempts (audited); a running server sends them within seconds.`;

const STATUSES = ['pending', 'sending', 'sent', 'failed'];

/** The command line acts as the system, recorded as such in the audit log. */
const OPERATOR: Actor = {
  userId: 'system:cli',
  username: 'cli',
  personId: null,
  displayName: '命令行',
  systemRoles: [],
  memberships: [],
  chargedUnitIds: [],
};

export class DeliveriesUsageError extends Error {}

export async function deliveriesCommand(argv: string[], services: Services, out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { status: { type: 'string' }, limit: { type: 'string' }, retry: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new DeliveriesUsageError(`deliveries 不接受参数 takes no arguments: ${positionals.join(' ')}`);
  if (values.status && !STATUSES.includes(values.status)) throw new DeliveriesUsageError(`--status 应为 must be one of ${STATUSES.join('|')}`);
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new DeliveriesUsageError(`--limit 不是 1–10000 的整数 not an integer 1–10000: ${values.limit}`);
  const db = services.db.kysely;
  if (values.retry) {
    const n = await runTx(services, { actor: OPERATOR, ip: null }, async (tx) => {
      const count = await requeueFailed(tx.db, tx.nowIso);
      if (count) await tx.audit({ action: 'delivery.retry_failed', entityType: 'delivery', entityId: null, after: { requeued: count } });
      return count;
    });
    out(`已重新排队 Requeued: ${n} 条失败的投递 failed deliveries`);
  }
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('status', 'in', values.status ? [values.status] : ['failed', 'pending'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const names = new Map((await readWebhooks(db)).map((h) => [h.id, h.name]));
  if (!rows.length) {
    out('队列中没有符合条件的投递 No deliveries match.');
    return 0;
  }
  for (const r of rows) {
    const target = r.channel === 'webhook' ? `webhook:${names.get(r.target) ?? r.target}` : r.target;
    out(
      [r.id, r.status.padEnd(7), r.channel.padEnd(7), `${r.attempts}/${r.max_attempts}`, r.next_attempt_at, target, r.subject, r.last_error ?? '']
        .join('  ')
        .trimEnd(),
    );
  }
  const counts = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  out(`合计 Totals: ${counts.map((c) => `${c.status} ${Number(c.n)}`).join(', ')}`);
  return 0;
}
