import type { FastifyInstance } from 'fastify';
import { assessment } from '@luoshi/contracts';
import { fileRoute, route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { listBudgets, setBudget } from './budgets.ts';
import { budgetSheet } from './sheet.ts';

export function budgetRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, assessment.listBudgets, { access: 'budget.read', unitScoped: true, handler: async (c, i) => listBudgets(db, c.actor!, i.params.id, s.clock.now()) });
  route(app, s, assessment.setBudget, { access: 'budget.manage', handler: async (c, i) => runTx(s, c, (t) => setBudget(t, i.params.id, i.params.unitId, i.body)) });
  fileRoute(app, s, assessment.budgetSheet, {
    access: 'budget.read',
    unitScoped: true,
    handler: async (c, i) => {
      const { year, body } = await budgetSheet(db, c.actor!, i.params.id, s.clock.now());
      return { filename: `${year}年度经费挂钩表.xlsx`, asciiFilename: `budget-${year}.xlsx`, contentType: assessment.XLSX_MIME_TYPE, body };
    },
  });
}
