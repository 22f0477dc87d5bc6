/**
 * One intake for every channel (R-PUB-2): the web form, staff entering a call, letter, visit or
 * media report, and client apps through Open311. The case gets an unguessable tracking number and
 * check code, an owner unit from the routing rules, and its personal data encrypted with SM4.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { CHECK_CODE_ALPHABET, LuoshiError, caseNumberDigits, formatCaseNumber, localDate, looksLikeMarkup, routeCase, type CaseChannel } from '@luoshi/domain';
import type { CasesTable } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers, usersInUnitRoles } from '../../platform/notify.ts';
import type { Cipher } from '../../platform/secrets.ts';
import { findCaseByNumber, readCasePolicy, regionChain, unitWithFunction } from './repo.ts';
import { recordEvent } from './events.ts';
import { clocksOf, currentDue } from './clocks.ts';

export interface IntakeInput {
  channel: CaseChannel;
  categoryId: string;
  title: string;
  content: string;
  regionId: string | null;
  address: string;
  lat?: number | null;
  lng?: number | null;
  petition?: boolean;
  anonymous: boolean;
  name: string;
  phone: string;
  idNumber: string;
  email: string;
  receivedOn?: string;
  attributes?: Record<string, unknown>;
  apiKeyId?: string | null;
  sourceNote?: string;
}

export function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

/** Refuses markup and scripts in any text field, with a message in both languages. */
export function refuseMarkup(fields: Record<string, string | undefined>): void {
  for (const [path, v] of Object.entries(fields)) {
    if (v && looksLikeMarkup(v)) throw invalid(path, '内容不能包含网页代码或脚本,请只填写文字', 'text must not contain HTML or scripts; please write plain text');
  }
}

function checkCode(): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += CHECK_CODE_ALPHABET[randomInt(CHECK_CODE_ALPHABET.length)];
  return s;
}

/** The owner unit: the most specific routing rule; else the town of the area; else the government office. */
async function ownerFor(tx: Tx, categoryId: string, regionId: string | null): Promise<string | null> {
  const rules = (await tx.db.selectFrom('case_routing_rules').selectAll().execute()).map((r) => ({ id: r.id, categoryId: r.category_id, regionId: r.region_id, unitId: r.unit_id, priority: r.priority }));
  const chain = await regionChain(tx.db, regionId);
  const hit = routeCase(rules, categoryId, chain);
  if (hit) return hit.unitId;
  if (regionId) {
    const town = await tx.db.selectFrom('units').select('id').where('region_id', '=', regionId).where('kind', '=', 'town').where('active', '=', 1).executeTakeFirst();
    if (town) return town.id;
  }
  return (await unitWithFunction(tx.db, 'gov_office')) ?? (await unitWithFunction(tx.db, 'office'));
}

export async function createCase(tx: Tx, input: IntakeInput, cipher: Cipher): Promise<CasesTable> {
  const policy = await readCasePolicy(tx.db);
  const cat = await tx.db.selectFrom('case_categories').selectAll().where('id', '=', input.categoryId).executeTakeFirst();
  if (!cat || !cat.active) throw invalid('categoryId', '问题分类不存在或已停用', 'no such active category');
  if (input.content.length > policy.publicForm.maxChars && (input.channel === 'web' || input.channel === 'open311')) {
    throw invalid('content', `内容不能超过 ${policy.publicForm.maxChars} 个字`, `the description may have at most ${policy.publicForm.maxChars} characters`);
  }
  refuseMarkup({ title: input.title, content: input.content, address: input.address, name: input.name, sourceNote: input.sourceNote });
  if (!input.anonymous && !input.phone && !input.email && !input.name) {
    throw invalid('phone', '实名反映请至少留下姓名或联系方式,或选择匿名', 'give a name or a way to reach you, or choose to stay anonymous');
  }
  if (input.regionId && !(await tx.db.selectFrom('regions').select('id').where('id', '=', input.regionId).executeTakeFirst())) {
    throw invalid('regionId', '区域不存在', 'no such region');
  }
  const today = localDate(tx.now);
  const receivedOn = input.receivedOn ?? today;
  if (receivedOn > today) throw invalid('receivedOn', '收到日期不能晚于今天', 'the day received cannot be in the future');
  const year = Number(receivedOn.slice(0, 4));
  let number = '';
  for (let i = 0; i < 20 && !number; i++) {
    const digits = caseNumberDigits(i);
    const candidate = formatCaseNumber(policy.numberPrefix, year, randomInt(10 ** (digits - 1), 10 ** digits));
    if (!(await findCaseByNumber(tx.db, candidate))) number = candidate;
  }
  if (!number) throw new LuoshiError('CONFLICT');
  const owner = await ownerFor(tx, cat.id, input.regionId);
  const title = input.title.trim() || `${input.content.replace(/\s+/g, ' ').slice(0, 30)}${input.content.length > 30 ? '…' : ''}`;
  const anonymous = input.anonymous;
  const row: CasesTable = {
    id: newId(tx.now.getTime()),
    number,
    check_code: checkCode(),
    channel: input.channel,
    category_id: cat.id,
    region_id: input.regionId,
    address: input.address || null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    title,
    content: input.sourceNote ? `${input.content}\n(来源 Source: ${input.sourceNote})` : input.content,
    attributes: JSON.stringify(input.attributes ?? {}),
    petition: (input.petition ?? cat.petition === 1) ? 1 : 0,
    anonymous: anonymous ? 1 : 0,
    name_enc: anonymous ? null : cipher.encrypt(input.name),
    phone_enc: anonymous ? null : cipher.encrypt(input.phone.replace(/\s/g, '')),
    id_no_enc: anonymous ? null : cipher.encrypt(input.idNumber.toUpperCase()),
    email_enc: anonymous ? null : cipher.encrypt(input.email),
    owner_unit_id: owner,
    status: 'received',
    transfers: 0,
    escalated_at: null,
    received_on: receivedOn,
    acceptance_on: null,
    accepted: null,
    acceptance_note: null,
    due_on: null,
    extension: null,
    pauses: '[]',
    replied_on: null,
    reply: null,
    review_requested_on: null,
    review_decided_on: null,
    re_review_requested_on: null,
    re_review_decided_on: null,
    satisfaction: null,
    rated_at: null,
    closed_at: null,
    duplicate_of: null,
    backlog: 0,
    dispute: 0,
    resolved_on: null,
    published: 0,
    token: randomBytes(16).toString('hex'),
    api_key_id: input.apiKeyId ?? null,
    created_by: tx.actor?.userId ?? null,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
    row_version: 1,
  };
  row.due_on = currentDue(clocksOf(row, policy, cat.handle_days, today));
  await tx.db.insertInto('cases').values(row).execute();
  await tx.audit({ action: 'case.create', entityType: 'case', entityId: row.id, after: { ...row, check_code: '(secret)' } });
  await recordEvent(tx, row, 'received', { note: '' });
  if (owner) {
    await recordEvent(tx, row, 'routed', { toUnitId: owner });
    await notifyUsers(tx.db, tx.nowIso, await usersInUnitRoles(tx.db, owner, ['handler', 'deputy']), {
      kind: 'case.new',
      title: `新诉求 ${row.number}:${title}`,
      link: `/app/cases/${row.id}`,
      dedupeKey: `case.new:${row.id}`,
    });
  }
  return row;
}
