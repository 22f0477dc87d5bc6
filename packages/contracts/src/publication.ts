/** What the public sees is decided by the office, item by item; public commitments; client-app keys. */
import { z } from 'zod';
import { endpoint, pageBy, DateOnly, Id, IdParams, OptText, Paged, Text } from './endpoint.ts';

/** `ranking`: the assessment ranking of a closed year; its entity id is the campaign's id */
export const PUBLISHABLE = ['task', 'notice', 'report', 'attachment', 'commitment', 'case', 'catalogue', 'ranking'] as const;
export const setPublished = endpoint({
  id: 'setPublished',
  method: 'POST',
  path: '/api/v1/publications',
  summary: '公开或撤回公开 Publish or withdraw an item',
  tag: 'publication',
  body: z.object({ entityType: z.enum(PUBLISHABLE), entityId: Id, published: z.boolean() }),
  response: z.object({ entityType: z.enum(PUBLISHABLE), entityId: z.string(), published: z.boolean() }),
});
export const listPublished = endpoint({
  id: 'listPublished',
  method: 'GET',
  path: '/api/v1/publications',
  summary: '已公开事项 Published items',
  tag: 'publication',
  /**
   * The items listed as published (bulletins, progress reports, evidence files, rankings; tasks,
   * cases, catalogue items and commitments carry their own flag), newest first; `title` names the
   * item as the office knows it (empty when the item is gone).
   */
  query: z.object({ entityType: z.enum(PUBLISHABLE).optional() }).extend(pageBy(100, 500).shape),
  response: Paged(z.object({ entityType: z.string(), entityId: z.string(), title: z.string(), publishedBy: z.string(), publishedAt: z.string() })),
});

export const COMMITMENT_STATUSES = ['open', 'done'] as const;
export const Commitment = z.object({ id: z.string(), unitId: z.string(), unitName: z.string(), problem: z.string(), commitment: z.string(), dueOn: z.string(), status: z.enum(COMMITMENT_STATUSES), doneOn: z.string().nullable(), progressNote: z.string(), published: z.boolean() });
export const listCommitments = endpoint({ id: 'listPublicCommitments', method: 'GET', path: '/api/v1/commitments', summary: '公开承诺 Public commitments', tag: 'publication', response: z.object({ items: z.array(Commitment) }) });
export const createCommitment = endpoint({
  id: 'createPublicCommitment',
  method: 'POST',
  path: '/api/v1/commitments',
  summary: '登记承诺 Record a commitment',
  tag: 'publication',
  body: z.object({ unitId: Id, problem: Text(1000), commitment: Text(2000), dueOn: DateOnly, published: z.boolean().default(false) }),
  response: Commitment,
});
export const updateCommitment = endpoint({
  id: 'updatePublicCommitment',
  method: 'PATCH',
  path: '/api/v1/commitments/:id',
  summary: '更新承诺进展 Update a commitment',
  tag: 'publication',
  params: IdParams,
  body: z.object({ status: z.enum(COMMITMENT_STATUSES).optional(), progressNote: OptText(2000).optional(), published: z.boolean().optional() }),
  response: Commitment,
});

export const ApiKey = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() });
export const listApiKeys = endpoint({ id: 'listApiKeys', method: 'GET', path: '/api/v1/api-keys', summary: 'Open311 客户端密钥 Client-app keys', tag: 'publication', response: z.object({ items: z.array(ApiKey) }) });
export const createApiKey = endpoint({
  id: 'createApiKey',
  method: 'POST',
  path: '/api/v1/api-keys',
  summary: '签发密钥(仅显示一次)Issue a key, shown once',
  tag: 'publication',
  body: z.object({ name: z.string().trim().regex(/^[A-Za-z0-9_.-]{2,60}$/) }),
  response: ApiKey.extend({ key: z.string() }),
});
export const revokeApiKey = endpoint({ id: 'revokeApiKey', method: 'POST', path: '/api/v1/api-keys/:id/revoke', summary: '吊销密钥 Revoke a key', tag: 'publication', params: IdParams, response: ApiKey });
