import { randomUUID } from "node:crypto";
import type { Pool } from "../db/pool";
import type { Actor } from "../contracts/actor";
import { recordAudit } from "../audit/audit-log";
import { withTransaction } from "../db/transaction";
import { DomainError } from "../errors";
import { type WaveAlert, waveReasonText } from "../contracts/alerts";

export type { WaveAlert };

export interface DetectorConfig {
  /** Flags/s over the last 30 s must exceed baseline × this… */
  rateFactor: number;
  /** …and this absolute floor (a quiet platform doubling is not a wave). */
  minRate: number;
  /** The baseline never counts as lower than this (cold start). */
  baselineFloor: number;
  /** A cluster gaining this many accounts within a minute is a wave by itself. */
  growthPerMinute: number;
  /** Calm for this long closes the alert. */
  calmMs: number;
}

export const DEFAULT_DETECTOR: DetectorConfig = { rateFactor: 4, minRate: 50, baselineFloor: 10, growthPerMinute: 100, calmMs: 120_000 };

export interface Reading {
  rate: number;
  baseline: number;
  growing: { id: string; size: number; growth: number; label: string | null }[];
}

/** The decision, separated from I/O so it can be tested on its own. */
export function assess(r: Reading, c: DetectorConfig): { wave: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const base = Math.max(r.baseline, c.baselineFloor);
  if (r.rate >= c.minRate && r.rate > base * c.rateFactor) {
    reasons.push(waveReasonText({ kind: "rate", rate: Math.round(r.rate), factor: (r.rate / base).toFixed(1), baseline: Math.round(base) }));
  }
  const big = r.growing.filter((g) => g.growth >= c.growthPerMinute);
  if (big.length) {
    const total = big.reduce((s, g) => s + g.growth, 0);
    reasons.push(waveReasonText({ kind: "growth", clusters: big.length, accounts: total }));
  }
  return { wave: reasons.length > 0, reasons };
}

/** Flag rate over the last 30 s, the baseline (median of 30 s rates over the 10 minutes before), and growing clusters. */
export async function readSignals(pool: Pool, now = Date.now()): Promise<Reading> {
  const sec = Math.floor(now / 1000);
  const rates = await pool.query<{ bucket: number; n: number }>(
    `SELECT (($1 - second) / 30)::int AS bucket, sum(count)::int AS n FROM flag_rate WHERE second > $1 - 660 AND second <= $1 GROUP BY 1`,
    [sec],
  );
  const byBucket = new Map(rates.rows.map((r) => [r.bucket, r.n / 30]));
  const rate = byBucket.get(0) ?? 0;
  // Buckets 2..21 (the minute just before is skipped so a ramp does not raise its own baseline).
  const past = Array.from({ length: 20 }, (_, i) => byBucket.get(i + 2) ?? 0).sort((a, b) => a - b);
  const baseline = (past[9] + past[10]) / 2;
  const growth = await pool.query<{ id: string; size: number; growth: number; top: { label: string }[] | null }>(
    `SELECT c.id, c.size, g.n AS growth, c."topSignals" AS top FROM (
       SELECT "clusterId", count(*)::int AS n FROM account_cluster_members WHERE "joinedAt" > to_timestamp($1) - interval '60 seconds' GROUP BY 1
     ) g JOIN account_clusters c ON c.id = g."clusterId" WHERE c."mergedIntoId" IS NULL ORDER BY g.n DESC LIMIT 20`,
    [sec],
  );
  return { rate, baseline, growing: growth.rows.map((g) => ({ id: g.id, size: g.size, growth: g.growth, label: g.top?.[0]?.label ?? null })) };
}

/**
 * Raises one open alert while a wave lasts (updating its clusters and peak), and closes it
 * after a calm period. Returns the alert when it was opened or changed.
 */
export class WaveDetector {
  private calmSince: number | null = null;
  constructor(
    private pool: Pool,
    private config: DetectorConfig = DEFAULT_DETECTOR,
  ) {}

  async tick(now = Date.now()): Promise<{ alert: WaveAlert; opened: boolean } | null> {
    const reading = await readSignals(this.pool, now);
    const { wave, reasons } = assess(reading, this.config);
    const open = await this.pool.query<{ id: string; peakRate: number }>(
      `SELECT id, "peakRate" FROM attack_alerts WHERE "closedAt" IS NULL ORDER BY "openedAt" DESC LIMIT 1`,
    );
    const current = open.rows[0];
    const clusterIds = reading.growing.filter((g) => g.growth >= 10).map((g) => g.id);
    if (wave) {
      this.calmSince = null;
      if (!current) {
        const id = randomUUID();
        const ins = await this.pool.query(
          `INSERT INTO attack_alerts (id, rate, baseline, "peakRate", "clusterIds", reasons)
           SELECT $1, $2, $3, $2, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM attack_alerts WHERE "closedAt" IS NULL)`,
          [id, reading.rate, reading.baseline, clusterIds, reasons],
        );
        if (ins.rowCount === 0) return null; // another process opened it first
        return { alert: await loadAlert(this.pool, id), opened: true };
      }
      await this.pool.query(
        `UPDATE attack_alerts SET "peakRate" = GREATEST("peakRate", $2), reasons = $3,
           "clusterIds" = ARRAY(SELECT DISTINCT unnest("clusterIds" || $4::text[]))
         WHERE id = $1`,
        [current.id, reading.rate, reasons, clusterIds],
      );
      return { alert: await loadAlert(this.pool, current.id), opened: false };
    }
    if (current) {
      this.calmSince ??= now;
      if (now - this.calmSince >= this.config.calmMs) {
        await this.pool.query(`UPDATE attack_alerts SET "closedAt" = now() WHERE id = $1`, [current.id]);
        this.calmSince = null;
        return { alert: await loadAlert(this.pool, current.id), opened: false };
      }
    }
    return null;
  }
}

export async function loadAlert(pool: Pool, id: string): Promise<WaveAlert> {
  const a = (
    await pool.query<{
      id: string;
      openedAt: Date;
      closedAt: Date | null;
      rate: number;
      baseline: number;
      peakRate: number;
      reasons: string[];
      clusterIds: string[];
      incidentId: string | null;
    }>(`SELECT id, "openedAt", "closedAt", rate, baseline, "peakRate", reasons, "clusterIds", "incidentId" FROM attack_alerts WHERE id = $1`, [id])
  ).rows[0];
  const clusters = await pool.query<{ id: string; size: number; top: { label: string }[] | null; growth: number }>(
    `SELECT c.id, c.size, c."topSignals" AS top,
            (SELECT count(*)::int FROM account_cluster_members m WHERE m."clusterId" = c.id AND m."joinedAt" >= $2) AS growth
     FROM account_clusters c WHERE c.id = ANY($1::text[]) AND c."mergedIntoId" IS NULL ORDER BY c.size DESC LIMIT 12`,
    [a.clusterIds, a.openedAt],
  );
  const live = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM live_rooms r JOIN account_cluster_members m ON m."accountId" = r."accountId"
     WHERE m."clusterId" = ANY($1::text[]) AND r.status = 'LIVE'`,
    [clusters.rows.map((c) => c.id)],
  );
  return {
    id: a.id,
    liveRooms: live.rows[0].n,
    openedAt: a.openedAt.getTime(),
    closedAt: a.closedAt?.getTime() ?? null,
    rate: a.rate,
    baseline: a.baseline,
    peakRate: a.peakRate,
    reasons: a.reasons,
    incidentId: a.incidentId,
    clusters: clusters.rows.map((c) => ({ id: c.id, size: c.size, growth: c.growth, label: c.top?.[0]?.label ?? null })),
  };
}

/** The open alert, if any. */
export async function currentAlert(pool: Pool): Promise<WaveAlert | null> {
  const r = await pool.query<{ id: string }>(`SELECT id FROM attack_alerts WHERE "closedAt" IS NULL ORDER BY "openedAt" DESC LIMIT 1`);
  return r.rows[0] ? loadAlert(pool, r.rows[0].id) : null;
}

/** A shift lead has seen the alert: recorded on it and in the audit log. */
export async function acknowledgeAlert(pool: Pool, actor: Actor, id: string) {
  await withTransaction(pool, async (client) => {
    const res = await client.query(`UPDATE attack_alerts SET "acknowledgedBy" = $2 WHERE id = $1`, [id, actor.email]);
    if (!res.rowCount) throw DomainError.of("NOT_FOUND", "clusters.alertNotFound");
    await recordAudit(client, actor, { action: "alert.acknowledge", targetType: "attack_alert", targetId: id });
  });
  return { ok: true };
}
