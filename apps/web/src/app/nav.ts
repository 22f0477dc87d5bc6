/** The side menu: each entry shows only when the user's abilities allow it. */
import type { Dict } from '../lib/i18n.tsx';

export interface NavItem {
  path: string;
  ability: string;
  label: keyof typeof navLabels;
}

export const navLabels = {
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

export const NAV: NavItem[] = [
  { path: '/app/units', ability: 'org.read', label: 'units' },
  { path: '/app/people', ability: 'org.read', label: 'people' },
  { path: '/app/leading-group', ability: 'org.read', label: 'leadingGroup' },
  { path: '/app/accounts', ability: 'user.read', label: 'accounts' },
  { path: '/app/security', ability: 'security.readPolicy', label: 'security' },
  { path: '/app/audit', ability: 'audit.read', label: 'audit' },
];
