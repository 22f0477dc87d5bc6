import type { FastifyInstance } from 'fastify';
import { admin } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { createUser, listUsers, resetPassword, setDisabled, setSystemRoles, unlockUser } from './users.ts';
import { getSecurityPolicy, updateSecurityPolicy } from './security-policy.ts';

export function adminRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, admin.listUsers, { access: 'user.read', handler: async (c, i) => listUsers(db, c.actor!, s.clock.now(), i.query) });
  route(app, s, admin.createUser, {
    access: 'user.manage',
    handler: async (c, i) => runTx(s, c, (t) => createUser(t, i.body)),
  });
  route(app, s, admin.updateUser, {
    access: 'user.manage',
    handler: async (c, i) => runTx(s, c, (t) => setDisabled(t, i.params.id, i.body.disabled)),
  });
  route(app, s, admin.resetPassword, {
    access: 'user.manage',
    handler: async (c, i) => runTx(s, c, (t) => resetPassword(t, i.params.id, i.body.newPassword)),
  });
  route(app, s, admin.unlockUser, { access: 'user.unlock', handler: async (c, i) => runTx(s, c, (t) => unlockUser(t, i.params.id)) });
  route(app, s, admin.setSystemRoles, {
    access: 'user.grantSystemRole',
    handler: async (c, i) => runTx(s, c, (t) => setSystemRoles(t, i.params.id, i.body.roles)),
  });
  route(app, s, admin.getSecurityPolicy, { access: 'security.readPolicy', handler: async (c) => getSecurityPolicy(db, c.actor!) });
  route(app, s, admin.updateSecurityPolicy, {
    access: 'security.managePolicy',
    handler: async (c, i) => runTx(s, c, (t) => updateSecurityPolicy(t, i.body)),
  });
}
