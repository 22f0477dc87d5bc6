/** Organisation vocabulary (SPEC §1, R-ORG). Terms keep their Chinese name in the UI. */

export const UNIT_KINDS = ['government', 'town', 'department', 'institution', 'special'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, { zh: string; en: string }> = {
  government: { zh: '人民政府', en: 'Government' },
  town: { zh: '镇', en: 'Town' },
  department: { zh: '工作部门', en: 'Department' },
  institution: { zh: '事业机构', en: 'Public institution' },
  special: { zh: '专门机构', en: 'Special unit' },
};

/**
 * Functions a unit can have in the campaign. They decide who may do what, so they are data on the
 * unit, not names in code: another county may call its office differently.
 */
export const UNIT_FUNCTIONS = [
  'government', // 县人民政府: the county head and deputy heads sit here
  'gov_office', // 县政府办
  'office', // 县政府督查室: the leading group's office, runs the campaign
  'supervision', // 监察局: efficiency accountability 效能问责
  'hr', // 人社局
  'development', // 发改局: projects
  'finance', // 财政局: budgets
  'assessment', // 考核办
  'conduct', // 纠风办
  'projects', // 项目办
] as const;
export type UnitFunction = (typeof UNIT_FUNCTIONS)[number];
export const UNIT_FUNCTION_LABELS: Record<UnitFunction, { zh: string; en: string }> = {
  government: { zh: '人民政府', en: 'Government' },
  gov_office: { zh: '政府办', en: 'Government general office' },
  office: { zh: '督查室(领导小组办公室)', en: 'Supervision office' },
  supervision: { zh: '监察局', en: 'Supervision bureau' },
  hr: { zh: '人社局', en: 'Human resources bureau' },
  development: { zh: '发改局', en: 'Development and reform bureau' },
  finance: { zh: '财政局', en: 'Finance bureau' },
  assessment: { zh: '考核办', en: 'Assessment office' },
  conduct: { zh: '纠风办', en: 'Conduct rectification office' },
  projects: { zh: '项目办', en: 'Projects office' },
};

/** Roles inside a unit, the seed's three tiers of responsibility plus the liaison (§四.2). */
export const UNIT_ROLES = ['principal', 'deputy', 'handler', 'liaison'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];
export const UNIT_ROLE_LABELS: Record<UnitRole, { zh: string; en: string }> = {
  principal: { zh: '主要领导(第一责任人)', en: 'Principal leader' },
  deputy: { zh: '分管领导(直接责任人)', en: 'Leader in charge' },
  handler: { zh: '承办人(具体责任人)', en: 'Handler' },
  liaison: { zh: '联络员', en: 'Liaison' },
};

/** 三员: distinct system roles; one person holds at most one of them (等保2.0). */
export const SYSTEM_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];
export const SYSTEM_ROLE_LABELS: Record<SystemRole, { zh: string; en: string }> = {
  sysadmin: { zh: '系统管理员', en: 'System administrator' },
  secadmin: { zh: '安全管理员', en: 'Security administrator' },
  auditor: { zh: '安全审计员', en: 'Auditor' },
};

export const GROUP_POSITIONS = ['head', 'deputy_head', 'member'] as const;
export type GroupPosition = (typeof GROUP_POSITIONS)[number];
export const GROUP_POSITION_LABELS: Record<GroupPosition, { zh: string; en: string }> = {
  head: { zh: '组长', en: 'Head' },
  deputy_head: { zh: '副组长', en: 'Deputy head' },
  member: { zh: '成员', en: 'Member' },
};

export const REGION_LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
