import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Result } from 'antd';
import { useSession } from '../lib/session.tsx';
import { useT } from '../lib/i18n.tsx';
import { common } from '../lib/common.ts';
import { Forbidden, Loading } from '../lib/ui.tsx';
import { AppLayout } from './layout.tsx';
import { NAV, navLabels } from './nav.ts';
import { LoginPage } from '../features/auth/login-page.tsx';
import { ChangePasswordPage } from '../features/auth/change-password-page.tsx';

const UnitsPage = lazy(() => import('../features/org/units-page.tsx').then((m) => ({ default: m.UnitsPage })));
const UnitDetailPage = lazy(() => import('../features/org/unit-detail-page.tsx').then((m) => ({ default: m.UnitDetailPage })));
const PeoplePage = lazy(() => import('../features/org/people-page.tsx').then((m) => ({ default: m.PeoplePage })));
const LeadingGroupPage = lazy(() => import('../features/org/leading-group-page.tsx').then((m) => ({ default: m.LeadingGroupPage })));
const AccountsPage = lazy(() => import('../features/admin/accounts-page.tsx').then((m) => ({ default: m.AccountsPage })));
const SecurityPolicyPage = lazy(() => import('../features/admin/security-policy-page.tsx').then((m) => ({ default: m.SecurityPolicyPage })));
const AuditPage = lazy(() => import('../features/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })));

/** Signed in, or off to /login (coming back here afterwards). */
function RequireSession({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** Nothing but the password form until the initial password is changed. */
function RequirePasswordChanged({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (user?.mustChangePassword) return <Navigate to="/app/password" replace />;
  return <>{children}</>;
}

function Gate({ ability, children }: { ability: string; children: ReactNode }) {
  const { can } = useSession();
  return can(ability) ? <>{children}</> : <Forbidden />;
}

function Home() {
  const { can } = useSession();
  const t = useT(navLabels);
  const first = NAV.find((n) => can(n.ability));
  return first ? <Navigate to={first.path} replace /> : <Result status="info" title={t('nothing')} />;
}

function NotFound() {
  const t = useT(common);
  return <Result status="404" title="404" subTitle={t('notFound')} />;
}

function LoginRoute() {
  const { user, loading } = useSession();
  if (loading) return <Loading />;
  if (user) return <Navigate to={user.mustChangePassword ? '/app/password' : '/app'} replace />;
  return <LoginPage />;
}

const lazyPage = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/app" replace />} />
      <Route path="/login" element={<LoginRoute />} />
      <Route
        path="/app/password"
        element={
          <RequireSession>
            <ChangePasswordPage />
          </RequireSession>
        }
      />
      <Route
        path="/app"
        element={
          <RequireSession>
            <RequirePasswordChanged>
              <AppLayout />
            </RequirePasswordChanged>
          </RequireSession>
        }
      >
        <Route index element={<Home />} />
        <Route path="units" element={<Gate ability="org.read">{lazyPage(<UnitsPage />)}</Gate>} />
        <Route path="units/:id" element={<Gate ability="org.read">{lazyPage(<UnitDetailPage />)}</Gate>} />
        <Route path="people" element={<Gate ability="org.read">{lazyPage(<PeoplePage />)}</Gate>} />
        <Route path="leading-group" element={<Gate ability="org.read">{lazyPage(<LeadingGroupPage />)}</Gate>} />
        <Route path="accounts" element={<Gate ability="user.read">{lazyPage(<AccountsPage />)}</Gate>} />
        <Route path="security" element={<Gate ability="security.readPolicy">{lazyPage(<SecurityPolicyPage />)}</Gate>} />
        <Route path="audit" element={<Gate ability="audit.read">{lazyPage(<AuditPage />)}</Gate>} />
        <Route path="*" element={<NotFound />} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
