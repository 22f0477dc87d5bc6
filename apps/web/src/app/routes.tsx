import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Result } from 'antd';
import { useSession } from '../lib/session.tsx';
import { useT } from '../lib/i18n.tsx';
import { common } from '../lib/common.ts';
import { Forbidden, Loading } from '../lib/ui.tsx';
import { AppLayout } from './layout.tsx';
import { hasOwnTasks, homeOf, navLabels } from './nav.ts';
import { ToCurrentCampaign } from '../lib/campaign.tsx';
import { LoginPage } from '../features/auth/login-page.tsx';
import { ChangePasswordPage } from '../features/auth/change-password-page.tsx';

const UnitsPage = lazy(() => import('../features/org/units-page.tsx').then((m) => ({ default: m.UnitsPage })));
const UnitDetailPage = lazy(() => import('../features/org/unit-detail-page.tsx').then((m) => ({ default: m.UnitDetailPage })));
const PeoplePage = lazy(() => import('../features/org/people-page.tsx').then((m) => ({ default: m.PeoplePage })));
const LeadingGroupPage = lazy(() => import('../features/org/leading-group-page.tsx').then((m) => ({ default: m.LeadingGroupPage })));
const AccountsPage = lazy(() => import('../features/admin/accounts-page.tsx').then((m) => ({ default: m.AccountsPage })));
const SecurityPolicyPage = lazy(() => import('../features/admin/security-policy-page.tsx').then((m) => ({ default: m.SecurityPolicyPage })));
const AuditPage = lazy(() => import('../features/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })));
const CampaignsPage = lazy(() => import('../features/campaigns/campaigns-page.tsx').then((m) => ({ default: m.CampaignsPage })));
const CampaignDetailPage = lazy(() => import('../features/campaigns/campaign-detail-page.tsx').then((m) => ({ default: m.CampaignDetailPage })));
const PlansPage = lazy(() => import('../features/plans/plans-page.tsx').then((m) => ({ default: m.PlansPage })));
const UnitPlanPage = lazy(() => import('../features/plans/unit-plan-page.tsx').then((m) => ({ default: m.UnitPlanPage })));
const TaskTreePage = lazy(() => import('../features/tasks/tree-page.tsx').then((m) => ({ default: m.TaskTreePage })));
const TimetablePage = lazy(() => import('../features/tasks/timetable-page.tsx').then((m) => ({ default: m.TimetablePage })));
const TaskDetailPage = lazy(() => import('../features/tasks/task-detail-page.tsx').then((m) => ({ default: m.TaskDetailPage })));
const ReviewPage = lazy(() => import('../features/review/review-page.tsx').then((m) => ({ default: m.ReviewPage })));
const DashboardPage = lazy(() => import('../features/dashboard/dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })));
const DailyPage = lazy(() => import('../features/dashboard/daily-page.tsx').then((m) => ({ default: m.DailyPage })));
// 督查问责 (R-ESC)
const ProposalsPage = lazy(() => import('../features/supervision/proposals-page.tsx').then((m) => ({ default: m.ProposalsPage })));
const NoticesPage = lazy(() => import('../features/supervision/notices-page.tsx').then((m) => ({ default: m.NoticesPage })));
const NoticeDetailPage = lazy(() => import('../features/supervision/notice-detail-page.tsx').then((m) => ({ default: m.NoticeDetailPage })));
const ApprovalsPage = lazy(() => import('../features/supervision/approvals-page.tsx').then((m) => ({ default: m.ApprovalsPage })));
const EscalationsPage = lazy(() => import('../features/supervision/escalations-page.tsx').then((m) => ({ default: m.EscalationsPage })));
const AccountabilityPage = lazy(() => import('../features/supervision/accountability-page.tsx').then((m) => ({ default: m.AccountabilityPage })));
const CasesPage = lazy(() => import('../features/cases/cases-page.tsx').then((m) => ({ default: m.CasesPage })));
const CaseDetailPage = lazy(() => import('../features/cases/case-detail-page.tsx').then((m) => ({ default: m.CaseDetailPage })));
const SatisfactionPage = lazy(() => import('../features/cases/satisfaction-page.tsx').then((m) => ({ default: m.SatisfactionPage })));
const CaseCategoriesPage = lazy(() => import('../features/cases/categories-page.tsx').then((m) => ({ default: m.CaseCategoriesPage })));
const PetitionsPage = lazy(() => import('../features/petitions/petitions-page.tsx').then((m) => ({ default: m.PetitionsPage })));
const CataloguePage = lazy(() => import('../features/catalogue/catalogue-page.tsx').then((m) => ({ default: m.CataloguePage })));
const PublicationPage = lazy(() => import('../features/publication/publication-page.tsx').then((m) => ({ default: m.PublicationPage })));
const LedgerPage = lazy(() => import('../features/supervision/ledger-page.tsx').then((m) => ({ default: m.LedgerPage })));
// 年度考核、评选表彰、经费挂钩、五个一 (R-ASSESS, R-FIVE)
const RankingPage = lazy(() => import('../features/assessment/ranking-page.tsx').then((m) => ({ default: m.RankingPage })));
const UnitScorePage = lazy(() => import('../features/assessment/unit-score-page.tsx').then((m) => ({ default: m.UnitScorePage })));
const AwardsPage = lazy(() => import('../features/assessment/awards-page.tsx').then((m) => ({ default: m.AwardsPage })));
const BudgetPage = lazy(() => import('../features/assessment/budget-page.tsx').then((m) => ({ default: m.BudgetPage })));
const MySurveysPage = lazy(() => import('../features/assessment/my-surveys-page.tsx').then((m) => ({ default: m.MySurveysPage })));
const SurveysPage = lazy(() => import('../features/assessment/surveys-page.tsx').then((m) => ({ default: m.SurveysPage })));
const ConductPage = lazy(() => import('../features/assessment/conduct-page.tsx').then((m) => ({ default: m.ConductPage })));

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
  const { can, user } = useSession();
  const t = useT(navLabels);
  const home = homeOf(user, can);
  return home ? <Navigate to={home} replace /> : <Result status="info" title={t('nothing')} />;
}

/** 实施方案 from the menu: the office and the county leaders see the overview; a unit's staff their own unit's plan. */
function ToPlans() {
  const { can, user } = useSession();
  if (can('plan.overview')) return <ToCurrentCampaign section="plans" />;
  const own = user && hasOwnTasks(user) ? user.memberships.find((m) => !m.unitFunctions.includes('government')) : undefined;
  return own ? <ToCurrentCampaign section={`plans/${own.unitId}`} /> : <Forbidden />;
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
        <Route path="campaigns" element={<Gate ability="campaign.read">{lazyPage(<CampaignsPage />)}</Gate>} />
        <Route path="campaigns/:id" element={<Gate ability="campaign.read">{lazyPage(<CampaignDetailPage />)}</Gate>} />
        <Route path="campaigns/:id/plans" element={<Gate ability="plan.overview">{lazyPage(<PlansPage />)}</Gate>} />
        <Route path="campaigns/:id/plans/:unitId" element={<Gate ability="plan.read">{lazyPage(<UnitPlanPage />)}</Gate>} />
        <Route path="campaigns/:id/tasks" element={<Gate ability="task.read">{lazyPage(<TaskTreePage />)}</Gate>} />
        <Route path="campaigns/:id/timetable" element={<Gate ability="task.read">{lazyPage(<TimetablePage />)}</Gate>} />
        <Route path="campaigns/:id/review" element={<Gate ability="report.review">{lazyPage(<ReviewPage />)}</Gate>} />
        <Route path="campaigns/:id/dashboard" element={<Gate ability="dashboard.read">{lazyPage(<DashboardPage />)}</Gate>} />
        <Route path="campaigns/:id/daily" element={<Gate ability="dashboard.read">{lazyPage(<DailyPage />)}</Gate>} />
        <Route path="tasks/:id" element={<Gate ability="task.read">{lazyPage(<TaskDetailPage />)}</Gate>} />
        <Route path="tasks" element={<Gate ability="task.read"><ToCurrentCampaign section="tasks" /></Gate>} />
        <Route path="timetable" element={<Gate ability="task.read"><ToCurrentCampaign section="timetable" /></Gate>} />
        <Route path="dashboard" element={<Gate ability="dashboard.read"><ToCurrentCampaign section="dashboard" /></Gate>} />
        <Route path="daily" element={<Gate ability="dashboard.read"><ToCurrentCampaign section="daily" /></Gate>} />
        <Route path="review" element={<Gate ability="report.review"><ToCurrentCampaign section="review" /></Gate>} />
        <Route path="plans" element={<Gate ability="plan.read"><ToPlans /></Gate>} />
        <Route path="campaigns/:id/proposals" element={<Gate ability="proposal.manage">{lazyPage(<ProposalsPage />)}</Gate>} />
        <Route path="campaigns/:id/notices" element={<Gate ability="notice.read">{lazyPage(<NoticesPage />)}</Gate>} />
        <Route path="campaigns/:id/accountability" element={<Gate ability="accountability.read">{lazyPage(<AccountabilityPage />)}</Gate>} />
        <Route path="campaigns/:id/ledger" element={<Gate ability="ledger.read">{lazyPage(<LedgerPage />)}</Gate>} />
        <Route path="notices/:id" element={<Gate ability="notice.read">{lazyPage(<NoticeDetailPage />)}</Gate>} />
        <Route path="approvals" element={<Gate ability="notice.approve">{lazyPage(<ApprovalsPage />)}</Gate>} />
        <Route path="tasks/:id/escalations" element={<Gate ability="task.read">{lazyPage(<EscalationsPage />)}</Gate>} />
        <Route path="proposals" element={<Gate ability="proposal.manage"><ToCurrentCampaign section="proposals" /></Gate>} />
        <Route path="notices" element={<Gate ability="notice.read"><ToCurrentCampaign section="notices" /></Gate>} />
        <Route path="accountability" element={<Gate ability="accountability.read"><ToCurrentCampaign section="accountability" /></Gate>} />
        <Route path="ledger" element={<Gate ability="ledger.read"><ToCurrentCampaign section="ledger" /></Gate>} />
        <Route path="cases" element={<Gate ability="case.read">{lazyPage(<CasesPage />)}</Gate>} />
        <Route path="cases/:id" element={<Gate ability="case.read">{lazyPage(<CaseDetailPage />)}</Gate>} />
        <Route path="case-satisfaction" element={<Gate ability="case.read">{lazyPage(<SatisfactionPage />)}</Gate>} />
        <Route path="case-categories" element={<Gate ability="case.configure">{lazyPage(<CaseCategoriesPage />)}</Gate>} />
        <Route path="petitions" element={<Gate ability="petition.read">{lazyPage(<PetitionsPage />)}</Gate>} />
        <Route path="catalogue" element={<Gate ability="catalogue.read">{lazyPage(<CataloguePage />)}</Gate>} />
        <Route path="publication" element={<Gate ability="publication.manage">{lazyPage(<PublicationPage />)}</Gate>} />
        <Route path="campaigns/:id/assessment" element={<Gate ability="assessment.read">{lazyPage(<RankingPage />)}</Gate>} />
        <Route path="campaigns/:id/assessment/units/:unitId" element={<Gate ability="assessment.read">{lazyPage(<UnitScorePage />)}</Gate>} />
        <Route path="campaigns/:id/awards" element={<Gate ability="award.read">{lazyPage(<AwardsPage />)}</Gate>} />
        <Route path="campaigns/:id/budget" element={<Gate ability="budget.read">{lazyPage(<BudgetPage />)}</Gate>} />
        <Route path="campaigns/:id/surveys" element={<Gate ability="survey.read">{lazyPage(<SurveysPage />)}</Gate>} />
        <Route path="campaigns/:id/conduct" element={<Gate ability="conduct.read">{lazyPage(<ConductPage />)}</Gate>} />
        <Route path="assessment" element={<Gate ability="assessment.read"><ToCurrentCampaign section="assessment" /></Gate>} />
        <Route path="awards" element={<Gate ability="award.read"><ToCurrentCampaign section="awards" /></Gate>} />
        <Route path="budget" element={<Gate ability="budget.read"><ToCurrentCampaign section="budget" /></Gate>} />
        <Route path="my-surveys" element={<Gate ability="org.read">{lazyPage(<MySurveysPage />)}</Gate>} />
        <Route path="surveys" element={<Gate ability="survey.read"><ToCurrentCampaign section="surveys" /></Gate>} />
        <Route path="conduct" element={<Gate ability="conduct.read"><ToCurrentCampaign section="conduct" /></Gate>} />
        <Route path="*" element={<NotFound />} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
