/** The leading group 领导小组 (R-ORG-3): head, deputy heads with the units in their charge, members. */
import type { Kysely } from 'kysely';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { org, BodyT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import * as repo from './repo.ts';
import { invalid, requirePerson, requireUnit } from './validate.ts';

type Q = Kysely<DB>;

async function ensureGroup(tx: Tx) {
  const g = await repo.findGroup(tx.db);
  if (g) return g;
  const row = { id: newId(tx.now.getTime()), name: '政府工作执行年活动领导小组', office_unit_id: null, created_at: tx.nowIso };
  await tx.db.insertInto('leading_groups').values(row).execute();
  await tx.audit({ action: 'group.create', entityType: 'leading_group', entityId: row.id, after: row });
  return row;
}

export async function presentGroup(db: Q | Tx['db']) {
  const g = await repo.findGroup(db);
  if (!g) return { id: '', name: '', officeUnitId: null, members: [] };
  const members = await repo.findGroupMembers(db, g.id);
  const charges = await repo.chargesOf(db, members.map((m) => m.person_id));
  return {
    id: g.id,
    name: g.name,
    officeUnitId: g.office_unit_id,
    members: members.map((m) => ({
      id: m.id,
      personId: m.person_id,
      name: m.name,
      position: m.position as 'head' | 'deputy_head' | 'member',
      unitId: m.unit_id,
      unitName: m.unit_name,
      duty: m.duty,
      chargedUnitIds: charges.get(m.person_id) ?? [],
    })),
  };
}

export async function getLeadingGroup(db: Q, actor: Actor) {
  requireCan(actor, 'org.read');
  return presentGroup(db);
}

export async function updateLeadingGroup(tx: Tx, input: BodyT<typeof org.updateLeadingGroup>) {
  requireCan(tx.actor, 'org.manage');
  const g = await ensureGroup(tx);
  if (input.officeUnitId) await requireUnit(tx, input.officeUnitId, 'officeUnitId');
  const next = { name: input.name ?? g.name, office_unit_id: input.officeUnitId !== undefined ? input.officeUnitId : g.office_unit_id };
  await tx.db.updateTable('leading_groups').set(next).where('id', '=', g.id).execute();
  await tx.audit({ action: 'group.update', entityType: 'leading_group', entityId: g.id, before: g, after: { ...g, ...next } });
  return presentGroup(tx.db);
}

export async function addGroupMember(tx: Tx, input: BodyT<typeof org.addGroupMember>) {
  requireCan(tx.actor, 'org.manage');
  const g = await ensureGroup(tx);
  await requirePerson(tx, input.personId, 'personId');
  if (input.unitId) await requireUnit(tx, input.unitId, 'unitId');
  const existing = await repo.findGroupMembers(tx.db, g.id);
  if (existing.some((m) => m.person_id === input.personId)) {
    throw new LuoshiError('DUPLICATE', { issues: [{ path: 'personId', zh: '该人员已是领导小组成员', en: 'already a member' }] });
  }
  if (input.position === 'head' && existing.some((m) => m.position === 'head')) {
    throw invalid('position', '领导小组只能有一名组长', 'the group has one head only');
  }
  const row = {
    id: newId(tx.now.getTime()),
    group_id: g.id,
    person_id: input.personId,
    position: input.position,
    unit_id: input.unitId,
    duty: input.duty || null,
    sort_order: input.position === 'head' ? 0 : input.position === 'deputy_head' ? 10 : 20,
  };
  await tx.db.insertInto('group_members').values(row).execute();
  await tx.audit({ action: 'group.add_member', entityType: 'leading_group', entityId: g.id, after: row });
  return presentGroup(tx.db);
}

export async function removeGroupMember(tx: Tx, memberId: string) {
  requireCan(tx.actor, 'org.manage');
  const row = await tx.db.selectFrom('group_members').selectAll().where('id', '=', memberId).executeTakeFirst();
  if (!row) throw new LuoshiError('NOT_FOUND');
  await tx.db.deleteFrom('group_members').where('id', '=', memberId).execute();
  await tx.audit({ action: 'group.remove_member', entityType: 'leading_group', entityId: row.group_id, before: row });
  return presentGroup(tx.db);
}

/** Which units a county leader is in charge of (分管). Only county leaders can be in charge. */
export async function setCharges(tx: Tx, personId: string, input: BodyT<typeof org.setCharges>) {
  requireCan(tx.actor, 'org.manage');
  await requirePerson(tx, personId, 'id');
  const posts = await tx.db
    .selectFrom('post_terms')
    .innerJoin('posts', 'posts.id', 'post_terms.post_id')
    .innerJoin('units', 'units.id', 'posts.unit_id')
    .select(['posts.role', 'units.functions'])
    .where('post_terms.person_id', '=', personId)
    .where('post_terms.to_date', 'is', null)
    .execute();
  const isLeader = posts.some((p) => (p.role === 'deputy' || p.role === 'principal') && (JSON.parse(p.functions) as string[]).includes('government'));
  const unitIds = [...new Set(input.unitIds)];
  if (!isLeader && unitIds.length) {
    throw invalid('id', '只有县政府领导才能分管单位', 'only county government leaders can be in charge of units');
  }
  for (const [i, u] of unitIds.entries()) await requireUnit(tx, u, `unitIds.${i}`);
  const before = (await tx.db.selectFrom('leader_charges').select('unit_id').where('person_id', '=', personId).execute()).map((r) => r.unit_id);
  await tx.db.deleteFrom('leader_charges').where('person_id', '=', personId).execute();
  if (unitIds.length) {
    await tx.db.insertInto('leader_charges').values(unitIds.map((unit_id) => ({ person_id: personId, unit_id, created_at: tx.nowIso }))).execute();
  }
  await tx.audit({ action: 'leader.set_charges', entityType: 'person', entityId: personId, before: { unitIds: before }, after: { unitIds } });
  return { personId, unitIds };
}
