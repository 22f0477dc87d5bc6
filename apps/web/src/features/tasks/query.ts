/**
 * The task filters live in the URL query (?unitId=…&light=red&q=幼儿园), so that a view of the tree
 * or the timetable can be shared and a chart can link straight to it.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { tasks, type QueryOf, type TaskRowT } from '@luoshi/contracts';

/** leaves and unitRole come from a dashboard link: they make the tree count as the dashboard does */
export const FILTER_KEYS = ['q', 'light', 'unitId', 'streamKey', 'nodeType', 'sourceKind', 'listId', 'leaderId', 'status', 'dueFrom', 'dueTo', 'leaves', 'unitRole'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Scope = 'all' | 'mine' | 'charge';
export type Filters = Partial<Record<FilterKey, string>> & { scope: Scope };

export function readFilters(p: URLSearchParams): Filters {
  const f: Filters = { scope: 'all' };
  for (const k of FILTER_KEYS) {
    const v = p.get(k)?.trim();
    if (v) f[k] = v;
  }
  const scope = p.get('scope');
  if (scope === 'mine' || scope === 'charge') f.scope = scope;
  return f;
}

export function toQuery(f: Filters): QueryOf<typeof tasks.listTasks> {
  const q: Record<string, string> = { scope: f.scope };
  for (const k of FILTER_KEYS) if (f[k]) q[k] = f[k]!;
  return q as QueryOf<typeof tasks.listTasks>;
}

export function activeFilterCount(f: Filters): number {
  return FILTER_KEYS.filter((k) => f[k]).length;
}

/** The filters of the current URL, and setters that rewrite the query. */
export function useFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const set = useCallback(
    (changes: Partial<Filters>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(changes)) {
        if (!v || (k === 'scope' && v === 'all')) next.delete(k);
        else next.set(k, v);
      }
      setParams(next, { replace: true });
    },
    [params, setParams],
  );
  const clear = useCallback(() => {
    const next = new URLSearchParams();
    if (filters.scope !== 'all') next.set('scope', filters.scope);
    setParams(next, { replace: true });
  }, [filters.scope, setParams]);
  return { filters, set, clear, search: params.toString() };
}

export type TreeNode = TaskRowT & { children?: TreeNode[] };

/** Rows (sorted by code) into a tree by parentId; a row whose parent is not in the list is a root. */
export function buildTree(rows: TaskRowT[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>(rows.map((r) => [r.id, { ...r }]));
  const roots: TreeNode[] = [];
  for (const r of rows) {
    const n = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

export interface FlatRow {
  row: TaskRowT;
  depth: number;
  hasChildren: boolean;
}

/** The tree in display order, skipping what is under a collapsed node. */
export function flatten(nodes: TreeNode[], collapsed: ReadonlySet<string>, depth = 0, out: FlatRow[] = []): FlatRow[] {
  for (const n of nodes) {
    out.push({ row: n, depth, hasChildren: !!n.children?.length });
    if (n.children?.length && !collapsed.has(n.id)) flatten(n.children, collapsed, depth + 1, out);
  }
  return out;
}

export function idsWithChildren(nodes: TreeNode[], out: string[] = []): string[] {
  for (const n of nodes) {
    if (n.children?.length) {
      out.push(n.id);
      idsWithChildren(n.children, out);
    }
  }
  return out;
}
