import type { FastifyInstance } from 'fastify';
import { org } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { getUnit, listPeople, listRegions, listUnits } from './read-org.ts';
import { createUnit, updateUnit } from './save-unit.ts';
import { createPerson, updatePerson } from './save-person.ts';
import { assignPost, createPost, updatePost } from './save-post.ts';
import { createRegion } from './save-region.ts';
import { addGroupMember, getLeadingGroup, removeGroupMember, setCharges, updateLeadingGroup } from './leading-group.ts';

export function orgRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  const tx = <T>(ctx: { actor: import('@luoshi/domain').Actor | null; ip: string }, fn: Parameters<typeof runTx<T>>[2]) =>
    runTx(s, { actor: ctx.actor, ip: ctx.ip }, fn);

  route(app, s, org.listRegions, { access: 'org.read', handler: async (c) => listRegions(db, c.actor!) });
  route(app, s, org.createRegion, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => createRegion(t, i.body)) });
  route(app, s, org.listUnits, { access: 'org.read', handler: async (c, i) => listUnits(db, c.actor!, i.query) });
  route(app, s, org.getUnit, { access: 'org.read', unitScoped: true, handler: async (c, i) => getUnit(db, c.actor!, i.params.id) });
  route(app, s, org.createUnit, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => createUnit(t, i.body)) });
  route(app, s, org.updateUnit, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => updateUnit(t, i.params.id, i.body)) });
  route(app, s, org.listPeople, { access: 'org.read', unitScoped: true, handler: async (c, i) => listPeople(db, c.actor!, i.query) });
  route(app, s, org.createPerson, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => createPerson(t, i.body)) });
  route(app, s, org.updatePerson, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => updatePerson(t, i.params.id, i.body)) });
  route(app, s, org.createPost, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => createPost(t, i.params.id, i.body)) });
  route(app, s, org.updatePost, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => updatePost(t, i.params.id, i.body)) });
  route(app, s, org.assignPost, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => assignPost(t, i.params.id, i.body)) });
  route(app, s, org.getLeadingGroup, { access: 'org.read', handler: async (c) => getLeadingGroup(db, c.actor!) });
  route(app, s, org.updateLeadingGroup, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => updateLeadingGroup(t, i.body)) });
  route(app, s, org.addGroupMember, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => addGroupMember(t, i.body)) });
  route(app, s, org.removeGroupMember, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => removeGroupMember(t, i.params.id)) });
  route(app, s, org.setCharges, { access: 'org.manage', handler: async (c, i) => tx(c, (t) => setCharges(t, i.params.id, i.body)) });
}
