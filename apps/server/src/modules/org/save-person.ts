/** Create and update a person. A person outlives their posts; accounts are separate. */
import { LuoshiError } from '@luoshi/domain';
import type { org, BodyT } from '@luoshi/contracts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { presentPerson } from './present.ts';
import { requireUnit } from './validate.ts';
import * as repo from './repo.ts';

export async function createPerson(tx: Tx, input: BodyT<typeof org.createPerson>) {
  const actor = requireCan(tx.actor, 'org.manage');
  if (input.unitId) await requireUnit(tx, input.unitId, 'unitId');
  const row = {
    id: newId(tx.now.getTime()),
    name: input.name,
    gender: input.gender,
    title: input.title || null,
    unit_id: input.unitId,
    phone: input.phone || null,
    email: input.email || null,
    active: 1,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
  };
  await tx.db.insertInto('people').values(row).execute();
  const person = presentPerson({ ...row, user_id: null }, actor);
  await tx.audit({ action: 'person.create', entityType: 'person', entityId: row.id, after: row });
  return person;
}

export async function updatePerson(tx: Tx, id: string, input: BodyT<typeof org.updatePerson>) {
  const actor = requireCan(tx.actor, 'org.manage');
  const before = await repo.findPerson(tx.db, id);
  if (!before) throw new LuoshiError('NOT_FOUND');
  if (input.unitId) await requireUnit(tx, input.unitId, 'unitId');
  const next = {
    name: input.name ?? before.name,
    gender: input.gender ?? before.gender,
    title: input.title !== undefined ? input.title || null : before.title,
    unit_id: input.unitId !== undefined ? input.unitId : before.unit_id,
    phone: input.phone !== undefined ? input.phone || null : before.phone,
    email: input.email !== undefined ? input.email || null : before.email,
    active: input.active === undefined ? before.active : input.active ? 1 : 0,
    updated_at: tx.nowIso,
  };
  await tx.db.updateTable('people').set(next).where('id', '=', id).execute();
  const { user_id, ...beforeRow } = before;
  await tx.audit({ action: 'person.update', entityType: 'person', entityId: id, before: beforeRow, after: { ...beforeRow, ...next } });
  return presentPerson({ ...before, ...next, user_id }, actor);
}
