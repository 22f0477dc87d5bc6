/**
 * Evidence files and inspections, own unit against foreign unit: a report's photos are added and
 * removed by its unit while it is a draft and read by nobody else until it is submitted; an
 * inspection is read by the units it concerns and the inspectors, and changed by the unit that
 * recorded it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files, inspections, progress } from '@luoshi/contracts';
import { freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';
import { Fixtures } from '../support/routes.ts';
import { evidence, inspection, photoUpload, png } from '../support/work.ts';

let t: TestApp;
let f: Fixtures;
const clients = new Map<string, Client>();

async function clientFor(username: string): Promise<Client> {
  let c = clients.get(username);
  if (!c) {
    c = await t.as(username, undefined, freshIp());
    clients.set(username, c);
  }
  return c;
}
async function refused(r: Promise<{ status: number; body: any }>) {
  const res = await r;
  expect([res.status, res.body?.error?.code], JSON.stringify(res.body)).toEqual([403, 'FORBIDDEN']);
}
/** the raw bytes of a download, as `username` */
async function fetchFile(username: string, url: string) {
  const c = await clientFor(username);
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: c.cookie! }, remoteAddress: c.ip });
  return { status: res.statusCode, file: res.rawPayload, type: String(res.headers['content-type']) };
}
const upload = (username: string, e: typeof files.uploadReportAttachments, id: string) =>
  clientFor(username).then((c) => {
    const up = photoUpload();
    return c.call(e, { params: { id }, rawBody: up.body, headers: { 'content-type': up.contentType } });
  });

beforeAll(async () => {
  t = await startApp();
  f = await Fixtures.create(t);
});
afterAll(async () => t?.close());

describe('evidence of a progress report', () => {
  it('乾佑镇 attaches a photo to its draft; 交通局 can neither attach, read nor remove it, and the office waits for submission', async () => {
    const { attachmentId, reportId } = await evidence(f, 'draft');
    const url = `/api/v1/attachments/${attachmentId}/download`;
    await refused(upload('jiaotong.cb', files.uploadReportAttachments, reportId));
    await refused((await clientFor('jiaotong.cb')).call(files.deleteAttachment, { params: { id: attachmentId } }));
    expect((await fetchFile('jiaotong.cb', url)).status).toBe(403);
    expect((await fetchFile('duchashi', url)).status).toBe(403);
    const own = await fetchFile('qianyou', url);
    expect([own.status, own.file.equals(png())]).toEqual([200, true]);
    expect((await (await clientFor('qianyou.cb')).call(progress.submitReport, { params: { id: reportId } })).status).toBe(200);
    const office = await fetchFile('duchashi', url);
    expect([office.status, office.file.equals(png())]).toEqual([200, true]);
    expect((await fetchFile('duchashi', `/api/v1/attachments/${attachmentId}/thumbnail`)).status).toBe(200);
    expect((await fetchFile('jiaotong.cb', `/api/v1/attachments/${attachmentId}/thumbnail`)).status).toBe(403);
  });

  it('the reporting unit removes a photo from its draft; another unit’s attempt leaves it in place', async () => {
    const { attachmentId } = await evidence(f, 'draft');
    await refused((await clientFor('jiaotong.cb')).call(files.deleteAttachment, { params: { id: attachmentId } }));
    expect((await fetchFile('qianyou.cb', `/api/v1/attachments/${attachmentId}/download`)).status).toBe(200);
    expect((await (await clientFor('qianyou')).call(files.deleteAttachment, { params: { id: attachmentId } })).status).toBe(200);
    expect((await fetchFile('qianyou.cb', `/api/v1/attachments/${attachmentId}/download`)).status).toBe(404);
  });
});

describe('inspections', () => {
  it('an inspection of 乾佑镇 is read by 乾佑镇 and the inspectors, not by 交通局', async () => {
    const id = await inspection(f);
    const ids = async (username: string) =>
      ((await (await clientFor(username)).call(inspections.listInspections, { query: { campaignId: f.ids.campaign! } })).body.items as { id: string }[]).map((i) => i.id);
    for (const username of ['qianyou.cb', 'duchashi', 'jianchaju', 'xianzhang']) {
      expect((await (await clientFor(username)).call(inspections.getInspection, { params: { id } })).status, username).toBe(200);
      expect(await ids(username), username).toContain(id);
    }
    await refused((await clientFor('jiaotong.cb')).call(inspections.getInspection, { params: { id } }));
    expect(await ids('jiaotong.cb')).not.toContain(id);
  });

  it('only the unit that recorded an inspection changes it or adds evidence; another inspecting unit cannot', async () => {
    const id = await inspection(f);
    const jcj = await clientFor('jianchaju');
    await refused(jcj.call(inspections.updateInspection, { params: { id }, body: { conclusion: 'good' } }));
    await refused(upload('jianchaju', files.uploadInspectionAttachments, id));
    const changed = await (await clientFor('duchashi')).call(inspections.updateInspection, { params: { id }, body: { conclusion: 'good' } });
    expect([changed.status, changed.body.conclusion]).toEqual([200, 'good']);
    expect((await upload('duchashi', files.uploadInspectionAttachments, id)).status).toBe(200);
  });
});
