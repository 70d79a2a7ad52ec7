import type { Pool } from "../../db/pool";
import { withTransaction } from "../../db/transaction";
import type { PlatformAdapter, PlatformCall, PlatformResult } from "./types";

/**
 * The demo platform, in-process. Like a real platform it applies each idempotency key once
 * (a repeat only counts in `received`), ends and restores streams and reports their viewers —
 * for a whole bulk request in one set-based transaction.
 */
export class SimulatedPlatform implements PlatformAdapter {
  readonly name = "simulated";
  readonly maxBatch = 500;
  constructor(
    private pool: Pool,
    /** failRate: the share of calls refused with a 503 (tests of partial failure). */
    private opts: { failRate?: number; random?: () => number } = {},
  ) {}

  async sendMany(calls: PlatformCall[]): Promise<PlatformResult[]> {
    const random = this.opts.random ?? Math.random;
    const refused = calls.map(() => !!this.opts.failRate && random() < this.opts.failRate);
    // Controls: the simulated platform reads live_controls directly when a stream starts.
    const applied = calls.filter((c, i) => !refused[i] && c.kind !== "control.set");
    const viewers = new Map<string, number>();
    if (applied.length) {
      await withTransaction(this.pool, async (client) => {
        const first = await client.query<{ key: string; first: boolean }>(
          `INSERT INTO sim_platform_calls ("idempotencyKey", kind, "roomId", "accountId")
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
           ON CONFLICT ("idempotencyKey") DO UPDATE SET received = sim_platform_calls.received + 1
           RETURNING "idempotencyKey" AS key, (xmax = 0) AS first`,
          [applied.map((c) => c.idempotencyKey), applied.map((c) => c.kind), applied.map((c) => c.roomId ?? null), applied.map((c) => c.accountId ?? null)],
        );
        const isFirst = new Set(first.rows.filter((r) => r.first).map((r) => r.key));
        const rooms = (kind: PlatformCall["kind"]) => applied.filter((c) => c.kind === kind && c.roomId && isFirst.has(c.idempotencyKey)).map((c) => c.roomId!);
        const ended = rooms("room.end");
        const restored = rooms("room.restore");
        if (ended.length) await client.query(`INSERT INTO sim_platform_ended ("roomId") SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [ended]);
        if (restored.length) await client.query(`DELETE FROM sim_platform_ended WHERE "roomId" = ANY($1::text[])`, [restored]);
        const endRooms = applied.filter((c) => c.kind === "room.end" && c.roomId).map((c) => c.roomId!);
        if (endRooms.length) {
          const v = await client.query<{ id: string; viewerCount: number }>(`SELECT id, "viewerCount" FROM live_rooms WHERE id = ANY($1::text[])`, [endRooms]);
          for (const r of v.rows) viewers.set(r.id, r.viewerCount);
        }
      });
    }
    return calls.map((c, i): PlatformResult => {
      if (refused[i]) return { ok: false, error: "simulated platform: 503 Service Unavailable" };
      return c.kind === "room.end" && c.roomId ? { ok: true, viewers: viewers.get(c.roomId) } : { ok: true };
    });
  }
}
