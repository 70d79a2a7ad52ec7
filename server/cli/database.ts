import { parseEnv } from "../env";
import { openDatabase } from "../db/database";
import type { PgConfig } from "../db/pg-config";

/** Runs a command-line task against the configured database, then stops what it started. */
export async function withCliDatabase(task: (config: PgConfig, embedded: boolean) => Promise<void>) {
  let code = 0;
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    const env = parseEnv();
    db = await openDatabase(env);
    await task(db.pgConfig, db.embedded);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    code = 1;
  } finally {
    await db?.stop().catch(() => {});
  }
  process.exit(code);
}
