/**
 * The Luoshi command line: serve | migrate | demo | backup FILE | restore FILE | audit verify.
 * `luoshi <command> --help` explains each. Bad arguments exit with status 2.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { readConfig } from './platform/config.ts';
import { openDb } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { verifyAuditChain } from './platform/audit.ts';
import { backup, restore } from './platform/backup.ts';
import { purgeExpiredSessions } from './platform/auth/sessions.ts';
import { writeSetting } from './platform/settings.ts';
import { openServices } from './services.ts';
import { buildApp } from './app.ts';
import { DEMO_PASSWORD, isEmpty, seedDemo } from './demo/zhashui.ts';
import { seedDemoPublic } from './demo/public.ts';
import { runScheduledSweep, runSweep } from './modules/sweep/sweep.ts';
import { msUntilDaily, sweepSchedule } from './modules/sweep/schedule.ts';
import { startOutboxWorker } from './platform/delivery/outbox.ts';
import { DELIVERIES_HELP, DeliveriesUsageError, deliveriesCommand } from './platform/delivery/cli.ts';
import { secretsFor } from './platform/delivery/secrets.ts';
import { IdleGc } from './platform/idle-gc.ts';
import { TASKS_HELP, tasksCommand } from './modules/tasks/excel/cli.ts';
import { APIKEY_HELP, ApikeyUsageError, apikeyCommand } from './modules/publication/cli.ts';

const HELP: Record<string, string> = {
  main: `落实 Luoshi — 政府工作落实平台 / government work-execution platform

用法 Usage: luoshi <command> [options]

命令 Commands:
  serve            启动服务 Run the web server (migrates; seeds the demo county into an empty database)
  migrate          执行数据库迁移 Apply database migrations
  demo             向空数据库写入演示县 Seed the demo county into an empty database
  backup FILE      在线备份 Consistent online backup to FILE
  restore FILE     从备份恢复(须先停止服务) Restore FILE (stop the server first)
  sweep [--now]    巡查滞后、提醒与督办建议 Find lateness, remind, propose escalations
  tasks import FILE --campaign ID [--dry-run]
                   导入任务分解表 Import a task breakdown sheet (.xlsx), all rows or none
  tasks export FILE --campaign ID
                   导出任务分解表 Export a campaign's task breakdown sheet
  deliveries [--retry]
                   邮件和 Webhook 投递队列 List failed and pending deliveries; requeue failed ones
  apikey create NAME | revoke NAME | list
                   Open311 客户端密钥 Keys of Open311 client apps (shown once)
  audit verify     校验审计日志哈希链 Verify the audit log's hash chain

环境变量 Environment: PORT, HOST, LUOSHI_DATA_DIR, DATABASE_URL, LUOSHI_NOW, LUOSHI_TRUST_PROXY,
  LUOSHI_SECRET_KEY, LUOSHI_PUBLIC_URL, LUOSHI_OUTBOX_SECONDS
每个命令都支持 --help. Every command takes --help.`,
  serve: `luoshi serve [--port N] [--host ADDR] [--no-demo]
  启动 Luoshi 网络服务。首次启动且数据库为空时写入演示县(--no-demo 或 LUOSHI_DEMO=false 关闭)。
  Runs the server. On an empty database it seeds the demo county unless --no-demo.`,
  migrate: `luoshi migrate
  执行所有未执行的数据库迁移。Applies all pending migrations (forward only).`,
  demo: `luoshi demo
  向空数据库写入演示县(柞水县)。数据库非空时拒绝执行。
  Seeds the demo county into an empty database; refuses a database that has data.`,
  backup: `luoshi backup FILE
  在线备份到一个 tar 文件:数据库(SQLite 使用备份接口,PostgreSQL 使用 pg_dump 自定义格式)和全部证据文件。服务运行时可执行。
  Online backup into one tar archive: the database (SQLite's backup API, or pg_dump in custom
  format for PostgreSQL) and every evidence file. Safe while serving.`,
  restore: `luoshi restore FILE
  从备份文件恢复到当前配置的数据库和数据目录(含证据文件),并校验审计链。请先停止服务。
  设置了 DATABASE_URL 时,SQLite 的备份会整体复制到(空的)PostgreSQL 数据库:从 SQLite 迁到 PostgreSQL。
  Restores FILE into the configured database and data directory (with the evidence files), then
  verifies the audit chain. Stop the server first. Also takes the bare database files of older releases.
  With DATABASE_URL set, a SQLite backup is copied into the (empty) PostgreSQL database, in one
  transaction: the move from SQLite to PostgreSQL.`,
  sweep: `luoshi sweep [--now ISO]
  巡查一次:记录状态灯变化、发送到期提醒、生成督办等建议(不会自动签发或审批)。可重复执行,不会重复生成。
  --now 按指定时刻评估(用于回放)。
  Runs the sweep once: records light changes, sends due reminders, proposes escalations (never
  issues or approves by itself). Safe to repeat. --now evaluates as of that instant.`,
  tasks: TASKS_HELP,
  apikey: APIKEY_HELP,
  deliveries: DELIVERIES_HELP,
  audit: `luoshi audit verify
  校验审计日志哈希链,报告第一个断裂处;链断裂时退出码为 1。
  Verifies the audit hash chain; reports the first broken link and exits 1 when broken.`,
};

class UsageError extends Error {}

function out(s: string) {
  process.stdout.write(`${s}\n`);
}

async function printDemoLogins(services: Awaited<ReturnType<typeof openServices>>) {
  const row = await services.db.kysely.selectFrom('settings').select('value').where('key', '=', 'demo.logins').executeTakeFirst();
  if (!row) return;
  const logins = JSON.parse(row.value) as { username: string; name: string; role: string }[];
  out(`\n演示账号 Demo logins (密码 password: ${DEMO_PASSWORD})`);
  for (const l of logins) out(`  ${l.username.padEnd(14)} ${l.name}  ${l.role}`);
}

async function seed(services: Awaited<ReturnType<typeof openServices>>) {
  const result = await seedDemo(services);
  const pub = await seedDemoPublic(services);
  await writeSetting(services.db.kysely, 'demo.logins', result.logins, services.clock.now().toISOString());
  out(`已写入演示县:${result.units} 个单位,${result.people} 名人员,${pub.cases} 件群众诉求(公开 ${pub.published} 件)。Demo county seeded: ${result.units} units, ${result.people} people, ${pub.cases} citizens' cases (${pub.published} published).`);
}

async function serve(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean' } },
    strict: true,
  });
  const config = readConfig();
  if (values.port !== undefined) {
    const p = Number(values.port);
    if (!Number.isInteger(p) || p < 0 || p > 65535) throw new UsageError(`--port 不是有效端口 not a port: ${values.port}`);
    config.port = p;
  }
  if (values.host) config.host = values.host;
  if (values['no-demo']) config.demoOnEmpty = false;
  const services = await openServices({ config });
  secretsFor(config); // the key for stored secrets: a malformed LUOSHI_SECRET_KEY stops here; else the key file is made now
  if (config.demoOnEmpty && (await isEmpty(services))) await seed(services);
  const app = await buildApp(services, { logger: true });
  const schedule = sweepSchedule(process.env); // refused before the port is taken
  // memory handed back once requests stop for a moment (platform/idle-gc.ts)
  const idle = process.env.LUOSHI_IDLE_GC === 'false' ? null : new IdleGc();
  if (idle)
    app.addHook('onRequest', (_req, _reply, done) => {
      idle.touch();
      done();
    });
  const idleTimer = idle ? setInterval(() => idle.tick(), 500) : null;
  idleTimer?.unref();
  const address = await app.listen({ port: config.port, host: config.host });
  const timer = setInterval(() => {
    purgeExpiredSessions(services.db.kysely, services.clock.now()).catch((e: unknown) => app.log.warn({ err: e }, 'session purge failed'));
  }, 3_600_000);
  timer.unref();
  // the sweep: soon after start, then daily at LUOSHI_SWEEP_AT (or every LUOSHI_SWEEP_MINUTES; 0 leaves
  // it to `luoshi sweep`); of several instances sharing the database one runs it each time, the others skip
  const instance = `${os.hostname()}:${process.pid}`;
  const sweep = async () => {
    if (schedule.kind === 'off') return;
    try {
      const r = await runScheduledSweep(services, schedule.claimMinutes, instance);
      if (r) app.log.info({ sweep: r, instance }, 'sweep done');
      else app.log.info({ instance }, 'sweep skipped: another instance ran it');
    } catch (e: unknown) {
      app.log.error({ err: e }, 'sweep failed');
    }
  };
  let sweepTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const plan = (ms: number) => {
    if (stopped) return;
    sweepTimer = setTimeout(() => void sweep().finally(next), ms);
    sweepTimer.unref();
  };
  const next = () => {
    if (schedule.kind === 'daily') plan(msUntilDaily(new Date(), schedule.hour, schedule.minute));
    else if (schedule.kind === 'every') plan(schedule.minutes * 60_000);
  };
  if (schedule.kind !== 'off') plan(5_000);
  // the delivery outbox: email and webhooks every LUOSHI_OUTBOX_SECONDS (default 5)
  const outbox = startOutboxWorker(services, {
    intervalMs: Math.max(1, Number(process.env.LUOSHI_OUTBOX_SECONDS) || 5) * 1000,
    onResult: (r) => r.claimed && app.log.info({ outbox: r }, 'deliveries sent'),
    onError: (e: unknown) => app.log.error({ err: e }, 'outbox run failed'),
  });
  out(`\n落实 Luoshi 已启动 is running at ${address.replace('127.0.0.1', '127.0.0.1')}`);
  out(`数据库 Database: ${services.db.dialect} (${services.db.location})`);
  if (config.now) out(`时钟起点 Clock pinned to start at ${config.now.toISOString()}`);
  await printDemoLogins(services);
  const stop = async () => {
    clearInterval(timer);
    stopped = true;
    if (idleTimer) clearInterval(idleTimer);
    if (sweepTimer) clearTimeout(sweepTimer);
    await outbox.stop();
    await app.close();
    await services.db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP.main!);
    return command ? 0 : 2;
  }
  if (!(command in HELP) || command === 'main') throw new UsageError(`未知命令 unknown command: ${command}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    out(HELP[command]!);
    return 0;
  }
  switch (command) {
    case 'serve':
      await serve(rest);
      return -1; // keep running
    case 'migrate': {
      if (rest.length) throw new UsageError(`migrate 不接受参数 takes no arguments: ${rest.join(' ')}`);
      const config = readConfig();
      const db = openDb(config);
      const done = await migrateToLatest(db);
      out(done.length ? `已执行迁移 Applied: ${done.join(', ')}` : '数据库已是最新 The database is up to date');
      await db.close();
      return 0;
    }
    case 'demo': {
      if (rest.length) throw new UsageError(`demo 不接受参数 takes no arguments: ${rest.join(' ')}`);
      const services = await openServices();
      try {
        if (!(await isEmpty(services))) {
          process.stderr.write('数据库已有数据,未写入演示县。The database is not empty; the demo was not seeded.\n');
          return 1;
        }
        await seed(services);
        await printDemoLogins(services);
        return 0;
      } finally {
        await services.db.close();
      }
    }
    case 'backup': {
      if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new UsageError('用法 usage: luoshi backup FILE');
      const config = readConfig();
      const services = await openServices({ config, migrate: false });
      try {
        const r = await backup(services.db, config, rest[0]!);
        out(`备份完成 Backup written: ${rest[0]} (${r.bytes} bytes; 证据文件 evidence files: ${r.files})`);
        return 0;
      } finally {
        await services.db.close();
      }
    }
    case 'restore': {
      if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new UsageError('用法 usage: luoshi restore FILE');
      const config = readConfig();
      const r = await restore(config.databaseUrl ? 'postgres' : 'sqlite', config, rest[0]!, (line) => process.stderr.write(`${line}\n`));
      if (r.copied) {
        const { rows, tables, seconds } = r.copied;
        out(
          `已从 SQLite 复制到 PostgreSQL Copied from SQLite into PostgreSQL: ${rows} 行 rows, ${tables} 张表 tables, ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))} 行/秒 rows/s)`,
        );
      }
      const db = openDb(config);
      try {
        await migrateToLatest(db);
        const v = await verifyAuditChain(db.kysely);
        out(
          `恢复完成 Restored from ${rest[0]} (证据文件 evidence files: ${r.files}); 审计链 audit chain: ${v.ok ? `完整 intact (${v.entries})` : `断裂于 broken at ${v.brokenAt}`}`,
        );
        return v.ok ? 0 : 1;
      } finally {
        await db.close();
      }
    }
    case 'sweep': {
      const { values } = parseArgs({ args: rest, options: { now: { type: 'string' } }, strict: true });
      let at: Date | undefined;
      if (values.now) {
        at = new Date(values.now);
        if (Number.isNaN(at.getTime())) throw new UsageError(`--now 不是有效的时刻 not an ISO instant: ${values.now}`);
      }
      const services = await openServices();
      try {
        const r = await runSweep(services, at);
        out(`巡查完成 Sweep done: ${JSON.stringify(r)}`);
        return 0;
      } finally {
        await services.db.close();
      }
    }
    case 'tasks': {
      const lang = /^en/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '') ? 'en' : 'zh';
      return tasksCommand(rest, () => openServices(), { out, err: (m) => process.stderr.write(`${m}\n`), lang });
    }
    case 'deliveries': {
      const services = await openServices();
      try {
        return await deliveriesCommand(rest, services, out);
      } catch (e) {
        throw e instanceof DeliveriesUsageError ? new UsageError(e.message) : e;
      } finally {
        await services.db.close();
      }
    }
    case 'apikey': {
      const services = await openServices();
      try {
        return await apikeyCommand(rest, services, out);
      } catch (e) {
        throw e instanceof ApikeyUsageError ? new UsageError(e.message) : e;
      } finally {
        await services.db.close();
      }
    }
    case 'audit': {
      if (rest.length !== 1 || rest[0] !== 'verify') throw new UsageError('用法 usage: luoshi audit verify');
      const config = readConfig();
      const db = openDb(config);
      try {
        const v = await verifyAuditChain(db.kysely);
        if (v.ok) {
          out(`审计链完整 Audit chain intact: ${v.entries} entries`);
          return 0;
        }
        out(`审计链断裂 Audit chain BROKEN at entry ${v.brokenAt} (${v.reason}); ${v.entries} entries verify before it`);
        return 1;
      } finally {
        await db.close();
      }
    }
    default:
      throw new UsageError(`未知命令 unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n运行 luoshi --help 查看用法。Run luoshi --help for usage.\n`);
      process.exit(2);
    }
    process.stderr.write(`错误 Error: ${(err as Error).message ?? String(err)}\n`);
    process.exit(1);
  },
);
