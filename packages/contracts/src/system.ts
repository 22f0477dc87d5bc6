import { z } from 'zod';
import { endpoint } from './endpoint.ts';

export const health = endpoint({
  id: 'health',
  method: 'GET',
  path: '/healthz',
  summary: '存活检查 Liveness',
  tag: 'system',
  public: true,
  response: z.object({ status: z.literal('ok') }),
});
export const ready = endpoint({
  id: 'ready',
  method: 'GET',
  path: '/readyz',
  summary: '就绪检查 Readiness (database reachable, migrations applied)',
  tag: 'system',
  public: true,
  response: z.object({ status: z.literal('ready'), database: z.string(), now: z.string() }),
});
