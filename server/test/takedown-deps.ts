import type { TestDb } from "./test-db";
import type { Queue } from "../jobs/queue";
import { FOUR_EYES_WINDOW_MS } from "../enforcement/four-eyes";
import type { BatchNotifier, BatchProgress, TakedownDeps } from "../takedown/types";

/** Takedown services over a test database, recording what would be pushed to people. */
export function takedownDeps(t: TestDb, queue: Queue | null = null, fourEyesThreshold = 200) {
  const events = { approvals: [] as unknown[], decided: [] as unknown[], progress: [] as BatchProgress[], removed: [] as string[], changed: [] as string[] };
  const notify: BatchNotifier = {
    approvalRequested: (b) => events.approvals.push(b),
    decided: (b) => events.decided.push(b),
    progress: (p) => events.progress.push(p),
  };
  const deps: TakedownDeps = {
    pool: t.pool,
    db: t.db,
    notify,
    enforce: {
      fourEyes: { threshold: fourEyesThreshold, windowMs: FOUR_EYES_WINDOW_MS },
      pool: t.pool,
      queue,
      onRoomsChanged: (ids) => events.changed.push(...ids),
      onRoomsRemoved: (rs) => events.removed.push(...rs.map((r) => r.id)),
    },
  };
  return { deps, events };
}

export const LEAD = { id: "lead-1", email: "lead@floodwall.local", role: "SHIFT_LEAD", origin: "127.0.0.1" };
export const MOD = { id: "mod-1", email: "moderator@floodwall.local", role: "MODERATOR", origin: "127.0.0.1" };
export const LEAD2 = { id: "lead-2", email: "lead2@floodwall.local", role: "SHIFT_LEAD", origin: "127.0.0.1" };
