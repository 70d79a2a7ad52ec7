/** An attack-wave alert as shift leads see it. */
export interface WaveAlert {
  id: string;
  openedAt: number;
  closedAt: number | null;
  rate: number;
  baseline: number;
  peakRate: number;
  reasons: string[];
  clusters: { id: string; size: number; growth: number; label: string | null }[];
  /** Live rooms of the alert's rings right now (0: the rings are off the air). */
  liveRooms: number;
  incidentId: string | null;
}

/**
 * Why a wave alert fired, as facts. The alert records them in English (the audit trail and the
 * incident timeline read them); screens show them in the reader's language by reading the facts
 * back from that sentence. Both directions live here so they cannot drift apart.
 */
export type WaveReason = { kind: "rate"; rate: number; factor: string; baseline: number } | { kind: "growth"; clusters: number; accounts: number };

export function waveReasonText(r: WaveReason): string {
  return r.kind === "rate"
    ? `Flag rate ${r.rate.toLocaleString("en-US")}/s is ${r.factor}× the baseline of ${r.baseline}/s`
    : `${r.clusters} account cluster${r.clusters === 1 ? "" : "s"} grew by ${r.accounts.toLocaleString("en-US")} accounts in the last minute`;
}

const RATE = /^Flag rate ([\d,]+)\/s is ([\d.]+)× the baseline of (\d+)\/s$/;
const GROWTH = /^(\d+) account clusters? grew by ([\d,]+) accounts in the last minute$/;
const num = (s: string) => Number(s.replaceAll(",", ""));

/** The facts of a recorded reason; null for a sentence this version does not write. */
export function parseWaveReason(text: string): WaveReason | null {
  const rate = RATE.exec(text);
  if (rate) return { kind: "rate", rate: num(rate[1]), factor: rate[2], baseline: num(rate[3]) };
  const growth = GROWTH.exec(text);
  if (growth) return { kind: "growth", clusters: num(growth[1]), accounts: num(growth[2]) };
  return null;
}
