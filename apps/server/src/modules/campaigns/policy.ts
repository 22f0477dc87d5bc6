/** Reading the versioned campaign policy; other areas call policyFor() to get the numbers in force. */
import type { Kysely } from 'kysely';
import { PolicySchema, localDate, policyOn, type CampaignPolicy, type PolicyVersion } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';

type Q = Kysely<DB>;

/** Checked policies by their stored text: the check runs on every request that reads a policy. */
const parsed = new Map<string, CampaignPolicy>();

function parsePolicy(text: string): CampaignPolicy {
  let p = parsed.get(text);
  if (!p) {
    p = PolicySchema.parse(JSON.parse(text));
    if (parsed.size >= 200) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, p);
  }
  return structuredClone(p);
}

export async function policyVersions(db: Q, campaignId: string) {
  const rows = await db.selectFrom('campaign_policies').selectAll().where('campaign_id', '=', campaignId).orderBy('version').execute();
  return rows.map((r) => ({
    version: r.version,
    effectiveFrom: r.effective_from,
    policy: parsePolicy(r.policy),
    note: r.note,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

/** The policy in force on `date` (a local date) for a campaign. */
export async function policyFor(db: Q, campaignId: string, at: Date | string): Promise<CampaignPolicy> {
  const versions = await policyVersions(db, campaignId);
  const date = typeof at === 'string' ? at : localDate(at);
  const v = policyOn(versions as PolicyVersion[], date);
  if (!v) throw new Error(`campaign ${campaignId} has no policy`);
  return v.policy;
}
