/**
 * Reading the data versions that the database's triggers raise (migration 1300): the caches of
 * the task tree, the signed-in user and the settings ask for a counter instead of recomputing a
 * stamp. A counter is only meaningful outside a transaction (inside one, a cache must not be used:
 * it may hold state the transaction has since changed).
 */
import { expressionBuilder, sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from './schema.ts';
import { prepared } from './prepared.ts';

/** The scopes the triggers raise. */
export const scopes = {
  tasks: (campaignId: string) => `tasks:${campaignId}`,
  reports: (campaignId: string) => `reports:${campaignId}`,
  lights: (campaignId: string) => `lights:${campaignId}`,
  org: 'org',
  settings: 'settings',
  publications: 'publications',
  attachments: 'attachments',
  /** one case: its row, events and decisions (migration 1500) */
  case: (caseId: string) => `case:${caseId}`,
  caseCategories: 'case_categories',
} as const;

/** Scopes kept per campaign (their prefixes), and those that are one for the whole database. */
const PER_CAMPAIGN = [scopes.tasks(''), scopes.reports(''), scopes.lights('')];
const GLOBAL = Object.values(scopes).filter((x) => typeof x === 'string') as string[];

const campaignIds = prepared((db) => db.selectFrom('campaigns').select('id'));
/** The version query for n scopes, compiled once per n (the portal key: one per number of campaigns). */
const versionsOfCount = new Map<number, ReturnType<typeof versionsQuery>>();
const versionsQuery = (n: number) => prepared((db) => db.selectFrom('data_versions').select(['scope', 'version']).where('scope', 'in', Array.from({ length: n }, () => '?')));

/**
 * The versions of every campaign's scopes and of every global scope, joined into one key: for
 * answers that read across campaigns (the portal's task list). The per-case scopes (one per case,
 * thousands in a county) are neither read nor part of the key: the campaigns' scopes are named from
 * the campaigns table, so the query looks up its rows by key instead of walking every counter.
 */
export async function allVersionsKey(db: Kysely<DB>): Promise<string> {
  const ids = (await campaignIds(db, [])).map((r) => r.id);
  const wanted = [...GLOBAL, ...ids.flatMap((id) => PER_CAMPAIGN.map((prefix) => prefix + id))].sort();
  let query = versionsOfCount.get(wanted.length);
  if (!query) versionsOfCount.set(wanted.length, (query = versionsQuery(wanted.length)));
  const found = new Map((await query(db, wanted)).map((r) => [r.scope, String(r.version)]));
  return wanted.map((scope) => `${scope}=${found.get(scope) ?? '0'}`).join(';');
}

const versionsOfN = Array.from({ length: 9 }, (_, n) => (n === 0 ? null : versionsQuery(n)));
const versionsOfAny = (db: Kysely<DB>, wanted: readonly string[]) => db.selectFrom('data_versions').select(['scope', 'version']).where('scope', 'in', wanted).execute();

/**
 * A scope's version as a column of another query (null when the scope was never written), so a
 * reader gets the rows and the versions its cache is keyed on in one statement — one round trip
 * instead of two on PostgreSQL. `scope` is a fixed scope name, or a per-row one from scopeOf.
 */
export function versionOf(scope: string | RawBuilder<string>) {
  return expressionBuilder<DB, never>()
    .selectFrom('data_versions')
    .select('version')
    .where('scope', '=', typeof scope === 'string' ? sql.lit(scope) : scope);
}

/** A per-row scope name: its prefix (`scopes.tasks('')` …) and the outer query's column holding the id. */
export function scopeOf(prefix: string, column: string): RawBuilder<string> {
  return sql<string>`${sql.lit(prefix)} || ${sql.ref(column)}`;
}

/** Versions joined into one key, in the form versionKey gives ("0" for a scope never written). */
export function joinVersions(...versions: unknown[]): string {
  return versions.map((v) => String(v ?? 0)).join('.');
}

/** The current versions of these scopes, joined into one key ("0" for a scope never written). */
export async function versionKey(db: Kysely<DB>, ...wanted: string[]): Promise<string> {
  const query = versionsOfN[wanted.length];
  const rows = await (query ? query(db, wanted) : versionsOfAny(db, wanted));
  const map = new Map(rows.map((r) => [r.scope, String(r.version)]));
  return joinVersions(...wanted.map((s) => map.get(s)));
}

/** Values handed out by a versioned cache: the same object to every reader, never to be changed. */
const SHARED = new WeakSet<object>();
export function isShared(value: object): boolean {
  return SHARED.has(value);
}
/** Marks a value handed to many readers (a part of a cached entry that is answered on its own). */
export function share<T extends object>(value: T): T {
  SHARED.add(value);
  return value;
}

/**
 * A small cache of computed values, each remembered with the version key it was computed at and
 * dropped when the key moves on. Bounded: the oldest entries go first once `max` is reached.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string; value: T }>();
  constructor(private readonly max: number) {}

  get(key: string, version: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== version) {
      this.entries.delete(key);
      return undefined;
    }
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, version: string, value: T): void {
    if (value !== null && typeof value === 'object') SHARED.add(value);
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
