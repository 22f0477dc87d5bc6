/** Units and people as pick lists and name lookups, loaded once per page. */
import type { PersonT, UnitT } from '@luoshi/contracts';

export { useAllPeople, useAllUnits } from '../../lib/lookups.ts';

export function unitOptions(units: UnitT[]) {
  return units.map((u) => ({ value: u.id, label: u.name }));
}

export function personOptions(people: PersonT[], unitName: (id: string | null) => string) {
  return people
    .filter((p) => p.active)
    .map((p) => ({ value: p.id, label: `${p.name}${p.unitId ? ` · ${unitName(p.unitId)}` : ''}${p.title ? ` · ${p.title}` : ''}` }));
}
