/**
 * Table types for Kysely. One representation in both databases: ids are text, timestamps are
 * ISO-8601 UTC text, dates are YYYY-MM-DD text, booleans are 0/1 integers, lists and objects are
 * JSON text. The repository edge converts to and from the contract shapes.
 */
import type { Generated } from 'kysely';

export interface RegionsTable {
  id: string;
  name: string;
  level: string;
  parent_id: string | null;
  code: string | null;
  created_at: string;
}
export interface UnitsTable {
  id: string;
  code: string | null;
  name: string;
  short_name: string | null;
  name_en: string | null;
  kind: string;
  functions: string;
  region_id: string | null;
  parent_id: string | null;
  sort_order: number;
  active: number;
  created_at: string;
  updated_at: string;
}
export interface PeopleTable {
  id: string;
  name: string;
  gender: string;
  title: string | null;
  unit_id: string | null;
  phone: string | null;
  email: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}
export interface PostsTable {
  id: string;
  unit_id: string;
  title: string;
  role: string;
  sort_order: number;
  active: number;
  created_at: string;
}
export interface PostTermsTable {
  id: string;
  post_id: string;
  person_id: string;
  from_date: string;
  to_date: string | null;
  created_at: string;
}
export interface LeadingGroupsTable {
  id: string;
  name: string;
  office_unit_id: string | null;
  created_at: string;
}
export interface GroupMembersTable {
  id: string;
  group_id: string;
  person_id: string;
  position: string;
  unit_id: string | null;
  duty: string | null;
  sort_order: number;
}
export interface LeaderChargesTable {
  person_id: string;
  unit_id: string;
  created_at: string;
}
export interface UsersTable {
  id: string;
  username: string;
  person_id: string | null;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  system_role: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}
export interface AuditLogTable {
  seq: number;
  at: string;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}
export interface MigrationMarkerTable {
  id: Generated<number>;
}

export interface DB {
  regions: RegionsTable;
  units: UnitsTable;
  people: PeopleTable;
  posts: PostsTable;
  post_terms: PostTermsTable;
  leading_groups: LeadingGroupsTable;
  group_members: GroupMembersTable;
  leader_charges: LeaderChargesTable;
  users: UsersTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
}

export interface CampaignsTable {
  id: string;
  year: number;
  name: string;
  requirements: string;
  goals: string;
  streams: string;
  measures: string;
  start_date: string;
  end_date: string;
  status: string;
  copied_from_id: string | null;
  created_at: string;
  updated_at: string;
}
export interface CampaignPoliciesTable {
  id: string;
  campaign_id: string;
  version: number;
  effective_from: string;
  policy: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}
export interface ProjectListsTable {
  id: string;
  campaign_id: string;
  name: string;
  size: number;
  sort_order: number;
}
export interface UnitPlansTable {
  id: string;
  campaign_id: string;
  unit_id: string;
  status: string;
  current_version: number;
  first_submitted_at: string | null;
  updated_at: string;
}
export interface UnitPlanVersionsTable {
  id: string;
  plan_id: string;
  version: number;
  content: string;
  status: string;
  drafted_by: string;
  drafted_at: string;
  submitted_by: string | null;
  submitted_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_comment: string | null;
}
export interface TasksTable {
  id: string;
  campaign_id: string;
  parent_id: string | null;
  code: string;
  node_type: string;
  title: string;
  description: string;
  stream_key: string | null;
  source_kind: string;
  source_ref: string | null;
  list_id: string | null;
  priority: string;
  lead_unit_id: string | null;
  post_id: string | null;
  acceptance_standard: string;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  weight: number;
  progress: number;
  status: string;
  obstacle_kind: string | null;
  /** the light recorded by the last sweep (changes are logged in task_light_changes) */
  light: string | null;
  coordinator_person_id: string | null;
  published: number;
  row_version: number;
  created_at: string;
  updated_at: string;
}
export interface TaskCooperatorsTable {
  task_id: string;
  unit_id: string;
}
export interface TaskIndicatorsTable {
  id: string;
  task_id: string;
  name: string;
  unit: string;
  target: number | null;
  baseline: number | null;
  actual: number | null;
  sort_order: number;
}
export interface TaskResponsibilitiesTable {
  id: string;
  task_id: string;
  role: string;
  person_id: string;
  from_date: string;
  to_date: string | null;
  created_at: string;
}
export interface JobsTable {
  id: string;
  kind: string;
  status: string;
  progress: number;
  total: number;
  created_by: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
}

export interface DB {
  campaigns: CampaignsTable;
  campaign_policies: CampaignPoliciesTable;
  project_lists: ProjectListsTable;
  unit_plans: UnitPlansTable;
  unit_plan_versions: UnitPlanVersionsTable;
  tasks: TasksTable;
  task_cooperators: TaskCooperatorsTable;
  task_indicators: TaskIndicatorsTable;
  task_responsibilities: TaskResponsibilitiesTable;
  jobs: JobsTable;
}

export interface ProgressReportsTable {
  id: string;
  task_id: string;
  chain_id: string;
  version: number;
  unit_id: string;
  narrative: string;
  percent: number;
  indicator_actuals: string;
  completion_claim: number;
  status: string;
  author_user_id: string;
  author_name: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_comment: string | null;
  superseded_by: string | null;
}
export interface FilesTable {
  hash: string;
  size: number;
  mime: string;
  has_thumbnail: number;
  created_at: string;
}
export interface AttachmentsTable {
  id: string;
  owner_type: string;
  owner_id: string;
  file_hash: string;
  name: string;
  mime: string;
  size: number;
  uploaded_by: string;
  created_at: string;
}
export interface SelfInspectionsTable {
  id: string;
  task_id: string;
  unit_id: string;
  period: string;
  rating: string;
  comment: string;
  by_user_id: string;
  by_name: string;
  created_at: string;
}
export interface InspectionsTable {
  id: string;
  campaign_id: string;
  kind: string;
  inspecting_unit_id: string;
  inspected_on: string;
  title: string;
  findings: string;
  conclusion: string;
  grounds_for_supervision: number;
  created_by: string;
  created_name: string;
  created_at: string;
}
export interface InspectionTargetsTable {
  inspection_id: string;
  unit_id: string;
  task_id: string | null;
}
export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
}
export interface TaskLightChangesTable {
  id: string;
  task_id: string;
  changed_on: string;
  from_light: string | null;
  to_light: string;
  rule: string;
}

export interface DB {
  progress_reports: ProgressReportsTable;
  files: FilesTable;
  attachments: AttachmentsTable;
  self_inspections: SelfInspectionsTable;
  inspections: InspectionsTable;
  inspection_targets: InspectionTargetsTable;
  notifications: NotificationsTable;
  task_light_changes: TaskLightChangesTable;
}

export interface NoticesTable {
  id: string;
  campaign_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  unit_id: string;
  parent_notice_id: string | null;
  proposal_id: string | null;
  status: string;
  title: string;
  body: string;
  criticism: number;
  major_impact: number;
  deadline: string | null;
  doc_prefix: string | null;
  doc_year: number | null;
  doc_seq: number | null;
  doc_number: string | null;
  approver_ids: string;
  drafted_by: string;
  drafted_name: string;
  drafted_at: string;
  submitted_at: string | null;
  decided_by: string | null;
  decided_person_id: string | null;
  decided_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  issued_at: string | null;
  issued_on: string | null;
  closed_at: string | null;
  row_version: number;
}
export interface DocSequencesTable {
  prefix: string;
  year: number;
  last: number;
}
export interface ProposalsTable {
  id: string;
  campaign_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  unit_id: string;
  parent_notice_id: string | null;
  reason: string;
  rule: string;
  dedupe_key: string;
  status: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  notice_id: string | null;
}
export interface DeductionsTable {
  id: string;
  campaign_id: string;
  year: number;
  unit_id: string;
  notice_id: string;
  points: number;
  kind: string;
  reason: string;
  appeal_id: string | null;
  created_at: string;
}
export interface EligibilityLossesTable {
  id: string;
  campaign_id: string;
  year: number;
  unit_id: string;
  person_id: string | null;
  role: string;
  notice_id: string;
  created_at: string;
  reversed_at: string | null;
  appeal_id: string | null;
}
export interface AccountabilityCasesTable {
  id: string;
  campaign_id: string;
  notice_id: string;
  kind: string;
  unit_id: string;
  status: string;
  people: string;
  decision: string | null;
  measures: string | null;
  opened_at: string;
  decided_at: string | null;
  decided_by_name: string | null;
}
export interface AppealsTable {
  id: string;
  notice_id: string;
  unit_id: string;
  reasons: string;
  submitted_by: string;
  submitted_name: string;
  submitted_at: string;
  status: string;
  decider_ids: string;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface DB {
  notices: NoticesTable;
  doc_sequences: DocSequencesTable;
  proposals: ProposalsTable;
  deductions: DeductionsTable;
  eligibility_losses: EligibilityLossesTable;
  accountability_cases: AccountabilityCasesTable;
  appeals: AppealsTable;
}

// ── the public side: cases, petitions, catalogue, publication, client-app keys (09xx) ──
export interface CaseCategoriesTable {
  id: string;
  code: string;
  name: string;
  name_en: string;
  description: string;
  group_name: string;
  keywords: string;
  petition: number;
  handle_days: number | null;
  /** Open311 attribute definitions, JSON */
  attributes: string;
  open311: number;
  active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}
export interface CaseRoutingRulesTable {
  id: string;
  category_id: string | null;
  region_id: string | null;
  unit_id: string;
  priority: number;
  created_at: string;
}
export interface CasesTable {
  id: string;
  number: string;
  check_code: string;
  channel: string;
  category_id: string;
  region_id: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  title: string;
  content: string;
  attributes: string;
  petition: number;
  anonymous: number;
  /** SM4 ciphertext (platform/secrets.ts), never plain text */
  name_enc: string | null;
  phone_enc: string | null;
  id_no_enc: string | null;
  email_enc: string | null;
  owner_unit_id: string | null;
  status: string;
  transfers: number;
  escalated_at: string | null;
  received_on: string;
  acceptance_on: string | null;
  accepted: number | null;
  acceptance_note: string | null;
  due_on: string | null;
  /** JSON {days, approvedBy, on} */
  extension: string | null;
  /** JSON [{from, to}] */
  pauses: string;
  replied_on: string | null;
  reply: string | null;
  review_requested_on: string | null;
  review_decided_on: string | null;
  re_review_requested_on: string | null;
  re_review_decided_on: string | null;
  satisfaction: string | null;
  rated_at: string | null;
  closed_at: string | null;
  duplicate_of: string | null;
  backlog: number;
  dispute: number;
  resolved_on: string | null;
  published: number;
  token: string;
  api_key_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  row_version: number;
}
export interface CaseEventsTable {
  id: string;
  case_id: string;
  at: string;
  kind: string;
  actor_name: string | null;
  from_unit_id: string | null;
  to_unit_id: string | null;
  note: string;
  public: number;
}
/** One stage's decision on a case (受理, 办理答复, 复查, 复核), kept when a later stage decides again. */
export interface CaseDecisionsTable {
  id: string;
  case_id: string;
  /** acceptance | reply | review | reReview */
  stage: string;
  /** acceptance only: accepted | not_accepted */
  outcome: string | null;
  decided_on: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  /** the owner unit when the decision was made */
  unit_id: string | null;
  text: string;
}
export interface CaseMessagesTable {
  id: string;
  case_id: string;
  channel: string;
  recipient_enc: string | null;
  subject: string;
  body: string;
  created_at: string;
  sent_at: string | null;
}
export interface PetitionDutyTable {
  id: string;
  person_id: string;
  week_start: string;
  week_end: string;
  place: string;
  note: string;
  created_at: string;
}
export interface PetitionVisitsTable {
  id: string;
  kind: string;
  person_id: string;
  scheduled_on: string;
  place: string;
  purpose: string;
  status: string;
  record: string;
  done_on: string | null;
  created_at: string;
  updated_at: string;
}
export interface PetitionVisitCasesTable {
  visit_id: string;
  case_id: string;
}
export interface CatalogueItemsTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  unit_id: string;
  legal_basis: string;
  materials: string;
  steps: string;
  legal_days: number | null;
  promised_days: number | null;
  fee: string;
  decision: string | null;
  decision_on: string | null;
  decision_note: string;
  published: number;
  created_at: string;
  updated_at: string;
  row_version: number;
}
export interface PublicationsTable {
  entity_type: string;
  entity_id: string;
  published_by: string;
  published_at: string;
}
export interface CommitmentsTable {
  id: string;
  unit_id: string;
  problem: string;
  commitment: string;
  due_on: string;
  status: string;
  done_on: string | null;
  progress_note: string;
  published: number;
  created_at: string;
  updated_at: string;
}
export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface DB {
  case_categories: CaseCategoriesTable;
  case_routing_rules: CaseRoutingRulesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_decisions: CaseDecisionsTable;
  case_messages: CaseMessagesTable;
  petition_duty: PetitionDutyTable;
  petition_visits: PetitionVisitsTable;
  petition_visit_cases: PetitionVisitCasesTable;
  catalogue_items: CatalogueItemsTable;
  publications: PublicationsTable;
  commitments: CommitmentsTable;
  api_keys: ApiKeysTable;
}

export interface DeliveriesTable {
  id: string;
  notification_id: string | null;
  /** email | webhook */
  channel: string;
  /** an email address, or a webhook id */
  target: string;
  subject: string;
  /** the message as JSON: kind, title, body, link */
  payload: string;
  /** pending | sending | sent | failed */
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface DB {
  deliveries: DeliveriesTable;
}

// ── assessment, awards, budgets, 五个一 (08xx) ──
export interface AssessmentBonusesTable {
  id: string;
  campaign_id: string;
  unit_id: string;
  category: string;
  points: number;
  reason: string;
  created_by: string;
  created_name: string;
  created_at: string;
  revoked_at: string | null;
  revoked_name: string | null;
  revoke_reason: string | null;
}
export interface AssessmentClosesTable {
  id: string;
  campaign_id: string;
  as_of: string;
  /** JSON: every assessed unit's UnitScore with its working, as announced */
  results: string;
  closed_by: string;
  closed_name: string;
  closed_at: string;
}
export interface AssessmentCorrectionsTable {
  id: string;
  campaign_id: string;
  unit_id: string;
  reason: string;
  before_result: string;
  after_result: string;
  /** pending | approved | rejected */
  status: string;
  proposed_by: string;
  proposed_name: string;
  proposed_at: string;
  decided_by: string | null;
  decided_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}
export interface AwardNominationsTable {
  id: string;
  campaign_id: string;
  /** unit | person */
  nominee_type: string;
  unit_id: string;
  person_id: string | null;
  title: string;
  reason: string;
  /** nominated | selected | rejected | withdrawn */
  status: string;
  nominated_by: string;
  nominated_name: string;
  nominated_at: string;
  decided_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  notice_id: string | null;
  row_version: number;
}
export interface UnitBudgetsTable {
  id: string;
  campaign_id: string;
  unit_id: string;
  amount_fen: number;
  note: string;
  entered_by: string;
  entered_name: string;
  entered_at: string;
  row_version: number;
}
export interface RectificationDrivesTable {
  id: string;
  campaign_id: string;
  title: string;
  description: string;
  start_date: string;
  end_date: string;
  unit_ids: string;
  created_name: string;
  created_at: string;
}
export interface RectificationChecksTable {
  id: string;
  drive_id: string;
  campaign_id: string;
  unit_id: string;
  checked_on: string;
  checker_unit_id: string | null;
  /** good | problem */
  result: string;
  findings: string;
  requirement: string;
  deadline: string | null;
  rectified_on: string | null;
  rectified_note: string | null;
  created_name: string;
  created_at: string;
}
export interface ConductCasesTable {
  id: string;
  campaign_id: string;
  unit_id: string;
  title: string;
  allegation: string;
  source: string;
  source_id: string | null;
  /** open | decided */
  status: string;
  violation: number | null;
  findings: string | null;
  decision: string | null;
  people: string;
  opened_name: string;
  opened_at: string;
  decided_name: string | null;
  decided_at: string | null;
  decided_on: string | null;
}
export interface SurveysTable {
  id: string;
  campaign_id: string;
  title: string;
  description: string;
  audiences: string;
  questions: string;
  unit_ids: string;
  deputy_user_ids: string;
  max_per_network: number;
  /** draft | open | closed */
  status: string;
  results_published: number;
  created_name: string;
  created_at: string;
  updated_at: string;
}
export interface SurveyResponsesTable {
  id: string;
  survey_id: string;
  rater_group: string;
  /** anonymous | signed */
  channel: string;
  rater_key: string;
  network_key: string;
  created_at: string;
}
export interface SurveyRatingsTable {
  id: string;
  response_id: string;
  survey_id: string;
  unit_id: string;
  rater_group: string;
  /** 0–100: the mean of the unit's answers in this response */
  value: number;
  answers: string;
}
export interface EvaluationMeetingsTable {
  id: string;
  campaign_id: string;
  /** symposium | meeting */
  kind: string;
  title: string;
  held_on: string;
  place: string;
  participants: number;
  summary: string;
  /** JSON: [{ unitId, value (0–100), note }] */
  results: string;
  created_name: string;
  created_at: string;
}

export interface DB {
  assessment_bonuses: AssessmentBonusesTable;
  assessment_closes: AssessmentClosesTable;
  assessment_corrections: AssessmentCorrectionsTable;
  award_nominations: AwardNominationsTable;
  unit_budgets: UnitBudgetsTable;
  rectification_drives: RectificationDrivesTable;
  rectification_checks: RectificationChecksTable;
  conduct_cases: ConductCasesTable;
  surveys: SurveysTable;
  survey_responses: SurveyResponsesTable;
  survey_ratings: SurveyRatingsTable;
  evaluation_meetings: EvaluationMeetingsTable;
}

// ── data versions (1300): counters raised by triggers, read by the caches ──
export interface DataVersionsTable {
  scope: string;
  version: number | string;
}

export interface DB {
  data_versions: DataVersionsTable;
}
