/** Units and people as pick lists and name lookups, loaded once per page. */
import { useMemo } from 'react';
import { org, type PersonT, type UnitT } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { useLoad } from '../../lib/hooks.ts';

export function useAllUnits() {
  const r = useLoad((signal) => call(org.listUnits, { query: {}, signal }), []);
  const byId = useMemo(() => new Map((r.data?.items ?? []).map((u) => [u.id, u] as const)), [r.data]);
  return { units: r.data?.items ?? ([] as UnitT[]), byId, reload: r.reload, loading: r.loading };
}

export function useAllPeople() {
  const r = useLoad((signal) => call(org.listPeople, { query: {}, signal }), []);
  const byId = useMemo(() => new Map((r.data?.items ?? []).map((p) => [p.id, p] as const)), [r.data]);
  return { people: r.data?.items ?? ([] as PersonT[]), byId, reload: r.reload, loading: r.loading };
}

export function unitOptions(units: UnitT[]) {
  return units.map((u) => ({ value: u.id, label: u.name }));
}

export function personOptions(people: PersonT[], unitName: (id: string | null) => string) {
  return people
    .filter((p) => p.active)
    .map((p) => ({ value: p.id, label: `${p.name}${p.unitId ? ` · ${unitName(p.unitId)}` : ''}${p.title ? ` · ${p.title}` : ''}` }));
}
