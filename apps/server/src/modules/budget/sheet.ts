/**
 * 经费挂钩表: the budget link as a spreadsheet finance can file and pass on — every unit the reader
 * may see, its budget, the criteria of the reward and the triggers of the cut, the amounts and the
 * working line by line, under the formula with the policy's numbers.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { loadExcel } from '../../platform/excel.ts';
import { sheet, type Cell } from '../assessment/report-xlsx.ts';
import { listBudgets } from './budgets.ts';

type Q = Kysely<DB>;

const yesNo = (b: boolean) => (b ? '是' : '否');

export async function budgetSheet(db: Q, actor: Actor, campaignId: string, now: Date): Promise<{ year: number; body: Buffer }> {
  const c = await db.selectFrom('campaigns').select(['name', 'year']).where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  const b = await listBudgets(db, actor, campaignId, now);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi';
  wb.created = now;
  const state = b.status === 'closed' ? '已封账,按公布的考核得分计算' : '未封账,按当前记录计算';
  sheet(
    wb,
    '经费挂钩',
    `${c.year}年度${c.name}年度工作经费奖励与削减(元)— ${state}`,
    ['单位', '年度工作经费', '考核得分', '牵头事项数', '完成进度(%)', '承担任务重', '完成质量好', '工作有创新', '有评优资格', '奖励', '效率低下', '完成质量差', '不能按时完成', '削减', '净调整', '调整后经费', '计算过程'],
    b.items.map((r): Cell[] => {
      const met = (k: string) => yesNo(r.reward.criteria.find((x) => x.key === k)?.met ?? false);
      const hit = (k: string) => yesNo(r.cut.triggers.find((x) => x.key === k)?.met ?? false);
      return [
        r.unitName,
        r.budget,
        r.score,
        r.taskCount,
        r.progress,
        met('heavy'),
        met('quality'),
        met('innovation'),
        yesNo(r.reward.eligible),
        r.reward.amount,
        hit('inefficient'),
        hit('poor'),
        hit('late'),
        -r.cut.amount,
        r.net,
        r.adjusted,
        r.working.map((w) => (w.zh.endsWith(`= ${w.amount}`) ? w.zh : `${w.zh}:${w.amount}`)).join('\n'),
      ];
    }),
    [26, 14, 10, 10, 12, 10, 10, 10, 10, 12, 10, 10, 12, 12, 12, 14, 70],
  );
  const ws = wb.getWorksheet('经费挂钩')!;
  ws.addRow([]);
  ws.addRow([`公式:${b.formula.zh}`]);
  if (b.medianTasks !== null) ws.addRow([`有任务单位牵头事项数的中位数:${b.medianTasks}`]);
  return { year: c.year, body: Buffer.from(await wb.xlsx.writeBuffer()) };
}
