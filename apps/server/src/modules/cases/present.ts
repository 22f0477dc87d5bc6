/** Exactly which fields of a case leave the server: personal data masked unless the full view was asked for. */
import { CASE_STATUS_LABELS, maskEmail, maskIdNumber, maskName, maskPhone, type CasePolicy, type CaseStatus, type Lang } from '@luoshi/domain';
import type { cases } from '@luoshi/contracts';

type CaseT = cases.CaseT;
import type { CaseCategoriesTable, CaseEventsTable, CasesTable } from '../../platform/db/schema.ts';
import type { Cipher } from '../../platform/secrets.ts';
import { clocksOf } from './clocks.ts';

export interface PresentCtx {
  units: Map<string, string>;
  categories: Map<string, CaseCategoriesTable>;
  cipher: Cipher;
  policy: CasePolicy;
  today: string;
  lang?: Lang;
}

export function submitterOf(row: CasesTable, cipher: Cipher, full: boolean) {
  if (row.anonymous) return { anonymous: true, name: null, phone: null, idNumber: null, email: null, full };
  const name = cipher.decrypt(row.name_enc);
  const phone = cipher.decrypt(row.phone_enc);
  const idNumber = cipher.decrypt(row.id_no_enc);
  const email = cipher.decrypt(row.email_enc);
  if (full) return { anonymous: false, name, phone, idNumber, email, full: true };
  return { anonymous: false, name: maskName(name), phone: maskPhone(phone), idNumber: maskIdNumber(idNumber), email: maskEmail(email), full: false };
}

export function presentCase(row: CasesTable, ctx: PresentCtx): CaseT {
  const cat = ctx.categories.get(row.category_id);
  const clocks = clocksOf(row, ctx.policy, cat?.handle_days ?? null, ctx.today);
  const status = row.status as CaseStatus;
  return {
    id: row.id,
    number: row.number,
    channel: row.channel as CaseT['channel'],
    categoryId: row.category_id,
    categoryCode: cat?.code ?? '',
    categoryName: cat ? (ctx.lang === 'en' ? cat.name_en : cat.name) : '',
    regionId: row.region_id,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    title: row.title,
    content: row.content,
    petition: row.petition === 1,
    submitter: submitterOf(row, ctx.cipher, false),
    ownerUnitId: row.owner_unit_id,
    ownerUnitName: row.owner_unit_id ? (ctx.units.get(row.owner_unit_id) ?? null) : null,
    status,
    statusLabel: CASE_STATUS_LABELS[status]?.[ctx.lang ?? 'zh'] ?? status,
    transfers: row.transfers,
    escalatedAt: row.escalated_at,
    receivedOn: row.received_on,
    acceptanceOn: row.acceptance_on,
    accepted: row.accepted === null ? null : row.accepted === 1,
    acceptanceNote: row.acceptance_note,
    dueOn: row.due_on,
    extension: row.extension ? JSON.parse(row.extension) : null,
    pauses: JSON.parse(row.pauses),
    repliedOn: row.replied_on,
    reply: row.reply,
    reviewRequestedOn: row.review_requested_on,
    reviewDecidedOn: row.review_decided_on,
    reReviewRequestedOn: row.re_review_requested_on,
    reReviewDecidedOn: row.re_review_decided_on,
    satisfaction: row.satisfaction as CaseT['satisfaction'],
    closedAt: row.closed_at,
    duplicateOf: row.duplicate_of,
    backlog: row.backlog === 1,
    dispute: row.dispute === 1,
    resolvedOn: row.resolved_on,
    published: row.published === 1,
    clocks,
    overdue: clocks.some((c) => c.status === 'overdue'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rowVersion: row.row_version,
  };
}

export const EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  received: { zh: '已登记', en: 'Received' },
  routed: { zh: '已分派', en: 'Assigned' },
  accepted: { zh: '已受理', en: 'Accepted' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  transferred: { zh: '已转办', en: 'Transferred' },
  escalated: { zh: '多次转办,提级至县政府', en: 'Sent up to the county government' },
  replied: { zh: '已答复', en: 'Replied' },
  extended: { zh: '办理期限已延长', en: 'Handling period extended' },
  paused: { zh: '听证中(不计时)', en: 'Hearing (clock paused)' },
  resumed: { zh: '听证结束,恢复计时', en: 'Hearing ended' },
  review_requested: { zh: '已申请复查', en: 'Review requested' },
  review_decided: { zh: '复查意见已出具', en: 'Review decided' },
  re_review_requested: { zh: '已申请复核', en: 'Re-review requested' },
  re_review_decided: { zh: '复核意见已出具', en: 'Re-review decided' },
  rated: { zh: '已评价', en: 'Rated' },
  closed: { zh: '已办结', en: 'Closed' },
  flagged: { zh: '标记已更新', en: 'Flags changed' },
  supervised: { zh: '超期,已提请督办', en: 'Overdue; supervision proposed' },
  visit: { zh: '县领导走访', en: 'County leader visit' },
};
/** Notes the submitter is entitled to read (reasons and answers); transfer reasons stay inside. */
export const PUBLIC_NOTE_KINDS = new Set(['not_accepted', 'replied', 'review_decided', 're_review_decided', 'extended', 'visit']);

export function presentEvent(e: CaseEventsTable, units: Map<string, string>, lang: Lang = 'zh') {
  return {
    at: e.at,
    kind: e.kind,
    label: EVENT_LABELS[e.kind]?.[lang] ?? e.kind,
    actorName: e.actor_name,
    note: e.note,
    fromUnitName: e.from_unit_id ? (units.get(e.from_unit_id) ?? null) : null,
    toUnitName: e.to_unit_id ? (units.get(e.to_unit_id) ?? null) : null,
    public: e.public === 1,
  };
}
