/**
 * Valid requests for every route, built on fresh fixtures, for tests that walk the whole route
 * table (the permission matrix, the fuzzer). Fixtures are made through the API by the users
 * whose job it is (the system administrator for the organisation, the office for campaigns and
 * tasks, the unit for its plan), so they are real rows with audit entries like any other.
 */
import { expect } from 'vitest';
import { defaultPasswordPolicy } from '@luoshi/domain';
import { admin, auth, campaigns, org, progress, system, tasks, type Endpoint } from '@luoshi/contracts';
import { newId } from '../../apps/server/src/platform/ids.ts';
import { DEMO_PASSWORD, freshIp, unitId, type CallOptions, type Client, type TestApp } from './harness.ts';
import { SUPERVISION_CALLS } from './ladder.ts';
import { WORK_CALLS } from './work.ts';
import { DELIVERY_CALLS } from './delivery-calls.ts';
import { PUBLIC_SIDE_CALLS } from './public-calls.ts';
import { ASSESSMENT_CALLS } from './assessment-calls.ts';

/** One call of one route: what goes into the path, the query string and the body. */
export interface RouteCall {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** a body that is not JSON, e.g. a multipart upload */
  raw?: { body: Buffer; contentType: string };
}

/** A strong password no demo user has, for new accounts and resets. */
export const STRONG_PASSWORD = 'Zhixing#2013nian';

/** Creates real rows through the API and hands out their ids. */
export class Fixtures {
  private n = 0;
  private clients = new Map<string, Client>();
  readonly ids: Record<string, string> = {};
  private constructor(readonly t: TestApp) {}

  static async create(t: TestApp): Promise<Fixtures> {
    const f = new Fixtures(t);
    const db = t.services.db.kysely;
    for (const [key, short] of [
      ['qianyou', '乾佑镇'],
      ['yingpan', '营盘镇'],
      ['jiaotong', '交通局'],
      ['gov', '县政府'],
      ['office', '县政府督查室'],
    ] as const) {
      f.ids[key] = await unitId(t, short);
    }
    const deputy = await db.selectFrom('users').select('person_id').where('username', '=', 'fuxianzhang2').executeTakeFirstOrThrow();
    f.ids.deputyPerson = deputy.person_id!;
    f.ids.campaign = (await db.selectFrom('campaigns').select('id').orderBy('created_at').executeTakeFirstOrThrow()).id;
    // a task the demo gives to 乾佑镇 alone: 完成征地拆迁 of the expressway link road
    const own = await db.selectFrom('tasks').select('id').where('lead_unit_id', '=', f.ids.qianyou).where('title', '=', '完成征地拆迁').executeTakeFirstOrThrow();
    f.ids.qianyouTask = own.id;
    f.ids.unit = await f.unit();
    f.ids.person = await f.person();
    f.ids.post = await f.post();
    f.ids.user = (await f.user()).id;
    f.ids.ownCampaign = (await f.ok('duchashi', campaigns.createCampaign, { body: campaignBody(2014, '测试活动') })).id;
    f.ids.task = await f.task();
    // a campaign whose policy wants a unit leader to confirm each report before the office sees it
    f.ids.confirmCampaign = (await f.ok('duchashi', campaigns.createCampaign, { body: campaignBody(2014, '确认测试活动') })).id;
    const policy = JSON.parse((await db.selectFrom('campaign_policies').select('policy').where('campaign_id', '=', f.ids.confirmCampaign).executeTakeFirstOrThrow()).policy);
    policy.approval.reportConfirmation = 'deputy';
    await f.ok('duchashi', campaigns.addPolicyVersion, { params: { id: f.ids.confirmCampaign }, body: { effectiveFrom: '2013-01-01', policy } });
    f.ids.confirmTask = await f.task(f.ids.confirmCampaign);
    return f;
  }

  /** a number not used before in this file, for unique names */
  next(): number {
    return ++this.n;
  }

  /** a signed-in client of a demo user, signed in again if a test ended its session */
  async client(username: string): Promise<Client> {
    let c = this.clients.get(username);
    if (!c || (await c.call(auth.session)).status !== 200) {
      c = await this.t.as(username, undefined, freshIp());
      this.clients.set(username, c);
    }
    return c;
  }

  /** calls as a demo user, signing in again if a test ended that session, and expects 200 */
  async ok(username: string, e: Endpoint, opts: CallOptions): Promise<any> {
    let c = this.clients.get(username);
    let res = c ? await c.call(e, opts) : null;
    if (!c || res!.status === 401) {
      c = await this.t.as(username, undefined, freshIp());
      this.clients.set(username, c);
      res = await c.call(e, opts);
    }
    expect(res!.status, `${e.id} as ${username}: ${JSON.stringify(res!.body)}`).toBe(200);
    return res!.body;
  }

  async unit(extra: Record<string, unknown> = {}): Promise<string> {
    const body = { name: `测试单位${this.next()}`, kind: 'department', ...extra };
    return (await this.ok('admin', org.createUnit, { body })).id;
  }

  async person(unit: string | null = this.ids.unit ?? null, extra: Record<string, unknown> = {}): Promise<string> {
    const body = { name: `测试人员${this.next()}`, unitId: unit, phone: '13800000000', ...extra };
    return (await this.ok('admin', org.createPerson, { body })).id;
  }

  async post(unit = this.ids.unit!, role = 'handler'): Promise<string> {
    const body = { title: `测试岗位${this.next()}`, role };
    return (await this.ok('admin', org.createPost, { params: { id: unit }, body })).id;
  }

  /** an account for a new person; it must change its initial password before anything else */
  async user(): Promise<{ id: string; username: string; personId: string }> {
    const personId = await this.person();
    const username = `ceshi${this.next()}`;
    const u = await this.ok('admin', admin.createUser, { body: { username, personId, initialPassword: STRONG_PASSWORD } });
    return { id: u.id, username, personId };
  }

  /** a new member of the leading group; returns the membership id */
  async groupMember(): Promise<string> {
    const personId = await this.person();
    const g = await this.ok('admin', org.addGroupMember, { body: { personId, position: 'member' } });
    return g.members.find((m: { personId: string }) => m.personId === personId).id;
  }

  /** a task of one of the office's test campaigns, led by 乾佑镇 unless told otherwise */
  async task(campaign = this.ids.ownCampaign!, lead = this.ids.qianyou!): Promise<string> {
    const body = { nodeType: 'task', title: `测试任务${this.next()}`, leadUnitId: lead, plannedEnd: '2014-12-31' };
    return (await this.ok('duchashi', tasks.createTask, { params: { id: campaign }, body })).id;
  }

  /** a progress report by 乾佑镇's handler: a draft, or submitted (pending confirmation under the confirming policy) */
  async report(state: 'draft' | 'submitted' | 'pending', taskId = state === 'pending' ? this.ids.confirmTask! : this.ids.task!): Promise<string> {
    const body = { narrative: `第${this.next()}次填报:征地拆迁已完成六成`, percent: 60 };
    const id = (await this.ok('qianyou.cb', progress.createReport, { params: { id: taskId }, body })).id;
    if (state !== 'draft') await this.ok('qianyou.cb', progress.submitReport, { params: { id } });
    return id;
  }

  async rowVersion(taskId: string): Promise<number> {
    const db = this.t.services.db.kysely;
    return (await db.selectFrom('tasks').select('row_version').where('id', '=', taskId).executeTakeFirstOrThrow()).row_version;
  }

  /** a background job started by `username` (anyone's when null) */
  async job(username: string | null): Promise<string> {
    const db = this.t.services.db.kysely;
    const user = username ? await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow() : null;
    const id = newId();
    const now = this.t.clock.now().toISOString();
    await db
      .insertInto('jobs')
      .values({ id, kind: 'import', status: 'succeeded', progress: 1, total: 1, created_by: user?.id ?? null, result: null, created_at: now, updated_at: now })
      .execute();
    return id;
  }

  /** Where 乾佑镇's plan for the demo campaign stands. */
  async planStatus(): Promise<string> {
    const db = this.t.services.db.kysely;
    const p = await db.selectFrom('unit_plans').select('status').where('campaign_id', '=', this.ids.campaign!).where('unit_id', '=', this.ids.qianyou!).executeTakeFirst();
    return p?.status ?? 'missing';
  }

  private planParams() {
    return { params: { id: this.ids.campaign!, unitId: this.ids.qianyou! } };
  }

  /** Brings 乾佑镇's plan to `want`: the handler drafts, the principal submits, the office returns. */
  async plan(want: 'editable' | 'draft' | 'submitted'): Promise<void> {
    let status = await this.planStatus();
    if (status === 'accepted') throw new Error('乾佑镇’s plan was accepted; fixtures never accept it');
    if (status === 'submitted' && want !== 'submitted') {
      await this.ok('duchashi', campaigns.reviewUnitPlan, { ...this.planParams(), body: { decision: 'return', comment: '请补充' } });
      status = 'returned';
    }
    if (want === 'editable' || status === want) return;
    if (status !== 'draft') await this.ok('qianyou.cb', campaigns.saveUnitPlan, { ...this.planParams(), body: PLAN });
    if (want === 'submitted') await this.ok('qianyou', campaigns.submitUnitPlan, this.planParams());
  }
}

const PLAN = { organisation: '镇执行年活动办公室', goals: ['按期完成征地拆迁'], timeNodes: [{ date: '2013-06-30', item: '完成征地拆迁' }] };

function campaignBody(year: number, name: string) {
  return { year, name, startDate: `${year}-01-01`, endDate: `${year}-12-31` };
}

/** Builds a valid call of a route for the given demo user (null: anonymous). */
export type Builder = (f: Fixtures, username: string | null) => Promise<RouteCall>;

export const VALID_CALLS: Record<string, Builder> = {
  [auth.login.id]: async (_f, username) => ({ body: { username: username ?? 'kaohe', password: DEMO_PASSWORD } }),
  [auth.logout.id]: async () => ({}),
  [auth.session.id]: async () => ({}),
  [auth.changePassword.id]: async () => ({ body: { currentPassword: DEMO_PASSWORD, newPassword: STRONG_PASSWORD } }),
  [system.health.id]: async () => ({}),
  [system.ready.id]: async () => ({}),
  [org.listRegions.id]: async () => ({}),
  [org.createRegion.id]: async (f) => ({ body: { name: `测试村${f.next()}`, level: 'village', parentId: null } }),
  [org.listUnits.id]: async () => ({ query: { kind: 'town' } }),
  [org.getUnit.id]: async (f) => ({ params: { id: f.ids.qianyou! } }),
  [org.createUnit.id]: async (f) => ({ body: { name: `新建单位${f.next()}`, kind: 'institution' } }),
  [org.updateUnit.id]: async (f) => ({ params: { id: f.ids.unit! }, body: { sortOrder: f.next() } }),
  [org.listPeople.id]: async (f) => ({ query: { unitId: f.ids.qianyou! } }),
  [org.createPerson.id]: async (f) => ({ body: { name: `新人员${f.next()}`, unitId: f.ids.unit!, gender: 'female' } }),
  [org.updatePerson.id]: async (f) => ({ params: { id: f.ids.person! }, body: { title: `科员${f.next()}` } }),
  [org.createPost.id]: async (f) => ({ params: { id: f.ids.unit! }, body: { title: `新岗位${f.next()}`, role: 'liaison' } }),
  [org.updatePost.id]: async (f) => ({ params: { id: f.ids.post! }, body: { sortOrder: f.next() } }),
  [org.assignPost.id]: async (f) => ({ params: { id: f.ids.post! }, body: { personId: await f.person(), from: '2013-05-01' } }),
  [org.getLeadingGroup.id]: async () => ({}),
  [org.updateLeadingGroup.id]: async () => ({ body: { name: '柞水县政府工作执行年活动领导小组' } }),
  [org.addGroupMember.id]: async (f) => ({ body: { personId: await f.person(), position: 'member', duty: '成员' } }),
  [org.removeGroupMember.id]: async (f) => ({ params: { id: await f.groupMember() } }),
  [org.setCharges.id]: async (f) => {
    const db = f.t.services.db.kysely;
    const rows = await db.selectFrom('leader_charges').select('unit_id').where('person_id', '=', f.ids.deputyPerson!).execute();
    return { params: { id: f.ids.deputyPerson! }, body: { unitIds: rows.map((r) => r.unit_id) } };
  },
  [admin.listUsers.id]: async () => ({ query: { q: 'qianyou' } }),
  [admin.createUser.id]: async (f) => ({
    body: { username: `xinzhanghao${f.next()}`, personId: await f.person(), initialPassword: STRONG_PASSWORD },
  }),
  [admin.updateUser.id]: async (f) => ({ params: { id: f.ids.user! }, body: { disabled: false } }),
  [admin.resetPassword.id]: async (f) => ({ params: { id: f.ids.user! }, body: { newPassword: `${STRONG_PASSWORD}${f.next()}` } }),
  [admin.unlockUser.id]: async (f) => ({ params: { id: f.ids.user! } }),
  [admin.setSystemRoles.id]: async (f) => ({ params: { id: f.ids.user! }, body: { roles: [] } }),
  [admin.getSecurityPolicy.id]: async () => ({}),
  [admin.updateSecurityPolicy.id]: async () => ({ body: { ...defaultPasswordPolicy } }),
  [admin.listAudit.id]: async () => ({ query: { limit: '5' } }),
  [admin.verifyAudit.id]: async () => ({}),
  [campaigns.listCampaigns.id]: async () => ({}),
  [campaigns.getCampaign.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [campaigns.createCampaign.id]: async (f) => ({ body: campaignBody(2014, `新活动${f.next()}`) }),
  [campaigns.updateCampaign.id]: async (f) => ({ params: { id: f.ids.ownCampaign! }, body: { requirements: `要求${f.next()}` } }),
  [campaigns.copyCampaign.id]: async (f) => ({ params: { id: f.ids.ownCampaign! }, body: { year: 2015, name: `复制活动${f.next()}` } }),
  [campaigns.listPolicyVersions.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [campaigns.addPolicyVersion.id]: async (f) => {
    const db = f.t.services.db.kysely;
    const last = await db.selectFrom('campaign_policies').select('policy').where('campaign_id', '=', f.ids.ownCampaign!).orderBy('version', 'desc').executeTakeFirstOrThrow();
    return { params: { id: f.ids.ownCampaign! }, body: { effectiveFrom: '2014-06-01', policy: JSON.parse(last.policy), note: '年中调整' } };
  },
  [campaigns.saveProjectList.id]: async (f) => ({ params: { id: f.ids.ownCampaign! }, body: { name: `清单${f.next()}`, size: 10 } }),
  [campaigns.planOverview.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [campaigns.getUnitPlan.id]: async (f) => ({ params: { id: f.ids.campaign!, unitId: f.ids.qianyou! } }),
  [campaigns.saveUnitPlan.id]: async (f) => {
    await f.plan('editable');
    return { params: { id: f.ids.campaign!, unitId: f.ids.qianyou! }, body: PLAN };
  },
  [campaigns.submitUnitPlan.id]: async (f) => {
    await f.plan('draft');
    return { params: { id: f.ids.campaign!, unitId: f.ids.qianyou! } };
  },
  [campaigns.reviewUnitPlan.id]: async (f) => {
    await f.plan('submitted');
    return { params: { id: f.ids.campaign!, unitId: f.ids.qianyou! }, body: { decision: 'return', comment: '时间节点不具体' } };
  },
  [tasks.listTasks.id]: async (f) => ({ params: { id: f.ids.campaign! }, query: { scope: 'all' } }),
  [tasks.getTask.id]: async (f) => ({ params: { id: f.ids.qianyouTask! } }),
  [tasks.createTask.id]: async (f) => ({
    params: { id: f.ids.ownCampaign! },
    body: { nodeType: 'task', title: `新任务${f.next()}`, leadUnitId: f.ids.qianyou!, plannedEnd: '2014-10-31' },
  }),
  [tasks.updateTask.id]: async (f) => ({ params: { id: f.ids.task! }, body: { rowVersion: await f.rowVersion(f.ids.task!), title: `任务${f.next()}` } }),
  [tasks.setResponsibility.id]: async (f) => ({
    params: { id: f.ids.task! },
    body: { role: 'handler', personId: await f.person(f.ids.qianyou!), from: '2014-05-01' },
  }),
  [tasks.deleteTask.id]: async (f) => ({ params: { id: await f.task() } }),
  [tasks.getJob.id]: async (f, username) => ({ params: { id: await f.job(username) } }),
  [progress.listReports.id]: async (f) => ({ params: { id: f.ids.task! } }),
  [progress.createReport.id]: async (f) => ({ params: { id: f.ids.task! }, body: { narrative: '完成征地拆迁 40 户', percent: 40 } }),
  [progress.updateDraft.id]: async (f) => ({ params: { id: await f.report('draft') }, body: { narrative: '完成征地拆迁 45 户', percent: 45 } }),
  [progress.submitReport.id]: async (f) => ({ params: { id: await f.report('draft') } }),
  [progress.confirmReport.id]: async (f) => ({ params: { id: await f.report('pending') } }),
  [progress.correctReport.id]: async (f) => ({ params: { id: await f.report('submitted') }, body: { narrative: '更正:完成 50 户', percent: 50 } }),
  [progress.reviewReport.id]: async (f) => ({ params: { id: await f.report('submitted') }, body: { decision: 'return', comment: '请附现场照片' } }),
  [progress.reviewQueue.id]: async (f) => ({ params: { id: f.ids.ownCampaign! } }),
  [progress.listSelfInspections.id]: async (f) => ({ params: { id: f.ids.task! } }),
  [progress.addSelfInspection.id]: async (f) => ({ params: { id: await f.task() }, body: { period: '2013-Q2', rating: 'good', comment: '按计划推进' } }),
  [progress.dashboard.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [progress.dailyTracking.id]: async (f) => ({ params: { id: f.ids.campaign! } }),
  [progress.listNotifications.id]: async () => ({ query: { unread: 'true' } }),
  [progress.markNotificationsRead.id]: async () => ({ body: { all: true } }),
  ...SUPERVISION_CALLS,
  ...WORK_CALLS,
  ...DELIVERY_CALLS,
  ...PUBLIC_SIDE_CALLS,
  ...ASSESSMENT_CALLS,
};

/** Waits until no background job is running, so a test file ends with a quiet database. */
export async function settleJobs(t: TestApp): Promise<void> {
  const db = t.services.db.kysely;
  for (let i = 0; i < 500; i++) {
    const running = await db.selectFrom('jobs').select('id').where('status', '=', 'running').execute();
    if (!running.length) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('background jobs did not finish');
}

/** Fills `:name` segments, encoding each value. */
export function pathOf(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(v);
  });
}
