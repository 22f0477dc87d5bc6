/**
 * Inspections (R-PROG-4): the office, 纠风办, 项目办, 考核办 and 监察局 record what they found, in
 * which units and tasks, with evidence, and flag what is grounds for supervision (督办依据). A unit
 * sees the inspections that concern it; the inspecting units see all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, auth, campaigns, files, inspections, org, tasks } from '@luoshi/contracts';
import { DEMO_PASSWORD, freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { jpeg, multipart, pdf } from '../support/evidence.ts';

let t: TestApp;
let office: Client; // 督查室
let kaohe: Client; // 考核办
let jianchaju: Client; // 监察局
let jiufeng: Client; // 纠风办, an account made for this file
let caizheng: Client; // 财政局: not an inspecting unit
let qianyou: Client; // 乾佑镇承办人
let yingpan: Client; // 营盘镇承办人
let jiaotong: Client; // 交通局承办人
let deputy: Client; // 副县长 in charge of 交通局
let campaignId: string;
let tree: any[];
const ids: Record<string, string> = {};
const byTitle = (title: string) => tree.find((x) => x.title === title);

/** A person of 纠风办 with a post and an account, made by the administrator as in real life. */
async function conductOfficer(): Promise<Client> {
  const sys = await t.as('admin', undefined, freshIp());
  const person = (await sys.call(org.createPerson, { body: { name: '纠风办干事', unitId: ids.jiufeng } })).body;
  const post = (await sys.call(org.createPost, { params: { id: ids.jiufeng! }, body: { title: '纠风专干', role: 'handler' } })).body;
  expect((await sys.call(org.assignPost, { params: { id: post.id }, body: { personId: person.id, from: '2013-01-01' } })).status).toBe(200);
  const initial = 'Jiufeng#2013chu';
  expect((await sys.call(admin.createUser, { body: { username: 'jiufeng.gs', personId: person.id, initialPassword: initial } })).status).toBe(200);
  const c = await t.as('jiufeng.gs', initial, freshIp());
  expect((await c.call(auth.changePassword, { body: { currentPassword: initial, newPassword: DEMO_PASSWORD } })).status).toBe(200);
  return t.as('jiufeng.gs', DEMO_PASSWORD, freshIp());
}

function body(extra: Record<string, unknown> = {}) {
  return {
    campaignId,
    kind: 'unannounced',
    inspectedOn: '2013-05-08',
    title: '暗访乾佑镇征地拆迁现场',
    findings: '现场签约台账与上报数据不一致,部分农户未签约即上报为已签约。',
    conclusion: 'problem',
    targets: [{ unitId: ids.qianyou }],
    ...extra,
  };
}
async function record(c: Client, extra: Record<string, unknown> = {}) {
  const r = await c.call(inspections.createInspection, { body: body(extra) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const list = async (c: Client, query: Record<string, string> = {}) => {
  const r = await c.call(inspections.listInspections, { query: { campaignId, ...query } });
  expect(r.status).toBe(200);
  return r.body.items.map((i: any) => i.id) as string[];
};
function attach(c: Client, id: string, parts: Parameters<typeof multipart>[0]) {
  const m = multipart(parts);
  return c.call(files.uploadInspectionAttachments, { params: { id }, rawBody: m.rawBody, headers: m.headers });
}
const auditCount = async () =>
  Number(
    (await t.services.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', 'in', ['inspection', 'attachment']).executeTakeFirst())!.n,
  );

beforeAll(async () => {
  t = await startApp({ now: '2013-05-10T02:00:00.000Z' });
  for (const [k, short] of [['qianyou', '乾佑镇'], ['yingpan', '营盘镇'], ['jiaotong', '交通局'], ['jiufeng', '纠风办'], ['office', '县政府督查室'], ['kaohe', '考核办']] as const) {
    ids[k] = await unitId(t, short);
  }
  office = await t.as('duchashi');
  kaohe = await t.as('kaohe');
  jianchaju = await t.as('jianchaju');
  caizheng = await t.as('caizheng');
  qianyou = await t.as('qianyou.cb');
  yingpan = await t.as('yingpan.cb');
  jiaotong = await t.as('jiaotong.cb');
  deputy = await t.as('fuxianzhang');
  jiufeng = await conductOfficer();
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
});
afterAll(async () => t?.close());

describe('recording', () => {
  it('the office, 纠风办, 考核办 and 监察局 record inspections as their own unit; 财政局 and a town cannot; anonymous must sign in', async () => {
    const made = await record(office);
    expect([made.inspectingUnitId, made.inspectingUnitName, made.kind, made.conclusion, made.groundsForSupervision]).toEqual([
      ids.office,
      '柞水县人民政府督查室',
      'unannounced',
      'problem',
      false,
    ]);
    expect(made.createdBy).toBeTruthy();
    expect((await record(jiufeng, { kind: 'conduct', title: '纠风:窗口服务态度' })).inspectingUnitName).toBe('柞水县纠正行业不正之风办公室');
    expect((await record(kaohe, { kind: 'assessment' })).inspectingUnitId).toBe(ids.kaohe);
    expect((await record(jianchaju, { kind: 'daily' })).inspectingUnitName).toBe('柞水县监察局');
    for (const c of [caizheng, qianyou, jiaotong, deputy]) {
      const r = await c.call(inspections.createInspection, { body: body() });
      expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await t.anon().call(inspections.createInspection, { body: body() })).status).toBe(401);
  });

  it('nobody records in the name of another inspecting unit', async () => {
    const r = await kaohe.call(inspections.createInspection, { body: body({ inspectingUnitId: ids.office }) });
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await office.call(inspections.createInspection, { body: body({ inspectingUnitId: ids.office }) })).status).toBe(200);
  });

  it('targets: a unit, a task (its lead unit), a task with a cooperating unit; a unit with no part in the task, a task of another campaign, an unknown unit are refused', async () => {
    const land = byTitle('完成征地拆迁'); // 乾佑镇 alone
    const kinder = byTitle('新建乾佑镇中心幼儿园'); // led by 教体局, 乾佑镇 cooperates
    const made = await record(office, {
      targets: [{ unitId: ids.yingpan }, { taskId: land.id }, { taskId: kinder.id, unitId: ids.qianyou }, { unitId: ids.yingpan }],
    });
    const got = made.targets.map((x: any) => [x.unitName, x.taskCode, x.taskTitle]);
    expect(got).toHaveLength(3);
    expect(got).toEqual(
      expect.arrayContaining([
        ['营盘镇人民政府', null, null],
        ['乾佑镇人民政府', land.code, '完成征地拆迁'],
        ['乾佑镇人民政府', kinder.code, '新建乾佑镇中心幼儿园'],
      ]),
    );
    const wrongUnit = await office.call(inspections.createInspection, { body: body({ targets: [{ taskId: land.id, unitId: ids.yingpan }] }) });
    expect([wrongUnit.status, wrongUnit.body.error.issues[0].path]).toEqual([400, 'targets.0.unitId']);
    const other = await office.call(campaigns.createCampaign, { body: { year: 2014, name: '2014年执行年', startDate: '2014-01-01', endDate: '2014-12-31' } });
    expect(other.status).toBe(200);
    const foreignTask = await office.call(inspections.createInspection, { body: body({ campaignId: other.body.id, targets: [{ taskId: land.id }] }) });
    expect([foreignTask.status, foreignTask.body.error.issues[0].path]).toEqual([400, 'targets.0.taskId']);
    const unknown = await office.call(inspections.createInspection, { body: body({ targets: [{ unitId: 'nosuchunit' }] }) });
    expect([unknown.status, unknown.body.error.issues[0].path]).toEqual([400, 'targets.0.unitId']);
    const none = await office.call(inspections.createInspection, { body: body({ targets: [] }) });
    expect(none.status).toBe(400);
  });

  it('an inspection cannot be dated in the future, and a good conclusion cannot be grounds for supervision', async () => {
    const future = await office.call(inspections.createInspection, { body: body({ inspectedOn: '2013-05-11' }) });
    expect([future.status, future.body.error.issues[0].path]).toEqual([400, 'inspectedOn']);
    expect((await office.call(inspections.createInspection, { body: body({ inspectedOn: '2013-05-10' }) })).status).toBe(200);
    const contradiction = await office.call(inspections.createInspection, { body: body({ conclusion: 'good', groundsForSupervision: true }) });
    expect([contradiction.status, contradiction.body.error.issues[0].path]).toEqual([400, 'groundsForSupervision']);
  });
});

describe('who sees what', () => {
  let aboutQianyou: string;
  let aboutYingpan: string;
  let aboutJiaotong: string;
  beforeAll(async () => {
    aboutQianyou = (await record(office, { title: '督查乾佑镇', targets: [{ unitId: ids.qianyou }] })).id;
    aboutYingpan = (await record(kaohe, { kind: 'assessment', title: '考核营盘镇', targets: [{ unitId: ids.yingpan }] })).id;
    aboutJiaotong = (await record(jiufeng, { kind: 'conduct', title: '纠风交通局', targets: [{ unitId: ids.jiaotong }] })).id;
  });

  it('a town sees the inspections that concern it and no others; opening another’s is forbidden', async () => {
    const seen = await list(qianyou);
    expect(seen).toContain(aboutQianyou);
    expect(seen).not.toContain(aboutYingpan);
    expect(seen).not.toContain(aboutJiaotong);
    expect((await yingpan.call(inspections.getInspection, { params: { id: aboutYingpan } })).status).toBe(200);
    const foreign = await yingpan.call(inspections.getInspection, { params: { id: aboutQianyou } });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FORBIDDEN']);
    // whatever 乾佑镇 sees concerns 乾佑镇
    for (const id of seen) {
      const i = (await qianyou.call(inspections.getInspection, { params: { id } })).body;
      expect(i.targets.some((x: any) => x.unitId === ids.qianyou)).toBe(true);
    }
  });

  it('the inspecting units see all, including each other’s records; the deputy county head sees those of the units in his charge', async () => {
    for (const c of [office, kaohe, jianchaju, jiufeng]) {
      expect(await list(c)).toEqual(expect.arrayContaining([aboutQianyou, aboutYingpan, aboutJiaotong]));
    }
    const deputyPerson = await t.services.db.kysely.selectFrom('users').select('person_id').where('username', '=', 'fuxianzhang').executeTakeFirstOrThrow();
    const charged = (await t.services.db.kysely.selectFrom('leader_charges').select('unit_id').where('person_id', '=', deputyPerson.person_id!).execute()).map((r) => r.unit_id);
    expect(charged).toContain(ids.jiaotong);
    expect(charged).not.toContain(ids.qianyou);
    const seen = await list(deputy);
    expect(seen).toContain(aboutJiaotong);
    expect(seen).not.toContain(aboutQianyou);
    expect((await deputy.call(inspections.getInspection, { params: { id: aboutQianyou } })).status).toBe(403);
    expect(await list(caizheng)).toEqual([]);
    expect((await t.anon().call(inspections.listInspections)).status).toBe(401);
  });

  it('filters: by unit concerned, kind and flag', async () => {
    const flagged = (await record(office, { kind: 'projects', title: '项目督查', targets: [{ unitId: ids.yingpan }], groundsForSupervision: true })).id;
    const byUnit = await list(office, { unitId: ids.yingpan });
    expect(byUnit).toEqual(expect.arrayContaining([aboutYingpan, flagged]));
    expect(byUnit).not.toContain(aboutQianyou);
    for (const id of byUnit) {
      const i = (await office.call(inspections.getInspection, { params: { id } })).body;
      expect(i.targets.map((x: any) => x.unitId)).toContain(ids.yingpan);
    }
    expect(await list(office, { kind: 'projects' })).toEqual([flagged]);
    const onlyFlagged = await list(office, { flagged: 'true' });
    expect(onlyFlagged).toContain(flagged);
    expect(onlyFlagged).not.toContain(aboutQianyou);
    expect(await list(office, { flagged: 'false' })).not.toContain(flagged);
    // a town filtering for another town still sees only what concerns it too
    const mixed = await list(qianyou, { unitId: ids.yingpan });
    expect(mixed).not.toContain(aboutYingpan);
    for (const id of mixed) {
      const units = (await qianyou.call(inspections.getInspection, { params: { id } })).body.targets.map((x: any) => x.unitId);
      expect(units).toEqual(expect.arrayContaining([ids.qianyou, ids.yingpan]));
    }
    const other = await office.call(inspections.listInspections, { query: { campaignId: 'nosuchcampaign' } });
    expect(other.body.items).toEqual([]);
  });
});

describe('findings, the flag and evidence', () => {
  it('the recording unit corrects findings and sets the flag; another inspecting unit and the unit concerned cannot', async () => {
    const i = await record(office, { conclusion: 'good', findings: '整改到位' });
    const flagGood = await office.call(inspections.updateInspection, { params: { id: i.id }, body: { groundsForSupervision: true } });
    expect([flagGood.status, flagGood.body.error.issues[0].path]).toEqual([400, 'groundsForSupervision']);
    const changed = await office.call(inspections.updateInspection, {
      params: { id: i.id },
      body: { findings: '复查发现仍有 3 户未签约', conclusion: 'problem', groundsForSupervision: true },
    });
    expect(changed.status).toBe(200);
    expect([changed.body.findings, changed.body.conclusion, changed.body.groundsForSupervision]).toEqual(['复查发现仍有 3 户未签约', 'problem', true]);
    for (const c of [kaohe, jiufeng, qianyou, caizheng]) {
      expect((await c.call(inspections.updateInspection, { params: { id: i.id }, body: { groundsForSupervision: false } })).status).toBe(403);
    }
    const empty = await office.call(inspections.updateInspection, { params: { id: i.id }, body: {} });
    expect(empty.status).toBe(400);
    expect((await office.call(inspections.getInspection, { params: { id: i.id } })).body.groundsForSupervision).toBe(true);
  });

  it('evidence: the recording unit attaches photos and scans; the unit concerned and the inspecting units read them, another town cannot', async () => {
    const i = await record(office);
    const photo = await jpeg(640, 480);
    const up = await attach(office, i.id, [
      { filename: '暗访照片1.jpg', data: photo },
      { filename: '问题清单.pdf', data: pdf('issues') },
    ]);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const [shot, scan] = up.body.items;
    expect([shot.mime, shot.hasThumbnail, scan.mime]).toEqual(['image/jpeg', true, 'application/pdf']);
    expect((await office.call(inspections.getInspection, { params: { id: i.id } })).body.attachments.map((a: any) => a.name).sort()).toEqual(['暗访照片1.jpg', '问题清单.pdf'].sort());
    for (const c of [office, kaohe, jianchaju, qianyou]) {
      expect((await c.call(files.downloadAttachment, { params: { id: shot.id } })).status).toBe(200);
      expect((await c.call(files.attachmentThumbnail, { params: { id: shot.id } })).status).toBe(200);
    }
    for (const c of [yingpan, jiaotong, caizheng]) expect((await c.call(files.downloadAttachment, { params: { id: scan.id } })).status).toBe(403);
    expect((await t.anon().call(files.downloadAttachment, { params: { id: scan.id } })).status).toBe(401);
    // only the recording unit adds evidence
    for (const c of [kaohe, qianyou]) expect((await attach(c, i.id, [{ filename: 'x.pdf', data: pdf('x') }])).status).toBe(403);
  });

  it('the recording unit may remove evidence until the inspection is grounds for supervision; then it stays', async () => {
    const i = await record(office);
    const [a, b] = (await attach(office, i.id, [{ filename: '一.pdf', data: pdf('1') }, { filename: '二.pdf', data: pdf('2') }])).body.items;
    expect((await kaohe.call(files.deleteAttachment, { params: { id: a.id } })).status).toBe(403);
    expect((await qianyou.call(files.deleteAttachment, { params: { id: a.id } })).status).toBe(403);
    expect((await office.call(files.deleteAttachment, { params: { id: a.id } })).status).toBe(200);
    await office.call(inspections.updateInspection, { params: { id: i.id }, body: { groundsForSupervision: true } });
    const kept = await office.call(files.deleteAttachment, { params: { id: b.id } });
    expect([kept.status, kept.body.error.code]).toEqual([409, 'INVALID_STATE']);
    expect((await office.call(inspections.getInspection, { params: { id: i.id } })).body.attachments.map((x: any) => x.id)).toEqual([b.id]);
  });

  it('every change is audited; refused requests write nothing', async () => {
    const db = t.services.db.kysely;
    const before = await auditCount();
    const i = await record(office);
    await office.call(inspections.updateInspection, { params: { id: i.id }, body: { groundsForSupervision: true } });
    await office.call(inspections.updateInspection, { params: { id: i.id }, body: { groundsForSupervision: true } }); // no change, no entry
    await attach(office, i.id, [{ filename: '证据.pdf', data: pdf('e') }]);
    const entries = await db.selectFrom('audit_log').select(['action', 'entity_id', 'before', 'after']).where('entity_type', 'in', ['inspection', 'attachment']).where('seq', '>', 0).orderBy('seq', 'desc').limit(3).execute();
    expect(entries.map((e) => e.action).reverse()).toEqual(['inspection.create', 'inspection.update', 'attachment.add']);
    const [add, update, create] = entries;
    expect(JSON.parse(create!.after!).targets).toEqual([{ unit_id: ids.qianyou, task_id: null }]);
    expect([JSON.parse(update!.before!), JSON.parse(update!.after!)]).toEqual([{ grounds_for_supervision: 0 }, { grounds_for_supervision: 1 }]);
    expect(JSON.parse(add!.after!)).toMatchObject({ ownerType: 'inspection', ownerId: i.id, name: '证据.pdf', mime: 'application/pdf' });
    expect(await auditCount()).toBe(before + 3);
    await caizheng.call(inspections.createInspection, { body: body() });
    await office.call(inspections.createInspection, { body: body({ inspectedOn: '2099-01-01' }) });
    await kaohe.call(inspections.updateInspection, { params: { id: i.id }, body: { findings: '改' } });
    await attach(qianyou, i.id, [{ filename: 'x.pdf', data: pdf('x') }]);
    await attach(office, i.id, [{ filename: 'x.exe', data: Buffer.from('MZ\x90\x00\x03\x00', 'latin1') }]);
    expect(await auditCount()).toBe(before + 3);
  });
});
