/** Builds the Actor (who is acting, in which units, with which charges) from the database. */
import type { Kysely } from 'kysely';
import type { Actor, GroupPosition, SystemRole, UnitFunction, UnitRole } from '@luoshi/domain';
import type { DB } from '../db/schema.ts';

export interface LoadedActor extends Actor {
  mustChangePassword: boolean;
  groupPositions: GroupPosition[];
  membershipNames: Record<string, string>;
  unitId: string | null;
  unitName: string | null;
}

export async function loadActor(db: Kysely<DB>, userId: string): Promise<LoadedActor | null> {
  const user = await db
    .selectFrom('users')
    .leftJoin('people', 'people.id', 'users.person_id')
    .select([
      'users.id',
      'users.username',
      'users.person_id',
      'users.system_role',
      'users.disabled',
      'users.must_change_password',
      'people.name as person_name',
      'people.unit_id as person_unit_id',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  const personId = user.person_id;
  const memberships: Actor['memberships'] = [];
  const membershipNames: Record<string, string> = {};
  let chargedUnitIds: string[] = [];
  let groupPositions: GroupPosition[] = [];
  if (personId) {
    const rows = await db
      .selectFrom('post_terms')
      .innerJoin('posts', 'posts.id', 'post_terms.post_id')
      .innerJoin('units', 'units.id', 'posts.unit_id')
      .select(['posts.unit_id', 'posts.role', 'units.functions', 'units.name'])
      .where('post_terms.person_id', '=', personId)
      .where('post_terms.to_date', 'is', null)
      .where('posts.active', '=', 1)
      .where('units.active', '=', 1)
      .execute();
    for (const r of rows) {
      memberships.push({
        unitId: r.unit_id,
        role: r.role as UnitRole,
        unitFunctions: JSON.parse(r.functions) as UnitFunction[],
      });
      membershipNames[r.unit_id] = r.name;
    }
    chargedUnitIds = (
      await db.selectFrom('leader_charges').select('unit_id').where('person_id', '=', personId).execute()
    ).map((r) => r.unit_id);
    groupPositions = (
      await db.selectFrom('group_members').select('position').where('person_id', '=', personId).execute()
    ).map((r) => r.position as GroupPosition);
  }
  const ownUnit = user.person_unit_id
    ? await db.selectFrom('units').select(['id', 'name']).where('id', '=', user.person_unit_id).executeTakeFirst()
    : undefined;
  return {
    unitId: ownUnit?.id ?? null,
    unitName: ownUnit?.name ?? null,
    userId: user.id,
    username: user.username,
    personId,
    displayName: user.person_name ?? user.username,
    systemRoles: user.system_role ? [user.system_role as SystemRole] : [],
    memberships,
    chargedUnitIds,
    mustChangePassword: user.must_change_password === 1,
    groupPositions,
    membershipNames,
  };
}
