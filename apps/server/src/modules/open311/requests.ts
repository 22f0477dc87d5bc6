/**
 * Open311 GeoReport v2 mapped onto Luoshi: services are case categories offered to client apps,
 * service requests are cases. Only cases the office published are listed or shown; a client app
 * with a key may create requests, which become cases like any other (channel open311).
 */
import type { Kysely } from 'kysely';
import { CASE_STATUS_LABELS, LuoshiError, open311Status, type CaseStatus } from '@luoshi/domain';
import type { CaseCategoriesTable, CasesTable, DB } from '../../platform/db/schema.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { personalDataCipher } from '../../platform/secrets.ts';
import { createCase } from '../cases/intake.ts';
import { keyFor } from '../publication/api-keys.ts';
import { w3cDate, w3cEndOfDay, type Open311Error } from './format.ts';

type Q = Kysely<DB>;

export class Open311Failure extends Error {
  constructor(readonly status: number, readonly errors: Open311Error[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}
const fail = (status: number, description: string) => new Open311Failure(status, [{ code: status, description }]);

export async function offeredServices(db: Q): Promise<CaseCategoriesTable[]> {
  return db.selectFrom('case_categories').selectAll().where('active', '=', 1).where('open311', '=', 1).orderBy('sort_order').execute();
}

export function serviceOf(c: CaseCategoriesTable) {
  const attrs = JSON.parse(c.attributes) as unknown[];
  return { service_code: c.code, service_name: c.name, description: c.description || `${c.name} ${c.name_en}`, metadata: attrs.length > 0, type: 'realtime', keywords: c.keywords, group: c.group_name };
}

interface AttrDef {
  code: string;
  datatype: string;
  required?: boolean;
  description: string;
  order?: number;
  variable?: boolean;
  values?: { key: string; name: string }[];
}

export function definitionOf(c: CaseCategoriesTable) {
  const attrs = (JSON.parse(c.attributes) as AttrDef[]).map((a, i) => ({
    variable: a.variable ?? true,
    code: a.code,
    datatype: a.datatype,
    required: a.required ?? false,
    datatype_description: a.datatype === 'string' ? '文字 text' : '',
    order: a.order ?? i + 1,
    description: a.description,
    ...(a.values?.length ? { values: a.values } : {}),
  }));
  return { service_code: c.code, attributes: attrs };
}

export async function serviceDefinition(db: Q, code: string) {
  const c = (await offeredServices(db)).find((x) => x.code === code);
  if (!c) throw fail(404, `service_code ${code} not found 服务不存在`);
  return definitionOf(c);
}

function requestOf(r: CasesTable, cats: Map<string, CaseCategoriesTable>, units: Map<string, string>) {
  const cat = cats.get(r.category_id);
  const status = r.status as CaseStatus;
  return {
    service_request_id: r.number,
    status: open311Status(status),
    status_notes: r.reply ?? CASE_STATUS_LABELS[status].zh,
    service_name: cat?.name ?? '',
    service_code: cat?.code ?? '',
    description: r.content,
    agency_responsible: r.owner_unit_id ? (units.get(r.owner_unit_id) ?? '') : '',
    service_notice: '',
    requested_datetime: w3cDate(r.created_at),
    updated_datetime: w3cDate(r.updated_at),
    expected_datetime: w3cEndOfDay(r.due_on),
    address: r.address ?? '',
    address_id: '',
    zipcode: '',
    lat: r.lat,
    long: r.lng,
    // cases carry no media a client could fetch; GeoReport v2 writes a value that is absent as null in
    // JSON and as an empty element in XML (as for expected_datetime, lat and long), never as ""
    media_url: null,
  };
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
function parseDate(name: string, v: string | undefined): Date | null {
  if (v === undefined || v === '') return null;
  if (!ISO.test(v) || Number.isNaN(Date.parse(v))) throw fail(400, `${name} must be a W3C/ISO 8601 date 日期格式不正确`);
  return new Date(v);
}

/** GET requests: published cases of offered services, with the standard filters (90 days, 1000 at most by default). */
export async function listRequests(s: Services, q: Record<string, string | undefined>) {
  const db = s.db.kysely;
  const cats = new Map((await offeredServices(db)).map((c) => [c.id, c]));
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  let query = db.selectFrom('cases').selectAll().where('published', '=', 1).where('category_id', 'in', cats.size ? [...cats.keys()] : ['']);
  if (q.service_request_id) {
    const ids = q.service_request_id.split(',').map((x) => x.trim()).filter(Boolean).slice(0, 100);
    query = query.where('number', 'in', ids.length ? ids : ['']);
  } else {
    const end = parseDate('end_date', q.end_date) ?? s.clock.now();
    const start = parseDate('start_date', q.start_date) ?? new Date(end.getTime() - 90 * 86_400_000);
    if (start > end) throw fail(400, 'start_date is after end_date 开始日期晚于结束日期');
    query = query.where('created_at', '>=', start.toISOString()).where('created_at', '<=', end.toISOString());
    if (q.service_code) {
      const wanted = q.service_code.split(',').map((x) => x.trim());
      const ids = [...cats.values()].filter((c) => wanted.includes(c.code)).map((c) => c.id);
      query = query.where('category_id', 'in', ids.length ? ids : ['']);
    }
  }
  let rows = await query.orderBy('created_at', 'desc').limit(1000).execute();
  if (q.status) {
    const st = q.status.split(',').map((x) => x.trim());
    if (st.some((x) => x !== 'open' && x !== 'closed')) throw fail(400, 'status must be open or closed 状态只能是 open 或 closed');
    rows = rows.filter((r) => st.includes(open311Status(r.status as CaseStatus)));
  }
  return rows.map((r) => requestOf(r, cats, units));
}

export async function getRequest(s: Services, id: string) {
  const list = await listRequests(s, { service_request_id: id });
  if (!list.length) throw fail(404, `service_request_id ${id} not found 诉求不存在或未公开`);
  return list;
}

export async function getToken(db: Q, token: string) {
  if (!/^[0-9a-f]{32}$/.test(token)) throw fail(404, 'token not found 令牌不存在');
  const r = await db.selectFrom('cases').select(['number', 'token']).where('token', '=', token).where('channel', '=', 'open311').executeTakeFirst();
  if (!r) throw fail(404, 'token not found 令牌不存在');
  return [{ service_request_id: r.number, token: r.token }];
}

/** POST requests: a client app with a live key creates a case. */
export async function createRequest(s: Services, ip: string, f: Record<string, string>) {
  const db = s.db.kysely;
  const key = f.api_key ? await keyFor(db, f.api_key) : null;
  if (!key) throw fail(403, 'a valid api_key is required 需要有效的 api_key');
  if (!f.service_code) throw fail(400, 'service_code is required 缺少 service_code');
  const cat = (await offeredServices(db)).find((c) => c.code === f.service_code);
  if (!cat) throw fail(400, `service_code ${f.service_code} is not offered 服务不存在`);
  const lat = f.lat !== undefined && f.lat !== '' ? Number(f.lat) : null;
  const lng = f.long !== undefined && f.long !== '' ? Number(f.long) : null;
  const hasPoint = lat !== null && lng !== null && Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  if (!hasPoint && !f.address_string && !f.address_id) throw fail(400, 'a location is required: lat and long, address_string or address_id 需要位置');
  if ((lat !== null || lng !== null) && !hasPoint) throw fail(400, 'lat and long must be numbers in range 经纬度不正确');
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) {
    const m = k.match(/^attribute\[([A-Za-z0-9_]{1,40})\]$/);
    if (m) attributes[m[1]!] = v;
  }
  for (const a of definitionOf(cat).attributes) {
    if (a.required && !attributes[a.code]) throw fail(400, `attribute[${a.code}] is required 缺少必填项 ${a.description}`);
    if (a.values && attributes[a.code] && !a.values.some((x) => x.key === attributes[a.code])) throw fail(400, `attribute[${a.code}] has an unknown value 取值不正确`);
  }
  const description = (f.description ?? '').trim();
  if (description.length > 4000) throw fail(400, 'description is longer than 4000 characters 描述过长');
  const name = [f.last_name, f.first_name].filter(Boolean).join('').trim();
  const email = (f.email ?? '').trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw fail(400, 'email is not valid 邮箱格式不正确');
  const phone = (f.phone ?? '').trim();
  if (phone && !/^[0-9+\-\s]{5,20}$/.test(phone)) throw fail(400, 'phone is not valid 电话格式不正确');
  try {
    const row = await runTx(s, { actor: null, ip, auditAs: { userId: null, name: `Open311 ${key.name}`, ip } }, async (tx) => {
      await tx.db.updateTable('api_keys').set({ last_used_at: tx.nowIso }).where('id', '=', key.id).execute();
      return createCase(
        tx,
        {
          channel: 'open311',
          categoryId: cat.id,
          title: '',
          content: description || cat.name,
          regionId: null,
          address: (f.address_string ?? '').slice(0, 200),
          lat: hasPoint ? lat : null,
          lng: hasPoint ? lng : null,
          anonymous: !name && !phone && !email,
          name: name.slice(0, 40),
          phone,
          idNumber: '',
          email,
          attributes,
          apiKeyId: key.id,
        },
        personalDataCipher(s.config.dataDir),
      );
    });
    return [{ service_request_id: row.number, token: row.token, service_notice: `查询码 check code: ${row.check_code}`, account_id: f.account_id ?? '' }];
  } catch (e) {
    if (e instanceof LuoshiError) throw fail(400, e.issues.map((i) => `${i.path}: ${i.en} ${i.zh}`).join('; ') || e.message);
    throw e;
  }
}
