/**
 * The one declared access policy of Luoshi. Every access decision goes through `can`; deny by
 * default. Routes declare the action they need; repositories scope rows by the same facts
 * (own unit, units in charge), so a handler cannot even select another unit's private rows.
 */
import type { SystemRole, UnitFunction, UnitRole } from './org.ts';

export interface Membership {
  unitId: string;
  role: UnitRole;
  unitFunctions: UnitFunction[];
}

/** Who is acting, as the server sees them after sign-in. */
export interface Actor {
  userId: string;
  username: string;
  personId: string | null;
  displayName: string;
  systemRoles: SystemRole[];
  memberships: Membership[];
  /** units a deputy county head is in charge of (分管) */
  chargedUnitIds: string[];
}

export function hasFunction(actor: Actor, fn: UnitFunction): boolean {
  return actor.memberships.some((m) => m.unitFunctions.includes(fn));
}
export function isOffice(actor: Actor): boolean {
  return hasFunction(actor, 'office');
}
/** 县长: principal of the government unit. */
export function isCountyPrincipal(actor: Actor): boolean {
  return actor.memberships.some((m) => m.role === 'principal' && m.unitFunctions.includes('government'));
}
/** 副县长: deputy of the government unit. */
export function isCountyDeputy(actor: Actor): boolean {
  return actor.memberships.some((m) => m.role === 'deputy' && m.unitFunctions.includes('government'));
}
export function isCountyLeader(actor: Actor): boolean {
  return isCountyPrincipal(actor) || isCountyDeputy(actor);
}
export function memberOf(actor: Actor, unitId: string): boolean {
  return actor.memberships.some((m) => m.unitId === unitId);
}
export function roleIn(actor: Actor, unitId: string): UnitRole[] {
  return actor.memberships.filter((m) => m.unitId === unitId).map((m) => m.role);
}
export function hasSystemRole(actor: Actor, role: SystemRole): boolean {
  return actor.systemRoles.includes(role);
}

/** Units whose non-public rows this actor may read: all (null) or the listed ones. */
/** Units whose staff inspect everybody's work (大督查促大落实, §四.3) and so read every unit's tasks. */
export const INSPECTING_FUNCTIONS: UnitFunction[] = ['office', 'gov_office', 'supervision', 'assessment', 'conduct', 'projects'];

export function readsAllUnits(actor: Actor): boolean {
  return isCountyPrincipal(actor) || INSPECTING_FUNCTIONS.some((f) => hasFunction(actor, f));
}

export function readableUnitIds(actor: Actor): string[] | null {
  if (readsAllUnits(actor)) return null;
  const own = actor.memberships.map((m) => m.unitId);
  return [...new Set([...own, ...actor.chargedUnitIds])];
}

/** Who reads every unit's assessment: the inspecting units, county leaders, finance and human resources. */
export function readsAssessment(actor: Actor): boolean {
  return readsAllUnits(actor) || isCountyLeader(actor) || hasFunction(actor, 'finance') || hasFunction(actor, 'hr');
}

export interface UnitResource {
  unitId: string;
}

/**
 * The declared rules: one predicate per action. An action missing here is denied to everyone.
 * Resource-scoped actions receive the unit the row belongs to.
 */
export const RULES = {
  /** Sign-in only: see the unit tree, names and kinds (they are public information anyway). */
  'org.read': (a: Actor) => a.userId.length > 0,
  /** Person contact details (phone, email) are personal data: own unit, office, sysadmin. */
  'person.readContact': (a: Actor, r?: UnitResource) =>
    isOffice(a) || hasSystemRole(a, 'sysadmin') || (r !== undefined && memberOf(a, r.unitId)),
  /** Units, people, posts and the leading group are kept by the system administrator and the office. */
  'org.manage': (a: Actor) => hasSystemRole(a, 'sysadmin') || isOffice(a),
  /** Accounts: create, disable, reset a password. */
  'user.read': (a: Actor) => hasSystemRole(a, 'sysadmin') || hasSystemRole(a, 'secadmin'),
  'user.manage': (a: Actor) => hasSystemRole(a, 'sysadmin'),
  /** 三员: the security administrator grants system roles and unlocks accounts. */
  'user.grantSystemRole': (a: Actor) => hasSystemRole(a, 'secadmin'),
  'user.unlock': (a: Actor) => hasSystemRole(a, 'secadmin'),
  'security.readPolicy': (a: Actor) => hasSystemRole(a, 'secadmin') || hasSystemRole(a, 'auditor'),
  'security.managePolicy': (a: Actor) => hasSystemRole(a, 'secadmin'),
  /** Campaigns, their policy and project lists are read by all staff and kept by the office. */
  'campaign.read': (a: Actor) => a.memberships.length > 0,
  'campaign.manage': (a: Actor) => isOffice(a),
  /** Unit implementation plans (R-PLAN-2): the unit drafts, its principal submits, the office reviews. */
  'plan.read': (a: Actor, r?: UnitResource) =>
    readsAllUnits(a) || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  'plan.draft': (a: Actor, r?: UnitResource) => (r ? memberOf(a, r.unitId) : a.memberships.length > 0),
  'plan.submit': (a: Actor, r?: UnitResource) =>
    r ? roleIn(a, r.unitId).includes('principal') : a.memberships.some((m) => m.role === 'principal'),
  'plan.review': (a: Actor) => isOffice(a),
  /** the overview of every unit's plan: the office and the inspecting units, the county head; a deputy county head for the units in his charge */
  'plan.overview': (a: Actor) => readsAllUnits(a) || isCountyLeader(a),
  /** Tasks: the office keeps the breakdown; units see what they lead or cooperate on; leaders their units. */
  'task.read': (a: Actor, r?: UnitResource) => {
    const ids = readableUnitIds(a);
    return ids === null || (r ? ids.includes(r.unitId) : a.memberships.length > 0);
  },
  'task.manage': (a: Actor) => isOffice(a),
  /** Progress (R-PROG): a unit reports on tasks it leads or cooperates on; its leaders confirm. */
  'report.write': (a: Actor, r?: UnitResource) => (r ? memberOf(a, r.unitId) : a.memberships.length > 0),
  'report.confirm': (a: Actor, r?: UnitResource) =>
    r ? roleIn(a, r.unitId).some((x) => x === 'principal' || x === 'deputy') : a.memberships.some((m) => m.role === 'principal' || m.role === 'deputy'),
  /** 完成情况测评: the office accepts or returns reports and completions. */
  'report.review': (a: Actor) => isOffice(a),
  /** 自查评价: the unit rates its own tasks. */
  'selfInspection.write': (a: Actor, r?: UnitResource) =>
    r ? memberOf(a, r.unitId) : a.memberships.length > 0,
  /** Inspections by the office, 纠风办, 项目办, 考核办 and 监察局 (R-PROG-4). */
  'inspection.write': (a: Actor) => ['office', 'conduct', 'projects', 'assessment', 'supervision'].some((f) => hasFunction(a, f as UnitFunction)),
  'inspection.read': (a: Actor, r?: UnitResource) => readsAllUnits(a) || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  /** Dashboards: everyone with staff membership sees the units they may read. */
  'dashboard.read': (a: Actor) => a.memberships.length > 0,
  /** The ladder (R-ESC): the office drafts and issues; county leaders approve what is theirs. */
  'notice.read': (a: Actor, r?: UnitResource) => readsAllUnits(a) || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  'notice.draft': (a: Actor) => isOffice(a),
  /** the use case checks that the leader is the one the policy names for this notice */
  'notice.approve': (a: Actor) => isCountyLeader(a),
  'proposal.manage': (a: Actor) => isOffice(a),
  /** 申诉: the unit's principal appeals a notice against the unit */
  'appeal.submit': (a: Actor, r?: UnitResource) =>
    r ? roleIn(a, r.unitId).includes('principal') : a.memberships.some((m) => m.role === 'principal'),
  'appeal.decide': (a: Actor) => isOffice(a) || isCountyLeader(a),
  /** 效能问责 and 问责 are carried out and recorded by 监察局 */
  'accountability.read': (a: Actor) => hasFunction(a, 'supervision') || isOffice(a) || isCountyPrincipal(a),
  'accountability.decide': (a: Actor) => hasFunction(a, 'supervision'),
  /** the deduction ledger and lost eligibility: a unit sees its own, inspectors, leaders and finance all */
  'ledger.read': (a: Actor, r?: UnitResource) =>
    readsAllUnits(a) || hasFunction(a, 'finance') || hasFunction(a, 'hr') || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  /** Citizens' cases (R-PUB-2): any staff member registers a call, letter, visit or media report. */
  'case.intake': (a: Actor) => a.memberships.length > 0,
  /** cases are read by the owner unit, the county leaders in charge of it and the inspecting units */
  'case.read': (a: Actor, r?: UnitResource) => readsAllUnits(a) || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  /** the owner unit accepts, replies, asks for an extension or sends a case back; the office and the government office dispatch */
  'case.handle': (a: Actor, r?: UnitResource) => isOffice(a) || hasFunction(a, 'gov_office') || (r ? memberOf(a, r.unitId) : a.memberships.length > 0),
  'case.dispatch': (a: Actor) => isOffice(a) || hasFunction(a, 'gov_office'),
  /** petitioners' names, phone and ID numbers in full (R-PUB-3): the office and the owner unit's leaders and handlers, never liaisons; every read is audited */
  'case.readPersonal': (a: Actor, r?: UnitResource) =>
    isOffice(a) || (r ? roleIn(a, r.unitId).some((x) => x !== 'liaison') : a.memberships.some((m) => m.role !== 'liaison')),
  /** categories, routing rules and case policy are data the office keeps */
  'case.configure': (a: Actor) => isOffice(a),
  /** 信访值周 and 四访 (R-PUB-3): staff read; the office schedules; county leaders and the office record visits */
  'petition.read': (a: Actor) => a.memberships.length > 0,
  'petition.manage': (a: Actor) => isOffice(a) || hasFunction(a, 'gov_office'),
  'visit.record': (a: Actor) => isOffice(a) || hasFunction(a, 'gov_office') || isCountyLeader(a),
  /** the approval-items catalogue (R-PUB-4) */
  'catalogue.read': (a: Actor) => a.memberships.length > 0,
  'catalogue.manage': (a: Actor) => isOffice(a) || hasFunction(a, 'gov_office'),
  /** what the public portal shows is decided by the office, item by item; client-app keys too */
  'publication.manage': (a: Actor) => isOffice(a),
  'apikey.manage': (a: Actor) => isOffice(a),
  /** Email and webhook delivery (§9.2): the system administrator configures it; the office watches the outbox. */
  'delivery.read': (a: Actor) => hasSystemRole(a, 'sysadmin') || isOffice(a),
  'delivery.manage': (a: Actor) => hasSystemRole(a, 'sysadmin'),
  /**
   * The annual assessment (R-ASSESS): the inspecting units, the county leaders, finance and human
   * resources read every unit's score; a unit reads its own (and a deputy county head those in charge).
   */
  'assessment.read': (a: Actor, r?: UnitResource) =>
    readsAssessment(a) || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  /** bonus records (加分) are entered by the office and the assessment office */
  'assessment.manage': (a: Actor) => isOffice(a) || hasFunction(a, 'assessment'),
  /** 封账 and the proposal of a correction of a closed year: the office */
  'assessment.close': (a: Actor) => isOffice(a),
  /** a correction of a closed year is approved by the county head */
  'assessment.approveCorrection': (a: Actor) => isCountyPrincipal(a),
  /** 评选表彰: the office and the assessment office nominate; the office selects */
  'award.read': (a: Actor) => readsAssessment(a),
  'award.nominate': (a: Actor) => isOffice(a) || hasFunction(a, 'assessment'),
  'award.decide': (a: Actor) => isOffice(a),
  /** 经费挂钩: finance enters budgets; finance, the office, the assessment office and the county head read all; a unit its own */
  'budget.read': (a: Actor, r?: UnitResource) =>
    hasFunction(a, 'finance') || isOffice(a) || hasFunction(a, 'assessment') || isCountyPrincipal(a) || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  'budget.manage': (a: Actor) => hasFunction(a, 'finance'),
  /** 作风纪律集中整顿: the office, 纠风办 and 监察局 run the drive and check units; a unit sees its own checks */
  'conduct.read': (a: Actor, r?: UnitResource) => readsAllUnits(a) || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  'conduct.manage': (a: Actor) => isOffice(a) || hasFunction(a, 'conduct') || hasFunction(a, 'supervision'),
  /** 查处: cases of violations name people; 监察局 and 纠风办 keep them, the office and the county head read them */
  'conductCase.read': (a: Actor) => hasFunction(a, 'supervision') || hasFunction(a, 'conduct') || isOffice(a) || isCountyPrincipal(a),
  'conductCase.manage': (a: Actor) => hasFunction(a, 'supervision') || hasFunction(a, 'conduct'),
  /** 公开承诺: a unit writes its rectification plan and commitments; its principal (or the office) publishes them */
  'commitment.write': (a: Actor, r?: UnitResource) => isOffice(a) || (r ? memberOf(a, r.unitId) : a.memberships.length > 0),
  'commitment.publish': (a: Actor, r?: UnitResource) =>
    isOffice(a) || (r ? roleIn(a, r.unitId).includes('principal') : a.memberships.some((m) => m.role === 'principal')),
  /** 政府效能评议: the office and the assessment office build surveys and record meetings; results read like scores */
  'survey.manage': (a: Actor) => isOffice(a) || hasFunction(a, 'assessment'),
  'survey.read': (a: Actor, r?: UnitResource) =>
    readsAssessment(a) || (r ? memberOf(a, r.unitId) || a.chargedUnitIds.includes(r.unitId) : a.memberships.length > 0),
  /** Only the auditor reads the audit log. */
  'audit.read': (a: Actor) => hasSystemRole(a, 'auditor'),
} as const satisfies Record<string, (a: Actor, r?: UnitResource) => boolean>;

export type Action = keyof typeof RULES;

export function can(actor: Actor | null, action: Action, resource?: UnitResource): boolean {
  if (!actor) return false;
  const rule = RULES[action] as ((a: Actor, r?: UnitResource) => boolean) | undefined;
  return rule ? rule(actor, resource) : false;
}
