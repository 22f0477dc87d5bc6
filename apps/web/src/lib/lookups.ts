/** Units and people as name lookups and pick lists, loaded once per page. */
import { useMemo } from 'react';
import { org, type PersonT, type UnitT } from '@luoshi/contracts';
import { call } from './api.ts';
import { useLoad } from './hooks.ts';
import { allPages } from './paging.tsx';

export function useAllUnits() {
  const r = useLoad((signal) => call(org.listUnits, { query: {}, signal }), []);
  const byId = useMemo(() => new Map((r.data?.items ?? []).map((u) => [u.id, u] as const)), [r.data]);
  return { units: r.data?.items ?? ([] as UnitT[]), byId, reload: r.reload, loading: r.loading };
}

export function useAllPeople() {
  // every person (names for pick lists and look-ups), a page of 500 at a time
  const r = useLoad(async (signal) => ({ items: await allPages((cursor) => call(org.listPeople, { query: { limit: 500, cursor }, signal })) }), []);
  const byId = useMemo(() => new Map((r.data?.items ?? []).map((p) => [p.id, p] as const)), [r.data]);
  return { people: r.data?.items ?? ([] as PersonT[]), byId, reload: r.reload, loading: r.loading };
}

/** County leaders in charge of units (分管县领导), from the units' leaderIds, with their names. */
export function countyLeaders(units: UnitT[], people: Map<string, PersonT>): { value: string; label: string }[] {
  const ids = [...new Set(units.flatMap((u) => u.leaderIds))];
  return ids.map((id) => ({ value: id, label: people.get(id)?.name ?? id })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
}
