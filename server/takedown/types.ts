import type { BatchProgress } from "../contracts/takedown";
import type { Db } from "../db/prisma";
import type { Pool } from "../db/pool";
import type { EnforceDeps } from "../enforcement/enforce-rooms";

export type { BatchProgress };

/** How batch events reach people (Socket.IO in the server; a recorder in tests). */
export interface BatchNotifier {
  approvalRequested(b: { id: string; requestedBy: string; count: number; reason: string }): void;
  decided(b: { id: string; createdById: string; status: string; by: string; reason: string | null }): void;
  progress(p: BatchProgress): void;
}

export interface TakedownDeps {
  pool: Pool;
  db: Db;
  enforce: EnforceDeps;
  notify: BatchNotifier;
}
