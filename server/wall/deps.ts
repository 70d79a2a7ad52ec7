import type { Pool } from "../db/pool";
import type { EnforceDeps } from "../enforcement/enforce-rooms";

/** What the wall's services need: the pool for reads, enforcement for decisions. */
export interface WallDeps {
  pool: Pool;
  enforce: EnforceDeps;
}
