/** The deduction ledger and lost eligibility: totals are always sums of entries, never stored. */
import type { Kysely } from 'kysely';
import { LuoshiError, readableUnitIds, hasFunction, type Actor } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';

type Q = Kysely<DB>;

function scope(actor: Actor, unitId?: string): string[] | null {
  requireCan(actor, 'ledger.read', unitId ? { unitId } : undefined);
  if (hasFunction(actor, 'finance') || hasFunction(actor, 'hr')) return unitId ? [unitId] : null;
  const readable = readableUnitIds(actor);
  if (readable === null) return unitId ? [unitId] : null;
  if (unitId) {
    if (!readable.includes(unitId)) throw new LuoshiError('FORBIDDEN');
    return [unitId];
  }
  return readable;
}

export async function deductionLedger(db: Q, actor: Actor, campaignId: string, unitId?: string) {
  const units = scope(actor, unitId);
  let q = db
    .selectFrom('deductions')
    .innerJoin('units', 'units.id', 'deductions.unit_id')
    .innerJoin('notices', 'notices.id', 'deductions.notice_id')
    .select(['deductions.id', 'deductions.unit_id', 'units.name as unit_name', 'deductions.notice_id', 'notices.doc_number', 'deductions.kind', 'deductions.points', 'deductions.reason', 'deductions.created_at'])
    .where('deductions.campaign_id', '=', campaignId);
  if (units) q = units.length ? q.where('deductions.unit_id', 'in', units) : q.where('deductions.unit_id', '=', '');
  const rows = await q.orderBy('deductions.created_at').execute();
  const totals = new Map<string, { unitId: string; unitName: string; points: number }>();
  for (const r of rows) {
    const t = totals.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, points: 0 };
    t.points = Math.round((t.points + Number(r.points)) * 100) / 100;
    totals.set(r.unit_id, t);
  }
  return {
    entries: rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.unit_name, noticeId: r.notice_id, docNumber: r.doc_number, kind: r.kind as 'deduction' | 'reversal', points: Number(r.points), reason: r.reason, createdAt: r.created_at })),
    totals: [...totals.values()].sort((a, b) => b.points - a.points),
  };
}

export async function eligibilityList(db: Q, actor: Actor, campaignId: string, unitId: string | undefined, includeReversed: boolean) {
  const units = scope(actor, unitId);
  let q = db
    .selectFrom('eligibility_losses')
    .innerJoin('units', 'units.id', 'eligibility_losses.unit_id')
    .innerJoin('notices', 'notices.id', 'eligibility_losses.notice_id')
    .leftJoin('people', 'people.id', 'eligibility_losses.person_id')
    .select(['eligibility_losses.id', 'eligibility_losses.unit_id', 'units.name as unit_name', 'eligibility_losses.person_id', 'people.name as person_name', 'eligibility_losses.role', 'eligibility_losses.notice_id', 'notices.doc_number', 'eligibility_losses.created_at', 'eligibility_losses.reversed_at'])
    .where('eligibility_losses.campaign_id', '=', campaignId);
  if (!includeReversed) q = q.where('eligibility_losses.reversed_at', 'is', null);
  if (units) q = units.length ? q.where('eligibility_losses.unit_id', 'in', units) : q.where('eligibility_losses.unit_id', '=', '');
  const rows = await q.orderBy('eligibility_losses.created_at').execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      personId: r.person_id,
      personName: r.person_name,
      role: r.role as 'unit' | 'principal' | 'responsible_leader' | 'handler',
      noticeId: r.notice_id,
      docNumber: r.doc_number,
      createdAt: r.created_at,
      reversedAt: r.reversed_at,
    })),
  };
}
