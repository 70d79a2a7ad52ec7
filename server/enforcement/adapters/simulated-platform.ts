import type { Pool } from "../../db/pool";
import type { PlatformAdapter, PlatformCall, PlatformResult } from "./types";

/**
 * The demo platform, in-process. Like a real platform it applies each idempotency key once
 * (a repeat only counts in `received`), ends streams and reports their viewers.
 */
export class SimulatedPlatform implements PlatformAdapter {
  readonly name = "simulated";
  constructor(
    private pool: Pool,
    private opts: { failRate?: number } = {},
  ) {}

  async send(call: PlatformCall): Promise<PlatformResult> {
    // Controls: the simulated platform reads live_controls directly when a stream starts.
    if (call.kind === "control.set") return {};
    if (this.opts.failRate && Math.random() < this.opts.failRate) throw new Error("simulated platform: 503 Service Unavailable");
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const res = await client.query<{ first: boolean }>(
        `INSERT INTO sim_platform_calls ("idempotencyKey", kind, "roomId", "accountId") VALUES ($1, $2, $3, $4)
         ON CONFLICT ("idempotencyKey") DO UPDATE SET received = sim_platform_calls.received + 1
         RETURNING (xmax = 0) AS first`,
        [call.idempotencyKey, call.kind, call.roomId ?? null, call.accountId ?? null],
      );
      let viewers: number | undefined;
      if (res.rows[0].first) {
        if (call.kind === "room.end" && call.roomId) {
          await client.query(`INSERT INTO sim_platform_ended ("roomId") VALUES ($1) ON CONFLICT DO NOTHING`, [call.roomId]);
        } else if (call.kind === "room.restore" && call.roomId) {
          await client.query(`DELETE FROM sim_platform_ended WHERE "roomId" = $1`, [call.roomId]);
        }
      }
      if (call.kind === "room.end" && call.roomId) {
        const v = await client.query<{ viewerCount: number }>(`SELECT "viewerCount" FROM live_rooms WHERE id = $1`, [call.roomId]);
        viewers = v.rows[0]?.viewerCount;
      }
      await client.query("COMMIT");
      return { viewers };
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
}
