/**
 * The demo county: 柞水县 as the 2013 plan describes it — the county government, the leading
 * group's member units, towns, departments and institutions, people in every role, the leading
 * group, and a printed login for each kind of user. All people are fictitious.
 */
import type { Actor, UnitFunction, UnitKind, UnitRole } from '@luoshi/domain';
import { runTx, type Services, type Tx } from '../platform/context.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { newId } from '../platform/ids.ts';
import { createRegion } from '../modules/org/save-region.ts';
import { createUnit } from '../modules/org/save-unit.ts';
import { createPerson } from '../modules/org/save-person.ts';
import { assignPost, createPost } from '../modules/org/save-post.ts';
import { addGroupMember, setCharges, updateLeadingGroup } from '../modules/org/leading-group.ts';
import { seedDemoCampaign } from './campaign.ts';

export const DEMO_PASSWORD = 'Luoshi@2013';

/** The actor that seeds the demo: recorded in the audit log as the installer. */
const seeder: Actor = {
  userId: 'system',
  username: 'system',
  personId: null,
  displayName: '系统初始化',
  systemRoles: ['sysadmin'],
  memberships: [],
  chargedUnitIds: [],
};

interface UnitSpec {
  key: string;
  name: string;
  short?: string;
  en: string;
  kind: UnitKind;
  functions?: UnitFunction[];
  town?: boolean;
}

const UNITS: UnitSpec[] = [
  { key: 'gov', name: '柞水县人民政府', short: '县政府', en: 'Zhashui County Government', kind: 'government', functions: ['government'] },
  { key: 'govoffice', name: '柞水县人民政府办公室', short: '县政府办', en: 'County Government General Office', kind: 'department', functions: ['gov_office'] },
  { key: 'office', name: '柞水县人民政府督查室', short: '县政府督查室', en: 'County Government Supervision Office', kind: 'special', functions: ['office'] },
  { key: 'jianchaju', name: '柞水县监察局', short: '监察局', en: 'Supervision Bureau', kind: 'department', functions: ['supervision'] },
  { key: 'renshe', name: '柞水县人力资源和社会保障局', short: '人社局', en: 'Human Resources and Social Security Bureau', kind: 'department', functions: ['hr'] },
  { key: 'fagai', name: '柞水县发展和改革局', short: '发改局', en: 'Development and Reform Bureau', kind: 'department', functions: ['development'] },
  { key: 'caizheng', name: '柞水县财政局', short: '财政局', en: 'Finance Bureau', kind: 'department', functions: ['finance'] },
  { key: 'kaohe', name: '柞水县目标责任考核办公室', short: '考核办', en: 'Assessment Office', kind: 'special', functions: ['assessment'] },
  { key: 'jiufeng', name: '柞水县纠正行业不正之风办公室', short: '纠风办', en: 'Conduct Rectification Office', kind: 'special', functions: ['conduct'] },
  { key: 'xiangmu', name: '柞水县重点项目建设办公室', short: '项目办', en: 'Key Projects Office', kind: 'special', functions: ['projects'] },
  { key: 'jiaoyu', name: '柞水县教育体育局', short: '教体局', en: 'Education and Sports Bureau', kind: 'department' },
  { key: 'weisheng', name: '柞水县卫生局', short: '卫生局', en: 'Health Bureau', kind: 'department' },
  { key: 'zhujian', name: '柞水县住房和城乡建设局', short: '住建局', en: 'Housing and Urban-Rural Development Bureau', kind: 'department' },
  { key: 'jiaotong', name: '柞水县交通运输局', short: '交通局', en: 'Transport Bureau', kind: 'department' },
  { key: 'nongye', name: '柞水县农业局', short: '农业局', en: 'Agriculture Bureau', kind: 'department' },
  { key: 'linye', name: '柞水县林业局', short: '林业局', en: 'Forestry Bureau', kind: 'department' },
  { key: 'shuiwu', name: '柞水县水务局', short: '水务局', en: 'Water Affairs Bureau', kind: 'department' },
  { key: 'guotu', name: '柞水县国土资源局', short: '国土局', en: 'Land and Resources Bureau', kind: 'department' },
  { key: 'huanbao', name: '柞水县环境保护局', short: '环保局', en: 'Environmental Protection Bureau', kind: 'department' },
  { key: 'minzheng', name: '柞水县民政局', short: '民政局', en: 'Civil Affairs Bureau', kind: 'department' },
  { key: 'shangwu', name: '柞水县商务局', short: '商务局', en: 'Commerce Bureau', kind: 'department' },
  { key: 'lvyou', name: '柞水县旅游局', short: '旅游局', en: 'Tourism Bureau', kind: 'department' },
  { key: 'anjian', name: '柞水县安全生产监督管理局', short: '安监局', en: 'Work Safety Bureau', kind: 'department' },
  { key: 'xinfang', name: '柞水县信访局', short: '信访局', en: 'Petitions Bureau', kind: 'department' },
  { key: 'zhengwu', name: '柞水县政务服务中心', short: '政务中心', en: 'Government Service Centre', kind: 'institution' },
  { key: 'yiyuan', name: '柞水县医院', short: '县医院', en: 'County Hospital', kind: 'institution' },
  { key: 'qianyou', name: '乾佑镇人民政府', short: '乾佑镇', en: 'Qianyou Town', kind: 'town', town: true },
  { key: 'yingpan', name: '营盘镇人民政府', short: '营盘镇', en: 'Yingpan Town', kind: 'town', town: true },
  { key: 'xialiang', name: '下梁镇人民政府', short: '下梁镇', en: 'Xialiang Town', kind: 'town', town: true },
  { key: 'hongyansi', name: '红岩寺镇人民政府', short: '红岩寺镇', en: 'Hongyansi Town', kind: 'town', town: true },
  { key: 'caoping', name: '曹坪镇人民政府', short: '曹坪镇', en: 'Caoping Town', kind: 'town', town: true },
  { key: 'xingping', name: '杏坪镇人民政府', short: '杏坪镇', en: 'Xingping Town', kind: 'town', town: true },
  { key: 'wafangkou', name: '瓦房口镇人民政府', short: '瓦房口镇', en: 'Wafangkou Town', kind: 'town', town: true },
  { key: 'fenghuang', name: '凤凰镇人民政府', short: '凤凰镇', en: 'Fenghuang Town', kind: 'town', town: true },
  { key: 'xiaoling', name: '小岭镇人民政府', short: '小岭镇', en: 'Xiaoling Town', kind: 'town', town: true },
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = [
  '建国', '志强', '秀英', '海燕', '卫东', '晓明', '丽娟', '国庆', '红梅', '振华', '文博', '雪梅', '永刚', '春燕', '立新', '晓峰',
  '桂兰', '德胜', '玉兰', '宏伟', '静怡', '子涵', '俊杰', '淑芬', '保平', '亚军', '利民', '晓燕', '海涛', '春生', '瑞华', '金凤',
  '长安', '秦川', '汉江', '丹凤', '商山', '宁陕', '若曦', '思远', '明辉', '小军', '新民', '锦华', '树森', '婷婷', '鹏飞', '浩然',
];

/** Deterministic, varied names: the n-th person of the demo. */
function personName(n: number): string {
  const s = [...SURNAMES];
  return s[(n * 7) % s.length]! + GIVEN[(n * 11 + Math.floor(n / s.length)) % GIVEN.length]!;
}

interface DemoLogin {
  username: string;
  name: string;
  role: string;
}

export interface DemoResult {
  units: number;
  people: number;
  tasks: number;
  logins: DemoLogin[];
}

export async function isEmpty(services: Services): Promise<boolean> {
  const row = await services.db.kysely.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0) === 0;
}

export async function seedDemo(services: Services): Promise<DemoResult> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return runTx(services, { actor: seeder, ip: null }, async (tx) => {
    let n = 0;
    const logins: DemoLogin[] = [];
    const unitIds: Record<string, string> = {};
    const people: Record<string, string> = {};

    const province = await createRegion(tx, { name: '陕西省', level: 'province', parentId: null, code: '610000' });
    const city = await createRegion(tx, { name: '商洛市', level: 'city', parentId: province.id, code: '611000' });
    const county = await createRegion(tx, { name: '柞水县', level: 'county', parentId: city.id, code: '611026' });

    for (const [i, u] of UNITS.entries()) {
      let regionId = county.id;
      if (u.town) regionId = (await createRegion(tx, { name: u.short!, level: 'town', parentId: county.id, code: null })).id;
      const created = await createUnit(tx, {
        code: `ZS${String(i + 1).padStart(3, '0')}`,
        name: u.name,
        shortName: u.short ?? null,
        nameEn: u.en,
        kind: u.kind,
        functions: u.functions ?? [],
        regionId,
        parentId: null,
        sortOrder: (i + 1) * 10,
      });
      unitIds[u.key] = created.id;
    }

    async function staff(unitKey: string, role: UnitRole, title: string, key?: string, gender: 'male' | 'female' = n % 3 === 0 ? 'female' : 'male') {
      const unitId = unitIds[unitKey]!;
      const person = await createPerson(tx, {
        name: personName(n++),
        gender,
        title,
        unitId,
        phone: `1390914${String(1000 + n).slice(-4)}`,
        email: null,
      });
      const post = await createPost(tx, unitId, { title, role, sortOrder: { principal: 0, deputy: 10, handler: 20, liaison: 30 }[role] });
      await assignPost(tx, post.id, { personId: person.id, from: '2013-01-01' });
      if (key) people[key] = person.id;
      return person;
    }

    // the county government: 县长 and four 副县长
    await staff('gov', 'principal', '县长', 'xianzhang');
    for (let i = 1; i <= 4; i++) await staff('gov', 'deputy', '副县长', `fuxianzhang${i}`);

    for (const u of UNITS) {
      if (u.key === 'gov') continue;
      const town = u.town;
      await staff(u.key, 'principal', town ? '镇长' : u.key === 'office' ? '主任' : u.kind === 'special' ? '主任' : '局长', `${u.key}.principal`);
      await staff(u.key, 'deputy', town ? '副镇长' : '副局长', `${u.key}.deputy`);
      await staff(u.key, 'handler', town ? '党政办干事' : '科员', `${u.key}.handler`);
      await staff(u.key, 'liaison', '执行年活动联络员', `${u.key}.liaison`);
      if (u.key === 'office') await staff('office', 'handler', '督查专员', 'office.handler2');
    }

    // 县领导分管: each deputy county head is in charge of a set of units
    const keys = UNITS.filter((u) => u.key !== 'gov').map((u) => u.key);
    for (let i = 1; i <= 4; i++) {
      const charged = keys.filter((_, j) => j % 4 === i - 1).map((k) => unitIds[k]!);
      await setCharges(tx, people[`fuxianzhang${i}`]!, { unitIds: charged });
    }

    // the leading group (§四.1): head 县长, deputy heads 副县长, members the heads of seven units
    await updateLeadingGroup(tx, { name: '柞水县政府工作执行年活动领导小组', officeUnitId: unitIds.office! });
    await addGroupMember(tx, { personId: people.xianzhang!, position: 'head', unitId: unitIds.gov!, duty: '组长' });
    for (let i = 1; i <= 4; i++) {
      await addGroupMember(tx, { personId: people[`fuxianzhang${i}`]!, position: 'deputy_head', unitId: unitIds.gov!, duty: '副组长' });
    }
    for (const k of ['govoffice', 'jianchaju', 'renshe', 'fagai', 'caizheng', 'kaohe', 'office']) {
      await addGroupMember(tx, { personId: people[`${k}.principal`]!, position: 'member', unitId: unitIds[k]!, duty: k === 'office' ? '领导小组办公室主任' : '成员' });
    }

    // the seeder acts as the office to lay out the year's campaign and its task tree
    const office = { ...seeder, memberships: [{ unitId: unitIds.office!, role: 'principal' as const, unitFunctions: ['office' as const] }] };
    const campaign = await seedDemoCampaign({ ...tx, actor: office }, people);

    // 三员: three administrators, three different people, none holding a unit post
    const admins: [string, 'sysadmin' | 'secadmin' | 'auditor', string][] = [
      ['admin', 'sysadmin', '系统管理员'],
      ['security', 'secadmin', '安全管理员'],
      ['auditor', 'auditor', '安全审计员'],
    ];
    for (const [username, role, title] of admins) {
      const person = await createPerson(tx, { name: personName(n++), gender: 'unspecified', title, unitId: unitIds.govoffice!, phone: null, email: null });
      await insertUser(tx, username, person.id, hash, role);
      logins.push({ username, name: person.name, role: title });
    }

    const accounts: [string, string, string][] = [
      ['duchashi', 'office.principal', '督查室主任(领导小组办公室)'],
      ['duchaduban', 'office.handler', '督查室督查专员'],
      ['xianzhang', 'xianzhang', '县长(领导小组组长)'],
      ['fuxianzhang', 'fuxianzhang1', '副县长(分管领导)'],
      ['fuxianzhang2', 'fuxianzhang2', '副县长(分管领导)'],
      ['fuxianzhang3', 'fuxianzhang3', '副县长(分管领导)'],
      ['fuxianzhang4', 'fuxianzhang4', '副县长(分管领导)'],
      ['jianchaju', 'jianchaju.principal', '监察局局长'],
      ['caizheng', 'caizheng.principal', '财政局局长'],
      ['kaohe', 'kaohe.principal', '考核办主任'],
      ['qianyou', 'qianyou.principal', '乾佑镇镇长(主要领导)'],
      ['qianyou.fz', 'qianyou.deputy', '乾佑镇副镇长(分管领导)'],
      ['qianyou.cb', 'qianyou.handler', '乾佑镇承办人'],
      ['qianyou.ll', 'qianyou.liaison', '乾佑镇联络员'],
      ['yingpan.cb', 'yingpan.handler', '营盘镇承办人'],
      ['jiaotong', 'jiaotong.principal', '交通局局长'],
      ['jiaotong.cb', 'jiaotong.handler', '交通局承办人'],
    ];
    for (const [username, key, role] of accounts) {
      const personId = people[key]!;
      await insertUser(tx, username, personId, hash, null);
      const p = await tx.db.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirstOrThrow();
      logins.push({ username, name: p.name, role });
    }
    return { units: UNITS.length, people: n, logins, tasks: campaign.tasks };
  });
}

async function insertUser(tx: Tx, username: string, personId: string, hash: string, role: string | null) {
  const id = newId(tx.now.getTime());
  await tx.db
    .insertInto('users')
    .values({
      id,
      username,
      person_id: personId,
      password_hash: hash,
      // the demo county's printed logins need no forced change
      must_change_password: 0,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      system_role: role,
      last_login_at: null,
      password_changed_at: tx.nowIso,
      created_at: tx.nowIso,
    })
    .execute();
  await tx.audit({ action: 'user.create', entityType: 'user', entityId: id, after: { username, personId, systemRole: role, demo: true } });
}
