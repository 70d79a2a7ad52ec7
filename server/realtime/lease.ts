import type pg from "pg";
import type { Pool } from "../db/pool";

/**
 * A job that one server process at a time does for all of them (e.g. counting every wall's
 * total): a session advisory lock, held on a connection the holder keeps and runs the job's
 * queries on. When the holder dies its connection closes, Postgres lets the lock go, and the next
 * process that asks takes over.
 */
export class Lease {
  private client: pg.PoolClient | null = null;
  private asking: Promise<pg.PoolClient | null> | null = null;

  constructor(
    private pool: Pool,
    /** Names the lock (hashed to a 64-bit advisory lock key). */
    private name: string,
  ) {}

  /** The connection of the lease when this process holds it now. */
  get held(): pg.PoolClient | null {
    return this.client;
  }

  /** Takes the lease if nobody holds it; the connection to work on when this process holds it, else null. */
  acquire(): Promise<pg.PoolClient | null> {
    if (this.client) return Promise.resolve(this.client);
    this.asking ??= this.ask().finally(() => {
      this.asking = null;
    });
    return this.asking;
  }

  private async ask(): Promise<pg.PoolClient | null> {
    const c = await this.pool.connect();
    try {
      const r = await c.query<{ got: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got", [this.name]);
      if (!r.rows[0].got) {
        c.release();
        return null;
      }
    } catch (e) {
      c.release(e as Error);
      throw e;
    }
    // A connection that breaks while held ends the lease (and must not crash the process).
    c.on("error", () => this.drop());
    this.client = c;
    return c;
  }

  /** Gives the lease up: the connection is closed (which frees the lock), after a failed query or on stop. */
  drop() {
    const c = this.client;
    this.client = null;
    c?.release(true);
  }
}
