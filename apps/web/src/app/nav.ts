/** The side menu: each entry shows only when the user's abilities (and role) allow it. */
import type { MeT } from '@luoshi/contracts';
import type { Dict } from '../lib/i18n.tsx';

export interface Where {
  pathname: string;
  search: string;
}

export interface NavItem {
  key: string;
  /** where the entry leads (may carry a query, e.g. scope=mine) */
  path: string;
  ability: string;
  label: keyof typeof navLabels;
  /** a further condition on the user, beyond the ability */
  show?: (u: MeT) => boolean;
  /** whether the entry is the current one; by default the path and what is under it */
  active?: (w: Where) => boolean;
}

export const navLabels = {
  dashboard: { zh: '看板', en: 'Dashboard' },
  myTasks: { zh: '我的任务', en: 'My tasks' },
  mySurveys: { zh: '待我评议', en: 'My questionnaires' },
  charge: { zh: '分管单位', en: 'Units in my charge' },
  tasks: { zh: '任务分解', en: 'Task breakdown' },
  timetable: { zh: '时间进度表', en: 'Timetable' },
  review: { zh: '完成情况测评', en: 'Review queue' },
  daily: { zh: '日常跟踪', en: 'Daily tracking' },
  proposals: { zh: '督查建议', en: 'Proposals' },
  notices: { zh: '督查通知', en: 'Notices' },
  approvals: { zh: '待我审定', en: 'Awaiting my approval' },
  accountability: { zh: '效能问责', en: 'Accountability' },
  ledger: { zh: '扣分台账', en: 'Deduction ledger' },
  cases: { zh: '群众诉求', en: 'Citizens’ cases' },
  petitions: { zh: '信访工作', en: 'Petitions' },
  catalogue: { zh: '审批事项目录', en: 'Approval items' },
  publication: { zh: '政务公开', en: 'Publication' },
  assessment: { zh: '年度考核', en: 'Annual assessment' },
  awards: { zh: '评选表彰', en: 'Awards' },
  budget: { zh: '经费挂钩', en: 'Budget link' },
  surveys: { zh: '效能评议', en: 'Efficiency evaluation' },
  conduct: { zh: '五个一', en: 'The five ones' },
  plans: { zh: '实施方案', en: 'Unit plans' },
  campaigns: { zh: '活动', en: 'Campaigns' },
  units: { zh: '单位', en: 'Units' },
  people: { zh: '人员', en: 'People' },
  leadingGroup: { zh: '领导小组', en: 'Leading group' },
  accounts: { zh: '账号管理', en: 'Accounts' },
  security: { zh: '安全策略', en: 'Security policy' },
  audit: { zh: '审计日志', en: 'Audit log' },
  changePassword: { zh: '修改密码', en: 'Change password' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  menu: { zh: '菜单', en: 'Menu' },
  home: { zh: '首页', en: 'Home' },
  nothing: { zh: '您的账号暂无可用功能,请联系系统管理员。', en: 'Your account has nothing to open yet; ask the system administrator.' },
} satisfies Dict;

/** The section of a campaign page (/app/campaigns/:id/<section>/…), or null. */
export function campaignSection(pathname: string): string | null {
  return /^\/app\/campaigns\/[^/]+\/([a-z]+)/.exec(pathname)?.[1] ?? null;
}

function scopeOf(search: string): string {
  return new URLSearchParams(search).get('scope') ?? 'all';
}

const section = (name: string) => (w: Where) => campaignSection(w.pathname) === name || w.pathname === `/app/${name}`;
const tasksIn = (scope: string) => (w: Where) => (campaignSection(w.pathname) === 'tasks' || w.pathname === '/app/tasks') && scopeOf(w.search) === scope;

/** Members of a unit other than the county government itself have tasks of their own. */
export const hasOwnTasks = (u: MeT) => u.memberships.some((m) => !m.unitFunctions.includes('government'));
const isOffice = (u: MeT) => u.memberships.some((m) => m.unitFunctions.includes('office'));
/** Every member may read the roster and the catalogue; the menu offers them to those who keep or record them. */
const mayAny = (...abilities: string[]) => (u: MeT) => abilities.some((a) => u.abilities.includes(a));
/** a county leader: principal or deputy of the county government */
const governs = (u: MeT) => u.memberships.some((m) => m.unitFunctions.includes('government') && (m.role === 'principal' || m.role === 'deputy'));

export const NAV: NavItem[] = [
  { key: 'dashboard', path: '/app/dashboard', ability: 'dashboard.read', label: 'dashboard', active: section('dashboard') },
  { key: 'mine', path: '/app/tasks?scope=mine', ability: 'task.read', label: 'myTasks', show: hasOwnTasks, active: tasksIn('mine') },
  // 代表委员 (an account without a unit or system role) answer the questionnaires inviting them; staff answer on the evaluation page too
  { key: 'mySurveys', path: '/app/my-surveys', ability: 'org.read', label: 'mySurveys', show: (u) => u.memberships.length === 0 && u.systemRoles.length === 0 },
  {
    key: 'charge',
    path: '/app/tasks?scope=charge',
    ability: 'task.read',
    label: 'charge',
    show: (u) => u.chargedUnitIds.length > 0,
    active: tasksIn('charge'),
  },
  {
    key: 'tasks',
    path: '/app/tasks',
    ability: 'task.read',
    label: 'tasks',
    active: (w) => tasksIn('all')(w) || (w.pathname.startsWith('/app/tasks/') && w.pathname !== '/app/tasks/'),
  },
  { key: 'timetable', path: '/app/timetable', ability: 'task.read', label: 'timetable', active: section('timetable') },
  { key: 'review', path: '/app/review', ability: 'report.review', label: 'review', active: section('review') },
  { key: 'daily', path: '/app/daily', ability: 'dashboard.read', label: 'daily', active: section('daily') },
  // 督查问责 (R-ESC)
  { key: 'approvals', path: '/app/approvals', ability: 'notice.approve', label: 'approvals' },
  { key: 'proposals', path: '/app/proposals', ability: 'proposal.manage', label: 'proposals', active: section('proposals') },
  {
    key: 'notices',
    path: '/app/notices',
    ability: 'notice.read',
    label: 'notices',
    active: (w) => section('notices')(w) || w.pathname.startsWith('/app/notices/'),
  },
  { key: 'accountability', path: '/app/accountability', ability: 'accountability.read', label: 'accountability', active: section('accountability') },
  { key: 'ledger', path: '/app/ledger', ability: 'ledger.read', label: 'ledger', active: section('ledger') },
  // 政务公开与群众诉求 (R-PUB)
  {
    key: 'cases',
    path: '/app/cases',
    ability: 'case.read',
    label: 'cases',
    active: (w) => w.pathname === '/app/cases' || w.pathname.startsWith('/app/cases/') || w.pathname === '/app/case-categories' || w.pathname === '/app/case-satisfaction',
  },
  { key: 'petitions', path: '/app/petitions', ability: 'petition.read', label: 'petitions', show: mayAny('petition.manage', 'visit.record') },
  { key: 'catalogue', path: '/app/catalogue', ability: 'catalogue.read', label: 'catalogue', show: mayAny('catalogue.manage') },
  { key: 'publication', path: '/app/publication', ability: 'publication.manage', label: 'publication' },
  // 年度考核 (R-ASSESS) and 五个一 (R-FIVE)
  { key: 'assessment', path: '/app/assessment', ability: 'assessment.read', label: 'assessment', active: section('assessment') },
  { key: 'awards', path: '/app/awards', ability: 'award.read', label: 'awards', active: section('awards') },
  { key: 'budget', path: '/app/budget', ability: 'budget.read', label: 'budget', active: section('budget') },
  { key: 'surveys', path: '/app/surveys', ability: 'survey.read', label: 'surveys', active: section('surveys') },
  { key: 'conduct', path: '/app/conduct', ability: 'conduct.read', label: 'conduct', active: section('conduct') },
  { key: 'plans', path: '/app/plans', ability: 'plan.read', label: 'plans', show: (u) => isOffice(u) || hasOwnTasks(u) || governs(u), active: section('plans') },
  {
    key: 'campaigns',
    path: '/app/campaigns',
    ability: 'campaign.read',
    label: 'campaigns',
    active: (w) => w.pathname === '/app/campaigns' || (w.pathname.startsWith('/app/campaigns/') && campaignSection(w.pathname) === null),
  },
  { key: 'units', path: '/app/units', ability: 'org.read', label: 'units' },
  { key: 'people', path: '/app/people', ability: 'org.read', label: 'people' },
  { key: 'leadingGroup', path: '/app/leading-group', ability: 'org.read', label: 'leadingGroup' },
  { key: 'accounts', path: '/app/accounts', ability: 'user.read', label: 'accounts' },
  { key: 'security', path: '/app/security', ability: 'security.readPolicy', label: 'security' },
  { key: 'audit', path: '/app/audit', ability: 'audit.read', label: 'audit' },
];

export function visibleNav(user: MeT | null, can: (a: string) => boolean): NavItem[] {
  return user ? NAV.filter((n) => can(n.ability) && (!n.show || n.show(user))) : [];
}

export function isActive(n: NavItem, w: Where): boolean {
  return n.active ? n.active(w) : w.pathname === n.path || w.pathname.startsWith(`${n.path}/`);
}

/**
 * Where a user lands: the office and county leaders on the dashboard, a unit's staff on their own
 * tasks, everyone else on the first entry they may open.
 */
export function homeOf(user: MeT | null, can: (a: string) => boolean): string | null {
  const items = visibleNav(user, can);
  if (!user || !items.length) return null;
  const leader = user.chargedUnitIds.length > 0 || user.memberships.some((m) => m.unitFunctions.includes('government') && m.role === 'principal');
  const prefer = isOffice(user) || leader ? ['dashboard', 'mine'] : ['mine', 'dashboard'];
  for (const key of prefer) {
    const hit = items.find((n) => n.key === key);
    if (hit) return hit.path;
  }
  return items[0]!.path;
}
