/** Exactly which report fields leave the server; a correction shows what it changed. */
import type { Kysely } from 'kysely';
import type { ReportT } from '@luoshi/contracts';
import type { DB, ProgressReportsTable } from '../../platform/db/schema.ts';

type Q = Kysely<DB>;

export async function presentReports(db: Q, rows: ProgressReportsTable[]): Promise<ReportT[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const attachments = await db.selectFrom('attachments').leftJoin('files', 'files.hash', 'attachments.file_hash').select([
    'attachments.id', 'attachments.owner_id', 'attachments.name', 'attachments.mime', 'attachments.size', 'attachments.uploaded_by', 'attachments.created_at', 'files.has_thumbnail',
  ]).where('attachments.owner_type', '=', 'report').where('attachments.owner_id', 'in', ids).orderBy('attachments.created_at').execute();
  const taskIds = [...new Set(rows.map((r) => r.task_id))];
  const indicators = await db.selectFrom('task_indicators').selectAll().where('task_id', 'in', taskIds).execute();
  const indById = new Map(indicators.map((i) => [i.id, i]));
  const unitIds = [...new Set(rows.map((r) => r.unit_id))];
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute()).map((u) => [u.id, u.name]));
  // the previous version of each chain, for the list of changes
  const chains = [...new Set(rows.map((r) => r.chain_id))];
  const all = await db.selectFrom('progress_reports').selectAll().where('chain_id', 'in', chains).execute();
  const prevOf = (r: ProgressReportsTable) => all.find((x) => x.chain_id === r.chain_id && x.version === r.version - 1);
  return rows.map((r) => {
    const actuals = JSON.parse(r.indicator_actuals) as { indicatorId: string; actual: number }[];
    const prev = prevOf(r);
    const changes: ReportT['changes'] = [];
    if (prev) {
      if (prev.narrative !== r.narrative) changes.push({ field: 'narrative', before: prev.narrative, after: r.narrative });
      if (Number(prev.percent) !== Number(r.percent)) changes.push({ field: 'percent', before: Number(prev.percent), after: Number(r.percent) });
      if (prev.indicator_actuals !== r.indicator_actuals) changes.push({ field: 'indicatorActuals', before: JSON.parse(prev.indicator_actuals), after: actuals });
      if (prev.completion_claim !== r.completion_claim) changes.push({ field: 'completionClaim', before: prev.completion_claim === 1, after: r.completion_claim === 1 });
    }
    return {
      id: r.id,
      taskId: r.task_id,
      chainId: r.chain_id,
      version: r.version,
      unitId: r.unit_id,
      unitName: units.get(r.unit_id) ?? '',
      narrative: r.narrative,
      percent: Number(r.percent),
      indicatorActuals: actuals.map((a) => {
        const ind = indById.get(a.indicatorId);
        return { indicatorId: a.indicatorId, name: ind?.name ?? '', unit: ind?.unit ?? '', target: ind?.target ?? null, actual: a.actual };
      }),
      completionClaim: r.completion_claim === 1,
      status: r.status as ReportT['status'],
      authorUserId: r.author_user_id,
      authorName: r.author_name,
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
      confirmedBy: r.confirmed_by,
      confirmedAt: r.confirmed_at,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at,
      reviewComment: r.review_comment,
      attachments: attachments
        .filter((a) => a.owner_id === r.id)
        .map((a) => ({ id: a.id, name: a.name, mime: a.mime, size: a.size, hasThumbnail: a.has_thumbnail === 1, uploadedBy: a.uploaded_by, createdAt: a.created_at })),
      changes,
    };
  });
}
