/**
 * The permission matrix: for every registered route and every kind of demo user, the answer the
 * route must give. The expectations below are written out by hand from the spec (R-ORG-5 三员,
 * the office keeps the organisation, personal data stays in its unit), not derived from the
 * policy code, so a change of the policy that nobody meant shows up here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, org } from '@luoshi/contracts';
import { ROUTE_TABLE, type RouteDecl } from '../../apps/server/src/platform/http.ts';
import { DEMO_PASSWORD, freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';
import { Fixtures, STRONG_PASSWORD, VALID_CALLS, pathOf, settleJobs, type RouteCall } from '../support/routes.ts';

const ROLES = [
  'anonymous',
  'admin', // 系统管理员 sysadmin
  'security', // 安全管理员 secadmin
  'auditor', // 安全审计员
  'duchashi', // 督查室主任: the office
  'xianzhang', // 县长
  'fuxianzhang', // 副县长
  'jianchaju', // 监察局局长
  'caizheng', // 财政局局长
  'qianyou', // 乾佑镇镇长 (town principal)
  'qianyou.cb', // 乾佑镇承办人 (town handler)
  'jiaotong.cb', // 交通局承办人 (department handler)
] as const;
type Role = (typeof ROLES)[number];

/**
 * Y: the route answers (2xx); -: refused (401 for anonymous, 403 FORBIDDEN for everyone else).
 * Columns in the order of ROLES.
 */
// prettier-ignore
const MATRIX: Record<string, string> = {
  //                   anon adm sec aud off xz fxz jcj cz qy qcb jcb
  login:               'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  health:              'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  ready:               'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  logout:              '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  session:             '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  changePassword:      '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  listRegions:         '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  listUnits:           '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  getUnit:             '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  listPeople:          '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  getLeadingGroup:     '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  createRegion:        '-   Y   -   -   Y   -   -   -   -   -   -   -',
  createUnit:          '-   Y   -   -   Y   -   -   -   -   -   -   -',
  updateUnit:          '-   Y   -   -   Y   -   -   -   -   -   -   -',
  createPerson:        '-   Y   -   -   Y   -   -   -   -   -   -   -',
  updatePerson:        '-   Y   -   -   Y   -   -   -   -   -   -   -',
  createPost:          '-   Y   -   -   Y   -   -   -   -   -   -   -',
  updatePost:          '-   Y   -   -   Y   -   -   -   -   -   -   -',
  assignPost:          '-   Y   -   -   Y   -   -   -   -   -   -   -',
  updateLeadingGroup:  '-   Y   -   -   Y   -   -   -   -   -   -   -',
  addGroupMember:      '-   Y   -   -   Y   -   -   -   -   -   -   -',
  removeGroupMember:   '-   Y   -   -   Y   -   -   -   -   -   -   -',
  setCharges:          '-   Y   -   -   Y   -   -   -   -   -   -   -',
  listUsers:           '-   Y   Y   -   -   -   -   -   -   -   -   -',
  createUser:          '-   Y   -   -   -   -   -   -   -   -   -   -',
  updateUser:          '-   Y   -   -   -   -   -   -   -   -   -   -',
  resetPassword:       '-   Y   -   -   -   -   -   -   -   -   -   -',
  unlockUser:          '-   -   Y   -   -   -   -   -   -   -   -   -',
  setSystemRoles:      '-   -   Y   -   -   -   -   -   -   -   -   -',
  getSecurityPolicy:   '-   -   Y   Y   -   -   -   -   -   -   -   -',
  updateSecurityPolicy:'-   -   Y   -   -   -   -   -   -   -   -   -',
  listAudit:           '-   -   -   Y   -   -   -   -   -   -   -   -',
  verifyAudit:         '-   -   -   Y   -   -   -   -   -   -   -   -',
  listCampaigns:       '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  getCampaign:         '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  listPolicyVersions:  '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  createCampaign:      '-   -   -   -   Y   -   -   -   -   -   -   -',
  updateCampaign:      '-   -   -   -   Y   -   -   -   -   -   -   -',
  copyCampaign:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  addPolicyVersion:    '-   -   -   -   Y   -   -   -   -   -   -   -',
  saveProjectList:     '-   -   -   -   Y   -   -   -   -   -   -   -',
  planOverview:        '-   -   -   -   Y   Y   Y   Y   -   -   -   -',
  reviewUnitPlan:      '-   -   -   -   Y   -   -   -   -   -   -   -',
  // the plan of 乾佑镇: read by its staff, the inspecting units and the county head; drafted by its
  // staff; submitted by its principal only
  getUnitPlan:         '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  saveUnitPlan:        '-   -   -   -   -   -   -   -   -   Y   Y   -',
  submitUnitPlan:      '-   -   -   -   -   -   -   -   -   Y   -   -',
  listTasks:           '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  // a task led by 乾佑镇 alone
  getTask:             '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  createTask:          '-   -   -   -   Y   -   -   -   -   -   -   -',
  updateTask:          '-   -   -   -   Y   -   -   -   -   -   -   -',
  setResponsibility:   '-   -   -   -   Y   -   -   -   -   -   -   -',
  deleteTask:          '-   -   -   -   Y   -   -   -   -   -   -   -',
  // the user's own background job
  getJob:              '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  // progress on a task led by 乾佑镇: read like the task, written by its staff, confirmed by its
  // leaders (not the author), reviewed by the office
  listReports:         '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  createReport:        '-   -   -   -   -   -   -   -   -   Y   Y   -',
  updateDraft:         '-   -   -   -   -   -   -   -   -   Y   Y   -',
  submitReport:        '-   -   -   -   -   -   -   -   -   Y   Y   -',
  confirmReport:       '-   -   -   -   -   -   -   -   -   Y   -   -',
  correctReport:       '-   -   -   -   -   -   -   -   -   Y   Y   -',
  reviewReport:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  reviewQueue:         '-   -   -   -   Y   -   -   -   -   -   -   -',
  listSelfInspections: '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  addSelfInspection:   '-   -   -   -   -   -   -   -   -   Y   Y   -',
  dashboard:           '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  dailyTracking:       '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  listNotifications:   '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  markNotificationsRead:'-  Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  // the ladder: the office drafts and issues; the deputy in charge of 交通局 approves its
  // commendation; 乾佑镇's principal appeals a 督办 to 乾佑镇; 监察局 decides accountability
  listNotices:         '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  getNotice:           '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  draftNotice:         '-   -   -   -   Y   -   -   -   -   -   -   -',
  updateNotice:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  submitNotice:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  decideNotice:        '-   -   -   -   -   -   Y   -   -   -   -   -',
  withdrawNotice:      '-   -   -   -   Y   -   -   -   -   -   -   -',
  fulfilNotice:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  // the 公文 of a notice: whoever may read the notice
  noticeDocument:      '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  approvalQueue:       '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  approvalCount:       '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  subjectTimeline:     '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  listProposals:       '-   -   -   -   Y   -   -   -   -   -   -   -',
  dismissProposal:     '-   -   -   -   Y   -   -   -   -   -   -   -',
  submitAppeal:        '-   -   -   -   -   -   -   -   -   Y   -   -',
  listAppeals:         '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  decideAppeal:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  listAccountability:  '-   -   -   -   Y   Y   -   Y   -   -   -   -',
  decideAccountability:'-   -   -   -   -   -   -   Y   -   -   -   -',
  // the deductions and lost eligibility of 乾佑镇: its own staff, inspectors, the county head, finance
  deductionLedger:     '-   -   -   -   Y   Y   -   Y   Y   Y   Y   -',
  eligibility:         '-   -   -   -   Y   Y   -   Y   Y   Y   Y   -',
  // the task sheet: read like the task list, imported by the office
  taskSheetTemplate:   '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  exportTasks:         '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  importTasks:         '-   -   -   -   Y   -   -   -   -   -   -   -',
  // evidence of a report of 乾佑镇: added and removed by 乾佑镇 while a draft, read like the task once submitted
  uploadReportAttachments:'- -   -   -   -   -   -   -   -   Y   Y   -',
  deleteAttachment:    '-   -   -   -   -   -   -   -   -   Y   Y   -',
  downloadAttachment:  '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  attachmentThumbnail: '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  // an inspection the office records about 乾佑镇: read by 乾佑镇 and the inspectors, changed by the office
  listInspections:     '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  getInspection:       '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  createInspection:    '-   -   -   -   Y   -   -   Y   -   -   -   -',
  updateInspection:    '-   -   -   -   Y   -   -   -   -   -   -   -',
  uploadInspectionAttachments:'-  -  -   -   Y   -   -   -   -   -   -   -',
  // citizens' cases: categories are read by every signed-in user and kept by the office; a case of
  // 乾佑镇 is read like its tasks, handled by the office and the town, its personal data shown in full
  // to the office and the town's principal and handler only (the liaison and the county leaders not)
  listCaseCategories:  '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  createCaseCategory:  '-   -   -   -   Y   -   -   -   -   -   -   -',
  updateCaseCategory:  '-   -   -   -   Y   -   -   -   -   -   -   -',
  listRoutingRules:    '-   -   -   -   Y   -   -   -   -   -   -   -',
  createRoutingRule:   '-   -   -   -   Y   -   -   -   -   -   -   -',
  deleteRoutingRule:   '-   -   -   -   Y   -   -   -   -   -   -   -',
  getCasePolicy:       '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  updateCasePolicy:    '-   -   -   -   Y   -   -   -   -   -   -   -',
  intakeCase:          '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  listCases:           '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  getCase:             '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  similarCases:        '-   -   -   -   Y   Y   -   Y   -   Y   Y   -',
  revealCasePersonal:  '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  acceptCase:          '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  transferCase:        '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  replyCase:           '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  closeCase:           '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  extendCase:          '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  pauseCase:           '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  reviewCase:          '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  flagCase:            '-   -   -   -   Y   -   -   -   -   -   -   -',
  caseSatisfaction:    '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  caseSatisfactionExport:'-  -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  // 节假日安排: read with the case policy, kept by the office
  listCaseHolidays:    '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  setCaseHoliday:      '-   -   -   -   Y   -   -   -   -   -   -   -',
  deleteCaseHoliday:   '-   -   -   -   Y   -   -   -   -   -   -   -',
  importCaseHolidays:  '-   -   -   -   Y   -   -   -   -   -   -   -',
  importCaseHolidaysXlsx:'-  -   -   -   Y   -   -   -   -   -   -   -',
  // the public portal needs no sign-in
  portalCategories:    'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalSubmitCase:    'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalLookupCase:    'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalRateCase:      'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  // 信访值周 and 四访: read by all staff, scheduled by the office, recorded by the office and the county leaders
  listPetitionDuty:    '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  createPetitionDuty:  '-   -   -   -   Y   -   -   -   -   -   -   -',
  deletePetitionDuty:  '-   -   -   -   Y   -   -   -   -   -   -   -',
  listPetitionVisits:  '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  createPetitionVisit: '-   -   -   -   Y   -   -   -   -   -   -   -',
  recordPetitionVisit: '-   -   -   -   Y   Y   Y   -   -   -   -   -',
  // email and webhook delivery: configured by the system administrator, the outbox watched by the office too
  getSmtpSettings:     '-   Y   -   -   Y   -   -   -   -   -   -   -',
  updateSmtpSettings:  '-   Y   -   -   -   -   -   -   -   -   -   -',
  listWebhooks:        '-   Y   -   -   Y   -   -   -   -   -   -   -',
  createWebhook:       '-   Y   -   -   -   -   -   -   -   -   -   -',
  deleteWebhook:       '-   Y   -   -   -   -   -   -   -   -   -   -',
  sendTestMessage:     '-   Y   -   -   -   -   -   -   -   -   -   -',
  listDeliveries:      '-   Y   -   -   Y   -   -   -   -   -   -   -',
  retryDelivery:       '-   Y   -   -   -   -   -   -   -   -   -   -',
  // the approval-items catalogue: read by all staff, kept by the office (and the government office)
  listCatalogue:       '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  exportCatalogue:     '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  createCatalogueItem: '-   -   -   -   Y   -   -   -   -   -   -   -',
  updateCatalogueItem: '-   -   -   -   Y   -   -   -   -   -   -   -',
  decideCatalogueItem: '-   -   -   -   Y   -   -   -   -   -   -   -',
  importCatalogue:     '-   -   -   -   Y   -   -   -   -   -   -   -',
  // the portal reads only what was published; the office decides what is published and issues client-app keys
  portalTasks:         'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalTask:          'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalBulletins:     'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalCommitments:   'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalCatalogue:     'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalEvidence:      'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalRanking:       'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  setPublished:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  listPublished:       '-   -   -   -   Y   -   -   -   -   -   -   -',
  listApiKeys:         '-   -   -   -   Y   -   -   -   -   -   -   -',
  createApiKey:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  revokeApiKey:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  // the annual assessment: every unit's score is read by the inspecting units, the county leaders and
  // finance; a unit reads its own (乾佑镇 here); the office and 考核办 keep bonuses; the office closes the
  // year and proposes corrections, the county head approves them; the county report is not for units
  assessmentOverview:  '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  unitAssessment:      '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   -',
  listBonuses:         '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  addBonus:            '-   -   -   -   Y   -   -   -   -   -   -   -',
  revokeBonus:         '-   -   -   -   Y   -   -   -   -   -   -   -',
  closeYear:           '-   -   -   -   Y   -   -   -   -   -   -   -',
  listCorrections:     '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  proposeCorrection:   '-   -   -   -   Y   -   -   -   -   -   -   -',
  decideCorrection:    '-   -   -   -   -   Y   -   -   -   -   -   -',
  assessmentReport:    '-   -   -   -   Y   Y   Y   Y   Y   -   -   -',
  unitAssessmentReport:'-   -   -   -   Y   Y   Y   Y   Y   Y   Y   -',
  // 评选表彰: nominated by the office (and 考核办), selected by the office; the issued list is public
  listAwards:          '-   -   -   -   Y   Y   Y   Y   Y   -   -   -',
  nominate:            '-   -   -   -   Y   -   -   -   -   -   -   -',
  decideAward:         '-   -   -   -   Y   -   -   -   -   -   -   -',
  draftCommendation:   '-   -   -   -   Y   -   -   -   -   -   -   -',
  portalAwards:        'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  // 经费挂钩: finance enters budgets; staff read (a unit only its own row)
  listBudgets:         '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  setBudget:           '-   -   -   -   -   -   -   -   Y   -   -   -',
  budgetSheet:         '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  // 五个一: the drive and its checks by the office and 监察局; cases by 监察局; 乾佑镇 writes its
  // commitments (its principal or the office publishes them); surveys built by the office
  listDrives:          '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  createDrive:         '-   -   -   -   Y   -   -   Y   -   -   -   -',
  addCheck:            '-   -   -   -   Y   -   -   Y   -   -   -   -',
  markRectified:       '-   -   -   -   Y   -   -   Y   -   -   -   -',
  listConductCases:    '-   -   -   -   Y   Y   -   Y   -   -   -   -',
  openConductCase:     '-   -   -   -   -   -   -   Y   -   -   -   -',
  decideConductCase:   '-   -   -   -   -   -   -   Y   -   -   -   -',
  listCommitmentPlans: '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  createCommitmentPlan:'-   -   -   -   Y   -   -   -   -   Y   Y   -',
  addCommitment:       '-   -   -   -   Y   -   -   -   -   Y   Y   -',
  publishCommitmentPlan:'-  -   -   -   Y   -   -   -   -   Y   -   -',
  portalCommitmentPlans:'Y  Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  listSurveys:         '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  createSurvey:        '-   -   -   -   Y   -   -   -   -   -   -   -',
  setSurveyStatus:     '-   -   -   -   Y   -   -   -   -   -   -   -',
  surveyResults:       '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  // internal raters: every staff member with a unit (rating another unit); no unit, no rating
  answerSurvey:        '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  // every signed-in account may ask which questionnaires await it (the list may be empty)
  mySurveys:           '-   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  deputyAccounts:      '-   -   -   -   Y   -   -   -   -   -   -   -',
  listMeetings:        '-   -   -   -   Y   Y   Y   Y   Y   Y   Y   Y',
  recordMeeting:       '-   -   -   -   Y   -   -   -   -   -   -   -',
  portalOpenSurveys:   'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalSurvey:        'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalAnswerSurvey:  'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  portalEvaluation:    'Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y',
  listPublicCommitments:'-   -   -   -   Y   -   -   -   -   -   -   -',
  createPublicCommitment:'-   -   -   -   Y   -   -   -   -   -   -   -',
  updatePublicCommitment:'-   -   -   -   Y   -   -   -   -   -   -   -',
};

/** Whose phone numbers and e-mail addresses each user sees: everybody's, or those of their own units. */
const CONTACTS: Record<Exclude<Role, 'anonymous'>, 'all' | string[]> = {
  admin: 'all',
  duchashi: 'all',
  security: [],
  auditor: [],
  xianzhang: ['县政府'],
  fuxianzhang: ['县政府'],
  jianchaju: ['监察局'],
  caizheng: ['财政局'],
  qianyou: ['乾佑镇'],
  'qianyou.cb': ['乾佑镇'],
  'jiaotong.cb': ['交通局'],
};
/** Every unit-scoped route and the file that checks it for own against foreign unit. */
const SCOPED_CHECKS: Record<string, string> = {
  getUnit: 'permissions.test.ts',
  listPeople: 'permissions.test.ts',
  getUnitPlan: 'unit-scope.test.ts',
  saveUnitPlan: 'unit-scope.test.ts',
  submitUnitPlan: 'unit-scope.test.ts',
  listTasks: 'unit-scope.test.ts',
  getTask: 'unit-scope.test.ts',
  listReports: 'unit-scope.test.ts',
  createReport: 'unit-scope.test.ts',
  updateDraft: 'unit-scope.test.ts',
  submitReport: 'unit-scope.test.ts',
  confirmReport: 'unit-scope.test.ts',
  correctReport: 'unit-scope.test.ts',
  listSelfInspections: 'unit-scope.test.ts',
  addSelfInspection: 'unit-scope.test.ts',
  dashboard: 'unit-scope.test.ts',
  dailyTracking: 'unit-scope.test.ts',
  listNotices: 'ladder-scope.test.ts',
  getNotice: 'ladder-scope.test.ts',
  noticeDocument: 'notice-documents.test.ts',
  decideNotice: 'ladder-scope.test.ts',
  subjectTimeline: 'ladder-scope.test.ts',
  submitAppeal: 'ladder-scope.test.ts',
  listAppeals: 'ladder-scope.test.ts',
  decideAppeal: 'ladder-scope.test.ts',
  deductionLedger: 'ladder-scope.test.ts',
  eligibility: 'ladder-scope.test.ts',
  exportTasks: 'unit-scope.test.ts',
  uploadReportAttachments: 'evidence-scope.test.ts',
  deleteAttachment: 'evidence-scope.test.ts',
  downloadAttachment: 'evidence-scope.test.ts',
  attachmentThumbnail: 'evidence-scope.test.ts',
  listInspections: 'evidence-scope.test.ts',
  getInspection: 'evidence-scope.test.ts',
  updateInspection: 'evidence-scope.test.ts',
  uploadInspectionAttachments: 'evidence-scope.test.ts',
  listCases: 'cases.test.ts',
  getCase: 'cases.test.ts',
  similarCases: 'cases.test.ts',
  revealCasePersonal: 'cases.test.ts',
  acceptCase: 'cases.test.ts',
  transferCase: 'cases.test.ts',
  replyCase: 'cases.test.ts',
  closeCase: 'cases.test.ts',
  extendCase: 'case-clocks.test.ts',
  pauseCase: 'case-clocks.test.ts',
  reviewCase: 'case-clocks.test.ts',
  caseSatisfaction: 'cases.test.ts',
  caseSatisfactionExport: 'case-office.test.ts',
  assessmentOverview: 'assessment.test.ts',
  unitAssessment: 'assessment.test.ts',
  listBonuses: 'assessment.test.ts',
  listCorrections: 'assessment.test.ts',
  unitAssessmentReport: 'assessment.test.ts',
  listBudgets: 'assessment.test.ts',
  budgetSheet: 'assessment.test.ts',
  listDrives: 'five-ones.test.ts',
  listCommitmentPlans: 'five-ones.test.ts',
  createCommitmentPlan: 'five-ones.test.ts',
  addCommitment: 'five-ones.test.ts',
  publishCommitmentPlan: 'five-ones.test.ts',
  surveyResults: 'five-ones.test.ts',
  listMeetings: 'five-ones.test.ts',
};

/** Parses a matrix row into one expectation per role. */
function expectations(row: string): Record<Role, boolean> {
  const cells = row.trim().split(/\s+/);
  if (cells.length !== ROLES.length || cells.some((c) => c !== 'Y' && c !== '-')) {
    throw new Error(`matrix row "${row}" needs ${ROLES.length} cells of Y or -`);
  }
  return Object.fromEntries(ROLES.map((r, i) => [r, cells[i] === 'Y'])) as Record<Role, boolean>;
}

/** What is wrong between the route table and the declarations; empty when they match. */
function declarationProblems(routes: Pick<RouteDecl, 'id'>[]): string[] {
  const problems: string[] = [];
  const ids = new Set(routes.map((r) => r.id));
  for (const r of routes) {
    if (!(r.id in MATRIX)) problems.push(`route ${r.id} has no declared expectation`);
    if (!(r.id in VALID_CALLS)) problems.push(`route ${r.id} has no valid call to test it with`);
  }
  for (const id of Object.keys(MATRIX)) if (!ids.has(id)) problems.push(`declared route ${id} is not registered`);
  return problems;
}

let t: TestApp;
let f: Fixtures;
const clients = new Map<Role, Client>();

async function clientFor(role: Role): Promise<Client> {
  let c = clients.get(role);
  if (!c) {
    c = role === 'anonymous' ? t.anon(freshIp()) : await t.as(role, undefined, freshIp());
    clients.set(role, c);
  }
  return c;
}

/** Sign-in, sign-out and password change act on the session itself: each cell gets its own. */
const OWN_SESSION = new Set<string>([auth.login.id, auth.logout.id, auth.changePassword.id]);

beforeAll(async () => {
  t = await startApp();
  f = await Fixtures.create(t);
});
afterAll(async () => {
  if (t) await settleJobs(t);
  await t?.close();
});

describe('the permission matrix', () => {
  it('every registered route has a declared expectation for every role and a valid call', () => {
    expect(ROUTE_TABLE.length).toBeGreaterThan(30);
    expect(declarationProblems(ROUTE_TABLE)).toEqual([]);
    for (const row of Object.values(MATRIX)) expect(() => expectations(row)).not.toThrow();
  });

  it('a route added to the server without a declaration fails this file', () => {
    const added = [...ROUTE_TABLE, { id: 'approveUrge' }];
    const now = declarationProblems(ROUTE_TABLE);
    expect(declarationProblems(added).filter((p) => !now.includes(p))).toEqual([
      'route approveUrge has no declared expectation',
      'route approveUrge has no valid call to test it with',
    ]);
  });

  it('every unit-scoped route is checked for own against foreign unit', () => {
    const scoped = ROUTE_TABLE.filter((r) => r.unitScoped).map((r) => r.id);
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.filter((id) => !(id in SCOPED_CHECKS))).toEqual([]);
  });

  it('each role gets exactly the declared answer from every route', { timeout: 900_000 }, async () => {
    const wrong: string[] = [];
    let cells = 0;
    // a route without a declaration fails the first test of this file; the others are all checked here
    const declared = ROUTE_TABLE.filter((r) => r.id in MATRIX && r.id in VALID_CALLS);
    for (const route of declared) {
      const allowed = expectations(MATRIX[route.id]!);
      // a refused call changes nothing, so the refused roles share one call; each allowed role gets a fresh one
      let refusedCall: RouteCall | undefined;
      for (const role of ROLES) {
        const build = () => VALID_CALLS[route.id]!(f, role === 'anonymous' ? null : role);
        const call = allowed[role] ? await build() : (refusedCall ??= await build());
        const own = OWN_SESSION.has(route.id);
        let c: Client;
        if (!own) c = await clientFor(role);
        else if (route.id === auth.login.id || role === 'anonymous') c = t.anon(freshIp());
        else c = await t.as(role, undefined, freshIp());
        const r = await c.request(route.method, pathOf(route.path, call.params), {
          query: call.query,
          body: call.body,
          ...(call.raw ? { rawBody: call.raw.body, headers: { 'content-type': call.raw.contentType } } : {}),
        });
        cells++;
        const code = r.body?.error?.code;
        const cell = `${route.id} as ${role}`;
        if (allowed[role]) {
          if (r.status < 200 || r.status >= 300) wrong.push(`${cell}: expected 2xx, got ${r.status} ${code}`);
        } else {
          const want = role === 'anonymous' ? [401, 'UNAUTHENTICATED'] : [403, 'FORBIDDEN'];
          if (r.status !== want[0] || code !== want[1]) wrong.push(`${cell}: expected ${want.join(' ')}, got ${r.status} ${code}`);
        }
        if (route.id === auth.changePassword.id && r.status === 200) {
          // put the demo password back; the change ended the role's other sessions
          const back = await c.call(auth.changePassword, { body: { currentPassword: STRONG_PASSWORD, newPassword: DEMO_PASSWORD } });
          expect(back.status).toBe(200);
          clients.delete(role);
        }
      }
    }
    console.log(`permission matrix: ${cells} cells checked (${declared.length} routes x ${ROLES.length} roles)`);
    expect(wrong).toEqual([]);
    expect(cells).toBe(declared.length * ROLES.length);
  });
});

describe('unit-scoped reads: contact details stay in their unit', () => {
  /** phone and e-mail on record for every person of the units that matter here */
  async function truth() {
    const rows = await t.services.db.kysely
      .selectFrom('people')
      .innerJoin('units', 'units.id', 'people.unit_id')
      .select(['people.id', 'people.phone', 'people.email', 'units.short_name'])
      .execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  it('a handler of 乾佑镇 sees phone numbers of 乾佑镇 staff but not of 营盘镇 staff', async () => {
    const c = await clientFor('qianyou.cb');
    const own = await c.call(org.getUnit, { params: { id: f.ids.qianyou! } });
    const foreign = await c.call(org.getUnit, { params: { id: f.ids.yingpan! } });
    expect(own.status).toBe(200);
    expect(foreign.status).toBe(200);
    expect(own.body.people.length).toBeGreaterThanOrEqual(4);
    expect(foreign.body.people.length).toBeGreaterThanOrEqual(4);
    for (const p of own.body.people) expect(p.phone).toMatch(/^1\d{10}$/);
    for (const p of foreign.body.people) expect(p.phone).toBeNull();
    const ownList = await c.call(org.listPeople, { query: { unitId: f.ids.qianyou! } });
    const foreignList = await c.call(org.listPeople, { query: { unitId: f.ids.yingpan! } });
    expect(ownList.body.items.map((p: { phone: string }) => p.phone)).toEqual(own.body.people.map((p: { phone: string }) => p.phone));
    expect(foreignList.body.items.length).toBe(foreign.body.people.length);
    expect(foreignList.body.items.every((p: { phone: unknown; email: unknown }) => p.phone === null && p.email === null)).toBe(true);
  });

  it('every role sees contact details exactly for the declared units, in unit detail and in the people list', async () => {
    const onRecord = await truth();
    const units = ['乾佑镇', '营盘镇', '交通局', '县政府', '监察局', '财政局'];
    const idOf = async (short: string) =>
      (await t.services.db.kysely.selectFrom('units').select('id').where('short_name', '=', short).executeTakeFirstOrThrow()).id;
    let cells = 0;
    const wrong: string[] = [];
    for (const role of ROLES) {
      if (role === 'anonymous') continue;
      const c = await clientFor(role);
      const me = (await c.call(auth.session)).body.user.personId as string;
      const sees = (short: string, personId: string) => {
        const rule = CONTACTS[role];
        return rule === 'all' || rule.includes(short) || personId === me;
      };
      for (const short of units) {
        const id = await idOf(short);
        const detail = await c.call(org.getUnit, { params: { id } });
        const list = await c.call(org.listPeople, { query: { unitId: id } });
        for (const [route, people] of [
          ['getUnit', detail.body.people],
          ['listPeople', list.body.items],
        ] as const) {
          cells++;
          expect(people.length, `${route} ${short} as ${role}`).toBeGreaterThanOrEqual(4);
          for (const p of people as { id: string; phone: string | null; email: string | null }[]) {
            const rec = onRecord.get(p.id)!;
            const visible = sees(short, p.id);
            const want = visible ? [rec.phone, rec.email] : [null, null];
            if (p.phone !== want[0] || p.email !== want[1]) {
              wrong.push(`${route} ${short} as ${role}: ${p.id} shows ${p.phone}/${p.email}, expected ${want.join('/')}`);
            }
          }
        }
      }
    }
    console.log(`contact visibility: ${cells} cells checked`);
    expect(wrong).toEqual([]);
  });
});
