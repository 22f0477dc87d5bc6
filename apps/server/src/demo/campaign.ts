/**
 * The demo campaign: the 2013 plan's structure (四个目标、五项内容、四项措施), the 四个十工程 lists,
 * and a task tree with key projects and their obstacles, set in the year of the clock so that the
 * demo is current whenever it is started.
 */
import { localDate } from '@luoshi/domain';
import type { Tx } from '../platform/context.ts';
import { createCampaign } from '../modules/campaigns/save-campaign.ts';
import { createTask } from '../modules/tasks/save-task.ts';

const GOALS = [
  { key: 'service', title: '服务意识有新增强', description: '着力解决少数干部服务意识不强、服务水平不高、深入基层调查研究不够的问题。' },
  { key: 'conduct', title: '干部作风有新改进', description: '着力解决少数干部思想观念落后、工作落实不力、执行纪律不严的问题。' },
  { key: 'efficiency', title: '执行效率有新提升', description: '着力解决少数干部工作时效性不强,办事拖拉、推诿扯皮的问题。' },
  { key: 'results', title: '工作成效有新突破', description: '着力解决少数干部工作落实不到位、工作创新意识不强的问题。' },
];
const STREAMS = [
  { key: 'projects', title: '项目建设推进年活动', description: '集中精力、集中时间实施项目攻坚。' },
  { key: 'four_tens', title: '四个十工程攻坚战', description: '十大创建、十大城市建设、十大城市管理、十大民生工程。' },
  { key: 'five_ones', title: '五个一作风转变行动', description: '整顿、承诺、评议、查处、表彰。' },
  { key: 'masses', title: '关注群众、提升服务专项治理', description: '信访值周、四访制度、审批清理、政策制度棚架。' },
  { key: 'mechanism', title: '建立健全政府工作落实长效机制', description: '政务督查、效能建设、效能考评、发展环境。' },
];
const MEASURES = [
  { key: 'organisation', title: '加强组织保障', description: '成立领导小组,办公室设在县政府督查室。' },
  { key: 'responsibility', title: '明确工作责任', description: '主要领导负总责,分管领导负直接责任,承办人负具体责任。' },
  { key: 'inspection', title: '强化监督检查', description: '大督查促大落实,自查评价、日常跟踪、完成情况测评、政务公开。' },
  { key: 'accountability', title: '严格效能问责', description: '通报表扬、督办、催办、查办,扣分并与年度工作经费挂钩。' },
];
const LISTS = ['十大创建工程', '十大城市建设工程', '十大城市管理工程', '十大民生工程'];

type NodeSpec = {
  type: 'goal' | 'project' | 'task' | 'milestone' | 'obstacle';
  title: string;
  stream?: string;
  lead?: string;
  coop?: string[];
  start?: string;
  end: string;
  source?: 'work_report' | 'four_tens' | 'key_project' | 'decision' | 'instruction' | 'other';
  list?: number;
  priority?: 'normal' | 'high' | 'urgent';
  weight?: number;
  standard?: string;
  indicator?: [string, string, number, number];
  obstacle?: 'funding' | 'land' | 'policy' | 'environment' | 'social' | 'other';
  coordinator?: string;
  children?: NodeSpec[];
};

function tree(y: number): NodeSpec[] {
  const d = (md: string) => `${y}-${md}`;
  return [
    {
      type: 'goal', title: '开展项目建设推进年活动', stream: 'projects', lead: '发改局', end: d('12-31'), source: 'work_report',
      children: [
        {
          type: 'project', title: '县城集中供热工程', lead: '住建局', coop: ['发改局', '环保局'], start: d('03-01'), end: d('11-30'), source: 'key_project', priority: 'high', weight: 2,
          standard: '年内建成热源厂并向城区供热,供热面积达到设计规模。', indicator: ['供热面积', '万平方米', 30, 0],
          children: [
            { type: 'milestone', title: '完成项目可研批复和环评审批', lead: '发改局', start: d('03-01'), end: d('05-31') },
            { type: 'milestone', title: '热源厂主体工程完工', lead: '住建局', start: d('06-01'), end: d('09-30') },
            { type: 'milestone', title: '管网铺设完成并试供热', lead: '住建局', start: d('08-01'), end: d('11-15') },
            { type: 'obstacle', title: '热源厂建设用地指标不足', lead: '国土局', obstacle: 'land', coordinator: 'fuxianzhang1', end: d('06-30') },
            { type: 'obstacle', title: '项目资本金缺口 1200 万元', lead: '财政局', obstacle: 'funding', coordinator: 'fuxianzhang2', end: d('07-31') },
          ],
        },
        {
          type: 'project', title: '西康高速柞水连接线改建', lead: '交通局', coop: ['乾佑镇', '国土局'], start: d('03-15'), end: d('12-31'), source: 'key_project', priority: 'high', weight: 2,
          standard: '完成连接线路基、路面工程并通车。', indicator: ['改建里程', '公里', 12.5, 0],
          children: [
            { type: 'milestone', title: '完成征地拆迁', lead: '乾佑镇', start: d('03-15'), end: d('06-30') },
            { type: 'milestone', title: '路基工程完工', lead: '交通局', start: d('07-01'), end: d('10-31') },
            { type: 'milestone', title: '路面工程完工并通车', lead: '交通局', start: d('11-01'), end: d('12-31') },
            { type: 'obstacle', title: '沿线群众对拆迁补偿有异议', lead: '乾佑镇', obstacle: 'social', coordinator: 'fuxianzhang1', end: d('05-31') },
          ],
        },
      ],
    },
    {
      type: 'goal', title: '开展四个十工程攻坚战', stream: 'four_tens', lead: '县政府督查室', end: d('12-31'), source: 'four_tens',
      children: [
        { type: 'task', title: '创建省级卫生县城', lead: '卫生局', coop: ['住建局'], start: d('03-01'), end: d('11-30'), source: 'four_tens', list: 0, standard: '通过省级卫生县城技术评估。' },
        { type: 'task', title: '创建省级旅游强县', lead: '旅游局', start: d('03-01'), end: d('12-15'), source: 'four_tens', list: 0 },
        { type: 'task', title: '县城滨河路改造', lead: '住建局', start: d('04-01'), end: d('10-31'), source: 'four_tens', list: 1, indicator: ['改造长度', '公里', 3.2, 0] },
        { type: 'task', title: '城区主干道路灯亮化', lead: '住建局', start: d('04-01'), end: d('09-30'), source: 'four_tens', list: 1 },
        { type: 'task', title: '城区环境卫生综合整治', lead: '住建局', coop: ['乾佑镇'], start: d('03-01'), end: d('12-31'), source: 'four_tens', list: 2 },
        { type: 'task', title: '新建乾佑镇中心幼儿园', lead: '教体局', coop: ['乾佑镇'], start: d('03-01'), end: d('08-31'), source: 'four_tens', list: 3, standard: '秋季开学前投入使用。', indicator: ['学位', '个', 360, 0] },
        { type: 'task', title: '农村安全饮水工程', lead: '水务局', coop: ['营盘镇', '下梁镇'], start: d('03-01'), end: d('11-30'), source: 'four_tens', list: 3, indicator: ['解决饮水安全人数', '人', 8000, 0] },
        { type: 'task', title: '县医院住院综合楼建设', lead: '卫生局', start: d('03-01'), end: d('12-31'), source: 'four_tens', list: 3 },
      ],
    },
    {
      type: 'goal', title: '开展五个一作风转变行动', stream: 'five_ones', lead: '县政府督查室', end: d('12-31'), source: 'decision',
      children: [
        { type: 'task', title: '开展作风纪律集中整顿活动', lead: '监察局', start: d('05-01'), end: d('06-30'), source: 'decision' },
        { type: 'task', title: '组织公开承诺活动', lead: '县政府督查室', start: d('05-01'), end: d('07-31'), source: 'decision' },
        { type: 'task', title: '组织政府效能评议活动', lead: '考核办', start: d('09-01'), end: d('11-30'), source: 'decision' },
      ],
    },
    {
      type: 'goal', title: '开展关注群众、提升服务专项治理活动', stream: 'masses', lead: '信访局', end: d('12-31'), source: 'decision',
      children: [
        { type: 'task', title: '清理规范行政审批事项', lead: '政务中心', coop: ['县政府办'], start: d('04-01'), end: d('09-30'), source: 'decision', indicator: ['精简审批事项', '项', 30, 0] },
        { type: 'task', title: '化解信访积案和矛盾纠纷', lead: '信访局', coop: ['乾佑镇', '营盘镇'], start: d('04-01'), end: d('12-31'), source: 'decision', indicator: ['化解积案', '件', 20, 0] },
      ],
    },
    {
      type: 'goal', title: '建立健全政府工作落实长效机制', stream: 'mechanism', lead: '县政府督查室', end: d('12-31'), source: 'decision',
      children: [{ type: 'task', title: '完善政务督查和效能考评制度', lead: '县政府督查室', coop: ['考核办', '监察局'], start: d('05-01'), end: d('10-31'), source: 'decision' }],
    },
  ];
}

export async function seedDemoCampaign(tx: Tx, people: Record<string, string>) {
  const year = Number(localDate(tx.now).slice(0, 4));
  const campaign = await createCampaign(tx, {
    year,
    name: `柞水县${year}年政府工作执行年活动`,
    requirements:
      '围绕贯彻落实党的十八大精神主线,以四个十工程和重点项目建设为着力点和突破口,按照转作风、抓落实、促发展的要求,强化公开、暗访、问责手段,实现政府机关和干部作风持续好转、工作效能持续提升、发展环境持续优化。',
    goals: GOALS,
    streams: STREAMS,
    measures: MEASURES,
    startDate: `${year}-04-26`,
    endDate: `${year}-12-31`,
    lists: LISTS.map((name) => ({ name, size: 10 })),
  });
  const units = await tx.db.selectFrom('units').select(['id', 'short_name']).execute();
  const unit = (short: string) => {
    const u = units.find((x) => x.short_name === short);
    if (!u) throw new Error(`demo: no unit ${short}`);
    return u.id;
  };
  let count = 0;
  const add = async (spec: NodeSpec, parentId: string | null, stream: string | null) => {
    const s = spec.stream ?? stream;
    const created = await createTask(tx, campaign.id, {
      parentId,
      nodeType: spec.type,
      title: spec.title,
      description: '',
      streamKey: s,
      sourceKind: spec.source ?? 'other',
      sourceRef: spec.source === 'work_report' ? `${year}年《政府工作报告》` : null,
      listId: spec.list !== undefined ? campaign.lists[spec.list]!.id : null,
      priority: spec.priority ?? 'normal',
      leadUnitId: spec.lead ? unit(spec.lead) : null,
      cooperatingUnitIds: (spec.coop ?? []).map(unit),
      postId: null,
      acceptanceStandard: spec.standard ?? '',
      plannedStart: spec.start ?? null,
      plannedEnd: spec.end,
      weight: spec.weight ?? 1,
      obstacleKind: spec.obstacle ?? null,
      coordinatorPersonId: spec.coordinator ? people[spec.coordinator]! : null,
      indicators: spec.indicator ? [{ name: spec.indicator[0], unit: spec.indicator[1], target: spec.indicator[2], baseline: spec.indicator[3] }] : [],
      responsible: {},
    });
    count++;
    for (const child of spec.children ?? []) await add(child, created.id, s);
  };
  for (const root of tree(year)) await add(root, null, null);
  return { campaignId: campaign.id, tasks: count };
}
