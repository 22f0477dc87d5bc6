/**
 * The demo county's public side, so a first start shows a living portal: routing rules by
 * category and area, a handful of citizens' cases in every state (one replied and rated, one being
 * handled, one just received, one transferred, a 信访 petition that stays internal), some of them
 * published; a few published tasks, commitments and approval items. All people are fictitious.
 * Seeded by `luoshi demo` and by `serve` on an empty database — not in the test template.
 */
import { addDays, localDate, type Actor } from '@luoshi/domain';
import { catalogue as catalogueContracts } from '@luoshi/contracts';
import { runTx, type Services, type Tx } from '../platform/context.ts';
import { personalDataCipher } from '../platform/secrets.ts';
import { createRoutingRule, updateCasePolicy } from '../modules/cases/configure.ts';
import { readCasePolicy } from '../modules/cases/repo.ts';
import { createCase, type IntakeInput } from '../modules/cases/intake.ts';
import { acceptCase, replyCase, transferCase } from '../modules/cases/handle-case.ts';
import { flagCase } from '../modules/cases/flag-case.ts';
import { saveCase } from '../modules/cases/change.ts';
import { recordEvent } from '../modules/cases/events.ts';
import { createCommitment } from '../modules/publication/commitments.ts';
import { setPublished } from '../modules/publication/publish.ts';
import { createItem } from '../modules/catalogue/items.ts';

/** The State Council's 2013 holiday schedule (国办发明电〔2012〕38号), an example the office replaces each year. */
const HOLIDAYS_2013 = {
  restDays: [
    '2013-01-01', '2013-01-02', '2013-01-03', '2013-02-09', '2013-02-10', '2013-02-11', '2013-02-12', '2013-02-13', '2013-02-14', '2013-02-15',
    '2013-04-04', '2013-04-05', '2013-04-06', '2013-04-29', '2013-04-30', '2013-05-01', '2013-06-10', '2013-06-11', '2013-06-12',
    '2013-09-19', '2013-09-20', '2013-09-21', '2013-10-01', '2013-10-02', '2013-10-03', '2013-10-04', '2013-10-05', '2013-10-06', '2013-10-07',
  ],
  workDays: ['2013-01-05', '2013-01-06', '2013-02-16', '2013-02-17', '2013-04-07', '2013-04-27', '2013-04-28', '2013-06-08', '2013-06-09', '2013-09-22', '2013-09-29', '2013-10-12'],
  /** what each day is, shown on the holiday screen (节假日安排) */
  notes: noteDays([
    ['元旦', ['2013-01-01', '2013-01-02', '2013-01-03'], ['2013-01-05', '2013-01-06']],
    ['春节', ['2013-02-09', '2013-02-10', '2013-02-11', '2013-02-12', '2013-02-13', '2013-02-14', '2013-02-15'], ['2013-02-16', '2013-02-17']],
    ['清明节', ['2013-04-04', '2013-04-05', '2013-04-06'], ['2013-04-07']],
    ['劳动节', ['2013-04-29', '2013-04-30', '2013-05-01'], ['2013-04-27', '2013-04-28']],
    ['端午节', ['2013-06-10', '2013-06-11', '2013-06-12'], ['2013-06-08', '2013-06-09']],
    ['中秋节', ['2013-09-19', '2013-09-20', '2013-09-21'], ['2013-09-22']],
    ['国庆节', ['2013-10-01', '2013-10-02', '2013-10-03', '2013-10-04', '2013-10-05', '2013-10-06', '2013-10-07'], ['2013-09-29', '2013-10-12']],
  ]),
};

function noteDays(holidays: [string, string[], string[]][]): Record<string, string> {
  return Object.fromEntries(holidays.flatMap(([name, off, work]) => [...off.map((d) => [d, name]), ...work.map((d) => [d, `${name}调休上班`])]));
}

export interface DemoPublicResult {
  cases: number;
  published: number;
}

export async function seedDemoPublic(services: Services): Promise<DemoPublicResult> {
  const db = services.db.kysely;
  const officeId = (await db.selectFrom('units').select('id').where('short_name', '=', '县政府督查室').executeTakeFirstOrThrow()).id;
  const office: Actor = {
    userId: 'system',
    username: 'system',
    personId: null,
    displayName: '县政府督查室',
    systemRoles: [],
    memberships: [{ unitId: officeId, role: 'principal', unitFunctions: ['office'] }],
    chargedUnitIds: [],
  };
  const cipher = personalDataCipher(services.config.dataDir);
  return runTx(services, { actor: office, ip: null }, async (tx) => {
    const unit = async (short: string) => (await tx.db.selectFrom('units').select('id').where('short_name', '=', short).executeTakeFirstOrThrow()).id;
    const region = async (name: string) => (await tx.db.selectFrom('regions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const policy = await readCasePolicy(tx.db);
    await updateCasePolicy(tx, { ...policy, petition: { ...policy.petition, calendar: { shiftToWorkingDay: true, ...HOLIDAYS_2013 } } });

    // routing: by category, and for street lights in 乾佑镇 the town itself
    const rule = async (code: string, short: string, regionName: string | null = null, priority = 0) =>
      createRoutingRule(tx, { categoryId: `cat_${code}`, regionId: regionName ? await region(regionName) : null, unitId: await unit(short), priority });
    await rule('road', '交通局');
    await rule('streetlight', '住建局');
    await rule('streetlight', '乾佑镇', '乾佑镇', 10);
    await rule('sanitation', '住建局');
    await rule('water', '水务局');
    await rule('pollution', '环保局');
    await rule('enterprise', '发改局');
    await rule('education', '教体局');

    const today = localDate(tx.now);
    const base = { title: '', address: '', regionId: null, anonymous: false, name: '', phone: '', idNumber: '', email: '' };
    const make = async (over: Partial<IntakeInput> & Pick<IntakeInput, 'channel' | 'categoryId' | 'content'>, daysAgo: number) =>
      createCase(tx, { ...base, ...over, receivedOn: addDays(today, -daysAgo) }, cipher);
    let published = 0;
    const publish = async (c: { id: string; row_version: number }) => {
      await flagCase(tx, c.id, { rowVersion: c.row_version, published: true, note: '' });
      published++;
    };

    // 1. replied and rated: the whole path
    let lamp = await make({ channel: 'web', categoryId: 'cat_streetlight', content: '乾佑镇幸福小区门口的路灯坏了好几天,晚上出行很不方便,请尽快维修。', regionId: await region('乾佑镇'), address: '乾佑镇幸福小区', name: '王某某', phone: '13900000001' }, 9);
    lamp = await acceptCase(tx, lamp.id, { rowVersion: lamp.row_version, accept: true, note: '' }).then((c) => refresh(tx, c.id));
    lamp = await replyCase(tx, lamp.id, { rowVersion: lamp.row_version, reply: '已更换幸福小区门口 3 盏路灯的灯泡和镇流器,恢复照明。感谢您的监督。' }).then((c) => refresh(tx, c.id));
    lamp = await saveCase(tx, lamp, { satisfaction: 'satisfied', rated_at: tx.nowIso, status: 'closed', closed_at: tx.nowIso }, 'case.rate');
    await recordEvent(tx, lamp, 'rated', { note: '' });
    await publish(lamp);

    // 2. being handled by the transport bureau
    let road = await make({ channel: 'hotline', categoryId: 'cat_road', content: '营盘镇至县城公路 K12 处边坡塌方,占了半幅路面,车辆通行有危险。', regionId: await region('营盘镇'), address: '营盘镇公路 K12', anonymous: true }, 4);
    road = await acceptCase(tx, road.id, { rowVersion: road.row_version, accept: true, note: '' }).then((c) => refresh(tx, c.id));
    await publish(road);

    // 3. just received, routed by category
    const litter = await make({ channel: 'web', categoryId: 'cat_sanitation', content: '县城滨河路垃圾清运不及时,垃圾桶周边气味很大。', address: '县城滨河路', anonymous: true }, 1);
    await publish(await refresh(tx, litter.id));

    // 4. an enterprise's problem, replied, waiting for its rating
    let firm = await make({ channel: 'letter', categoryId: 'cat_enterprise', content: '我公司办理项目备案需要往返多个部门,材料重复提交,希望简化流程。', name: '李某某', phone: '13900000002', attributes: { enterprise: '柞水县某农产品公司' } }, 12);
    firm = await acceptCase(tx, firm.id, { rowVersion: firm.row_version, accept: true, note: '' }).then((c) => refresh(tx, c.id));
    firm = await replyCase(tx, firm.id, { rowVersion: firm.row_version, reply: '项目备案已改为网上一次提交,各部门并联审查,5 个工作日内办结。' }).then((c) => refresh(tx, c.id));
    await publish(firm);

    // 5. transferred once, with its reason (internal), not published
    const water = await make({ channel: 'hotline', categoryId: 'cat_water', content: '曹坪镇街道自来水浑浊已经三天。', regionId: await region('曹坪镇'), name: '张某某', phone: '13900000003' }, 2);
    await transferCase(tx, water.id, { rowVersion: water.row_version, toUnitId: await unit('曹坪镇'), reason: '镇供水站由镇政府管理' });

    // 6. a 信访 petition: on the legal clocks, never published
    await make({ channel: 'visit', categoryId: 'cat_petition', content: '反映下梁镇某村土地征收补偿款未足额发放。', regionId: await region('下梁镇'), name: '赵某某', phone: '13900000004', petition: true }, 3);

    // the office publishes three tasks, two commitments and two approval items
    const tasks = await tx.db.selectFrom('tasks').select('id').where('node_type', 'in', ['project', 'task']).orderBy('code').limit(3).execute();
    for (const t of tasks) await setPublished(tx, { entityType: 'task', entityId: t.id, published: true });
    const y = today.slice(0, 4);
    await createCommitment(tx, { unitId: await unit('乾佑镇'), problem: '群众反映到镇上办事要跑多次', commitment: '便民服务中心一次告知、限时办结,周六上午有人值守。', dueOn: `${y}-09-30`, published: true });
    await createCommitment(tx, { unitId: await unit('交通局'), problem: '农村公路雨季塌方抢通慢', commitment: '汛期 24 小时值班,塌方 48 小时内抢通。', dueOn: `${y}-10-31`, published: true });
    for (const item of [
      { code: 'XK-ZJ-001', name: '建筑工程施工许可', unitId: await unit('住建局'), legalBasis: '《中华人民共和国建筑法》第七条', legalDays: 15, promisedDays: 5, published: true },
      { code: 'XK-JT-001', name: '公路超限运输许可', unitId: await unit('交通局'), legalBasis: '《公路安全保护条例》第三十五条', legalDays: 20, promisedDays: 3, published: true },
    ]) {
      await createItem(tx, catalogueContracts.createItem.body!.parse(item));
    }
    // the demo's cases are history: their notices to the units' handlers are already read, so a
    // handler's bell shows only what happens after the first start
    await tx.db.updateTable('notifications').set({ read_at: tx.nowIso }).where('kind', 'like', 'case.%').where('read_at', 'is', null).execute();
    return { cases: 6, published };
  });
}

async function refresh(tx: Tx, id: string) {
  return tx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
