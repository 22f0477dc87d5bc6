/**
 * The bell in the header: unread count (asked every minute and on every page change), a drawer
 * with the newest notifications, marking them read, and a click through to what they are about.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Badge, Button, Drawer, Empty, Flex, Typography } from 'antd';
import { progress, type ResponseOf } from '@luoshi/contracts';
import { call } from '../../lib/api.ts';
import { formatInstant } from '../../lib/format.ts';
import { useLang, useT, type Dict } from '../../lib/i18n.tsx';

type Data = ResponseOf<typeof progress.listNotifications>;
type Item = Data['items'][number];

const POLL_MS = 60_000;

const dict = {
  notifications: { zh: '提醒', en: 'Notifications' },
  unreadCount: { zh: '{n} 条未读提醒', en: '{n} unread notifications' },
  markAll: { zh: '全部标为已读', en: 'Mark all read' },
  markRead: { zh: '标为已读', en: 'Mark read' },
  empty: { zh: '暂无提醒', en: 'No notifications' },
  unread: { zh: '未读', en: 'Unread' },
} satisfies Dict;

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false" style={{ display: 'block' }}>
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Zm-2 1H7v-6a5 5 0 0 1 10 0v6Z"
      />
    </svg>
  );
}

export function NotificationBell() {
  const t = useT(dict);
  const { lang } = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const [data, setData] = useState<Data | null>(null);
  const [open, setOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await call(progress.listNotifications, { query: {} }));
    } catch {
      // the next poll tries again; an expired session is handled by the client
    }
  }, []);

  useEffect(() => {
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  useEffect(() => {
    void load();
  }, [load, location.pathname]);

  const mark = async (body: { ids?: string[]; all?: boolean }) => {
    try {
      await call(progress.markNotificationsRead, { body });
    } finally {
      await load();
    }
  };

  const openItem = async (n: Item) => {
    if (!n.readAt) await mark({ ids: [n.id] });
    if (n.link && n.link.startsWith('/app')) {
      setOpen(false);
      navigate(n.link);
    }
  };

  const unread = data?.unread ?? 0;
  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          aria-label={`${t('notifications')}${unread ? `(${t('unreadCount', { n: unread })})` : ''}`}
          data-testid="notification-bell"
          onClick={() => {
            setOpen(true);
            void load();
          }}
          icon={<BellIcon />}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications')}
        width={380}
        extra={
          unread > 0 && (
            <Button size="small" onClick={() => void mark({ all: true })}>
              {t('markAll')}
            </Button>
          )
        }
        styles={{ body: { padding: 0 } }}
      >
        {!data?.items.length ? (
          <Empty style={{ marginTop: 48 }} description={t('empty')} />
        ) : (
          <ul className="ls-notes" data-testid="notification-list">
            {data.items.map((n) => (
              <li key={n.id} className={n.readAt ? 'ls-note' : 'ls-note ls-note-unread'}>
                <button type="button" className="ls-note-main" onClick={() => void openItem(n)}>
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                    {!n.readAt && <span className="ls-note-dot" aria-label={t('unread')} />}
                  </Flex>
                  {n.body && <div className="ls-note-body">{n.body}</div>}
                  <div className="ls-muted">{formatInstant(n.createdAt, lang)}</div>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Drawer>
    </>
  );
}
