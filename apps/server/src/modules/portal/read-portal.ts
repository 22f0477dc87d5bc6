/**
 * What the public portal reads (R-PUB-1): only items the office published, through the flags and
 * the publication list, never anything else. Every query here starts from a published set.
 */
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import type { Services } from '../../platform/context.ts';
import type { FileReply } from '../../platform/http.ts';
import { FileMissingError } from '../../platform/files/store.ts';
import { asciiFallback } from '../../platform/files/names.ts';
import { yearState } from '../assessment/year.ts';
import { publishedIds } from '../publication/publish.ts';
import { listCommitments } from '../publication/commitments.ts';
import { listItems } from '../catalogue/items.ts';
import { catalogue } from '@luoshi/contracts';

type Q = Kysely<DB>;

async function units(db: Q) {
  return new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
}

export async function publicBulletins(db: Q) {
  const ids = await publishedIds(db, 'notice');
  if (!ids.size) return { items: [] };
  const rows = await db.selectFrom('notices').selectAll().where('id', 'in', [...ids]).where('status', 'in', ['issued', 'fulfilled', 'lapsed']).orderBy('issued_at', 'desc').execute();
  const names = await units(db);
  return {
    items: rows
      .filter((n) => n.kind === 'commend' || n.criticism === 1)
      .map((n) => ({
        id: n.id,
        kind: (n.kind === 'commend' ? 'commend' : 'criticism') as 'commend' | 'criticism',
        kindLabel: n.kind === 'commend' ? '通报表扬' : '通报批评',
        docNumber: n.doc_number,
        title: n.title,
        body: n.body,
        unitName: names.get(n.unit_id) ?? '',
        issuedOn: n.issued_on,
      })),
  };
}

export async function publicCommitments(db: Q) {
  return { items: (await listCommitments(db, true)).items.map(({ unitId: _u, published: _p, ...c }) => c) };
}

export async function publicCatalogue(db: Q) {
  const { items } = await listItems(db, {}, true);
  return {
    items: items.map((i) => ({
      code: i.code,
      name: i.name,
      kind: catalogue.ITEM_KIND_LABELS[i.kind],
      unitName: i.unitName,
      legalBasis: i.legalBasis,
      materials: i.materials,
      steps: i.steps,
      legalDays: i.legalDays,
      promisedDays: i.promisedDays,
      fee: i.fee,
      decision: i.decision ? catalogue.DECISION_LABELS[i.decision] : null,
      decisionOn: i.decisionOn,
    })),
  };
}

/**
 * A published evidence file: the attachment is on the publication list, belongs to a progress report
 * of a published task — exactly what the task's page (public-tasks.ts) lists. Anything else is not
 * found, as if it did not exist.
 */
export async function publicEvidence(s: Services, id: string): Promise<FileReply> {
  const db = s.db.kysely;
  const a = await db
    .selectFrom('attachments')
    .innerJoin('publications', (j) => j.onRef('publications.entity_id', '=', 'attachments.id').on('publications.entity_type', '=', 'attachment'))
    .innerJoin('progress_reports', 'progress_reports.id', 'attachments.owner_id')
    .innerJoin('tasks', 'tasks.id', 'progress_reports.task_id')
    .select(['attachments.name', 'attachments.mime', 'attachments.file_hash'])
    .where('attachments.id', '=', id)
    .where('attachments.owner_type', '=', 'report')
    .where('tasks.published', '=', 1)
    .executeTakeFirst();
  if (!a) throw new LuoshiError('NOT_FOUND');
  try {
    return { filename: a.name, asciiFilename: asciiFallback(a.name), contentType: a.mime, body: await s.files.get(a.file_hash, 'original') };
  } catch (e) {
    if (e instanceof FileMissingError) throw new LuoshiError('NOT_FOUND');
    throw e;
  }
}

/** The rankings the office published: closed years only, the official (frozen and corrected) scores. */
export async function publicRanking(db: Q, now: Date) {
  const ids = [...(await publishedIds(db, 'ranking'))];
  const items = [];
  for (const id of ids) {
    if (!(await db.selectFrom('campaigns').select('id').where('id', '=', id).executeTakeFirst())) continue;
    const state = await yearState(db, id, now);
    if (!state.close) continue;
    const rows = state.official
      .map((s) => ({ rank: state.ranks.get(s.unitId)!.rank, unitName: s.unitName, kind: s.kind, score: s.score }))
      .sort((a, b) => a.rank - b.rank || a.unitName.localeCompare(b.unitName, 'zh'));
    items.push({ year: state.campaign.year, campaignName: state.campaign.name, closedOn: state.close.closedAt.slice(0, 10), rows });
  }
  return { items: items.sort((a, b) => b.year - a.year) };
}
