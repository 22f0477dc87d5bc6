/**
 * The citizen's side of a case (R-PUB-2): report a problem without signing in, look it up with its
 * number and the check code (or the phone number's last four digits), and rate the reply. A wrong
 * number and a wrong code get the same answer, so neither can be probed; the routes are rate-limited.
 */
import { timingSafeEqual } from 'node:crypto';
import { CASE_STATUS_LABELS, LuoshiError, normalizeCheckCode, phoneTail, type CaseStatus, type Lang, type Satisfaction } from '@luoshi/domain';
import type { BodyT, portal } from '@luoshi/contracts';
import type { CasesTable } from '../../platform/db/schema.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { personalDataCipher, type Cipher } from '../../platform/secrets.ts';
import { createCase } from './intake.ts';
import { recordEvent } from './events.ts';
import { saveCase } from './change.ts';
import { EVENT_LABELS, PUBLIC_NOTE_KINDS } from './present.ts';
import { categoriesById, credentialsByNumber, findCase, unitNames } from './repo.ts';
import { VersionedCache } from '../../platform/db/versions.ts';

const PUBLIC = { userId: null, name: '公众(门户网站)', ip: null as string | null };

export async function portalCategories(s: Services) {
  const rows = await s.db.kysely.selectFrom('case_categories').selectAll().where('active', '=', 1).orderBy('sort_order').execute();
  return { items: rows.map((c) => ({ code: c.code, name: c.name, nameEn: c.name_en, group: c.group_name, description: c.description })) };
}

export async function submitPublicCase(s: Services, ip: string, b: BodyT<typeof portal.submitCase>, lang: Lang) {
  const cat = await s.db.kysely.selectFrom('case_categories').select(['id', 'active']).where('code', '=', b.categoryCode).executeTakeFirst();
  if (!cat?.active) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'categoryCode', zh: '请选择问题分类', en: 'choose a category' }] });
  const row = await runTx(s, { actor: null, ip, auditAs: { ...PUBLIC, ip } }, (tx) =>
    createCase(
      tx,
      { channel: 'web', categoryId: cat.id, title: b.title, content: b.content, regionId: null, address: b.address, anonymous: b.anonymous, name: b.name, phone: b.phone, idNumber: '', email: b.email },
      personalDataCipher(s.config.dataDir),
    ),
  );
  return { number: row.number, checkCode: row.check_code, status: row.status as CaseStatus, statusLabel: CASE_STATUS_LABELS[row.status as CaseStatus][lang], receivedOn: row.received_on };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The case for a number and a code, or NOT_FOUND for a wrong number and a wrong code alike. Checked on every request. */
async function caseFor(s: Services, number: string, code: string, cipher: Cipher): Promise<{ id: string; version: string }> {
  const row = await credentialsByNumber(s.db.kysely, number);
  const c = normalizeCheckCode(code);
  const ok = row && (same(c, row.check_code) || (/^\d{4}$/.test(c) && !row.anonymous && same(c, phoneTail(cipher.decrypt(row.phone_enc)) ?? '----')));
  if (!row || !ok) throw new LuoshiError('NOT_FOUND');
  return row;
}

async function presentPublic(s: Services, row: CasesTable, lang: Lang) {
  const db = s.db.kysely;
  const units = await unitNames(db);
  const cat = (await categoriesById(db)).get(row.category_id);
  const events = await db.selectFrom('case_events').selectAll().where('case_id', '=', row.id).where('public', '=', 1).orderBy('at').orderBy('id').execute();
  const status = row.status as CaseStatus;
  return {
    number: row.number,
    categoryName: cat ? (lang === 'en' ? cat.name_en : cat.name) : '',
    title: row.title,
    status,
    statusLabel: CASE_STATUS_LABELS[status][lang],
    receivedOn: row.received_on,
    ownerUnitName: row.owner_unit_id ? (units.get(row.owner_unit_id) ?? null) : null,
    dueOn: row.due_on,
    repliedOn: row.replied_on,
    reply: row.reply,
    satisfaction: row.satisfaction as Satisfaction | null,
    canRate: row.status === 'replied' && row.satisfaction === null,
    timeline: events.map((e) => {
      const to = e.to_unit_id ? units.get(e.to_unit_id) : null;
      const label = EVENT_LABELS[e.kind]?.[lang] ?? e.kind;
      return { at: e.at, label: to && (e.kind === 'routed' || e.kind === 'transferred') ? `${label}:${to}` : label, note: PUBLIC_NOTE_KINDS.has(e.kind) ? e.note : '' };
    }),
  };
}

/**
 * The public view of a case, by case and language, with the versions of the case and of the names
 * it is shown with. Only reached after the number and code were checked; it holds nothing that
 * depends on who asks.
 */
const PUBLIC_VIEWS = new VersionedCache<Awaited<ReturnType<typeof presentPublic>>>(500);

export async function lookupPublicCase(s: Services, b: BodyT<typeof portal.lookupCase>, lang: Lang) {
  const { id, version } = await caseFor(s, b.number, b.code, personalDataCipher(s.config.dataDir));
  const db = s.db.kysely;
  const key = `${id} ${lang}`;
  const cached = PUBLIC_VIEWS.get(key, version);
  if (cached) return cached;
  // read after the versions, so the view is at least as new as the key it is kept under
  const view = await presentPublic(s, await findCase(db, id), lang);
  PUBLIC_VIEWS.set(key, version, view);
  return view;
}

export async function ratePublicCase(s: Services, ip: string, b: BodyT<typeof portal.rateCase>, lang: Lang) {
  const cipher = personalDataCipher(s.config.dataDir);
  const found = await caseFor(s, b.number, b.code, cipher);
  const after = await runTx(s, { actor: null, ip, auditAs: { ...PUBLIC, ip } }, async (tx) => {
    const before = (await tx.db.selectFrom('cases').selectAll().where('id', '=', found.id).executeTakeFirst())!;
    if (before.status !== 'replied' || before.satisfaction !== null) {
      throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'satisfaction', zh: '答复后才能评价,且只能评价一次', en: 'a case can be rated once, after its reply' }] });
    }
    const a = await saveCase(tx, before, { satisfaction: b.satisfaction, rated_at: tx.nowIso, status: 'closed', closed_at: tx.nowIso }, 'case.rate');
    await recordEvent(tx, a, 'rated', { note: b.comment });
    return a;
  });
  return presentPublic(s, after, lang);
}
