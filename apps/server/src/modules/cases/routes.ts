import type { FastifyInstance } from 'fastify';
import { cases, portal } from '@luoshi/contracts';
import { localDate, type Actor } from '@luoshi/domain';
import { fileRoute, route, type RouteCtx } from '../../platform/http.ts';
import { receiveOneFile } from '../../platform/files/receive.ts';
import { runTx, type Services, type Tx } from '../../platform/context.ts';
import { personalDataCipher } from '../../platform/secrets.ts';
import type { CasesTable } from '../../platform/db/schema.ts';
import { createCase } from './intake.ts';
import { acceptCase, closeCase, replyCase, transferCase } from './handle-case.ts';
import { extendCase, pauseCase, reviewCase } from './clock-actions.ts';
import { flagCase } from './flag-case.ts';
import { detailOf, getCase, listCases, presentCtx, revealPersonal, similarCases, similarTo } from './read-cases.ts';
import { satisfactionByUnit, satisfactionWorkbook } from './satisfaction.ts';
import { deleteHoliday, importHolidays, importHolidaysXlsx, listHolidays, setHoliday } from './holidays.ts';
import { createCategory, createRoutingRule, deleteRoutingRule, listCategories, listRoutingRules, updateCasePolicy, updateCategory } from './configure.ts';
import { readCasePolicy } from './repo.ts';
import { lookupPublicCase, portalCategories, ratePublicCase, submitPublicCase } from './public-cases.ts';

/** Per network address: the public form, the look-up and the rating are open to the whole internet. */
export const PUBLIC_LIMITS = {
  submit: { max: 10, timeWindowMs: 3_600_000 },
  lookup: { max: 30, timeWindowMs: 60_000 },
  rate: { max: 10, timeWindowMs: 3_600_000 },
};

export function caseRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  /** runs a change and answers with the case as the actor now sees it */
  const change = async (c: RouteCtx, fn: (tx: Tx) => Promise<CasesTable>) => {
    const row = await runTx(s, c, fn);
    return detailOf(db, row, await presentCtx(s, c.lang), c.actor);
  };

  route(app, s, cases.listCategories, { access: 'session', handler: async () => listCategories(db) });
  route(app, s, cases.createCategory, { access: 'case.configure', handler: async (c, i) => runTx(s, c, (t) => createCategory(t, i.body)) });
  route(app, s, cases.updateCategory, { access: 'case.configure', handler: async (c, i) => runTx(s, c, (t) => updateCategory(t, i.params.id, i.body)) });
  route(app, s, cases.listRoutingRules, { access: 'case.configure', handler: async () => listRoutingRules(db) });
  route(app, s, cases.createRoutingRule, { access: 'case.configure', handler: async (c, i) => runTx(s, c, (t) => createRoutingRule(t, i.body)) });
  route(app, s, cases.deleteRoutingRule, { access: 'case.configure', handler: async (c, i) => runTx(s, c, (t) => deleteRoutingRule(t, i.params.id)) });
  route(app, s, cases.getCasePolicy, { access: 'case.read', handler: async () => readCasePolicy(db) });
  route(app, s, cases.updateCasePolicy, { access: 'case.configure', handler: async (c, i) => runTx(s, c, (t) => updateCasePolicy(t, i.body)) });

  route(app, s, cases.intakeCase, {
    access: 'case.intake',
    handler: async (c, i) => {
      const row = await runTx(s, c, (t) => createCase(t, { ...i.body, lat: null, lng: null }, personalDataCipher(s.config.dataDir)));
      const ctx = await presentCtx(s, c.lang);
      const similar = await similarTo(db, `${row.title} ${row.content}`, row.id, localDate(s.clock.now()), ctx.units);
      return { case: await detailOf(db, row, ctx, c.actor), similar };
    },
  });
  route(app, s, cases.listCases, { access: 'case.read', unitScoped: true, handler: async (c, i) => listCases(s, c.actor as Actor, i.query, c.lang) });
  route(app, s, cases.getCase, { access: 'case.read', unitScoped: true, handler: async (c, i) => getCase(s, c.actor as Actor, i.params.id, c.lang) });
  route(app, s, cases.revealPersonal, { access: 'case.readPersonal', unitScoped: true, handler: async (c, i) => revealPersonal(s, c, i.params.id) });
  route(app, s, cases.similarCases, { access: 'case.read', unitScoped: true, handler: async (c, i) => similarCases(s, c.actor as Actor, i.params.id) });
  route(app, s, cases.acceptCase, { access: 'case.handle', unitScoped: true, handler: async (c, i) => change(c, (t) => acceptCase(t, i.params.id, i.body)) });
  route(app, s, cases.transferCase, { access: 'case.handle', unitScoped: true, handler: async (c, i) => change(c, (t) => transferCase(t, i.params.id, i.body)) });
  route(app, s, cases.replyCase, { access: 'case.handle', unitScoped: true, handler: async (c, i) => change(c, (t) => replyCase(t, i.params.id, i.body)) });
  route(app, s, cases.closeCase, { access: 'case.handle', unitScoped: true, handler: async (c, i) => change(c, (t) => closeCase(t, i.params.id, i.body)) });
  route(app, s, cases.extendCase, { access: 'case.handle', unitScoped: true, handler: async (c, i) => change(c, (t) => extendCase(t, i.params.id, i.body)) });
  route(app, s, cases.pauseCase, { access: 'case.handle', unitScoped: true, handler: async (c, i) => change(c, (t) => pauseCase(t, i.params.id, i.body)) });
  route(app, s, cases.reviewCase, { access: 'case.handle', unitScoped: true, handler: async (c, i) => change(c, (t) => reviewCase(t, i.params.id, i.body)) });
  route(app, s, cases.flagCase, { access: 'case.dispatch', handler: async (c, i) => change(c, (t) => flagCase(t, i.params.id, i.body)) });
  route(app, s, cases.satisfaction, { access: 'case.read', unitScoped: true, handler: async (c, i) => satisfactionByUnit(s, c.actor as Actor, i.query) });
  fileRoute(app, s, cases.exportSatisfaction, { access: 'case.read', unitScoped: true, handler: async (c, i) => satisfactionWorkbook(s, c.actor as Actor, i.query) });

  route(app, s, cases.listHolidays, { access: 'case.read', handler: async (_c, i) => listHolidays(db, i.query.year) });
  route(app, s, cases.setHoliday, { access: 'case.configure', handler: async (c, i) => runTx(s, c, (t) => setHoliday(t, i.params.date, i.body)) });
  route(app, s, cases.deleteHoliday, { access: 'case.configure', handler: async (c, i) => runTx(s, c, (t) => deleteHoliday(t, i.params.date)) });
  route(app, s, cases.importHolidays, { access: 'case.configure', handler: async (c, i) => runTx(s, c, (t) => importHolidays(t, i.body.year, i.body.text)) });
  route(app, s, cases.importHolidaysXlsx, {
    access: 'case.configure',
    handler: async (c, i) => {
      const { data } = await receiveOneFile(c.req, { maxBytes: 2 * 1024 * 1024, noFile: { zh: '请选择 .xlsx 文件', en: 'choose an .xlsx file' } });
      return runTx(s, c, (t) => importHolidaysXlsx(t, i.params.year, data));
    },
  });

  route(app, s, portal.categories, { access: 'public', handler: async () => portalCategories(s) });
  route(app, s, portal.submitCase, { access: 'public', rateLimit: PUBLIC_LIMITS.submit, intake: true, handler: async (c, i) => submitPublicCase(s, c.ip, i.body, c.lang) });
  route(app, s, portal.lookupCase, { access: 'public', rateLimit: PUBLIC_LIMITS.lookup, handler: async (c, i) => lookupPublicCase(s, i.body, c.lang) });
  route(app, s, portal.rateCase, { access: 'public', rateLimit: PUBLIC_LIMITS.rate, intake: true, handler: async (c, i) => ratePublicCase(s, c.ip, i.body, c.lang) });
}
