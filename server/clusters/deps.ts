import type { Db } from "../db/prisma";
import type { Pool } from "../db/pool";

/** What the cluster services need. */
export interface ClusterDeps {
  pool: Pool;
  db: Db;
}
