/**
 * The year-end report as .docx: a title, the state of the year (closed or not), the ranking table,
 * each unit's working (for a unit report, every line of it), the award list and the budget
 * adjustments. Text is set as runs, so whatever a user typed stays text.
 */
import type * as Docx from 'docx';
import type { Paragraph, Table } from 'docx';
import { UNIT_KIND_LABELS, type UnitKind } from '@luoshi/domain';
import { loadDocx } from '../../platform/docx.ts';
import type { ReportData } from './report-data.ts';

/** docx, set by reportDocx before the builders below run (loaded on first use, not at start-up). */
let D: typeof Docx;

const FONT = { ascii: 'Times New Roman', eastAsia: '仿宋_GB2312', hAnsi: 'Times New Roman' };
const HEADING_FONT = { ascii: 'Times New Roman', eastAsia: '黑体', hAnsi: 'Times New Roman' };

function p(text: string, opts: { bold?: boolean; heading?: boolean; center?: boolean; size?: number } = {}): Paragraph {
  return new D.Paragraph({
    alignment: opts.center ? D.AlignmentType.CENTER : D.AlignmentType.LEFT,
    spacing: { after: 120 },
    children: [new D.TextRun({ text, bold: opts.bold, font: opts.heading ? HEADING_FONT : FONT, size: opts.size ?? 24 })],
  });
}

function table(header: string[], rows: (string | number | null)[][]): Table {
  const cell = (v: string | number | null, bold = false) =>
    new D.TableCell({ children: [new D.Paragraph({ children: [new D.TextRun({ text: v === null ? '' : String(v), bold, font: FONT, size: 20 })] })] });
  const border = { style: D.BorderStyle.SINGLE, size: 4, color: '000000' };
  return new D.Table({
    width: { size: 100, type: D.WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [new D.TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((r) => new D.TableRow({ children: r.map((v) => cell(v)) }))],
  });
}

const kindZh = (k: string) => UNIT_KIND_LABELS[k as UnitKind]?.zh ?? k;

export async function reportDocx(d: ReportData): Promise<Buffer> {
  D = await loadDocx();
  const unitName = d.unitId ? (d.rows[0]?.unitName ?? '') : null;
  const title = `${d.year}年度${d.campaignName}目标责任考核报告${unitName ? `(${unitName})` : ''}`;
  const children: (Paragraph | Table)[] = [];
  children.push(p(title, { heading: true, center: true, size: 32 }));
  children.push(
    p(
      d.status === 'closed'
        ? `本年度考核已于 ${d.closedAt?.slice(0, 10)} 封账,考核截止日期 ${d.asOf}。封账后的更正均经县长审定。`
        : `本年度考核尚未封账,以下结果按 ${d.asOf} 的记录计算,随记录变化。`,
    ),
  );
  children.push(p('一、考核排名', { heading: true }));
  children.push(
    table(
      ['名次', '类别内名次', '单位', '类别', '扣分', '加分', '总分', '评优资格'],
      d.rows.map((r) => [r.rank, r.kindRank, r.unitName, kindZh(r.kind), r.deductions, r.bonuses, r.score, r.eligible ? '有' : '已取消']),
    ),
  );
  children.push(p('二、得分构成', { heading: true }));
  for (const s of d.scores) {
    children.push(p(`${s.unitName}:${s.score} 分`, { bold: true }));
    for (const w of s.working) children.push(p(`${w.points >= 0 ? '+' : ''}${w.points}  ${w.zh}`));
    if (d.unitId) {
      for (const c of s.components) for (const t of c.tasks ?? []) children.push(p(`    ${t.code} ${t.title}:${t.plannedEnd} 到期,${t.actualEnd ? `${t.actualEnd} 办结` : '未办结'},计 ${t.credit}`));
    }
  }
  children.push(p('三、评选表彰', { heading: true }));
  if (!d.awards.length) children.push(p('尚无确定的表彰名单。'));
  else children.push(table(['称号', '单位', '个人', '状态', '文号'], d.awards.map((a) => [a.title, a.unitName, a.personName, a.status, a.docNumber])));
  children.push(p('四、经费挂钩', { heading: true }));
  if (!d.budgets) children.push(p('(经费情况由财政局、督查室、考核办和县长查看,本报告不含。)'));
  else {
    if (d.budgetFormula) children.push(p(d.budgetFormula.zh));
    children.push(
      table(
        ['单位', '年度工作经费(元)', '完成进度', '奖励(元)', '削减(元)', '调整后(元)'],
        d.budgets.map((b) => [b.unitName, b.budget, b.progress === null ? '—' : `${b.progress}%`, b.reward.amount, b.cut.amount, b.adjusted]),
      ),
    );
    if (d.unitId) for (const b of d.budgets) for (const w of b.working) children.push(p(`${w.zh}:${w.amount}`));
  }
  children.push(p(`生成时间 ${d.generatedAt.slice(0, 19).replace('T', ' ')} UTC`, { size: 18 }));
  const doc = new D.Document({
    creator: 'Luoshi',
    title,
    styles: { default: { document: { run: { font: FONT } } } },
    sections: [{ properties: { page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } }, children }],
  });
  return D.Packer.toBuffer(doc);
}
