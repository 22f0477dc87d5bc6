import type { FastifyInstance } from 'fastify';
import { supervision } from '@luoshi/contracts';
import { fileRoute, route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { draftNotice, updateNotice } from './draft-notice.ts';
import { decideNotice, fulfilNotice, submitNotice, withdrawNotice } from './workflow.ts';
import { approvalCount, approvalQueue, getNotice, listNotices, subjectTimeline } from './read-notices.ts';
import { dismissProposal, listProposals } from './proposals.ts';
import { decideAppeal, listAppeals, submitAppeal } from './appeals.ts';
import { decideAccountability, listAccountability } from './accountability.ts';
import { deductionLedger, eligibilityList } from './ledger.ts';
import { noticeDocument } from './notice-document.ts';

export function supervisionRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, supervision.listNotices, { access: 'notice.read', unitScoped: true, handler: async (c, i) => listNotices(db, c.actor!, i.params.id, i.query) });
  route(app, s, supervision.getNotice, { access: 'notice.read', unitScoped: true, handler: async (c, i) => getNotice(db, c.actor!, i.params.id) });
  route(app, s, supervision.draftNotice, { access: 'notice.draft', handler: async (c, i) => runTx(s, c, (t) => draftNotice(t, i.params.id, i.body)) });
  route(app, s, supervision.updateNotice, { access: 'notice.draft', handler: async (c, i) => runTx(s, c, (t) => updateNotice(t, i.params.id, i.body)) });
  route(app, s, supervision.submitNotice, { access: 'notice.draft', handler: async (c, i) => runTx(s, c, (t) => submitNotice(t, i.params.id)) });
  route(app, s, supervision.decideNotice, { access: 'notice.approve', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => decideNotice(t, i.params.id, i.body)) });
  route(app, s, supervision.withdrawNotice, { access: 'notice.draft', handler: async (c, i) => runTx(s, c, (t) => withdrawNotice(t, i.params.id, i.body.reason)) });
  route(app, s, supervision.fulfilNotice, { access: 'notice.draft', handler: async (c, i) => runTx(s, c, (t) => fulfilNotice(t, i.params.id, i.body.note)) });
  // whoever may read the notice may download its 公文
  fileRoute(app, s, supervision.noticeDocument, { access: 'notice.read', unitScoped: true, handler: async (c, i) => noticeDocument(db, c.actor, i.params.id, i.query.format) });
  route(app, s, supervision.approvalQueue, { access: 'session', handler: async (c) => approvalQueue(db, c.actor!, s.clock.now(), c.lang) });
  route(app, s, supervision.approvalCount, { access: 'session', handler: async (c) => approvalCount(db, c.actor!) });
  route(app, s, supervision.subjectTimeline, { access: 'task.read', unitScoped: true, handler: async (c, i) => subjectTimeline(db, c.actor!, i.params.id) });
  route(app, s, supervision.listProposals, { access: 'proposal.manage', handler: async (c, i) => listProposals(db, c.actor!, i.params.id, i.query) });
  route(app, s, supervision.dismissProposal, { access: 'proposal.manage', handler: async (c, i) => runTx(s, c, (t) => dismissProposal(t, i.params.id, i.body.reason)) });
  route(app, s, supervision.submitAppeal, { access: 'appeal.submit', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => submitAppeal(t, i.params.id, i.body.reasons)) });
  route(app, s, supervision.listAppeals, { access: 'notice.read', unitScoped: true, handler: async (c, i) => listAppeals(db, c.actor!, i.params.id) });
  route(app, s, supervision.decideAppeal, { access: 'appeal.decide', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => decideAppeal(t, i.params.id, i.body)) });
  route(app, s, supervision.listAccountability, { access: 'accountability.read', handler: async (c, i) => listAccountability(db, c.actor!, i.params.id) });
  route(app, s, supervision.decideAccountability, { access: 'accountability.decide', handler: async (c, i) => runTx(s, c, (t) => decideAccountability(t, i.params.id, i.body)) });
  route(app, s, supervision.deductionLedger, { access: 'ledger.read', unitScoped: true, handler: async (c, i) => deductionLedger(db, c.actor!, i.params.id, i.query.unitId) });
  route(app, s, supervision.eligibility, {
    access: 'ledger.read',
    unitScoped: true,
    handler: async (c, i) => eligibilityList(db, c.actor!, i.params.id, i.query.unitId, i.query.includeReversed === 'true'),
  });
}
