import type { Dict } from '../../lib/i18n.tsx';
import { common } from '../../lib/common.ts';

export const authDict = {
  ...common,
  loginTitle: { zh: '工作人员登录', en: 'Staff sign-in' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  login: { zh: '登 录', en: 'Sign in' },
  usernameRequired: { zh: '请输入用户名', en: 'Enter your username' },
  passwordRequired: { zh: '请输入密码', en: 'Enter your password' },
  changeTitle: { zh: '修改密码', en: 'Change password' },
  mustChange: {
    zh: '这是初始密码。为保障账号安全,请先设置新密码,之后才能使用系统。',
    en: 'This is an initial password. Set a new one before using the system.',
  },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  confirmPassword: { zh: '确认新密码', en: 'Confirm new password' },
  mismatch: { zh: '两次输入的新密码不一致', en: 'The two new passwords differ' },
  policyHint: {
    zh: '密码须符合安全策略:足够长,并混合大小写字母、数字和符号,不能包含用户名。',
    en: 'The password must meet the security policy: long enough, mixing upper and lower case, digits and symbols, and not containing the username.',
  },
  changed: { zh: '密码已修改', en: 'Password changed' },
  submitChange: { zh: '修改密码', en: 'Change password' },
  signOut: { zh: '退出登录', en: 'Sign out' },
} satisfies Dict;
