import type { Env } from "../env";
import { startEmbeddedPostgres } from "./embedded";
import { pgConfigFromUrl, type PgConfig } from "./pg-config";
import { logger } from "../observability/log";

const log = logger("db");

export interface DatabaseHandle {
  pgConfig: PgConfig;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL → that Postgres; unset → the embedded cluster under the data dir. */
export async function openDatabase(env: Env, say: (l: string) => void = (l) => log.warn(l.trim())): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) {
    return { pgConfig: pgConfigFromUrl(env.DATABASE_URL), embedded: false, stop: async () => {} };
  }
  const pgHandle = await startEmbeddedPostgres({
    dataDir: env.FLOODWALL_DATA_DIR,
    port: env.EMBEDDED_PG_PORT,
    database: "floodwall",
    log: say,
  });
  return { pgConfig: pgHandle.pgConfig, embedded: true, stop: pgHandle.stop };
}
