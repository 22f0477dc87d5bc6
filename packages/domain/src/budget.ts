/**
 * 经费挂钩 (R-ASSESS-3, seed §四.4): "对承担任务重、完成质量好、工作有创新的单位在经费上予以奖励,
 * 对效率低下、完成质量差或不能按时完成任务的单位,按完成任务的进度比例削减年度经费预算。"
 *
 * reward = budget × Σ rate of the criteria met (heavy tasks, quality, innovation), capped
 * cut    = budget × factor × (1 − completion progress), when inefficient, poor or late; capped
 *
 * Money is computed in whole fen (分) and shown in yuan; every result lists its working. The
 * default numbers and their reasons are in docs/assessment.md.
 */
import type { CampaignPolicy } from './policy.ts';
import type { CountedTask, UnitScore } from './assessment.ts';

/** yuan → fen, to the nearest fen */
export function toFen(yuan: number): number {
  return Math.round(Number((yuan * 100).toPrecision(15)));
}
/** fen → yuan */
export function toYuan(fen: number): number {
  return fen / 100;
}

/** The median of the counts (the middle one, or the mean of the two middle ones). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface BudgetInput {
  unitId: string;
  unitName: string;
  /** the annual work budget in yuan as finance entered it; null when none was entered */
  budget: number | null;
  score: UnitScore;
  /** the unit's counted work (tasks and commitments due within the period) */
  tasks: CountedTask[];
  /** the reasons the unit lost its award eligibility (document numbers); empty when eligible */
  eligibilityLost: string[];
  /** recorded innovations (bonus records of the category innovation) */
  innovations: { id: string; reason: string }[];
}

export interface BudgetContext {
  /** the median number of counted tasks of the assessed units that have any */
  medianTasks: number | null;
}

type Cap = 'share' | 'amount' | null;

export interface BudgetResult {
  unitId: string;
  unitName: string;
  budget: number | null;
  taskCount: number;
  /** completion progress 0–100 of the counted work, null without any */
  progress: number | null;
  reward: {
    criteria: { key: 'heavy' | 'quality' | 'innovation'; met: boolean; rate: number; zh: string; en: string }[];
    eligible: boolean;
    rate: number;
    uncapped: number;
    amount: number;
    cappedBy: Cap;
  };
  cut: {
    triggers: { key: 'inefficient' | 'poor' | 'late'; met: boolean; zh: string; en: string }[];
    triggered: boolean;
    /** 1 − progress, the share of the work not done */
    unfinishedShare: number | null;
    uncapped: number;
    amount: number;
    cappedBy: Cap;
  };
  /** reward − cut, yuan */
  net: number;
  /** budget + net, yuan */
  adjusted: number | null;
  working: { zh: string; en: string; amount: number }[];
}

function cap(fen: number, budgetFen: number, maxShare: number, maxAmount: number | null): { fen: number; by: Cap } {
  const byShare = Math.round(budgetFen * maxShare);
  const byAmount = maxAmount === null ? Infinity : toFen(maxAmount);
  if (fen <= Math.min(byShare, byAmount)) return { fen, by: null };
  return byShare <= byAmount ? { fen: byShare, by: 'share' } : { fen: byAmount, by: 'amount' };
}

const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

/** One unit's reward and cut, with the working. */
export function budgetAdjustment(input: BudgetInput, ctx: BudgetContext, policy: CampaignPolicy['budget']): BudgetResult {
  const counted = input.tasks.filter((t) => t.status !== 'cancelled');
  const taskCount = counted.length;
  const progress = taskCount ? Math.round((counted.reduce((s, t) => s + (t.status === 'completed' ? 100 : Math.min(100, Math.max(0, t.progress))), 0) / taskCount) * 10) / 10 : null;
  const r = policy.reward;
  const c = policy.cut;
  const heavyLine = ctx.medianTasks === null ? 0 : r.heavyFactor * ctx.medianTasks;
  const heavy = taskCount > 0 && ctx.medianTasks !== null && taskCount >= heavyLine;
  const quality = input.score.score >= r.qualityScore;
  const innovation = input.innovations.length > 0;
  const criteria: BudgetResult['reward']['criteria'] = [
    {
      key: 'heavy',
      met: heavy,
      rate: r.heavyRate,
      zh: `承担任务重:牵头应完成事项 ${taskCount} 项,${heavy ? '达到' : '未达到'}中位数 ${ctx.medianTasks ?? '—'} 的 ${r.heavyFactor} 倍(${heavyLine})`,
      en: `Heavy tasks: leads ${taskCount} counted items, ${heavy ? 'at least' : 'below'} ${r.heavyFactor} × the median ${ctx.medianTasks ?? '—'} (${heavyLine})`,
    },
    {
      key: 'quality',
      met: quality,
      rate: r.qualityRate,
      zh: `完成质量好:考核得分 ${input.score.score},${quality ? '不低于' : '低于'} ${r.qualityScore}`,
      en: `High quality: score ${input.score.score} ${quality ? 'at least' : 'below'} ${r.qualityScore}`,
    },
    {
      key: 'innovation',
      met: innovation,
      rate: r.innovationRate,
      zh: innovation ? `工作有创新:${input.innovations.map((i) => i.reason).join(';')}` : '工作有创新:无记录',
      en: innovation ? `Innovation: ${input.innovations.length} recorded` : 'Innovation: none recorded',
    },
  ];
  const eligible = !r.requiresEligibility || input.eligibilityLost.length === 0;
  const rate = eligible ? criteria.filter((x) => x.met).reduce((s, x) => s + x.rate, 0) : 0;

  const eff = input.score.components.find((x) => x.key === 'efficiency');
  const inefficient = eff !== undefined && eff.rate !== null && eff.rate < c.efficiencyBelow;
  const poor = input.score.score < c.scoreBelow;
  const lateItems = counted.filter((t) => !(t.status === 'completed' && t.actualEnd !== null && t.actualEnd <= t.plannedEnd));
  const late = c.late && lateItems.length > 0;
  const triggers: BudgetResult['cut']['triggers'] = [
    {
      key: 'inefficient',
      met: inefficient,
      zh: `效率低下:效能评议得分率 ${eff?.rate === null || eff === undefined ? '无' : pct(eff.rate)},${inefficient ? '低于' : '不低于'} ${pct(c.efficiencyBelow)}`,
      en: `Inefficient: evaluation rate ${eff?.rate === null || eff === undefined ? 'none' : pct(eff.rate)}, ${inefficient ? 'below' : 'not below'} ${pct(c.efficiencyBelow)}`,
    },
    {
      key: 'poor',
      met: poor,
      zh: `完成质量差:考核得分 ${input.score.score},${poor ? '低于' : '不低于'} ${c.scoreBelow}`,
      en: `Poor quality: score ${input.score.score}, ${poor ? 'below' : 'not below'} ${c.scoreBelow}`,
    },
    {
      key: 'late',
      met: late,
      zh: c.late ? `不能按时完成任务:${lateItems.length} 项未按期完成` : '不能按时完成任务:本政策不据此削减',
      en: c.late ? `Late: ${lateItems.length} items not finished on time` : 'Late: not a cut criterion in this policy',
    },
  ];
  const triggered = triggers.some((x) => x.met);
  const unfinishedShare = progress === null ? null : Math.round((1 - progress / 100) * 10000) / 10000;

  const working: BudgetResult['working'] = [];
  if (input.budget === null) {
    return {
      unitId: input.unitId,
      unitName: input.unitName,
      budget: null,
      taskCount,
      progress,
      reward: { criteria, eligible, rate, uncapped: 0, amount: 0, cappedBy: null },
      cut: { triggers, triggered, unfinishedShare, uncapped: 0, amount: 0, cappedBy: null },
      net: 0,
      adjusted: null,
      working: [{ zh: '财政局尚未录入年度工作经费预算', en: 'No annual work budget entered by finance', amount: 0 }],
    };
  }
  const budgetFen = toFen(input.budget);
  working.push({ zh: '年度工作经费预算', en: 'Annual work budget', amount: input.budget });

  const rewardRaw = Math.round(budgetFen * rate);
  const rewardCapped = cap(rewardRaw, budgetFen, r.maxShare, r.maxAmount);
  if (!eligible) {
    working.push({ zh: `已取消评优资格(${input.eligibilityLost.join('、')}),不予奖励`, en: `Award eligibility lost (${input.eligibilityLost.join(', ')}): no reward`, amount: 0 });
  } else if (rate > 0) {
    working.push({
      zh: `奖励:预算 × ${criteria.filter((x) => x.met).map((x) => x.rate).join(' + ')} = ${toYuan(rewardRaw)}`,
      en: `Reward: budget × (${criteria.filter((x) => x.met).map((x) => x.rate).join(' + ')}) = ${toYuan(rewardRaw)}`,
      amount: toYuan(rewardRaw),
    });
    if (rewardCapped.by) {
      working.push({
        zh: `奖励封顶(${rewardCapped.by === 'share' ? `预算的 ${pct(r.maxShare)}` : `${r.maxAmount} 元`})`,
        en: `Reward capped (${rewardCapped.by === 'share' ? `${pct(r.maxShare)} of the budget` : `${r.maxAmount} yuan`})`,
        amount: toYuan(rewardCapped.fen - rewardRaw),
      });
    }
  }

  let cutRaw = 0;
  let cutCapped: { fen: number; by: Cap } = { fen: 0, by: null };
  if (triggered && unfinishedShare !== null) {
    cutRaw = Math.round(budgetFen * c.factor * unfinishedShare);
    cutCapped = cap(cutRaw, budgetFen, c.maxShare, c.maxAmount);
    working.push({
      zh: `削减:预算 × ${c.factor} × (1 − 完成进度 ${progress}%) = ${toYuan(cutRaw)}`,
      en: `Cut: budget × ${c.factor} × (1 − progress ${progress}%) = ${toYuan(cutRaw)}`,
      amount: -toYuan(cutRaw),
    });
    if (cutCapped.by) {
      working.push({
        zh: `削减封顶(${cutCapped.by === 'share' ? `预算的 ${pct(c.maxShare)}` : `${c.maxAmount} 元`})`,
        en: `Cut capped (${cutCapped.by === 'share' ? `${pct(c.maxShare)} of the budget` : `${c.maxAmount} yuan`})`,
        amount: toYuan(cutRaw - cutCapped.fen),
      });
    }
  } else if (triggered) {
    working.push({ zh: '无应完成事项,不按进度削减', en: 'No counted work: nothing to cut by progress', amount: 0 });
  }
  const netFen = rewardCapped.fen - cutCapped.fen;
  return {
    unitId: input.unitId,
    unitName: input.unitName,
    budget: input.budget,
    taskCount,
    progress,
    reward: { criteria, eligible, rate, uncapped: toYuan(rewardRaw), amount: toYuan(rewardCapped.fen), cappedBy: rewardCapped.by },
    cut: { triggers, triggered, unfinishedShare, uncapped: toYuan(cutRaw), amount: toYuan(cutCapped.fen), cappedBy: cutCapped.by },
    net: toYuan(netFen),
    adjusted: toYuan(budgetFen + netFen),
    working,
  };
}
