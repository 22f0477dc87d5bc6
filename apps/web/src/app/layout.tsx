/** The staff layout: side menu (a drawer on narrow screens), header with user, language, sign-out. */
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Typography, theme } from 'antd';
import { SYSTEM_ROLE_LABELS } from '@luoshi/domain';
import { useSession } from '../lib/session.tsx';
import { useLabel, useT } from '../lib/i18n.tsx';
import { common } from '../lib/common.ts';
import { LangSwitch } from '../lib/lang-switch.tsx';
import { PageBoundary } from '../lib/page-boundary.tsx';
import { NotificationBell } from '../features/notifications/bell.tsx';
import { ApprovalsMenuLabel } from '../features/supervision/approvals-badge.tsx';
import { isActive, navLabels, visibleNav } from './nav.ts';

const dict = { ...common, ...navLabels };

function Brand() {
  const t = useT(dict);
  return (
    <div className="ls-brand">
      <span className="ls-brand-mark">落</span>
      <span>{t('appName')}</span>
    </div>
  );
}

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { can, user } = useSession();
  const t = useT(dict);
  const navigate = useNavigate();
  const location = useLocation();
  const nav = visibleNav(user, can);
  const items = nav.map((n) => ({ key: n.key, label: n.key === 'approvals' ? <ApprovalsMenuLabel text={t(n.label)} /> : t(n.label) }));
  const selected = nav.find((n) => isActive(n, location))?.key;
  return (
    <Menu
      mode="inline"
      style={{ borderInlineEnd: 'none' }}
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={(e) => {
        const item = nav.find((n) => n.key === e.key);
        if (item) navigate(item.path);
        onNavigate?.();
      }}
    />
  );
}

function UserBox() {
  const { user, signOut } = useSession();
  const t = useT(dict);
  const label = useLabel();
  const navigate = useNavigate();
  if (!user) return null;
  const unit = user.memberships[0]?.unitName ?? (user.systemRoles[0] ? label(SYSTEM_ROLE_LABELS[user.systemRoles[0]]) : '');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'password', label: t('changePassword') },
          { key: 'signout', label: t('signOut') },
        ],
        onClick: (e) => (e.key === 'password' ? navigate('/app/password') : void signOut()),
      }}
    >
      <Button type="text" style={{ height: 'auto', padding: '2px 8px' }} aria-label={user.displayName}>
        <span className="ls-header-user">
          <Typography.Text strong data-testid="current-user">
            {user.displayName}
          </Typography.Text>
          {unit ? (
            <Typography.Text type="secondary" className="ls-hide-narrow" data-testid="current-unit">
              {' · '}
              {unit}
            </Typography.Text>
          ) : null}
        </span>
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const screens = Grid.useBreakpoint();
  const narrow = screens.lg === false;
  const [drawer, setDrawer] = useState(false);
  const { token } = theme.useToken();
  const { signOut } = useSession();
  const t = useT(dict);
  const location = useLocation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <Layout.Sider width={208} theme="light" style={{ borderInlineEnd: `1px solid ${token.colorSplit}` }}>
          <Brand />
          <SideMenu />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="ls-header" style={{ background: token.colorBgContainer, display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Flex align="center" gap={8}>
            {narrow && (
              <>
                <Button onClick={() => setDrawer(true)} aria-label={t('menu')}>
                  ☰ {t('menu')}
                </Button>
                <Typography.Text strong className="ls-nowrap">
                  {t('appName')}
                </Typography.Text>
              </>
            )}
          </Flex>
          <Flex align="center" gap={8} style={{ marginInlineStart: 'auto' }}>
            <LangSwitch />
            <NotificationBell />
            <UserBox />
            <Button onClick={() => void signOut()} className="ls-hide-narrow">
              {t('signOut')}
            </Button>
          </Flex>
        </Layout.Header>
        <Layout.Content className="ls-content">
          <PageBoundary key={location.pathname}>
            <Outlet />
          </PageBoundary>
        </Layout.Content>
      </Layout>
      {narrow && (
        <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} width={240} title={<Brand />} styles={{ body: { padding: 0 } }}>
          <SideMenu onNavigate={() => setDrawer(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
