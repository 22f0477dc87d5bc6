/** The only SQL of the cases area: rows, names, categories, routing rules and the case policy. */
import type { Kysely } from 'kysely';
import { CasePolicySchema, LuoshiError, type CasePolicy } from '@luoshi/domain';
import type { CasesTable, DB } from '../../platform/db/schema.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { joinVersions, scopeOf, scopes, versionOf } from '../../platform/db/versions.ts';

type Q = Kysely<DB>;
export const CASE_POLICY_KEY = 'cases.policy';

export async function readCasePolicy(db: Q): Promise<CasePolicy> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', CASE_POLICY_KEY).executeTakeFirst();
  return CasePolicySchema.parse(row ? JSON.parse(row.value) : {});
}

export async function findCase(db: Q, id: string): Promise<CasesTable> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new LuoshiError('NOT_FOUND');
  return row;
}

export async function findCaseByNumber(db: Q, number: string): Promise<CasesTable | undefined> {
  return db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirst();
}

const credentialsQuery = prepared((db) =>
  db.selectFrom('cases').select([
    'id',
    'check_code',
    'anonymous',
    'phone_enc',
    // the data versions of what the public view is built from, in the same statement (one call less per look-up)
    versionOf(scopeOf(scopes.case(''), 'cases.id')).as('case_version'),
    versionOf(scopes.org).as('org_version'),
    versionOf(scopes.caseCategories).as('categories_version'),
  ]).where('number', '=', '?'),
);

/**
 * What a look-up by number is checked against (the check code, or the phone number's last digits),
 * and the versions of the case, the unit names and the categories, read with it: a view built
 * after this read is at least as new as `version`.
 */
export async function credentialsByNumber(db: Q, number: string): Promise<(Pick<CasesTable, 'id' | 'check_code' | 'anonymous' | 'phone_enc'> & { version: string }) | undefined> {
  const row = (await credentialsQuery(db, [number]))[0];
  if (!row) return undefined;
  return { id: row.id, check_code: row.check_code, anonymous: row.anonymous, phone_enc: row.phone_enc, version: joinVersions(row.case_version, row.org_version, row.categories_version) };
}

export async function unitNames(db: Q): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
}

export async function categoriesById(db: Q) {
  return new Map((await db.selectFrom('case_categories').selectAll().execute()).map((c) => [c.id, c]));
}

/** A region and its ancestors, nearest first (the routing rules match any of them). */
export async function regionChain(db: Q, regionId: string | null): Promise<string[]> {
  const out: string[] = [];
  let id = regionId;
  while (id && out.length < 10) {
    out.push(id);
    const r = await db.selectFrom('regions').select('parent_id').where('id', '=', id).executeTakeFirst();
    id = r?.parent_id ?? null;
  }
  return out;
}

/** The first active unit with a function, e.g. the government office that dispatches unrouted cases. */
export async function unitWithFunction(db: Q, fn: string): Promise<string | null> {
  const units = await db.selectFrom('units').select(['id', 'functions']).where('active', '=', 1).orderBy('sort_order').execute();
  return units.find((u) => (JSON.parse(u.functions) as string[]).includes(fn))?.id ?? null;
}
