/** /open-data/v1/{tasks,bulletins,case-stats}.{json,csv}: no sign-in, only published data. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../platform/context.ts';
import { contentDisposition } from '../../platform/http.ts';
import { toCsv } from './csv.ts';
import { bulletinsDataset, caseStatsDataset, tasksDataset, type Dataset } from './datasets.ts';

const DATASETS: Record<string, (s: Services) => Promise<Dataset>> = {
  tasks: (s) => tasksDataset(s.db.kysely),
  bulletins: (s) => bulletinsDataset(s.db.kysely),
  'case-stats': (s) => caseStatsDataset(s.db.kysely),
};

export function openDataRoutes(app: FastifyInstance, s: Services): void {
  app.get('/open-data/v1/:file', async (req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const m = req.params.file.match(/^([a-z-]+)\.(json|csv)$/);
    const build = m ? DATASETS[m[1]!] : undefined;
    if (!m || !build) return reply.callNotFound();
    const data = await build(s);
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
    if (m[2] === 'json') return reply.type('application/json; charset=utf-8').send({ dataset: m[1], generatedAt: s.clock.now().toISOString(), columns: data.columns, rows: data.rows });
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('content-disposition', contentDisposition(`${m[1]}.csv`))
      .send(toCsv(data.columns, data.rows.map((r) => data.columns.map((c) => r[c] ?? null))));
  });
}
