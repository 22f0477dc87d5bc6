/**
 * The menu entry 待我审定 with the number of drafts awaiting the signed-in leader: only the count is
 * asked (not the queue), when the page changes, every two minutes, and whenever a decision is
 * made. Kept small: it loads with the layout, the queue page itself is lazy.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { Badge, Flex } from 'antd';
import { supervision } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { APPROVALS_CHANGED } from './events.ts';

const POLL_MS = 120_000;

export function ApprovalsMenuLabel({ text }: { text: string }) {
  const [count, setCount] = useState(0);
  const location = useLocation();

  const load = useCallback(async () => {
    try {
      setCount((await call(supervision.approvalCount)).count);
    } catch {
      // the next change or poll tries again
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, location.pathname]);
  useEffect(() => {
    const timer = setInterval(() => void load(), POLL_MS);
    const onChange = (e: Event) => {
      const n = (e as CustomEvent<number | undefined>).detail;
      if (typeof n === 'number') setCount(n);
      else void load();
    };
    window.addEventListener(APPROVALS_CHANGED, onChange);
    return () => {
      clearInterval(timer);
      window.removeEventListener(APPROVALS_CHANGED, onChange);
    };
  }, [load]);

  return (
    <Flex align="center" justify="space-between" gap={8} data-testid="approvals-menu">
      <span>{text}</span>
      <Badge count={count} size="small" data-testid="approvals-badge" title={String(count)} />
    </Flex>
  );
}
