import type { PoolClient } from "pg";
import type { Pool } from "./pool";

export interface TransactionOptions {
  /**
   * false: commit without waiting for the WAL flush. Only for rows whose durability a later
   * synchronous commit on the same server guarantees before anyone is told they are stored.
   */
  synchronousCommit?: boolean;
}

/**
 * Runs `fn` in one transaction on its own client: commit on return, roll back on throw. The one
 * way `pg` code opens a transaction (Prisma code uses `$transaction`).
 */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(opts.synchronousCommit === false ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
