/** Units and people as name lookups and pick lists, loaded once per page. */
import { useMemo } from 'react';
import { org, type PersonT, type UnitT } from '@luoshi/contracts';
import { call } from './api.ts';
import { useLoad } from './hooks.ts';

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

/** County leaders in charge of units (分管县领导), from the units' leaderIds, with their names. */
export function countyLeaders(units: UnitT[], people: Map<string, PersonT>): { value: string; label: string }[] {
  const ids = [...new Set(units.flatMap((u) => u.leaderIds))];
  return ids.map((id) => ({ value: id, label: people.get(id)?.name ?? id })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
}
