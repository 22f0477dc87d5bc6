import type { FastifyInstance } from 'fastify';
import { catalogue } from '@luoshi/contracts';
import { fileRoute, route } from '../../platform/http.ts';
import { receiveOneFile } from '../../platform/files/receive.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { createItem, decideItem, listItems, updateItem } from './items.ts';
import { catalogueWorkbook, importCatalogue } from './sheet.ts';

const MAX_SHEET_BYTES = 10 * 1024 * 1024;

export function catalogueRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, catalogue.listItems, { access: 'catalogue.read', handler: async (_c, i) => listItems(db, i.query) });
  route(app, s, catalogue.createItem, { access: 'catalogue.manage', handler: async (c, i) => runTx(s, c, (t) => createItem(t, i.body)) });
  route(app, s, catalogue.updateItem, { access: 'catalogue.manage', handler: async (c, i) => runTx(s, c, (t) => updateItem(t, i.params.id, i.body)) });
  route(app, s, catalogue.decideItem, { access: 'catalogue.manage', handler: async (c, i) => runTx(s, c, (t) => decideItem(t, i.params.id, i.body)) });
  fileRoute(app, s, catalogue.exportCatalogue, {
    access: 'catalogue.read',
    handler: async () => ({ filename: '行政审批事项目录.xlsx', asciiFilename: 'approval-items.xlsx', contentType: catalogue.XLSX_MIME, body: await catalogueWorkbook(db) }),
  });
  route(app, s, catalogue.importCatalogue, {
    access: 'catalogue.manage',
    handler: async (c, i) => {
      const { data } = await receiveOneFile(c.req, { maxBytes: MAX_SHEET_BYTES, noFile: { zh: '请选择 .xlsx 文件', en: 'choose an .xlsx file' } });
      return runTx(s, c, (t) => importCatalogue(t, data, i.query.dryRun === 'true'));
    },
  });
}
