/** Small pieces the assessment pages share: numbers as people read them, links to source records. */
import { Link } from 'react-router';

/** 0.5 → "0.5", 59.499999 → "59.5": two decimals at most, no float noise. */
export const pts = (n: number) => String(Math.round(n * 100) / 100);

/** Yuan with thousands separators and fen: 576000 → "576,000.00". */
export const yuan = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Rates 0–1 as a percentage: 0.7111 → "71.11%". */
export const ratePct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 10000) / 100}%`);

/** Where a finding came from: an inspection, a rectification check (五个一 page), a violation case. */
export function FindingLink({ campaignId, source, id, children }: { campaignId: string; source: string; id: string; children: React.ReactNode }) {
  if (source === 'rectification') return <Link to={`/app/campaigns/${campaignId}/conduct?tab=drives#${id}`}>{children}</Link>;
  if (source === 'case') return <Link to={`/app/campaigns/${campaignId}/conduct?tab=cases#${id}`}>{children}</Link>;
  return <span title={id}>{children}</span>;
}
