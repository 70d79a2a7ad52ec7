import { LABEL_WEIGHT, type FlagLabel } from "../contracts/ingest";

export { LABEL_WEIGHT };

/** A flag's contribution halves every 30 minutes of age: old signals matter less. */
export const HALF_LIFE_MS = 30 * 60 * 1000;

export function weightedScore(label: FlagLabel, score: number, ageMs: number): number {
  const decay = 0.5 ** (Math.max(0, ageMs) / HALF_LIFE_MS);
  return LABEL_WEIGHT[label] * score * decay;
}

/**
 * Room risk in [0, 1]: the strongest weighted flag, plus corroboration — more flags, more
 * independent sources (a classifier and user reports agreeing), and fake engagement.
 * The same formula is written in SQL in ingest-flags.ts; the unit test pins both to this.
 */
export function roomRisk(riskBase: number, flagCount: number, sourceCount: number, fakeEngagement: boolean): number {
  const r = riskBase + 0.03 * Math.log(1 + flagCount) + 0.05 * Math.max(0, sourceCount - 1) + (fakeEngagement ? 0.05 : 0);
  return Math.min(1, r);
}

export const RISK_SQL = (base: string, count: string, sources: string, fake: string) =>
  `LEAST(1, ${base} + 0.03 * ln(1 + ${count}) + 0.05 * GREATEST(0, ${sources} - 1) + CASE WHEN ${fake} THEN 0.05 ELSE 0 END)`;
