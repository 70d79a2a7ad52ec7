import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../db/embedded";
import { pgConfigFromUrl } from "../db/pg-config";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdmin: { host: string; port: number; user?: string; password?: string; database: string };
  }
}

/**
 * One real Postgres for the integration run: the embedded cluster in a temporary directory,
 * or TEST_DATABASE_URL's server. Each test file creates its own fresh database in it.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    const c = pgConfigFromUrl(process.env.TEST_DATABASE_URL);
    project.provide("pgAdmin", { host: String(c.host), port: Number(c.port), user: c.user, password: c.password as string, database: c.database });
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "floodwall-int-"));
  chmodSync(dir, 0o755); // the postgres user (CI runs as root) must reach the cluster directory
  const port = 20000 + Math.floor(Math.random() * 20000);
  const pg = await startEmbeddedPostgres({ dataDir: dir, port, database: "postgres" });
  const c = pg.pgConfig;
  project.provide("pgAdmin", { host: String(c.host), port: Number(c.port), user: c.user, password: c.password as string, database: "postgres" });
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
