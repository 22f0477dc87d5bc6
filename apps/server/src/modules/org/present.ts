/** Exactly which fields of the organisation leave the server. */
import type { Actor, UnitFunction } from '@luoshi/domain';
import { can } from '@luoshi/domain';
import type { PersonT, PostT, UnitT } from '@luoshi/contracts';
import type { PeopleTable, PostsTable, UnitsTable } from '../../platform/db/schema.ts';

export function presentUnit(u: UnitsTable, leaders: { personId: string; name: string }[], headcount: number): UnitT {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    shortName: u.short_name,
    nameEn: u.name_en,
    kind: u.kind as UnitT['kind'],
    functions: JSON.parse(u.functions) as UnitFunction[],
    regionId: u.region_id,
    parentId: u.parent_id,
    sortOrder: u.sort_order,
    active: u.active === 1,
    leaderIds: leaders.map((l) => l.personId),
    leaders,
    headcount,
  };
}

/** Contact details are personal data: only for the person's own unit, the office and the sysadmin. */
export function presentPerson(p: PeopleTable & { user_id: string | null }, viewer: Actor): PersonT {
  const contact = can(viewer, 'person.readContact', { unitId: p.unit_id ?? '' }) || viewer.personId === p.id;
  return {
    id: p.id,
    name: p.name,
    gender: p.gender as PersonT['gender'],
    title: p.title,
    unitId: p.unit_id,
    phone: contact ? p.phone : null,
    email: contact ? p.email : null,
    active: p.active === 1,
    hasAccount: p.user_id !== null,
  };
}

export function presentPost(
  p: PostsTable,
  terms: { person_id: string; name: string; from_date: string; to_date: string | null }[],
): PostT {
  const current = terms.find((t) => t.to_date === null) ?? null;
  return {
    id: p.id,
    unitId: p.unit_id,
    title: p.title,
    role: p.role as PostT['role'],
    sortOrder: p.sort_order,
    holder: current ? { personId: current.person_id, name: current.name, since: current.from_date } : null,
    history: terms.map((t) => ({ personId: t.person_id, name: t.name, from: t.from_date, to: t.to_date })),
  };
}
