/**
 * Inspections (R-PROG-4): 日常督查, 暗访 and the inspections of 纠风办, 项目办 and 考核办, recorded
 * with findings and evidence by the office and the other inspecting units. One flagged as grounds
 * for supervision (督办依据) is where the escalation ladder may start.
 */
import { z } from 'zod';
import { endpoint, DateOnly, Id, IdParams, Text } from './endpoint.ts';
import { Attachment } from './progress.ts';

/** daily tracking 日常督查, unannounced 暗访, conduct 纠风, projects 项目, assessment 考核 */
export const INSPECTION_KINDS = ['daily', 'unannounced', 'conduct', 'projects', 'assessment'] as const;
/** 良好 or 存在问题 */
export const CONCLUSIONS = ['good', 'problem'] as const;

export const InspectionTarget = z.object({
  unitId: z.string(),
  unitName: z.string(),
  taskId: z.string().nullable(),
  taskCode: z.string().nullable(),
  taskTitle: z.string().nullable(),
});

export const Inspection = z.object({
  id: z.string(),
  campaignId: z.string(),
  kind: z.enum(INSPECTION_KINDS),
  inspectingUnitId: z.string(),
  inspectingUnitName: z.string(),
  inspectedOn: z.string(),
  title: z.string(),
  findings: z.string(),
  conclusion: z.enum(CONCLUSIONS),
  /** 督办依据: the escalation area may issue a supervision notice on it */
  groundsForSupervision: z.boolean(),
  targets: z.array(InspectionTarget),
  attachments: z.array(Attachment),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type InspectionT = z.infer<typeof Inspection>;

/** A unit concerned, and optionally one of its tasks; a task alone means the unit that leads it. */
const TargetInput = z
  .object({ unitId: Id.optional(), taskId: Id.optional() })
  .refine((t) => t.unitId !== undefined || t.taskId !== undefined, { message: 'unitId or taskId' });

export const listInspections = endpoint({
  id: 'listInspections',
  method: 'GET',
  path: '/api/v1/inspections',
  summary: '督查记录(本单位被督查的,督查部门可见全部) Inspections: those concerning one’s units; inspecting units see all',
  tag: 'inspections',
  query: z.object({
    campaignId: Id.optional(),
    /** a unit concerned */
    unitId: Id.optional(),
    kind: z.enum(INSPECTION_KINDS).optional(),
    flagged: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  response: z.object({ items: z.array(Inspection), truncated: z.boolean() }),
});

export const getInspection = endpoint({
  id: 'getInspection',
  method: 'GET',
  path: '/api/v1/inspections/:id',
  summary: '督查记录详情 One inspection',
  tag: 'inspections',
  params: IdParams,
  response: Inspection,
});

export const createInspection = endpoint({
  id: 'createInspection',
  method: 'POST',
  path: '/api/v1/inspections',
  summary: '登记督查(暗访、纠风、项目、考核、日常督查) Record an inspection',
  tag: 'inspections',
  body: z.object({
    campaignId: Id,
    kind: z.enum(INSPECTION_KINDS),
    /** needed only by someone who belongs to more than one inspecting unit */
    inspectingUnitId: Id.optional(),
    inspectedOn: DateOnly,
    title: Text(200),
    findings: Text(20000),
    conclusion: z.enum(CONCLUSIONS),
    groundsForSupervision: z.boolean().default(false),
    targets: z.array(TargetInput).min(1).max(100),
  }),
  response: Inspection,
});

export const updateInspection = endpoint({
  id: 'updateInspection',
  method: 'PATCH',
  path: '/api/v1/inspections/:id',
  summary: '修改发现的问题、结论或督办依据标记(仅登记单位) Change findings, conclusion or the flag; the recording unit only',
  tag: 'inspections',
  params: IdParams,
  body: z
    .object({ findings: Text(20000).optional(), conclusion: z.enum(CONCLUSIONS).optional(), groundsForSupervision: z.boolean().optional() })
    .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' }),
  response: Inspection,
});
