/**
 * The public side end to end: the office publishes item by item; the portal API, Open311 GeoReport
 * v2 and open data show exactly that. Every response is checked against the GeoReport v2 schemas
 * and the checks of the public open311-validator (content types, required fields, ISO 8601 dates
 * with offset, well-formed XML with the right root), and grepped for marker strings planted in
 * unpublished tasks, notices, reports, commitments, catalogue items, cases and personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assessment, campaigns, cases, catalogue, files, portal, progress, publication, supervision, tasks } from '@luoshi/contracts';
import { photoUpload } from '../support/work.ts';
import { apikeyCommand } from '../../apps/server/src/modules/publication/cli.ts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { checkXml } from '../support/xml.ts';
import * as S from '../support/open311-schemas.ts';

let t: TestApp;
let office: Client;
let campaignId: string;
let apiKey: string;
const LEAK = 'LEAKMARK';
const PHONE = '13812345678';
const responses: { method: string; url: string; status: number; type: string; body: string }[] = [];

/** a GET or POST from outside, recorded for the leak grep */
async function fetchRaw(method: 'GET' | 'POST', url: string, opts: { form?: Record<string, string>; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  let payload: string | undefined;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(opts.form).toString();
  } else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(opts.json);
  }
  const res = await t.app.inject({ method, url, headers, payload, remoteAddress: freshIp() });
  responses.push({ method, url, status: res.statusCode, type: String(res.headers['content-type'] ?? ''), body: res.body });
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), location: res.headers.location, body: res.body, json: () => JSON.parse(res.body) };
}
async function json311<T extends z.ZodType>(url: string, schema: T, status = 200) {
  const r = await fetchRaw('GET', url);
  expect(r.status, `${url}: ${r.body}`).toBe(status);
  expect(r.type).toMatch(/^application\/json/);
  const parsed = schema.safeParse(r.json());
  expect(parsed.success, `${url}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  return parsed.data as z.infer<T>;
}
async function xml311(url: string, root: string, item: string | null, status = 200) {
  const r = await fetchRaw('GET', url);
  expect(r.status, `${url}: ${r.body}`).toBe(status);
  expect(r.type).toMatch(/^(text|application)\/xml/);
  const x = checkXml(r.body);
  expect(x.root).toBe(root);
  if (item) for (const c of x.children) expect(c).toBe(item);
  return r.body;
}

/** the text of the first element with this name in an XML document (flat, unescaped) */
function xmlText(xml: string, tag: string): string | null {
  const m = xml.match(new RegExp(`<${tag}>([^<]*)</${tag}>`));
  return m ? m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : null;
}

/** The GeoReport v2 schema of an Open311 JSON response, chosen by its path and status. */
function schemaFor(method: string, url: string, status: number): z.ZodType | null {
  const path = url.split('?')[0]!;
  if (!path.startsWith('/open311/') || !path.endsWith('.json')) return null;
  if (status >= 400) return S.Errors;
  if (path === '/open311/discovery.json') return S.Discovery;
  if (path === '/open311/v2/services.json') return S.Services;
  if (path.startsWith('/open311/v2/services/')) return S.ServiceDefinition;
  if (path.startsWith('/open311/v2/tokens/')) return S.Tokens;
  if (path === '/open311/v2/requests.json' && method === 'POST') return S.PostResponse;
  if (path.startsWith('/open311/v2/requests')) return S.ServiceRequests;
  return null;
}

beforeAll(async () => {
  t = await startApp({ now: '2013-05-20T02:00:00.000Z' });
  office = await t.as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
});
afterAll(async () => t?.close());

describe('the office publishes item by item', () => {
  it('tasks, progress reports, bulletins, commitments, catalogue items and cases', async () => {
    const tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
    const landing = tree.find((x: any) => x.title === '完成征地拆迁');
    const other = tree.find((x: any) => x.id !== landing.id && x.nodeType === 'task' && x.leadUnitId);
    // an unpublished task with a marker
    const hidden = await office.call(tasks.createTask, { params: { id: campaignId }, body: { nodeType: 'task', title: `${LEAK}-未公开任务`, leadUnitId: await unitId(t, '乾佑镇'), plannedEnd: '2013-12-31' } });
    expect(hidden.status).toBe(200);
    expect((await office.call(publication.setPublished, { body: { entityType: 'task', entityId: landing.id, published: true } })).status).toBe(200);
    // a report published, another not
    const h = await t.as('qianyou.cb');
    const pub = (await h.call(progress.createReport, { params: { id: landing.id }, body: { narrative: 'PUBLIC 已完成征地 120 亩', percent: 60 } })).body;
    await h.call(progress.submitReport, { params: { id: pub.id } });
    const secret = (await h.call(progress.createReport, { params: { id: landing.id }, body: { narrative: `${LEAK}-内部进展`, percent: 65 } })).body;
    await h.call(progress.submitReport, { params: { id: secret.id } });
    expect((await office.call(publication.setPublished, { body: { entityType: 'report', entityId: pub.id, published: true } })).status).toBe(200);
    // two 督办 with 通报批评: one published
    const n1 = (await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectType: 'task', subjectId: landing.id, title: 'PUBLIC 关于征地拆迁工作的督办通报' } })).body;
    const n2 = (await office.call(supervision.draftNotice, { params: { id: campaignId }, body: { kind: 'supervise', subjectType: 'task', subjectId: other.id, title: `${LEAK}-督办` } })).body;
    // a draft cannot be published
    expect((await office.call(publication.setPublished, { body: { entityType: 'notice', entityId: n1.id, published: true } })).status).toBe(409);
    for (const n of [n1, n2]) expect((await office.call(supervision.submitNotice, { params: { id: n.id } })).body.status).toBe('issued');
    expect((await office.call(publication.setPublished, { body: { entityType: 'notice', entityId: n1.id, published: true } })).status).toBe(200);
    // commitments
    const qy = await unitId(t, '乾佑镇');
    await office.call(publication.createCommitment, { body: { unitId: qy, problem: '群众反映办证难', commitment: 'PUBLIC 一次告知、限时办结', dueOn: '2013-09-30', published: true } });
    await office.call(publication.createCommitment, { body: { unitId: qy, problem: `${LEAK}-问题`, commitment: `${LEAK}-承诺`, dueOn: '2013-09-30' } });
    // catalogue
    const zj = await unitId(t, '住建局');
    await office.call(catalogue.createItem, { body: { code: 'P-1', name: 'PUBLIC 施工许可', unitId: zj, legalBasis: '《建筑法》', published: true } });
    await office.call(catalogue.createItem, { body: { code: 'P-2', name: `${LEAK}-事项`, unitId: zj, legalBasis: '《建筑法》' } });
    // a published case without personal data in its text, and an unpublished one
    const c1 = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'streetlight', content: 'PUBLIC 县城滨河路路灯不亮', name: `${LEAK}姓名`, phone: PHONE, email: 'leakmark@example.org' } });
    const c2 = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'streetlight', content: `${LEAK}-未公开诉求`, anonymous: true } });
    expect([c1.status, c2.status]).toEqual([200, 200]);
    const row = await t.services.db.kysely.selectFrom('cases').select(['id', 'row_version']).where('number', '=', c1.body.number).executeTakeFirstOrThrow();
    expect((await office.call(cases.flagCase, { params: { id: row.id }, body: { rowVersion: row.row_version, published: true } })).status).toBe(200);
    // a unit handler may not publish
    expect((await (await t.as('qianyou.cb')).call(publication.setPublished, { body: { entityType: 'task', entityId: hidden.body.id, published: true } })).status).toBe(403);
  });

  it('the portal shows exactly what was published', async () => {
    const ts = await fetchRaw('GET', '/api/v1/portal/tasks');
    const items = ts.json().items;
    expect(items.map((x: any) => x.title)).toEqual(['完成征地拆迁']);
    expect(ts.json()).toMatchObject({ total: 1, nextCursor: null });
    // the list carries the latest published report; the task's page every published one
    expect(items[0].latestReport).toMatchObject({ percent: 60, narrative: 'PUBLIC 已完成征地 120 亩' });
    const page = (await fetchRaw('GET', `/api/v1/portal/tasks/${items[0].id}`)).json();
    expect(page.reports.map((r: any) => r.narrative)).toEqual(['PUBLIC 已完成征地 120 亩']);
    const bs = (await fetchRaw('GET', '/api/v1/portal/bulletins')).json().items;
    expect(bs.map((b: any) => b.title)).toEqual(['PUBLIC 关于征地拆迁工作的督办通报']);
    expect(bs[0]).toMatchObject({ kind: 'criticism', kindLabel: '通报批评' });
    expect((await fetchRaw('GET', '/api/v1/portal/commitments')).json().items).toHaveLength(1);
    expect((await fetchRaw('GET', '/api/v1/portal/catalogue')).json().items.map((i: any) => i.code)).toEqual(['P-1']);
    await fetchRaw('GET', '/api/v1/portal/categories');
  });
});

describe('published evidence downloads', () => {
  it('only a published file of a published task; an unpublished file, or one of a withdrawn task, is not found', async () => {
    const landing = (await fetchRaw('GET', '/api/v1/portal/tasks')).json().items[0];
    const h = await t.as('qianyou.cb');
    const rep = (await h.call(progress.createReport, { params: { id: landing.id }, body: { narrative: '现场照片', percent: 70 } })).body;
    const ids: string[] = [];
    for (const name of ['PUBLIC-拆迁现场.png', `${LEAK}-内部照片.png`]) {
      const up = photoUpload(name);
      const r = await h.call(files.uploadReportAttachments, { params: { id: rep.id }, rawBody: up.body, headers: { 'content-type': up.contentType } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      ids.push(r.body.items[0].id);
    }
    await h.call(progress.submitReport, { params: { id: rep.id } });
    expect((await office.call(publication.setPublished, { body: { entityType: 'attachment', entityId: ids[0]!, published: true } })).status).toBe(200);
    const listed = (await fetchRaw('GET', `/api/v1/portal/tasks/${landing.id}`)).json().evidence;
    expect(listed.map((e: any) => e.id)).toEqual([ids[0]]);
    expect((await fetchRaw('GET', '/api/v1/portal/tasks')).json().items[0].evidenceCount).toBe(1);
    const ok = await t.app.inject({ method: 'GET', url: `/api/v1/portal/evidence/${ids[0]}`, remoteAddress: freshIp() });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('image/png');
    expect(String(ok.headers['content-disposition'])).toMatch(/^attachment; /);
    expect(ok.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    for (const id of [ids[1]!, 'nosuchfile0000000000000000']) expect((await fetchRaw('GET', `/api/v1/portal/evidence/${id}`)).status).toBe(404);
    // withdrawn task: its files go with it
    expect((await office.call(publication.setPublished, { body: { entityType: 'task', entityId: landing.id, published: false } })).status).toBe(200);
    expect((await fetchRaw('GET', `/api/v1/portal/evidence/${ids[0]}`)).status).toBe(404);
    expect((await office.call(publication.setPublished, { body: { entityType: 'task', entityId: landing.id, published: true } })).status).toBe(200);
  });
});

describe('Open311 GeoReport v2', () => {
  it('API keys: issued once by the office, listed without the secret; the CLI issues and revokes', async () => {
    const r = await office.call(publication.createApiKey, { body: { name: 'wechat-miniapp' } });
    expect(r.status).toBe(200);
    apiKey = r.body.key;
    expect(apiKey).toMatch(/^ls_/);
    const list = await office.call(publication.listApiKeys);
    expect(JSON.stringify(list.body)).not.toContain(apiKey);
    const stored = await t.services.db.kysely.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(apiKey);
    expect((await (await t.as('qianyou.cb')).call(publication.createApiKey, { body: { name: 'x-app' } })).status).toBe(403);
    const out: string[] = [];
    expect(await apikeyCommand(['create', 'cli-app'], t.services, (s) => out.push(s))).toBe(0);
    const cliKey = out[1]!;
    expect(cliKey).toMatch(/^ls_/);
    expect(await apikeyCommand(['create', 'cli-app'], t.services, (s) => out.push(s))).toBe(1);
    const ok = await fetchRaw('POST', '/open311/v2/requests.json', { form: { api_key: cliKey, service_code: 'road', address_string: '县城北新街', description: '路面坑洞' } });
    expect(ok.status).toBe(201);
    expect(await apikeyCommand(['revoke', 'cli-app'], t.services, (s) => out.push(s))).toBe(0);
    const refused = await fetchRaw('POST', '/open311/v2/requests.json', { form: { api_key: cliKey, service_code: 'road', address_string: '县城北新街' } });
    expect(refused.status).toBe(403);
    S.Errors.parse(refused.json());
    await expect(apikeyCommand(['make', 'x'], t.services, () => {})).rejects.toThrow(/usage/);
  });

  it('discovery, services and service definitions, in JSON and XML', async () => {
    const d = await json311('/open311/discovery.json', S.Discovery);
    expect(d.endpoints[0]!.url).toMatch(/\/open311\/v2$/);
    await xml311('/open311/discovery.xml', 'discovery', null);
    const services = await json311('/open311/v2/services.json', S.Services);
    expect(services.map((x) => x.service_code)).toContain('streetlight');
    expect(services.map((x) => x.service_code)).not.toContain('petition');
    expect(services.find((x) => x.service_code === 'streetlight')!.metadata).toBe(true);
    await xml311('/open311/v2/services.xml', 'services', 'service');
    const def = await json311('/open311/v2/services/streetlight.json', S.ServiceDefinition);
    expect(def.attributes.map((a) => a.code)).toEqual(['pole']);
    await xml311('/open311/v2/services/streetlight.xml', 'service_definition', null);
    S.Errors.parse((await json311('/open311/v2/services/nope.json', S.Errors, 404)));
    await xml311('/open311/v2/services/nope.xml', 'errors', 'error', 404);
    await xml311('/open311/v2/services/petition.xml', 'errors', 'error', 404);
  });

  let created: string;
  let token: string;
  it('POST requests: form fields with attributes; location and key required; errors in the standard format', async () => {
    const form = { api_key: apiKey, service_code: 'streetlight', lat: '33.6845', long: '109.1140', 'attribute[pole]': 'ZS-0012', description: '北新街 12 号灯杆不亮', first_name: `${LEAK}名`, last_name: '测试', phone: '13700009999', email: 'leak311@example.org' };
    const r = await fetchRaw('POST', '/open311/v2/requests.json', { form });
    expect(r.status, r.body).toBe(201);
    expect(r.type).toMatch(/^application\/json/);
    const body = S.PostResponse.parse(r.json());
    created = body[0]!.service_request_id!;
    token = body[0]!.token!;
    // the new request is found through its token (the request itself stays hidden until published)
    expect(r.location).toBe(`/open311/v2/tokens/${token}.json`);
    const row = await t.services.db.kysely.selectFrom('cases').selectAll().where('number', '=', created).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'open311', lat: 33.6845, lng: 109.114, attributes: JSON.stringify({ pole: 'ZS-0012' }) });
    expect(JSON.stringify(row)).not.toContain('13700009999');
    const xml = await fetchRaw('POST', '/open311/v2/requests.xml', { form: { ...form, description: '另一盏灯' } });
    expect(xml.status).toBe(201);
    expect(xml.type).toMatch(/^text\/xml/);
    expect(checkXml(xml.body)).toMatchObject({ root: 'service_requests', children: ['request'] });
    expect(xmlText(xml.body, 'service_request_id')).toMatch(/^ZS\d{4}-\d+$/);
    expect(xml.location).toMatch(/^\/open311\/v2\/tokens\/[0-9a-f]{32}\.xml$/);
    for (const [bad, status] of [
      [{ ...form, api_key: 'ls_wrongwrongwrongwrongwrong' }, 403],
      [{ ...form, service_code: '' }, 400],
      [{ ...form, service_code: 'petition' }, 400],
      [{ api_key: apiKey, service_code: 'road', description: '无位置' }, 400],
      [{ ...form, lat: 'north' }, 400],
      [{ ...form, description: '<script>alert(1)</script>' }, 400],
    ] as const) {
      const e = await fetchRaw('POST', '/open311/v2/requests.json', { form: bad as Record<string, string> });
      expect(e.status, JSON.stringify(bad)).toBe(status);
      const errs = S.Errors.parse(e.json());
      expect(errs[0]!.code).toBe(status);
      const ex = await fetchRaw('POST', '/open311/v2/requests.xml', { form: bad as Record<string, string> });
      expect(checkXml(ex.body).root).toBe('errors');
    }
  });

  it('tokens resolve to the request id; unknown tokens are 404', async () => {
    const tk = await json311(`/open311/v2/tokens/${token}.json`, S.Tokens);
    expect(tk[0]!.service_request_id).toBe(created);
    await xml311(`/open311/v2/tokens/${token}.xml`, 'service_requests', 'request');
    await json311('/open311/v2/tokens/00000000000000000000000000000000.json', S.Errors, 404);
  });

  it('GET requests lists only published requests, with the standard filters and ISO 8601 dates with offset', async () => {
    const all = await json311('/open311/v2/requests.json', S.ServiceRequests);
    expect(all).toHaveLength(1);
    expect(all[0]!.description).toBe('PUBLIC 县城滨河路路灯不亮');
    expect(all[0]!.requested_datetime).toMatch(/\+08:00$/);
    expect(all[0]!.status).toBe('open');
    // no media: null in JSON, an empty element in XML (the specification's convention), not ""
    expect(all[0]!.media_url).toBeNull();
    const listed = await xml311('/open311/v2/requests.xml', 'service_requests', 'request');
    expect(listed).toMatch(/<media_url(\/>|><\/media_url>)/);
    const id = all[0]!.service_request_id;
    expect(await json311(`/open311/v2/requests.json?service_request_id=${id},${created}`, S.ServiceRequests)).toHaveLength(1);
    expect(await json311('/open311/v2/requests.json?service_code=road', S.ServiceRequests)).toHaveLength(0);
    expect(await json311('/open311/v2/requests.json?status=closed', S.ServiceRequests)).toHaveLength(0);
    expect(await json311('/open311/v2/requests.json?status=open&start_date=2013-05-01T00:00:00%2B08:00&end_date=2013-05-31T00:00:00Z', S.ServiceRequests)).toHaveLength(1);
    expect(await json311('/open311/v2/requests.json?start_date=2013-06-01T00:00:00Z&end_date=2013-06-30T00:00:00Z', S.ServiceRequests)).toHaveLength(0);
    await json311('/open311/v2/requests.json?start_date=yesterday', S.Errors, 400);
    await json311('/open311/v2/requests.json?status=pending', S.Errors, 400);
    const one = await json311(`/open311/v2/requests/${id}.json`, S.ServiceRequests);
    expect(one[0]!.service_request_id).toBe(id);
    await xml311(`/open311/v2/requests/${id}.xml`, 'service_requests', 'request');
    // the request just created is not published: not found, like any unknown id
    await json311(`/open311/v2/requests/${created}.json`, S.Errors, 404);
    await xml311('/open311/v2/nothing.xml', 'errors', 'error', 404);
  });
});

describe('the GeoReport v2 schemas the tests use', () => {
  it('are JSON Schemas that require at least what the specification requires', () => {
    for (const [name, schema, required] of S.SPEC_REQUIRED) {
      const js = z.toJSONSchema(schema) as { type: string; required?: string[]; properties: Record<string, unknown> };
      expect(js.type, name).toBe('object');
      expect(js.required, name).toEqual(expect.arrayContaining(required));
    }
    const request = z.toJSONSchema(S.ServiceRequest) as { properties: Record<string, { pattern?: string; type?: unknown; anyOf?: unknown }> };
    expect(request.properties.requested_datetime!.pattern).toBe(S.W3C_DATE.source);
    // an empty string fails the exported JSON Schema too: `pattern` is always checked, `format` only by some validators
    const [url, none] = request.properties.media_url!.anyOf as { type: string; pattern?: string }[];
    expect(none).toEqual({ type: 'null' });
    expect(url!.type).toBe('string');
    const urlPattern = new RegExp(url!.pattern!);
    expect(urlPattern.test('')).toBe(false);
    expect(urlPattern.test('https://luoshi.example.cn/media/402913.jpg')).toBe(true);
  });

  it('take media_url as a URL or null (the field is there, null without media), and refuse an empty string or a name that is no web address', () => {
    const sample = {
      service_request_id: 'ZS2013-402913',
      status: 'open',
      status_notes: '已受理',
      service_name: '路灯',
      service_code: 'streetlight',
      description: '县城滨河路路灯不亮',
      agency_responsible: '',
      service_notice: '',
      requested_datetime: '2013-05-20T10:00:00+08:00',
      updated_datetime: null,
      expected_datetime: null,
      address: '',
      address_id: '',
      zipcode: '',
      lat: null,
      long: null,
      media_url: null,
    };
    expect(S.ServiceRequest.safeParse(sample).success).toBe(true);
    expect(S.ServiceRequest.safeParse({ ...sample, media_url: 'https://luoshi.example.cn/media/402913.jpg' }).success).toBe(true);
    for (const bad of ['', ' ', 'photo.jpg', 'javascript:alert(1)', 'ftp://luoshi.example.cn/a.jpg']) expect(S.ServiceRequest.safeParse({ ...sample, media_url: bad }).success, JSON.stringify(bad)).toBe(false);
    const { media_url: _omitted, ...without } = sample;
    expect(S.ServiceRequest.safeParse(without).success).toBe(false);
  });
});

describe('the checks of the open311-validator', () => {
  it('discovery: contact and key_service in both formats and equal, endpoints with specification, url, type, formats incl. text/xml, changesets valid and past', async () => {
    const j = await json311('/open311/discovery.json', S.Discovery);
    const x = await xml311('/open311/discovery.xml', 'discovery', null);
    for (const field of ['contact', 'key_service'] as const) {
      expect(j[field].trim()).not.toBe('');
      expect(xmlText(x, field)).toBe(j[field]);
    }
    expect(Date.parse(xmlText(x, 'changeset')!)).toBe(Date.parse(j.changeset));
    expect(j.endpoints.length).toBeGreaterThan(0);
    expect(x.match(/<endpoint>/g)?.length).toBe(j.endpoints.length);
    // the validator compares with the real present, not the county's test clock
    const now = Date.now();
    for (const e of j.endpoints) {
      expect(e.specification).not.toBe('');
      expect(e.url).not.toBe('');
      expect(Date.parse(e.changeset)).toBeLessThan(now);
      expect(e.type).not.toBe('');
      expect(e.formats.length).toBeGreaterThan(0);
      if (/GeoReport_v2/.test(e.specification)) expect(e.formats).toContain('text/xml');
    }
    // the XML lists formats as an array of <format>
    expect(x).toMatch(/<formats>(<format>[^<]+<\/format>)+<\/formats>/);
  });

  it('services: at least one, each with a service code, the same in both formats', async () => {
    const j = await json311('/open311/v2/services.json', S.Services);
    const x = await xml311('/open311/v2/services.xml', 'services', 'service');
    expect(j.length).toBeGreaterThan(0);
    for (const svc of j) expect(svc.service_code.trim()).not.toBe('');
    expect([...x.matchAll(/<service_code>([^<]*)<\/service_code>/g)].map((m) => m[1])).toEqual(j.map((svc) => svc.service_code));
    for (const svc of j.filter((v) => v.metadata)) await json311(`/open311/v2/services/${svc.service_code}.json`, S.ServiceDefinition);
  });

  it('create: both formats answer something (201, one item with an id or a token)', async () => {
    const form = { api_key: apiKey, service_code: 'road', address_string: '县城南街', email: 'foo@bar.com', description: 'I know' };
    const j = await fetchRaw('POST', '/open311/v2/requests.json', { form });
    expect(j.status).toBe(201);
    expect(S.PostResponse.parse(j.json())[0]!.service_request_id).toMatch(/^ZS/);
    const x = await fetchRaw('POST', '/open311/v2/requests.xml', { form });
    expect(x.status).toBe(201);
    expect(xmlText(x.body, 'token')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('every Open311 response', () => {
  it('is JSON valid against its GeoReport v2 schema, or well-formed XML with the right content type', () => {
    const open311 = responses.filter((r) => r.url.startsWith('/open311/'));
    expect(open311.length).toBeGreaterThan(40);
    let checked = 0;
    for (const r of open311) {
      const path = r.url.split('?')[0]!;
      if (path.endsWith('.xml')) {
        expect(r.type, r.url).toMatch(/^text\/xml; charset=utf-8/);
        expect(() => checkXml(r.body), r.url).not.toThrow();
        if (r.status >= 400) expect(checkXml(r.body).root, r.url).toBe('errors');
        checked++;
        continue;
      }
      const schema = schemaFor(r.method, r.url, r.status);
      expect(schema, `${r.method} ${r.url}`).not.toBeNull();
      expect(r.type, r.url).toMatch(/^application\/json; charset=utf-8/);
      const parsed = schema!.safeParse(JSON.parse(r.body));
      expect(parsed.success, `${r.method} ${r.url} ${r.status}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      if (r.status >= 400) expect((JSON.parse(r.body) as { code: number }[])[0]!.code, r.url).toBe(r.status);
      checked++;
    }
    expect(checked).toBe(open311.length);
  });
});

describe('open data', () => {
  it('JSON and CSV (RFC 4180, UTF-8 with BOM) of published tasks, bulletins and case statistics', async () => {
    for (const name of ['tasks', 'bulletins', 'case-stats']) {
      const j = await fetchRaw('GET', `/open-data/v1/${name}.json`);
      expect(j.status).toBe(200);
      const data = j.json();
      expect(data.dataset).toBe(name);
      const c = await fetchRaw('GET', `/open-data/v1/${name}.csv`);
      expect(c.status).toBe(200);
      expect(c.type).toMatch(/^text\/csv; charset=utf-8/);
      expect(c.body.charCodeAt(0)).toBe(0xfeff);
      const lines = c.body.slice(1).split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toBe(data.columns.join(','));
      expect(lines.length - 2).toBe(data.rows.length);
    }
    const tasksCsv = (await fetchRaw('GET', '/open-data/v1/tasks.csv')).body;
    expect(tasksCsv).toContain('完成征地拆迁');
    const stats = (await fetchRaw('GET', '/open-data/v1/case-stats.json')).json();
    expect(stats.rows.find((r: any) => r.category_code === 'streetlight').received).toBeGreaterThanOrEqual(2);
    expect((await fetchRaw('GET', '/open-data/v1/secrets.csv')).status).toBe(404);
  });
});

describe('the year’s ranking', () => {
  it('is shown only when the office publishes it, and only for a closed year', async () => {
    expect((await fetchRaw('GET', '/api/v1/portal/ranking')).json().items).toEqual([]);
    const early = await office.call(publication.setPublished, { body: { entityType: 'ranking', entityId: campaignId, published: true } });
    expect(early.status).toBe(409);
    expect(early.body.error.issues[0].message).toBe('年度考核封账后才能公开排名');
    // the year ends; the office signs in again and closes it
    t.clock.set('2014-01-06T02:00:00.000Z');
    office = await t.as('duchashi');
    const closed = await office.call(assessment.closeYear, { params: { id: campaignId } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    // closed but not published: still nothing
    expect((await fetchRaw('GET', '/api/v1/portal/ranking')).json().items).toEqual([]);
    expect((await office.call(publication.setPublished, { body: { entityType: 'ranking', entityId: campaignId, published: true } })).status).toBe(200);
    const shown = (await fetchRaw('GET', '/api/v1/portal/ranking')).json().items;
    expect(shown).toHaveLength(1);
    expect(shown[0].year).toBe(closed.body.year);
    const official = [...closed.body.items].sort((a: any, b: any) => a.rank - b.rank || a.unitName.localeCompare(b.unitName, 'zh'));
    expect(shown[0].rows.map((r: any) => [r.rank, r.unitName, r.score])).toEqual(official.map((r: any) => [r.rank, r.unitName, r.score]));
    // the public rows carry no ids, deductions or working
    expect(Object.keys(shown[0].rows[0]).sort()).toEqual(['kind', 'rank', 'score', 'unitName']);
    expect((await office.call(publication.setPublished, { body: { entityType: 'ranking', entityId: 'nosuchcampaign000000000000', published: true } })).status).toBe(400);
  });
});

describe('nothing unpublished leaks', () => {
  it('no portal, Open311 or open-data response holds a marker string or personal data', async () => {
    // the citizen's own look-up and every list and search once more, after everything above
    const c1 = await t.services.db.kysely.selectFrom('cases').select(['number', 'check_code']).where('content', '=', 'PUBLIC 县城滨河路路灯不亮').executeTakeFirstOrThrow();
    const looked = await fetchRaw('POST', '/api/v1/portal/cases/lookup', { json: { number: c1.number, code: c1.check_code } });
    expect(looked.status).toBe(200);
    expect((await fetchRaw('POST', '/api/v1/portal/cases/lookup', { json: { number: c1.number, code: PHONE.slice(-4) } })).status).toBe(200);
    const shownTask = (await fetchRaw('GET', '/api/v1/portal/tasks')).json().items[0].id;
    for (const url of ['/api/v1/portal/tasks', `/api/v1/portal/tasks/${shownTask}`, '/api/v1/portal/tasks?q=LEAKMARK', '/api/v1/portal/bulletins', '/api/v1/portal/commitments', '/api/v1/portal/catalogue', '/api/v1/portal/categories', '/api/v1/portal/ranking', '/open311/v2/requests.json?status=open,closed', '/open311/v2/requests.xml', `/open311/v2/requests.json?service_request_id=${c1.number}`, '/open-data/v1/tasks.csv', '/open-data/v1/bulletins.json', '/open-data/v1/case-stats.csv']) {
      expect((await fetchRaw('GET', url)).status, url).toBe(200);
    }
    expect(responses.length).toBeGreaterThan(30);
    const leaks = responses.filter((r) => r.body.includes(LEAK) || r.body.includes(PHONE) || r.body.toLowerCase().includes('leakmark@') || r.body.includes('13700009999') || r.body.includes('leak311@'));
    expect(leaks.map((l) => l.url)).toEqual([]);
  });
});
