import type { FastifyInstance } from 'fastify';
import { assessment } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { listBudgets, setBudget } from './budgets.ts';

export function budgetRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, assessment.listBudgets, { access: 'budget.read', unitScoped: true, handler: async (c, i) => listBudgets(db, c.actor!, i.params.id, s.clock.now()) });
  route(app, s, assessment.setBudget, { access: 'budget.manage', handler: async (c, i) => runTx(s, c, (t) => setBudget(t, i.params.id, i.params.unitId, i.body)) });
}
