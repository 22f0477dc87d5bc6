import type { FastifyInstance } from 'fastify';
import { delivery } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { createWebhook, deleteWebhook, getSmtp, listOutbox, listWebhooks, retryDelivery, sendTest, updateSmtp } from './manage.ts';

export function deliveryRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, delivery.getSmtpSettings, { access: 'delivery.read', handler: async (c) => getSmtp(db, c.actor!) });
  route(app, s, delivery.updateSmtpSettings, { access: 'delivery.manage', handler: async (c, i) => runTx(s, c, (t) => updateSmtp(t, s, i.body)) });
  route(app, s, delivery.listWebhooks, { access: 'delivery.read', handler: async (c) => listWebhooks(db, c.actor!) });
  route(app, s, delivery.createWebhook, { access: 'delivery.manage', handler: async (c, i) => runTx(s, c, (t) => createWebhook(t, s, i.body)) });
  route(app, s, delivery.deleteWebhook, { access: 'delivery.manage', handler: async (c, i) => runTx(s, c, (t) => deleteWebhook(t, i.params.id)) });
  route(app, s, delivery.sendTestMessage, { access: 'delivery.manage', handler: async (c, i) => runTx(s, c, (t) => sendTest(t, i.body)) });
  route(app, s, delivery.listDeliveries, { access: 'delivery.read', handler: async (c, i) => listOutbox(db, c.actor!, i.query) });
  route(app, s, delivery.retryDelivery, { access: 'delivery.manage', handler: async (c, i) => runTx(s, c, (t) => retryDelivery(t, i.params.id)) });
}
