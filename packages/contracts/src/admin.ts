import { z } from 'zod';
import { SYSTEM_ROLES } from '@luoshi/domain';
import { endpoint, pageBy, Id, IdParams, Ok, PageQuery, Paged } from './endpoint.ts';

export const UserAccount = z.object({
  id: z.string(),
  username: z.string(),
  personId: z.string().nullable(),
  displayName: z.string(),
  unitName: z.string().nullable(),
  systemRoles: z.array(z.enum(SYSTEM_ROLES)),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserAccountT = z.infer<typeof UserAccount>;

export const listUsers = endpoint({
  id: 'listUsers',
  method: 'GET',
  path: '/api/v1/users',
  summary: '账号列表 Accounts',
  tag: 'admin',
  /** by username (then id); q: part of the username or of the person's name */
  query: z.object({ q: z.string().trim().max(60).optional() }).extend(pageBy(100, 500).shape),
  response: Paged(UserAccount),
});

const Username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, { message: 'username' });

export const createUser = endpoint({
  id: 'createUser',
  method: 'POST',
  path: '/api/v1/users',
  summary: '新建账号 Create account',
  tag: 'admin',
  body: z.object({ username: Username, personId: Id, initialPassword: z.string().min(1).max(256) }),
  response: UserAccount,
});
export const updateUser = endpoint({
  id: 'updateUser',
  method: 'PATCH',
  path: '/api/v1/users/:id',
  summary: '启用或停用账号 Enable or disable an account',
  tag: 'admin',
  params: IdParams,
  body: z.object({ disabled: z.boolean() }),
  response: UserAccount,
});
export const resetPassword = endpoint({
  id: 'resetPassword',
  method: 'POST',
  path: '/api/v1/users/:id/reset-password',
  summary: '重置密码 Reset password',
  tag: 'admin',
  params: IdParams,
  body: z.object({ newPassword: z.string().min(1).max(256) }),
  response: UserAccount,
});
export const unlockUser = endpoint({
  id: 'unlockUser',
  method: 'POST',
  path: '/api/v1/users/:id/unlock',
  summary: '解除锁定 Unlock account',
  tag: 'admin',
  params: IdParams,
  response: UserAccount,
});
export const setSystemRoles = endpoint({
  id: 'setSystemRoles',
  method: 'PUT',
  path: '/api/v1/users/:id/system-roles',
  summary: '授予三员角色 Grant system roles',
  tag: 'admin',
  params: IdParams,
  body: z.object({ roles: z.array(z.enum(SYSTEM_ROLES)).max(1) }),
  response: UserAccount,
});

export const SecurityPolicy = z.object({
  minLength: z.number().int().min(8).max(64),
  minClasses: z.number().int().min(1).max(4),
  maxFailedLogins: z.number().int().min(3).max(20),
  lockMinutes: z.number().int().min(1).max(1440),
  idleTimeoutMinutes: z.number().int().min(5).max(480),
  absoluteTimeoutHours: z.number().int().min(1).max(72),
});
export const getSecurityPolicy = endpoint({
  id: 'getSecurityPolicy',
  method: 'GET',
  path: '/api/v1/security/policy',
  summary: '安全策略 Security policy',
  tag: 'admin',
  response: SecurityPolicy,
});
export const updateSecurityPolicy = endpoint({
  id: 'updateSecurityPolicy',
  method: 'PUT',
  path: '/api/v1/security/policy',
  summary: '修改安全策略 Update security policy',
  tag: 'admin',
  body: SecurityPolicy,
  response: SecurityPolicy,
});

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export const listAudit = endpoint({
  id: 'listAudit',
  method: 'GET',
  path: '/api/v1/audit',
  summary: '审计日志 Audit log',
  tag: 'audit',
  query: PageQuery.extend({
    entityType: z.string().trim().max(60).optional(),
    entityId: z.string().trim().max(64).optional(),
    actorUserId: z.string().trim().max(64).optional(),
    action: z.string().trim().max(60).optional(),
  }),
  response: z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }),
});
export const verifyAudit = endpoint({
  id: 'verifyAudit',
  method: 'GET',
  path: '/api/v1/audit/verify',
  summary: '校验审计链 Verify the audit chain',
  tag: 'audit',
  response: z.object({
    ok: z.boolean(),
    entries: z.number().int(),
    brokenAt: z.number().int().nullable(),
    reason: z.string().nullable(),
  }),
});

export { Id, Ok };
