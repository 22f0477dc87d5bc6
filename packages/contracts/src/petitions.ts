/** 信访值周 (the leaders' weekly petition duty) and the four visits 四访 (R-PUB-3). */
import { z } from 'zod';
import { endpoint, DateOnly, Id, IdParams, Ok, OptText } from './endpoint.ts';

export const VISIT_KINDS = ['receive', 'go_down', 'appointment', 'return_visit'] as const;
export const VISIT_KIND_LABELS: Record<(typeof VISIT_KINDS)[number], { zh: string; en: string }> = {
  receive: { zh: '接访', en: 'Receiving petitioners' },
  go_down: { zh: '下访', en: 'Visiting petitioners on site' },
  appointment: { zh: '约访', en: 'Appointment with petitioners' },
  return_visit: { zh: '回访', en: 'Follow-up visit' },
};

export const Duty = z.object({ id: z.string(), personId: z.string(), personName: z.string(), personTitle: z.string().nullable(), weekStart: z.string(), weekEnd: z.string(), place: z.string(), note: z.string() });
export const listDuty = endpoint({
  id: 'listPetitionDuty',
  method: 'GET',
  path: '/api/v1/petition-duty',
  summary: '领导信访值周表 Petition duty roster',
  tag: 'petitions',
  query: z.object({ from: DateOnly.optional(), to: DateOnly.optional() }),
  response: z.object({ items: z.array(Duty), onDutyToday: z.array(Duty) }),
});
export const createDuty = endpoint({
  id: 'createPetitionDuty',
  method: 'POST',
  path: '/api/v1/petition-duty',
  summary: '安排值周 Schedule a duty week',
  tag: 'petitions',
  body: z.object({ personId: Id, weekStart: DateOnly, place: OptText(100).default('县信访接待中心'), note: OptText(300).default('') }),
  response: Duty,
});
export const deleteDuty = endpoint({ id: 'deletePetitionDuty', method: 'DELETE', path: '/api/v1/petition-duty/:id', summary: '取消值周 Remove a duty week', tag: 'petitions', params: IdParams, response: Ok });

export const Visit = z.object({
  id: z.string(),
  kind: z.enum(VISIT_KINDS),
  kindLabel: z.string(),
  personId: z.string(),
  personName: z.string(),
  scheduledOn: z.string(),
  place: z.string(),
  purpose: z.string(),
  status: z.enum(['scheduled', 'done', 'cancelled']),
  record: z.string(),
  doneOn: z.string().nullable(),
  cases: z.array(z.object({ id: z.string(), number: z.string(), title: z.string() })),
});
export const listVisits = endpoint({
  id: 'listPetitionVisits',
  method: 'GET',
  path: '/api/v1/petition-visits',
  summary: '四访安排与记录 The four visits',
  tag: 'petitions',
  query: z.object({ kind: z.enum(VISIT_KINDS).optional(), from: DateOnly.optional(), to: DateOnly.optional(), status: z.enum(['scheduled', 'done', 'cancelled']).optional() }),
  response: z.object({ items: z.array(Visit) }),
});
export const createVisit = endpoint({
  id: 'createPetitionVisit',
  method: 'POST',
  path: '/api/v1/petition-visits',
  summary: '安排接访、下访、约访、回访 Schedule a visit',
  tag: 'petitions',
  body: z.object({ kind: z.enum(VISIT_KINDS), personId: Id, scheduledOn: DateOnly, place: OptText(100).default(''), purpose: OptText(500).default(''), caseIds: z.array(Id).max(50).default([]) }),
  response: Visit,
});
export const recordVisit = endpoint({
  id: 'recordPetitionVisit',
  method: 'POST',
  path: '/api/v1/petition-visits/:id/record',
  summary: '记录走访结果 Record a visit',
  tag: 'petitions',
  params: IdParams,
  body: z.object({ status: z.enum(['done', 'cancelled']), record: OptText(5000).default(''), doneOn: DateOnly.optional(), caseIds: z.array(Id).max(50).optional() }),
  response: Visit,
});
