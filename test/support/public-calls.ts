/**
 * Valid calls for the public side: cases (staff and portal), their configuration and statistics.
 * Each state-changing call gets a fresh case of 乾佑镇 in the state it needs, made through the API
 * by the office (a letter from the town's area is routed to the town).
 */
import ExcelJS from 'exceljs';
import { cases, catalogue, petitions, portal, publication } from '@luoshi/contracts';
import { addDays } from '@luoshi/domain';
import type { Fixtures, RouteCall } from './routes.ts';
import { evidence } from './work.ts';

type Builder = (f: Fixtures, username: string | null) => Promise<RouteCall>;

async function regionOf(f: Fixtures, name: string): Promise<string> {
  return (await f.t.services.db.kysely.selectFrom('regions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** A case of 乾佑镇 (with personal data) in the given state; returns its id and row version. */
export async function townCase(f: Fixtures, state: 'received' | 'handling' | 'replied' | 'reviewable' = 'received'): Promise<{ id: string; rowVersion: number; number: string; code: string }> {
  const petition = state === 'reviewable';
  const body = {
    channel: 'letter',
    categoryId: petition ? 'cat_petition' : 'cat_road',
    content: `乾佑镇第${f.next()}号来信:村道塌方,请求修复。`,
    regionId: await regionOf(f, '乾佑镇'),
    name: '测试丙',
    phone: '13600002222',
  };
  let c = (await f.ok('duchashi', cases.intakeCase, { body })).case;
  if (state !== 'received') c = await f.ok('duchashi', cases.acceptCase, { params: { id: c.id }, body: { rowVersion: c.rowVersion, accept: true } });
  if (state === 'replied' || state === 'reviewable') c = await f.ok('duchashi', cases.replyCase, { params: { id: c.id }, body: { rowVersion: c.rowVersion, reply: '已安排修复。' } });
  return { id: c.id, rowVersion: c.rowVersion, number: c.number, code: c.checkCode };
}

async function visit(f: Fixtures): Promise<string> {
  return (await f.ok('duchashi', petitions.createVisit, { body: { kind: 'receive', personId: f.ids.deputyPerson!, scheduledOn: '2013-04-30', place: '县信访接待中心' } })).id;
}
async function item(f: Fixtures): Promise<{ id: string; rowVersion: number }> {
  const body = { code: `T-${f.next()}`, name: '测试审批事项', unitId: f.ids.jiaotong!, legalBasis: '《测试条例》第一条', legalDays: 20 };
  return f.ok('duchashi', catalogue.createItem, { body });
}
async function sheet(f: Fixtures): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('目录');
  ws.addRow(['编码', '名称', '类别', '实施单位', '依据']);
  ws.addRow([`S-${f.next()}`, '公路路政许可', '行政许可', '交通局', '《公路法》']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function holidaySheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('节假日');
  ws.addRow(['日期', '类型', '说明']);
  ws.addRow(['2031-10-01~2031-10-03', '休', '国庆节']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
function multipartOf(file: Buffer) {
  const boundary = `----luoshi${f0()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="catalogue.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
const f0 = () => Math.random().toString(16).slice(2);
const monday = (f: Fixtures) => addDays('2014-01-06', 7 * f.next());

async function commitment(f: Fixtures): Promise<string> {
  return (await f.ok('duchashi', publication.createCommitment, { body: { unitId: f.ids.qianyou!, problem: '办事排队时间长', commitment: '增设窗口', dueOn: '2013-09-30' } })).id;
}

export const PUBLIC_SIDE_CALLS: Record<string, Builder> = {
  [portal.tasks.id]: async () => ({ query: { limit: '5' } }),
  [portal.task.id]: async (f) => {
    await f.ok('duchashi', publication.setPublished, { body: { entityType: 'task', entityId: f.ids.qianyouTask!, published: true } });
    return { params: { id: f.ids.qianyouTask! } };
  },
  [portal.bulletins.id]: async () => ({}),
  [portal.commitments.id]: async () => ({}),
  [portal.catalogue.id]: async () => ({}),
  [portal.ranking.id]: async () => ({}),
  [portal.evidence.id]: async (f) => {
    const { attachmentId, reportId } = await evidence(f, 'submitted');
    const report = await f.t.services.db.kysely.selectFrom('progress_reports').select('task_id').where('id', '=', reportId).executeTakeFirstOrThrow();
    await f.ok('duchashi', publication.setPublished, { body: { entityType: 'task', entityId: report.task_id, published: true } });
    await f.ok('duchashi', publication.setPublished, { body: { entityType: 'attachment', entityId: attachmentId, published: true } });
    return { params: { id: attachmentId } };
  },
  [publication.setPublished.id]: async (f) => ({ body: { entityType: 'task', entityId: f.ids.qianyouTask!, published: false } }),
  [publication.listPublished.id]: async () => ({ query: {} }),
  [publication.listCommitments.id]: async () => ({}),
  [publication.createCommitment.id]: async (f) => ({ body: { unitId: f.ids.qianyou!, problem: `问题${f.next()}`, commitment: '限时办结', dueOn: '2013-10-31' } }),
  [publication.updateCommitment.id]: async (f) => ({ params: { id: await commitment(f) }, body: { progressNote: '已增设两个窗口' } }),
  [publication.listApiKeys.id]: async () => ({}),
  [publication.createApiKey.id]: async (f) => ({ body: { name: `app-${f.next()}` } }),
  [publication.revokeApiKey.id]: async (f) => ({ params: { id: (await f.ok('duchashi', publication.createApiKey, { body: { name: `old-app-${f.next()}` } })).id } }),
  [catalogue.listItems.id]: async () => ({ query: {} }),
  [catalogue.createItem.id]: async (f) => ({ body: { code: `C-${f.next()}`, name: '测试事项', unitId: f.ids.jiaotong!, legalBasis: '《测试条例》' } }),
  [catalogue.updateItem.id]: async (f) => {
    const it = await item(f);
    return { params: { id: it.id }, body: { rowVersion: it.rowVersion, fee: '不收费' } };
  },
  [catalogue.decideItem.id]: async (f) => {
    const it = await item(f);
    return { params: { id: it.id }, body: { rowVersion: it.rowVersion, decision: 'keep', decisionOn: '2013-06-01' } };
  },
  [catalogue.exportCatalogue.id]: async () => ({}),
  [catalogue.importCatalogue.id]: async (f) => ({ query: { dryRun: 'true' }, raw: multipartOf(await sheet(f)) }),
  [petitions.listDuty.id]: async () => ({ query: { from: '2013-01-01' } }),
  [petitions.createDuty.id]: async (f) => ({ body: { personId: f.ids.deputyPerson!, weekStart: monday(f) } }),
  [petitions.deleteDuty.id]: async (f) => ({ params: { id: (await f.ok('duchashi', petitions.createDuty, { body: { personId: f.ids.deputyPerson!, weekStart: monday(f) } })).id } }),
  [petitions.listVisits.id]: async () => ({ query: { kind: 'receive' } }),
  [petitions.createVisit.id]: async (f) => ({ body: { kind: 'appointment', personId: f.ids.deputyPerson!, scheduledOn: '2013-06-01', caseIds: [(await townCase(f)).id] } }),
  [petitions.recordVisit.id]: async (f) => ({ params: { id: await visit(f) }, body: { status: 'done', record: '接待来访群众 3 人次' } }),
  [cases.listCategories.id]: async () => ({}),
  [cases.createCategory.id]: async (f) => ({ body: { code: `t${f.next()}`, name: `测试分类${f.next()}`, nameEn: 'Test category' } }),
  [cases.updateCategory.id]: async (f) => ({ params: { id: 'cat_other' }, body: { sortOrder: 1000 + f.next() } }),
  [cases.listRoutingRules.id]: async () => ({}),
  [cases.createRoutingRule.id]: async (f) => ({ body: { categoryId: 'cat_other', regionId: await regionOf(f, '乾佑镇'), unitId: f.ids.qianyou! } }),
  [cases.deleteRoutingRule.id]: async (f) => ({ params: { id: (await f.ok('duchashi', cases.createRoutingRule, { body: { categoryId: 'cat_other', unitId: f.ids.qianyou! } })).id } }),
  [cases.getCasePolicy.id]: async () => ({}),
  [cases.updateCasePolicy.id]: async () => ({ body: {} }),
  [cases.intakeCase.id]: async (f) => ({ body: { channel: 'hotline', categoryId: 'cat_road', content: `来电第${f.next()}次:县城道路坑洼。`, anonymous: true } }),
  [cases.listCases.id]: async () => ({ query: { status: 'received' } }),
  [cases.getCase.id]: async (f) => ({ params: { id: (f.ids.townCase ??= (await townCase(f)).id) } }),
  [cases.similarCases.id]: async (f) => ({ params: { id: (f.ids.townCase ??= (await townCase(f)).id) } }),
  [cases.revealPersonal.id]: async (f) => ({ params: { id: (f.ids.townCase ??= (await townCase(f)).id) } }),
  [cases.acceptCase.id]: async (f) => {
    const c = await townCase(f);
    return { params: { id: c.id }, body: { rowVersion: c.rowVersion, accept: true } };
  },
  [cases.transferCase.id]: async (f) => {
    const c = await townCase(f);
    return { params: { id: c.id }, body: { rowVersion: c.rowVersion, toUnitId: f.ids.jiaotong!, reason: '属交通局职责' } };
  },
  [cases.replyCase.id]: async (f) => {
    const c = await townCase(f, 'handling');
    return { params: { id: c.id }, body: { rowVersion: c.rowVersion, reply: '已修复。' } };
  },
  [cases.closeCase.id]: async (f) => {
    const c = await townCase(f, 'replied');
    return { params: { id: c.id }, body: { rowVersion: c.rowVersion, note: '电话回访,群众认可。' } };
  },
  [cases.extendCase.id]: async (f) => {
    const c = await townCase(f, 'handling');
    return { params: { id: c.id }, body: { rowVersion: c.rowVersion, days: 10, approvedBy: '镇长', reason: '需协调资金' } };
  },
  [cases.pauseCase.id]: async (f) => {
    const c = await townCase(f, 'handling');
    return { params: { id: c.id }, body: { rowVersion: c.rowVersion, action: 'start', note: '组织听证' } };
  },
  [cases.reviewCase.id]: async (f) => {
    const c = await townCase(f, 'reviewable');
    return { params: { id: c.id }, body: { rowVersion: c.rowVersion, action: 'request', note: '信访人对处理意见不服' } };
  },
  [cases.flagCase.id]: async (f) => {
    const c = await townCase(f);
    return { params: { id: c.id }, body: { rowVersion: c.rowVersion, backlog: true } };
  },
  [cases.satisfaction.id]: async () => ({ query: { year: '2013' } }),
  [cases.exportSatisfaction.id]: async () => ({ query: { from: '2013-01-01', to: '2013-12-31' } }),
  [cases.listHolidays.id]: async () => ({ query: { year: '2013' } }),
  [cases.setHoliday.id]: async () => ({ params: { date: '2031-05-01' }, body: { kind: 'rest', note: '劳动节' } }),
  [cases.deleteHoliday.id]: async (f) => {
    await f.ok('duchashi', cases.setHoliday, { params: { date: '2031-05-02' }, body: { kind: 'rest', note: '劳动节' } });
    return { params: { date: '2031-05-02' } };
  },
  [cases.importHolidays.id]: async () => ({ body: { year: 2031, text: '2031-10-01~2031-10-07 休 国庆节\n2031-09-28 班 国庆节调休上班' } }),
  [cases.importHolidaysXlsx.id]: async () => ({ params: { year: '2031' }, raw: multipartOf(await holidaySheet()) }),
  [portal.categories.id]: async () => ({}),
  [portal.submitCase.id]: async (f) => ({ body: { categoryCode: 'road', content: `网友第${f.next()}次反映:人行道破损。`, anonymous: true } }),
  [portal.lookupCase.id]: async (f) => {
    const c = await townCase(f);
    return { body: { number: c.number, code: c.code } };
  },
  [portal.rateCase.id]: async (f) => {
    const c = await townCase(f, 'replied');
    return { body: { number: c.number, code: c.code, satisfaction: 'satisfied' } };
  },
};
