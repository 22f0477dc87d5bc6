/**
 * The annual target-responsibility assessment (R-ASSESS-1, seed §四.4): a unit's score is
 *
 *   base − Σ component weights            (the part given in full)
 *   + Σ weight × rate                     (task completion, efficiency evaluation, inspection findings, commitments)
 *   − the deduction ledger                (督办 −0.5, 催办 −1, 查办 −1.5 per notice, reversals add back)
 *   + bonuses                             (通报表扬 and recorded bonuses, capped)
 *
 * computed from the records every time, never stored as truth; every number carries the records
 * it was made from, so a score explains itself down to the notice, the task and the answer.
 */
import type { CampaignPolicy, ScoreComponentKey, ScoreComponentPolicy } from './policy.ts';

/** Half away from zero at `decimals`, immune to binary noise (1.005 → 1.01). */
export function roundTo(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return 0;
  const f = 10 ** decimals;
  const scaled = Number((Math.abs(x) * f).toPrecision(15));
  const r = Math.round(scaled) / f;
  return x < 0 ? -r || 0 : r;
}

/** A leaf of the task tree led by the unit and due within the assessed period. */
export interface CountedTask {
  id: string;
  code: string;
  title: string;
  plannedEnd: string;
  status: 'not_started' | 'in_progress' | 'completed' | 'cancelled';
  /** rolled-up progress 0–100 (100 when completed) */
  progress: number;
  actualEnd: string | null;
  /** a public commitment (公开承诺) rather than ordinary work */
  commitment: boolean;
}

export interface LedgerFact {
  id: string;
  noticeId: string;
  docNumber: string | null;
  kind: 'deduction' | 'reversal';
  /** positive for a deduction, negative for its reversal */
  points: number;
  reason: string;
  createdAt: string;
}

export interface CommendationFact {
  noticeId: string;
  docNumber: string | null;
  title: string;
  issuedOn: string | null;
}

export const BONUS_CATEGORIES = ['heavy', 'quality', 'innovation', 'other'] as const;
export type BonusCategory = (typeof BONUS_CATEGORIES)[number];
export const BONUS_CATEGORY_LABELS: Record<BonusCategory, { zh: string; en: string }> = {
  heavy: { zh: '承担任务重', en: 'Heavy tasks' },
  quality: { zh: '完成质量好', en: 'High quality' },
  innovation: { zh: '工作有创新', en: 'Innovation' },
  other: { zh: '其他', en: 'Other' },
};

export interface BonusFact {
  id: string;
  category: BonusCategory;
  points: number;
  reason: string;
  createdAt: string;
}

export const FINDING_SOURCES = ['inspection', 'rectification', 'case'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/** A problem found in the unit: an inspection, a rectification check, a violation case (查处). */
export interface FindingFact {
  source: FindingSource;
  id: string;
  date: string;
  title: string;
}

export const RATER_GROUPS = ['public', 'enterprise', 'deputy', 'internal', 'meeting'] as const;
export type RaterGroup = (typeof RATER_GROUPS)[number];
export const RATER_GROUP_LABELS: Record<RaterGroup, { zh: string; en: string }> = {
  public: { zh: '群众', en: 'Public' },
  enterprise: { zh: '企业', en: 'Enterprises' },
  deputy: { zh: '人大代表、政协委员', en: 'Deputies' },
  internal: { zh: '机关内部', en: 'Internal raters' },
  meeting: { zh: '座谈会、评议会', en: 'Symposiums and evaluation meetings' },
};

/** The answers about one unit from one group of raters: how many, and their sum on a 0–100 scale. */
export interface EvaluationFact {
  group: RaterGroup;
  count: number;
  sum: number;
  /** the surveys and meetings the values come from */
  sources: { id: string; title: string; kind: 'survey' | 'meeting' }[];
}

export interface UnitFacts {
  unitId: string;
  unitName: string;
  kind: string;
  /** counted leaves the unit leads, due on or before the assessment date */
  tasks: CountedTask[];
  ledger: LedgerFact[];
  commendations: CommendationFact[];
  bonuses: BonusFact[];
  findings: FindingFact[];
  evaluation: EvaluationFact[];
}

export interface TaskCredit {
  id: string;
  code: string;
  title: string;
  plannedEnd: string;
  actualEnd: string | null;
  outcome: 'on_time' | 'late' | 'unfinished';
  credit: number;
}

export interface ComponentResult {
  key: ScoreComponentKey;
  weight: number;
  /** 0–1, null when there was nothing to measure */
  rate: number | null;
  points: number;
  noData: boolean;
  zh: string;
  en: string;
  tasks?: TaskCredit[];
  findings?: FindingFact[];
  groups?: { group: RaterGroup; count: number; mean: number; weight: number; used: boolean; sources: EvaluationFact['sources'] }[];
}

export interface UnitScore {
  unitId: string;
  unitName: string;
  kind: string;
  base: number;
  /** the part of the base not measured by a component, given in full */
  given: number;
  components: ComponentResult[];
  deductions: { total: number; entries: LedgerFact[] };
  bonuses: {
    /** before the cap */
    raw: number;
    total: number;
    capped: boolean;
    commendations: (CommendationFact & { points: number })[];
    records: (BonusFact & { points: number })[];
  };
  score: number;
  /** the lines that add up to the score, in order, each with its sign */
  working: { zh: string; en: string; points: number }[];
}

function credit(t: CountedTask, lateCredit: number): TaskCredit {
  let outcome: TaskCredit['outcome'];
  if (t.status === 'completed' && t.actualEnd !== null && t.actualEnd <= t.plannedEnd) outcome = 'on_time';
  else if (t.status === 'completed') outcome = 'late';
  else outcome = 'unfinished';
  const c = outcome === 'on_time' ? 1 : outcome === 'late' ? lateCredit : 0;
  return { id: t.id, code: t.code, title: t.title, plannedEnd: t.plannedEnd, actualEnd: t.actualEnd, outcome, credit: c };
}

function taskComponent(c: ScoreComponentPolicy, tasks: CountedTask[], d: number, labels: { zh: string; en: string }): ComponentResult {
  const credits = [...tasks].sort((a, b) => a.plannedEnd.localeCompare(b.plannedEnd) || a.code.localeCompare(b.code, 'en', { numeric: true })).map((t) => credit(t, c.lateCredit));
  if (!credits.length) {
    const points = c.noData === 'full' ? c.weight : 0;
    return {
      key: c.key,
      weight: c.weight,
      rate: null,
      points: roundTo(points, d),
      noData: true,
      zh: `${labels.zh}:无应完成事项,按政策${c.noData === 'full' ? '计满分' : '不得分'}`,
      en: `${labels.en}: nothing due; by policy ${c.noData === 'full' ? 'full marks' : 'no points'}`,
      tasks: [],
    };
  }
  const onTime = credits.filter((x) => x.outcome === 'on_time').length;
  const late = credits.filter((x) => x.outcome === 'late').length;
  const rate = credits.reduce((s, x) => s + x.credit, 0) / credits.length;
  return {
    key: c.key,
    weight: c.weight,
    rate: roundTo(rate, 4),
    points: roundTo(c.weight * rate, d),
    noData: false,
    zh: `${labels.zh}:应完成 ${credits.length} 项,按期完成 ${onTime} 项、逾期完成 ${late} 项(每项计 ${c.lateCredit})、未完成 ${credits.length - onTime - late} 项`,
    en: `${labels.en}: ${credits.length} due, ${onTime} on time, ${late} late (credit ${c.lateCredit} each), ${credits.length - onTime - late} unfinished`,
    tasks: credits,
  };
}

function inspectionComponent(c: ScoreComponentPolicy, findings: FindingFact[], d: number): ComponentResult {
  const points = Math.max(0, c.weight - c.perFinding * findings.length);
  return {
    key: c.key,
    weight: c.weight,
    rate: c.weight > 0 ? roundTo(points / c.weight, 4) : null,
    points: roundTo(points, d),
    noData: false,
    zh: `督查发现问题:${findings.length} 项,每项扣 ${c.perFinding} 分(本项最低 0 分)`,
    en: `Inspection findings: ${findings.length}, ${c.perFinding} points each (never below 0)`,
    findings: [...findings].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id)),
  };
}

/** A unit's efficiency evaluation rate (0–1): group means weighted by the policy, groups without enough answers left out. */
export function evaluationRate(facts: EvaluationFact[], policy: CampaignPolicy['evaluation']) {
  const groups = facts
    .filter((f) => f.count > 0)
    .map((f) => {
      const weight = policy.weights[f.group];
      return { group: f.group, count: f.count, mean: roundTo(f.sum / f.count, 2), weight, used: f.count >= policy.minAnswers && weight > 0, sources: f.sources };
    })
    .sort((a, b) => RATER_GROUPS.indexOf(a.group) - RATER_GROUPS.indexOf(b.group));
  const used = groups.filter((g) => g.used);
  const w = used.reduce((s, g) => s + g.weight, 0);
  const rate = w > 0 ? used.reduce((s, g) => s + g.weight * (g.mean / 100), 0) / w : null;
  return { rate: rate === null ? null : roundTo(rate, 4), groups };
}

function efficiencyComponent(c: ScoreComponentPolicy, facts: EvaluationFact[], policy: CampaignPolicy['evaluation'], d: number): ComponentResult {
  const { rate, groups } = evaluationRate(facts, policy);
  if (rate === null) {
    return {
      key: c.key,
      weight: c.weight,
      rate: null,
      points: roundTo(c.noData === 'full' ? c.weight : 0, d),
      noData: true,
      zh: `政府效能评议:无有效评议结果,按政策${c.noData === 'full' ? '计满分' : '不得分'}`,
      en: `Efficiency evaluation: no valid results; by policy ${c.noData === 'full' ? 'full marks' : 'no points'}`,
      groups,
    };
  }
  return {
    key: c.key,
    weight: c.weight,
    rate,
    points: roundTo(c.weight * rate, d),
    noData: false,
    zh: `政府效能评议:${groups.filter((g) => g.used).map((g) => `${RATER_GROUP_LABELS[g.group].zh} ${g.mean} 分(${g.count} 份,权重 ${g.weight})`).join(';')}`,
    en: `Efficiency evaluation: ${groups.filter((g) => g.used).map((g) => `${RATER_GROUP_LABELS[g.group].en} ${g.mean} (${g.count} answers, weight ${g.weight})`).join('; ')}`,
    groups,
  };
}

/** One unit's score with its working, from its records and the campaign policy. */
export function scoreUnit(facts: UnitFacts, policy: CampaignPolicy): UnitScore {
  const d = policy.scoring.decimals;
  const base = policy.scoring.base;
  const comps = policy.scoring.components;
  const given = roundTo(base - comps.reduce((s, c) => s + c.weight, 0), d);
  const components = comps.map((c): ComponentResult => {
    switch (c.key) {
      case 'completion':
        return taskComponent(c, facts.tasks.filter((t) => !t.commitment && t.status !== 'cancelled'), d, { zh: '任务完成率', en: 'Task completion' });
      case 'commitment':
        return taskComponent(c, facts.tasks.filter((t) => t.commitment && t.status !== 'cancelled'), d, { zh: '公开承诺兑现', en: 'Commitments kept' });
      case 'inspection':
        return inspectionComponent(c, facts.findings, d);
      case 'efficiency':
        return efficiencyComponent(c, facts.evaluation, policy.evaluation, d);
    }
  });
  const entries = [...facts.ledger].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const deductionTotal = roundTo(entries.reduce((s, e) => s + e.points, 0), d);
  const commendations = [...facts.commendations]
    .sort((a, b) => (a.issuedOn ?? '').localeCompare(b.issuedOn ?? ''))
    .map((c) => ({ ...c, points: policy.bonuses.commendation }));
  const records = [...facts.bonuses]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((b) => ({ ...b, points: Math.min(b.points, policy.bonuses.maxPerRecord) }));
  const raw = roundTo(commendations.reduce((s, c) => s + c.points, 0) + records.reduce((s, r) => s + r.points, 0), d);
  const bonusTotal = roundTo(Math.min(raw, policy.bonuses.maxTotal), d);
  const working: UnitScore['working'] = [];
  working.push({ zh: `基本分(满分 ${base} 中未设考核项的部分)`, en: `Given (the part of ${base} not measured by a component)`, points: given });
  for (const c of components) working.push({ zh: c.zh, en: c.en, points: c.points });
  for (const e of entries) working.push({ zh: e.reason || `扣分 ${e.docNumber ?? ''}`, en: `${e.kind === 'reversal' ? 'Reversal' : 'Deduction'} ${e.docNumber ?? ''}`.trim(), points: roundTo(-e.points, d) });
  for (const c of commendations) working.push({ zh: `通报表扬 ${c.docNumber ?? ''}`.trim(), en: `Commendation ${c.docNumber ?? ''}`.trim(), points: c.points });
  for (const r of records) working.push({ zh: `加分(${BONUS_CATEGORY_LABELS[r.category].zh}):${r.reason}`, en: `Bonus (${BONUS_CATEGORY_LABELS[r.category].en}): ${r.reason}`, points: r.points });
  if (bonusTotal < raw) working.push({ zh: `加分封顶 ${policy.bonuses.maxTotal} 分`, en: `Bonus capped at ${policy.bonuses.maxTotal}`, points: roundTo(bonusTotal - raw, d) });
  const score = roundTo(given + components.reduce((s, c) => s + c.points, 0) - deductionTotal + bonusTotal, d);
  return {
    unitId: facts.unitId,
    unitName: facts.unitName,
    kind: facts.kind,
    base,
    given,
    components,
    deductions: { total: deductionTotal, entries },
    bonuses: { raw, total: bonusTotal, capped: bonusTotal < raw, commendations, records },
    score,
    working,
  };
}

export interface Ranked {
  unitId: string;
  score: number;
  /** 1-based; equal scores share a rank and the next rank is skipped (1, 1, 3) */
  rank: number;
  /** the same within the unit's kind */
  kindRank: number;
}

function competitionRanks<T extends { unitId: string; score: number }>(items: T[]): Map<string, number> {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const out = new Map<string, number>();
  sorted.forEach((s, i) => out.set(s.unitId, i > 0 && s.score === sorted[i - 1]!.score ? out.get(sorted[i - 1]!.unitId)! : i + 1));
  return out;
}

/** Ranks overall and within kinds (towns among towns, departments among departments). */
export function rankUnits(scores: { unitId: string; kind: string; score: number }[]): Ranked[] {
  const overall = competitionRanks(scores);
  const byKind = new Map<string, Map<string, number>>();
  for (const kind of new Set(scores.map((s) => s.kind))) byKind.set(kind, competitionRanks(scores.filter((s) => s.kind === kind)));
  return scores
    .map((s) => ({ unitId: s.unitId, score: s.score, rank: overall.get(s.unitId)!, kindRank: byKind.get(s.kind)!.get(s.unitId)! }))
    .sort((a, b) => a.rank - b.rank);
}

/**
 * Did a unit's result change since it was frozen? Compares the score and every part of it, so a
 * reversed deduction that happens to be offset by something else is still found.
 */
export function scoreDiffers(a: UnitScore, b: UnitScore): boolean {
  if (a.score !== b.score || a.deductions.total !== b.deductions.total || a.bonuses.total !== b.bonuses.total) return true;
  if (a.components.length !== b.components.length) return true;
  return a.components.some((c, i) => c.key !== b.components[i]!.key || c.points !== b.components[i]!.points || c.rate !== b.components[i]!.rate);
}

/**
 * The official results after a year is closed: the frozen snapshot, with each unit replaced by its
 * latest approved correction.
 */
export function officialResults(snapshot: UnitScore[], corrections: { unitId: string; decidedAt: string; after: UnitScore }[]): UnitScore[] {
  const latest = new Map<string, { decidedAt: string; after: UnitScore }>();
  for (const c of corrections) {
    const cur = latest.get(c.unitId);
    if (!cur || c.decidedAt > cur.decidedAt) latest.set(c.unitId, c);
  }
  return snapshot.map((s) => latest.get(s.unitId)?.after ?? s);
}
