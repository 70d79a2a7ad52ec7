import { applyOrders, followAlerts } from "./apply-orders";
import type { OrderDeps } from "./types";
import { errField, logger } from "../observability/log";

const log = logger("orders");

/**
 * Keeps standing orders acting at the attack's speed. Ingest and the cluster worker report what
 * changed (rooms flagged, accounts that joined a ring); within `delayMs` those are checked
 * against the active orders, set-based. Every `sweepMs` a full pass looks at everything the
 * orders cover (after a restart, or changes made by another process) and orders that follow an
 * attack-wave alert take in the rings it grew. Nothing here waits on a page.
 */
export function startOrdersLoop(deps: OrderDeps, opts: { delayMs?: number; sweepMs?: number } = {}) {
  const rooms = new Set<string>();
  const accounts = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  /** Whether any order stands: refreshed by full passes, set when one is created. */
  let anyActive = true;

  const run = async (full: boolean) => {
    if (stopped) return;
    try {
      if (full) {
        anyActive = (await deps.pool.query(`SELECT 1 FROM containment_orders WHERE status = 'ACTIVE' LIMIT 1`)).rowCount === 1;
        if (!anyActive) return;
        await followAlerts(deps);
        await applyOrders(deps, { full: true });
      } else if (anyActive && (rooms.size || accounts.size)) {
        const r = [...rooms];
        const a = [...accounts];
        rooms.clear();
        accounts.clear();
        await applyOrders(deps, { roomIds: r, accountIds: a });
      } else {
        rooms.clear();
        accounts.clear();
      }
    } catch (e) {
      log.error({ err: errField(e) }, "standing orders pass failed; runs again");
    }
  };
  const schedule = () => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      // One pass at a time: what arrives meanwhile waits for the next.
      running = (running ?? Promise.resolve()).then(() => run(false));
    }, opts.delayMs ?? 100);
  };
  const sweep = setInterval(() => {
    running = (running ?? Promise.resolve()).then(() => run(true));
  }, opts.sweepMs ?? 3000);
  sweep.unref();
  return {
    /** Rooms just flagged (their accounts may be covered). */
    roomsChanged(ids: string[]) {
      if (!anyActive) return;
      for (const id of ids) rooms.add(id);
      schedule();
    },
    /** Accounts that just joined rings. */
    accountsJoined(ids: string[]) {
      if (!anyActive) return;
      for (const id of ids) accounts.add(id);
      schedule();
    },
    /** An order was created or approved: a full pass now. */
    kick() {
      anyActive = true;
      running = (running ?? Promise.resolve()).then(() => run(true));
    },
    async stop() {
      stopped = true;
      clearInterval(sweep);
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
