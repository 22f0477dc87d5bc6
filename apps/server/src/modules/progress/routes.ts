import type { FastifyInstance } from 'fastify';
import { progress } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { confirmReport, correctReport, createReport, listReports, reviewQueue, reviewReport, submitReport, updateDraft } from './reports.ts';
import { addSelfInspection, listSelfInspections } from './self-inspection.ts';
import { dashboard } from './dashboard.ts';
import { dailyTracking } from './daily.ts';
import { listNotifications, markRead } from './notifications.ts';

export function progressRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, progress.listReports, { access: 'task.read', unitScoped: true, handler: async (c, i) => listReports(db, c.actor!, i.params.id) });
  route(app, s, progress.createReport, { access: 'report.write', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => createReport(t, i.params.id, i.body)) });
  route(app, s, progress.updateDraft, { access: 'report.write', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => updateDraft(t, i.params.id, i.body)) });
  route(app, s, progress.submitReport, { access: 'report.write', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => submitReport(t, i.params.id)) });
  route(app, s, progress.confirmReport, { access: 'report.confirm', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => confirmReport(t, i.params.id)) });
  route(app, s, progress.correctReport, { access: 'report.write', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => correctReport(t, i.params.id, i.body)) });
  route(app, s, progress.reviewReport, { access: 'report.review', handler: async (c, i) => runTx(s, c, (t) => reviewReport(t, i.params.id, i.body)) });
  route(app, s, progress.reviewQueue, { access: 'report.review', handler: async (c, i) => reviewQueue(db, c.actor!, i.params.id) });
  route(app, s, progress.listSelfInspections, { access: 'task.read', unitScoped: true, handler: async (c, i) => listSelfInspections(db, c.actor!, i.params.id) });
  route(app, s, progress.addSelfInspection, {
    access: 'selfInspection.write',
    unitScoped: true,
    handler: async (c, i) => runTx(s, c, (t) => addSelfInspection(t, i.params.id, i.body)),
  });
  route(app, s, progress.dashboard, { access: 'dashboard.read', unitScoped: true, handler: async (c, i) => dashboard(db, c.actor!, i.params.id, s.clock.now()) });
  route(app, s, progress.dailyTracking, {
    access: 'dashboard.read',
    unitScoped: true,
    handler: async (c, i) => dailyTracking(db, c.actor!, i.params.id, s.clock.now(), i.query.since),
  });
  route(app, s, progress.listNotifications, { access: 'session', handler: async (c, i) => listNotifications(db, c.actor!, i.query.unread === 'true') });
  route(app, s, progress.markNotificationsRead, { access: 'session', handler: async (c, i) => markRead(db, c.actor!, s.clock.now().toISOString(), i.body) });
}
