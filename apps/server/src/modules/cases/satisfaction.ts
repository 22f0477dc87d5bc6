/**
 * 满意度统计: per owner unit, the cases received in a period, how many were closed and rated, and
 * the residents' ratings (满意, 基本满意, 不满意) with the rate; below the policy's mark (85%) a
 * unit gets a criticism mark. The office and the inspecting units see every unit; a unit sees
 * its own row only. The same rows download as .xlsx.
 */
import { LuoshiError, criticismMark, readableUnitIds, satisfactionRate, type Actor } from '@luoshi/domain';
import type { QueryT, cases as contracts } from '@luoshi/contracts';
import { requireCan, type Services } from '../../platform/context.ts';
import { loadExcel } from '../../platform/excel.ts';
import { sheet } from '../assessment/report-xlsx.ts';
import { presentCtx } from './read-cases.ts';
import { presentCase } from './present.ts';

type Query = QueryT<typeof contracts.satisfaction>;

/** The period asked for: a calendar year, or from–to (both included, at most ten years). */
export function periodOf(q: Query): { from: string; to: string } {
  const bad = (path: string, zh: string, en: string) => new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
  if (q.from || q.to) {
    if (!q.from || !q.to) throw bad(q.from ? 'to' : 'from', '请同时填写起止日期', 'give both from and to');
    if (q.to < q.from) throw bad('to', '截止日期早于起始日期', 'to is before from');
    if (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4)) > 10) throw bad('to', '统计期间不能超过十年', 'the period is at most ten years');
    return { from: q.from, to: q.to };
  }
  if (q.year === undefined) throw bad('year', '请选择年份或起止日期', 'give a year or a period');
  return { from: `${q.year}-01-01`, to: `${q.year}-12-31` };
}

export async function satisfactionByUnit(s: Services, actor: Actor, q: Query) {
  requireCan(actor, 'case.read');
  const { from, to } = periodOf(q);
  const db = s.db.kysely;
  const ctx = await presentCtx(s);
  const ids = readableUnitIds(actor);
  let query = db.selectFrom('cases').selectAll().where('received_on', '>=', from).where('received_on', '<=', to).where('owner_unit_id', 'is not', null);
  if (ids !== null) {
    if (!ids.length) return { from, to, threshold: ctx.policy.satisfactionMarkBelow, items: [] };
    query = query.where('owner_unit_id', 'in', ids);
  }
  const by = new Map<string, { cases: number; closed: number; rated: number; satisfied: number; basic: number; unsatisfied: number; overdue: number }>();
  for (const r of await query.execute()) {
    const unit = r.owner_unit_id!;
    const b = by.get(unit) ?? { cases: 0, closed: 0, rated: 0, satisfied: 0, basic: 0, unsatisfied: 0, overdue: 0 };
    b.cases++;
    if (r.status === 'closed' || r.status === 'not_accepted') b.closed++;
    if (r.satisfaction === 'satisfied' || r.satisfaction === 'basic' || r.satisfaction === 'unsatisfied') {
      b.rated++;
      b[r.satisfaction]++;
    }
    if (presentCase(r, ctx).overdue) b.overdue++;
    by.set(unit, b);
  }
  const items = [...by.entries()].map(([unitId, c]) => ({ unitId, unitName: ctx.units.get(unitId) ?? '', ...c, rate: satisfactionRate(c), criticismMark: criticismMark(c, ctx.policy) }));
  items.sort((a, b) => (a.rate ?? 101) - (b.rate ?? 101) || a.unitName.localeCompare(b.unitName, 'zh'));
  return { from, to, threshold: ctx.policy.satisfactionMarkBelow, items };
}

export async function satisfactionWorkbook(s: Services, actor: Actor, q: Query) {
  const d = await satisfactionByUnit(s, actor, q);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi';
  wb.created = s.clock.now();
  const header = ['承办单位 Unit', '受理件数 Cases', '办结 Closed', '已评价 Rated', '满意 Satisfied', '基本满意 Basically satisfied', '不满意 Dissatisfied', '满意率% Rate', `低于${d.threshold}%通报 Below mark`, '超期 Overdue'];
  const rows = d.items.map((r) => [r.unitName, r.cases, r.closed, r.rated, r.satisfied, r.basic, r.unsatisfied, r.rate, r.criticismMark ? '是' : '', r.overdue]);
  sheet(wb, '满意度统计', `各单位满意度统计(${d.from} 至 ${d.to} 登记的诉求)`, header, rows, [28, 10, 10, 10, 10, 14, 10, 12, 14, 10]);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `满意度统计-${d.from}-${d.to}.xlsx`, asciiFilename: `satisfaction-${d.from}-${d.to}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}
