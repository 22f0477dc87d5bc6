/**
 * The year-end report as .xlsx: ranking, the parts of every score, deductions with their notices,
 * bonuses, the award list and the budget adjustments, one sheet each. Text that starts like a
 * formula (= + - @) is written as a text cell with the Text format, never as a formula.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/excel.ts';
import { SCORE_COMPONENT_KEYS, UNIT_KIND_LABELS, type UnitKind } from '@luoshi/domain';
import type { ReportData } from './report-data.ts';

export type Cell = string | number | null;

/** Cells a spreadsheet could take for a formula or a command (formula injection). */
export function looksLikeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s);
}

function put(cell: ExcelJS.Cell, v: Cell): void {
  if (v === null || v === '') return;
  if (typeof v === 'number') {
    cell.value = v;
    return;
  }
  // a string is always a string cell; the Text format keeps it one when someone edits it
  cell.value = v;
  if (looksLikeFormula(v)) cell.numFmt = '@';
  if (v.includes('\n')) cell.alignment = { wrapText: true, vertical: 'top' };
}

export function sheet(wb: ExcelJS.Workbook, name: string, title: string, header: string[], rows: Cell[][], widths: number[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = header.map((_, i) => ({ width: widths[i] ?? 14 }));
  const t = ws.addRow([]);
  put(t.getCell(1), title);
  t.font = { bold: true, size: 13 };
  const h = ws.addRow([]);
  header.forEach((x, i) => put(h.getCell(i + 1), x));
  h.font = { bold: true };
  h.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const r of rows) {
    const row = ws.addRow([]);
    r.forEach((v, i) => put(row.getCell(i + 1), v));
  }
}

const COMPONENT_ZH: Record<(typeof SCORE_COMPONENT_KEYS)[number], string> = { completion: '任务完成率', efficiency: '效能评议', inspection: '督查发现', commitment: '承诺兑现' };
const kindZh = (k: string) => UNIT_KIND_LABELS[k as UnitKind]?.zh ?? k;

export async function reportXlsx(d: ReportData): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi';
  wb.created = new Date(d.generatedAt);
  const heading = `${d.year}年度${d.campaignName}目标责任考核${d.unitId ? `(${d.rows[0]?.unitName ?? ''})` : ''}`;
  const state = d.status === 'closed' ? `已封账(${d.closedAt?.slice(0, 10)}),考核截止 ${d.asOf}` : `未封账,按 ${d.asOf} 的记录计算`;
  const keys = d.scores[0]?.components.map((c) => c.key) ?? [];
  sheet(
    wb,
    '考核排名',
    `${heading} 排名 — ${state}`,
    ['名次', '类别内名次', '单位', '类别', '基本分', ...keys.map((k) => COMPONENT_ZH[k]), '扣分', '加分', '总分', '封账时得分', '经更正', '评优资格'],
    d.rows.map((r) => {
      const s = d.scores.find((x) => x.unitId === r.unitId)!;
      return [r.rank, r.kindRank, r.unitName, kindZh(r.kind), s.given, ...keys.map((k) => s.components.find((c) => c.key === k)?.points ?? null), -s.deductions.total, s.bonuses.total, r.score, r.closedScore, r.corrected ? '是' : '', r.eligible ? '有' : '已取消'];
    }),
    [6, 8, 26, 10, 8, 10, 10, 10, 10, 8, 8, 8, 10, 8, 8],
  );
  sheet(
    wb,
    '得分构成',
    `${heading} 每项得分及依据`,
    ['单位', '项目', '分值', '依据'],
    d.scores.flatMap((s) => [
      ...s.working.map((w): Cell[] => [s.unitName, w.zh, w.points, w.en]),
      ...s.components.flatMap((c) => (c.tasks ?? []).map((t): Cell[] => [s.unitName, `${COMPONENT_ZH[c.key]}:${t.code} ${t.title}`, t.credit, `${t.plannedEnd} 到期,${t.actualEnd ? `${t.actualEnd} 办结` : '未办结'}(${t.outcome})`])),
      ...s.components.flatMap((c) => (c.findings ?? []).map((f): Cell[] => [s.unitName, `督查发现:${f.title}`, null, `${f.date} ${f.source} ${f.id}`])),
      [s.unitName, '总分', s.score, ''],
    ]),
    [26, 60, 10, 60],
  );
  sheet(
    wb,
    '扣分明细',
    `${heading} 扣分台账(每条对应一份通知)`,
    ['单位', '文号', '类型', '分值', '事由', '记账时间'],
    d.scores.flatMap((s) => s.deductions.entries.map((e): Cell[] => [s.unitName, e.docNumber, e.kind === 'reversal' ? '撤销' : '扣分', -e.points, e.reason, e.createdAt])),
    [26, 20, 8, 8, 40, 24],
  );
  sheet(
    wb,
    '加分明细',
    `${heading} 加分(通报表扬与考核办登记)`,
    ['单位', '来源', '分值', '事由'],
    d.scores.flatMap((s) => [
      ...s.bonuses.commendations.map((c): Cell[] => [s.unitName, `通报表扬 ${c.docNumber ?? ''}`, c.points, c.title]),
      ...s.bonuses.records.map((b): Cell[] => [s.unitName, `加分记录(${b.category})`, b.points, b.reason]),
    ]),
    [26, 24, 8, 60],
  );
  sheet(
    wb,
    '表彰名单',
    `${heading} 评选表彰先进单位和个人`,
    ['称号', '单位', '个人', '状态', '文号'],
    d.awards.map((a): Cell[] => [a.title, a.unitName, a.personName, a.status, a.docNumber]),
    [20, 26, 12, 14, 20],
  );
  if (d.budgets) {
    sheet(
      wb,
      '经费挂钩',
      `${heading} 年度工作经费奖励与削减(元) — ${d.budgetFormula?.zh ?? ''}`,
      ['单位', '年度工作经费', '考核得分', '完成进度(%)', '奖励', '削减', '净调整', '调整后经费', '计算过程'],
      d.budgets.map((b): Cell[] => [b.unitName, b.budget, b.score, b.progress, b.reward.amount, -b.cut.amount, b.net, b.adjusted, b.working.map((w) => `${w.zh} ${w.amount}`).join('\n')]),
      [26, 14, 10, 12, 12, 12, 12, 14, 70],
    );
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
