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
