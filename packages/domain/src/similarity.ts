/**
 * Duplicate detection for citizens' cases, for Chinese and mixed text. Chinese has no spaces, so
 * words cannot be split cheaply; overlapping character bigrams and trigrams carry most of the
 * meaning ("路灯", "小区门口") and survive reordering and small wording changes. Latin words and
 * numbers count as whole tokens. Pure and fast enough to score a few thousand open cases per
 * intake without an index.
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** NFKC, lower case, and every run of punctuation or space as one separator. */
export function normalizeForSimilarity(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Character n-grams of the CJK runs and whole words of the rest, as a set. */
export function shingles(text: string, n: number): Set<string> {
  const out = new Set<string>();
  for (const chunk of normalizeForSimilarity(text).split(' ')) {
    if (!chunk) continue;
    // split a chunk into CJK runs and non-CJK words ("3号楼" → "3", "号楼")
    const parts = chunk.match(/[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/g) ?? [];
    for (const p of parts) {
      if (!CJK.test(p)) {
        out.add(`w:${p}`);
        continue;
      }
      if (p.length < n) {
        out.add(p);
        continue;
      }
      for (let i = 0; i + n <= p.length; i++) out.add(p.slice(i, i + n));
    }
  }
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return (2 * both) / (a.size + b.size);
}

/**
 * Similarity of two texts between 0 and 1: the mean of the Dice coefficients of their character
 * bigrams and trigrams. Identical texts score 1; texts about different things score near 0.
 */
export function textSimilarity(a: string, b: string): number {
  const bi = dice(shingles(a, 2), shingles(b, 2));
  const tri = dice(shingles(a, 3), shingles(b, 3));
  return Math.round(((bi + tri) / 2) * 1000) / 1000;
}

export interface SimilarCandidate {
  id: string;
  text: string;
}

/**
 * The candidates most like `text`, best first, at or above `threshold` (0.2 finds the same
 * problem told in other words; unrelated complaints about the same town stay below it).
 */
export function mostSimilar<T extends SimilarCandidate>(text: string, candidates: T[], opts: { threshold?: number; limit?: number } = {}): (T & { score: number })[] {
  const threshold = opts.threshold ?? 0.2;
  const a2 = shingles(text, 2);
  const a3 = shingles(text, 3);
  const scored: (T & { score: number })[] = [];
  for (const c of candidates) {
    const score = Math.round(((dice(a2, shingles(c.text, 2)) + dice(a3, shingles(c.text, 3))) / 2) * 1000) / 1000;
    if (score >= threshold) scored.push({ ...c, score });
  }
  return scored.sort((x, y) => y.score - x.score).slice(0, opts.limit ?? 5);
}
