/**
 * Lists the server answers a page at a time (`{ items, nextCursor, total }`): the first page is
 * read when the list opens and again whenever its filters change (the pages read before are
 * dropped); "加载更多 Load more" appends the next page after the last row shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { useLoad } from './hooks.ts';
import { useT } from './i18n.tsx';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface PagedList<T> {
  /** the rows of every page read so far, in order */
  items: T[];
  /** every row matching the filters (undefined until the first page arrives) */
  total: number | undefined;
  /** more rows follow the last one shown */
  hasMore: boolean;
  /** the first page is being read */
  loading: boolean;
  /** a further page is being read */
  loadingMore: boolean;
  error: Error | undefined;
  loadMore: () => void;
  /** reads the list again from its first page (after a change made on the page) */
  reload: () => void;
}

/**
 * Reads a paged list: `fetchPage(cursor, signal)` asks for one page (no cursor: the first); `deps`
 * are the filters, and a change of one starts again from the first page. `keyOf` names a row, so a
 * row seen on an earlier page (its sort key changed meanwhile) is not shown twice.
 */
export function usePagedList<T>(fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<PageOf<T>>, deps: unknown[], keyOf?: (row: T) => string): PagedList<T> {
  const first = useLoad((signal) => fetchPage(undefined, signal), deps);
  // the pages appended to this first page; pages appended to an older first page are not shown
  const [more, setMore] = useState<{ base: PageOf<T>; pages: PageOf<T>[] } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | undefined>(undefined);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const keyRef = useRef(keyOf);
  keyRef.current = keyOf;
  const pending = useRef<AbortController | null>(null);

  const base = first.data;
  // a new first page (filters changed, or read again): a page still being appended is abandoned
  useEffect(() => {
    setMoreError(undefined);
    return () => {
      pending.current?.abort();
      pending.current = null;
      setLoadingMore(false);
    };
  }, [base]);

  const pages = base ? [base, ...(more?.base === base ? more.pages : [])] : [];
  const last = pages[pages.length - 1];
  const nextCursor = last?.nextCursor ?? null;

  const loadMore = useCallback(() => {
    if (!base || !nextCursor || pending.current) return;
    const ctl = new AbortController();
    pending.current = ctl;
    setLoadingMore(true);
    setMoreError(undefined);
    fetchRef
      .current(nextCursor, ctl.signal)
      .then((page) => {
        if (ctl.signal.aborted) return;
        setMore((m) => ({ base, pages: [...(m?.base === base ? m.pages : []), page] }));
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setMoreError(e instanceof Error ? e : new Error(String(e)));
      })
      .finally(() => {
        if (pending.current === ctl) {
          pending.current = null;
          setLoadingMore(false);
        }
      });
  }, [base, nextCursor]);

  const items: T[] = [];
  const seen = new Set<string>();
  for (const p of pages) {
    for (const row of p.items) {
      const k = keyRef.current?.(row);
      if (k !== undefined) {
        if (seen.has(k)) continue;
        seen.add(k);
      }
      items.push(row);
    }
  }
  return {
    items,
    total: last?.total,
    hasMore: nextCursor !== null,
    loading: first.loading,
    loadingMore,
    error: first.error ?? moreError,
    loadMore,
    reload: first.reload,
  };
}

/**
 * Every row of a paged list, page after page (for pick lists and name look-ups that need them all,
 * e.g. a unit's staff); `fetchPage(cursor)` asks for one page.
 */
export async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
}

const dict = {
  loadMore: { zh: '加载更多', en: 'Load more' },
  shown: { zh: '已显示 {shown} / 共 {total} 条', en: 'Showing {shown} of {total}' },
};

/** Below a paged table: how many rows are shown of how many, and the button that appends the next page. */
export function LoadMore<T>({ list }: { list: PagedList<T> }) {
  const t = useT(dict);
  if (list.total === undefined) return null;
  return (
    <Flex gap={12} align="center" wrap style={{ marginTop: 12 }} data-testid="load-more-bar">
      <Typography.Text type="secondary" role="status" aria-live="polite" data-testid="shown-count">
        {t('shown', { shown: list.items.length, total: list.total })}
      </Typography.Text>
      {list.hasMore && (
        <Button onClick={list.loadMore} loading={list.loadingMore} disabled={list.loading || list.loadingMore}>
          {t('loadMore')}
        </Button>
      )}
    </Flex>
  );
}
