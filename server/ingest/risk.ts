import { LABEL_WEIGHT, type FlagLabel } from "../contracts/ingest";

export { LABEL_WEIGHT };

/** A flag's contribution halves every 30 minutes of age: old signals matter less. */
export const HALF_LIFE_MS = 30 * 60 * 1000;

export function weightedScore(label: FlagLabel, score: number, ageMs: number): number {
  const decay = 0.5 ** (Math.max(0, ageMs) / HALF_LIFE_MS);
  return LABEL_WEIGHT[label] * score * decay;
}

/** What a room's risk is judged on. */
export interface RiskInputs {
  /** The strongest weighted flag, decayed by the time since (see decayedBase). */
  base: number;
  flagCount: number;
  sourceCount: number;
  fakeEngagement: boolean;
  /** The account is in a ring (an account cluster). */
  inRing: boolean;
  accountAgeDays: number;
  verified: boolean;
}

/**
 * Room risk in [0, 1). Evidence adds up: the strongest weighted flag; corroboration (more flags,
 * capped, so a long-running room with many weak flags cannot outrank a strong fresh one; more
 * independent sources); fake engagement; and who streams it — an account in a ring, a young
 * account, an unverified one. The sum is squashed (1 − e^(−1.6·e)) rather than capped at 1, so
 * strong rooms still rank among themselves instead of all tying at 100.
 * The same formula is written in SQL (RISK_SQL); the unit test pins both to this.
 */
export function roomRisk(i: RiskInputs): number {
  const e =
    i.base +
    Math.min(0.15, 0.03 * Math.log(1 + i.flagCount)) +
    0.05 * Math.max(0, i.sourceCount - 1) +
    (i.fakeEngagement ? 0.1 : 0) +
    (i.inRing ? 0.25 : 0) +
    (i.accountAgeDays < 30 ? 0.1 * (1 - Math.max(0, i.accountAgeDays) / 30) : 0) +
    (i.verified ? -0.05 : 0.03);
  return 1 - Math.exp(-1.6 * Math.max(0, e));
}

/** The stored base as it stands `sinceMs` after the last flag: it halves every half-life, like the flags in it. */
export function decayedBase(base: number, sinceMs: number): number {
  return base * 0.5 ** (Math.max(0, sinceMs) / HALF_LIFE_MS);
}

/** SQL for roomRisk, each input an SQL expression. */
export const RISK_SQL = (x: { base: string; count: string; sources: string; fake: string; ring: string; ageDays: string; verified: string }) =>
  `(1 - exp(-1.6 * GREATEST(0, ${x.base} + LEAST(0.15, 0.03 * ln(1 + ${x.count})) + 0.05 * GREATEST(0, ${x.sources} - 1)
     + CASE WHEN ${x.fake} THEN 0.1 ELSE 0 END + CASE WHEN ${x.ring} THEN 0.25 ELSE 0 END
     + CASE WHEN ${x.ageDays} < 30 THEN 0.1 * (1 - GREATEST(0, ${x.ageDays}) / 30) ELSE 0 END
     + CASE WHEN ${x.verified} THEN -0.05 ELSE 0.03 END)))`;

/** SQL for decayedBase: the stored base decayed from `lastAt` to now (no decay when never flagged). */
export const DECAYED_BASE_SQL = (base: string, lastAt: string) =>
  `(${base} * power(0.5, GREATEST(0, EXTRACT(EPOCH FROM (now() - COALESCE(${lastAt}, now()))) * 1000 / ${HALF_LIFE_MS})))`;

/** Account age in days, in SQL. */
export const AGE_DAYS_SQL = (registeredAt: string) => `(EXTRACT(EPOCH FROM (now() - ${registeredAt})) / 86400)`;

/** Whether a room's account is in a ring, in SQL. */
export const IN_RING_SQL = (accountId: string) => `EXISTS (SELECT 1 FROM account_cluster_members m WHERE m."accountId" = ${accountId})`;
