import { z } from 'zod';
import { GROUP_POSITIONS, REGION_LEVELS, UNIT_FUNCTIONS, UNIT_KINDS, UNIT_ROLES } from '@luoshi/domain';
import { endpoint, pageBy, Id, IdParams, Ok, OptText, Paged, Text, DateOnly, patchOf } from './endpoint.ts';

export const Region = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentId: z.string().nullable(),
  code: z.string().nullable(),
});
export type RegionT = z.infer<typeof Region>;

export const listRegions = endpoint({
  id: 'listRegions',
  method: 'GET',
  path: '/api/v1/regions',
  summary: '行政区划列表 Regions',
  tag: 'org',
  response: z.object({ items: z.array(Region) }),
});

export const RegionInput = z.object({
  name: Text(60),
  level: z.enum(REGION_LEVELS),
  parentId: Id.nullable().default(null),
  code: OptText(20).nullable().default(null),
});
export const createRegion = endpoint({
  id: 'createRegion',
  method: 'POST',
  path: '/api/v1/regions',
  summary: '新建行政区划 Create region',
  tag: 'org',
  body: RegionInput,
  response: Region,
});

export const Unit = z.object({
  id: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  nameEn: z.string().nullable(),
  kind: z.enum(UNIT_KINDS),
  functions: z.array(z.enum(UNIT_FUNCTIONS)),
  regionId: z.string().nullable(),
  parentId: z.string().nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  /** county leaders in charge (分管县领导) */
  leaderIds: z.array(z.string()),
  /** the same leaders with their names */
  leaders: z.array(z.object({ personId: z.string(), name: z.string() })),
  headcount: z.number().int(),
});
export type UnitT = z.infer<typeof Unit>;

export const listUnits = endpoint({
  id: 'listUnits',
  method: 'GET',
  path: '/api/v1/units',
  summary: '单位列表 Units',
  tag: 'org',
  query: z.object({
    kind: z.enum(UNIT_KINDS).optional(),
    q: z.string().trim().max(60).optional(),
    includeInactive: z.enum(['true', 'false']).optional(),
  }),
  response: z.object({ items: z.array(Unit) }),
});

export const Holder = z.object({
  personId: z.string(),
  name: z.string(),
  since: z.string(),
});
export const Post = z.object({
  id: z.string(),
  unitId: z.string(),
  title: z.string(),
  role: z.enum(UNIT_ROLES),
  sortOrder: z.number().int(),
  holder: Holder.nullable(),
  history: z.array(z.object({ personId: z.string(), name: z.string(), from: z.string(), to: z.string().nullable() })),
});
export type PostT = z.infer<typeof Post>;

export const Person = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female', 'unspecified']),
  title: z.string().nullable(),
  unitId: z.string().nullable(),
  /** null when the viewer may not see contact details */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  active: z.boolean(),
  hasAccount: z.boolean(),
});
export type PersonT = z.infer<typeof Person>;

export const UnitDetail = z.object({
  unit: Unit,
  posts: z.array(Post),
  people: z.array(Person),
  leaders: z.array(z.object({ personId: z.string(), name: z.string() })),
  children: z.array(Unit),
});

export const getUnit = endpoint({
  id: 'getUnit',
  method: 'GET',
  path: '/api/v1/units/:id',
  summary: '单位详情 Unit detail',
  tag: 'org',
  params: IdParams,
  response: UnitDetail,
});

export const UnitInput = z.object({
  code: OptText(30).nullable().default(null),
  name: Text(60),
  shortName: OptText(30).nullable().default(null),
  nameEn: OptText(120).nullable().default(null),
  kind: z.enum(UNIT_KINDS),
  functions: z.array(z.enum(UNIT_FUNCTIONS)).max(UNIT_FUNCTIONS.length).default([]),
  regionId: Id.nullable().default(null),
  parentId: Id.nullable().default(null),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
});
export const createUnit = endpoint({
  id: 'createUnit',
  method: 'POST',
  path: '/api/v1/units',
  summary: '新建单位 Create unit',
  tag: 'org',
  body: UnitInput,
  response: Unit,
});
export const updateUnit = endpoint({
  id: 'updateUnit',
  method: 'PATCH',
  path: '/api/v1/units/:id',
  summary: '修改单位 Update unit',
  tag: 'org',
  params: IdParams,
  body: patchOf(UnitInput).extend({ active: z.boolean().optional() }),
  response: Unit,
});

export const listPeople = endpoint({
  id: 'listPeople',
  method: 'GET',
  path: '/api/v1/people',
  summary: '人员列表 People',
  tag: 'org',
  /** by name (then id); q: part of the name; account: whether the person has an account; active: still in post */
  query: z
    .object({ unitId: Id.optional(), q: z.string().trim().max(60).optional(), account: z.enum(['true', 'false']).optional(), active: z.enum(['true', 'false']).optional() })
    .extend(pageBy(100, 500).shape),
  response: Paged(Person),
});

const Phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^[0-9+\-() ]*$/, { message: 'phone' });
export const PersonInput = z.object({
  name: Text(40),
  gender: z.enum(['male', 'female', 'unspecified']).default('unspecified'),
  title: OptText(60).nullable().default(null),
  unitId: Id.nullable().default(null),
  phone: Phone.nullable().default(null),
  email: z.string().trim().max(120).pipe(z.email()).nullable().or(z.literal('').transform(() => null)).default(null),
});
export const createPerson = endpoint({
  id: 'createPerson',
  method: 'POST',
  path: '/api/v1/people',
  summary: '新增人员 Create person',
  tag: 'org',
  body: PersonInput,
  response: Person,
});
export const updatePerson = endpoint({
  id: 'updatePerson',
  method: 'PATCH',
  path: '/api/v1/people/:id',
  summary: '修改人员 Update person',
  tag: 'org',
  params: IdParams,
  body: patchOf(PersonInput).extend({ active: z.boolean().optional() }),
  response: Person,
});

export const createPost = endpoint({
  id: 'createPost',
  method: 'POST',
  path: '/api/v1/units/:id/posts',
  summary: '设置岗位 Create post',
  tag: 'org',
  params: IdParams,
  body: z.object({ title: Text(60), role: z.enum(UNIT_ROLES), sortOrder: z.number().int().min(0).max(10000).default(0) }),
  response: Post,
});
export const updatePost = endpoint({
  id: 'updatePost',
  method: 'PATCH',
  path: '/api/v1/posts/:id',
  summary: '修改岗位 Update post',
  tag: 'org',
  params: IdParams,
  body: z.object({
    title: Text(60).optional(),
    role: z.enum(UNIT_ROLES).optional(),
    sortOrder: z.number().int().min(0).max(10000).optional(),
    /** retire a post (only when nobody holds it) */
    active: z.boolean().optional(),
  }),
  response: Post,
});
export const assignPost = endpoint({
  id: 'assignPost',
  method: 'POST',
  path: '/api/v1/posts/:id/holder',
  summary: '任命或免去岗位人员 Assign or vacate a post',
  tag: 'org',
  params: IdParams,
  body: z.object({ personId: Id.nullable(), from: DateOnly.optional() }),
  response: Post,
});

export const GroupMember = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  position: z.enum(GROUP_POSITIONS),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  duty: z.string().nullable(),
  chargedUnitIds: z.array(z.string()),
});
export const LeadingGroup = z.object({
  id: z.string(),
  name: z.string(),
  officeUnitId: z.string().nullable(),
  members: z.array(GroupMember),
});
export const getLeadingGroup = endpoint({
  id: 'getLeadingGroup',
  method: 'GET',
  path: '/api/v1/leading-group',
  summary: '领导小组 Leading group',
  tag: 'org',
  response: LeadingGroup,
});
export const updateLeadingGroup = endpoint({
  id: 'updateLeadingGroup',
  method: 'PATCH',
  path: '/api/v1/leading-group',
  summary: '修改领导小组 Update leading group',
  tag: 'org',
  body: z.object({ name: Text(80).optional(), officeUnitId: Id.nullable().optional() }),
  response: LeadingGroup,
});
export const addGroupMember = endpoint({
  id: 'addGroupMember',
  method: 'POST',
  path: '/api/v1/leading-group/members',
  summary: '增加领导小组成员 Add member',
  tag: 'org',
  body: z.object({
    personId: Id,
    position: z.enum(GROUP_POSITIONS),
    unitId: Id.nullable().default(null),
    duty: OptText(200).nullable().default(null),
  }),
  response: LeadingGroup,
});
export const removeGroupMember = endpoint({
  id: 'removeGroupMember',
  method: 'DELETE',
  path: '/api/v1/leading-group/members/:id',
  summary: '移除领导小组成员 Remove member',
  tag: 'org',
  params: IdParams,
  response: LeadingGroup,
});
export const setCharges = endpoint({
  id: 'setCharges',
  method: 'PUT',
  path: '/api/v1/people/:id/charges',
  summary: '设置县领导分管单位 Set units in a leader’s charge',
  tag: 'org',
  params: IdParams,
  body: z.object({ unitIds: z.array(Id).max(500) }),
  response: z.object({ personId: z.string(), unitIds: z.array(z.string()) }),
});

export { Ok };
