import type { FastifyInstance } from 'fastify';
import { tasks } from '@luoshi/contracts';
import { LuoshiError } from '@luoshi/domain';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { listTasks, taskDetail } from './read-tasks.ts';
import { createTask, deleteTask, setResponsibility, updateTask } from './save-task.ts';

export function taskRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, tasks.listTasks, { access: 'task.read', unitScoped: true, handler: async (c, i) => listTasks(db, c.actor!, i.params.id, i.query, s.clock.now()) });
  route(app, s, tasks.getTask, { access: 'task.read', unitScoped: true, handler: async (c, i) => taskDetail(db, c.actor!, i.params.id, s.clock.now()) });
  route(app, s, tasks.createTask, { access: 'task.manage', handler: async (c, i) => runTx(s, c, (t) => createTask(t, i.params.id, i.body)) });
  route(app, s, tasks.updateTask, { access: 'task.manage', handler: async (c, i) => runTx(s, c, (t) => updateTask(t, i.params.id, i.body)) });
  route(app, s, tasks.setResponsibility, { access: 'task.manage', handler: async (c, i) => runTx(s, c, (t) => setResponsibility(t, i.params.id, i.body)) });
  route(app, s, tasks.deleteTask, { access: 'task.manage', handler: async (c, i) => runTx(s, c, (t) => deleteTask(t, i.params.id)) });
  route(app, s, tasks.getJob, {
    access: 'session',
    handler: async (c, i) => {
      const j = await db.selectFrom('jobs').selectAll().where('id', '=', i.params.id).executeTakeFirst();
      if (!j || j.created_by !== c.actor!.userId) throw new LuoshiError('NOT_FOUND');
      return {
        id: j.id,
        kind: j.kind,
        status: j.status as 'running' | 'succeeded' | 'failed',
        progress: j.progress,
        total: j.total,
        result: j.result ? JSON.parse(j.result) : null,
        createdAt: j.created_at,
        updatedAt: j.updated_at,
      };
    },
  });
}
