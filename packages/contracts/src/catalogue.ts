/** The catalogue of administrative approval items (行政审批事项, R-PUB-4) and its cleanup decisions. */
import { z } from 'zod';
import { endpoint, DateOnly, Id, IdParams, OptText, Text } from './endpoint.ts';

export const ITEM_KINDS = ['licence', 'confirmation', 'registration', 'other'] as const;
export const ITEM_KIND_LABELS: Record<(typeof ITEM_KINDS)[number], string> = { licence: '行政许可', confirmation: '行政确认', registration: '登记备案', other: '其他审批' };
/** 清理规范: keep, merge, cancel, delegate to a lower level, simplify */
export const DECISIONS = ['keep', 'merge', 'cancel', 'delegate', 'simplify'] as const;
export const DECISION_LABELS: Record<(typeof DECISIONS)[number], string> = { keep: '保留', merge: '合并', cancel: '取消', delegate: '下放', simplify: '简化' };
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const Item = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(ITEM_KINDS),
  unitId: z.string(),
  unitName: z.string(),
  legalBasis: z.string(),
  materials: z.array(z.string()),
  steps: z.array(z.string()),
  legalDays: z.number().int().nullable(),
  promisedDays: z.number().int().nullable(),
  fee: z.string(),
  decision: z.enum(DECISIONS).nullable(),
  decisionOn: z.string().nullable(),
  decisionNote: z.string(),
  published: z.boolean(),
  rowVersion: z.number().int(),
});
export type ItemT = z.infer<typeof Item>;

export const ItemBody = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/),
  name: Text(200),
  kind: z.enum(ITEM_KINDS).default('licence'),
  unitId: Id,
  legalBasis: Text(2000),
  materials: z.array(Text(300)).max(100).default([]),
  steps: z.array(Text(300)).max(50).default([]),
  legalDays: z.number().int().min(0).max(3650).nullable().default(null),
  promisedDays: z.number().int().min(0).max(3650).nullable().default(null),
  fee: OptText(200).default(''),
  published: z.boolean().default(false),
});

export const listItems = endpoint({
  id: 'listCatalogue',
  method: 'GET',
  path: '/api/v1/catalogue',
  summary: '行政审批事项目录 Approval items',
  tag: 'catalogue',
  query: z.object({ unitId: Id.optional(), decision: z.enum([...DECISIONS, 'none']).optional(), q: z.string().trim().max(100).optional() }),
  response: z.object({ items: z.array(Item) }),
});
export const createItem = endpoint({ id: 'createCatalogueItem', method: 'POST', path: '/api/v1/catalogue', summary: '新增审批事项 Add an item', tag: 'catalogue', body: ItemBody, response: Item });
export const updateItem = endpoint({
  id: 'updateCatalogueItem',
  method: 'PATCH',
  path: '/api/v1/catalogue/:id',
  summary: '修改审批事项 Change an item',
  tag: 'catalogue',
  params: IdParams,
  body: ItemBody.omit({ code: true }).partial().extend({ rowVersion: z.number().int() }),
  response: Item,
});
export const decideItem = endpoint({
  id: 'decideCatalogueItem',
  method: 'POST',
  path: '/api/v1/catalogue/:id/decision',
  summary: '清理决定(保留、合并、取消、下放、简化)Cleanup decision',
  tag: 'catalogue',
  params: IdParams,
  body: z.object({ rowVersion: z.number().int(), decision: z.enum(DECISIONS), decisionOn: DateOnly, note: OptText(1000).default('') }),
  response: Item,
});
export const exportCatalogue = endpoint({ id: 'exportCatalogue', method: 'GET', path: '/api/v1/catalogue/export.xlsx', summary: '导出目录 Export the catalogue (.xlsx)', tag: 'catalogue', response: z.unknown() });
export const importCatalogue = endpoint({
  id: 'importCatalogue',
  method: 'POST',
  path: '/api/v1/catalogue/import',
  summary: '导入目录(multipart,字段 file;全部保存或全部不保存)Import the catalogue: all rows or none',
  tag: 'catalogue',
  query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
  response: z.object({ created: z.number().int(), updated: z.number().int(), dryRun: z.boolean() }),
});
