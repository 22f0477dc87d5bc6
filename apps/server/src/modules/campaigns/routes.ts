import type { FastifyInstance } from 'fastify';
import { campaigns } from '@luoshi/contracts';
import { LuoshiError } from '@luoshi/domain';
import { route } from '../../platform/http.ts';
import { runTx, requireCan, type Services } from '../../platform/context.ts';
import { presentCampaign, summary } from './present.ts';
import { policyVersions } from './policy.ts';
import { addPolicyVersion, copyCampaign, createCampaign, saveProjectList, updateCampaign } from './save-campaign.ts';

export function campaignRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, campaigns.listCampaigns, {
    access: 'campaign.read',
    handler: async () => {
      const rows = await db.selectFrom('campaigns').selectAll().orderBy('year', 'desc').orderBy('name').execute();
      const counts = await db.selectFrom('tasks').select(['campaign_id', db.fn.countAll<number>().as('n')]).groupBy('campaign_id').execute();
      const byId = new Map(counts.map((c) => [c.campaign_id, Number(c.n)]));
      return { items: rows.map((r) => summary(r, byId.get(r.id) ?? 0)) };
    },
  });
  route(app, s, campaigns.getCampaign, { access: 'campaign.read', handler: async (_c, i) => presentCampaign(db, i.params.id, s.clock.now()) });
  route(app, s, campaigns.createCampaign, { access: 'campaign.manage', handler: async (c, i) => runTx(s, c, (t) => createCampaign(t, i.body)) });
  route(app, s, campaigns.updateCampaign, { access: 'campaign.manage', handler: async (c, i) => runTx(s, c, (t) => updateCampaign(t, i.params.id, i.body)) });
  route(app, s, campaigns.copyCampaign, { access: 'campaign.manage', handler: async (c, i) => runTx(s, c, (t) => copyCampaign(t, i.params.id, i.body)) });
  route(app, s, campaigns.listPolicyVersions, {
    access: 'campaign.read',
    handler: async (c, i) => {
      requireCan(c.actor, 'campaign.read');
      const exists = await db.selectFrom('campaigns').select('id').where('id', '=', i.params.id).executeTakeFirst();
      if (!exists) throw new LuoshiError('NOT_FOUND');
      return { items: await policyVersions(db, i.params.id) };
    },
  });
  route(app, s, campaigns.addPolicyVersion, { access: 'campaign.manage', handler: async (c, i) => runTx(s, c, (t) => addPolicyVersion(t, i.params.id, i.body)) });
  route(app, s, campaigns.saveProjectList, { access: 'campaign.manage', handler: async (c, i) => runTx(s, c, (t) => saveProjectList(t, i.params.id, i.body)) });
}
