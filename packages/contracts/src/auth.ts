import { z } from 'zod';
import { GROUP_POSITIONS, SYSTEM_ROLES, UNIT_FUNCTIONS, UNIT_ROLES } from '@luoshi/domain';
import { endpoint, Ok } from './endpoint.ts';

export const Me = z.object({
  userId: z.string(),
  username: z.string(),
  personId: z.string().nullable(),
  displayName: z.string(),
  /** the person's own unit (also for people who hold no post, such as administrators) */
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  systemRoles: z.array(z.enum(SYSTEM_ROLES)),
  memberships: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      role: z.enum(UNIT_ROLES),
      unitFunctions: z.array(z.enum(UNIT_FUNCTIONS)),
    }),
  ),
  chargedUnitIds: z.array(z.string()),
  groupPositions: z.array(z.enum(GROUP_POSITIONS)),
  mustChangePassword: z.boolean(),
  /** the actions of the access policy this user may take somewhere; drives the menu */
  abilities: z.array(z.string()),
});
export type MeT = z.infer<typeof Me>;

export const SessionInfo = z.object({ user: Me, csrfToken: z.string() });

export const login = endpoint({
  id: 'login',
  method: 'POST',
  path: '/api/v1/auth/login',
  summary: '登录 Sign in',
  tag: 'auth',
  public: true,
  body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }),
  response: SessionInfo,
});

export const logout = endpoint({
  id: 'logout',
  method: 'POST',
  path: '/api/v1/auth/logout',
  summary: '退出登录 Sign out',
  tag: 'auth',
  response: Ok,
});

export const session = endpoint({
  id: 'session',
  method: 'GET',
  path: '/api/v1/auth/session',
  summary: '当前登录信息 Current session',
  tag: 'auth',
  response: SessionInfo,
});

export const changePassword = endpoint({
  id: 'changePassword',
  method: 'POST',
  path: '/api/v1/auth/password',
  summary: '修改密码 Change password',
  tag: 'auth',
  body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
  response: Ok,
});
