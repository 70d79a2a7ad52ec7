import type { Pool } from "../db/pool";
import type { EnforceDeps } from "../enforcement/enforce-rooms";
import type { PlatformAdapter } from "../enforcement/adapters/types";

/** How order events reach people (the realtime publisher in the server; a recorder in tests). */
export interface OrderNotifier {
  /** Status or running counts changed: pages refetch (throttled by the notifier). */
  changed(orderId: string): void;
  /** A moderator's order waits for a shift lead. */
  approvalRequested(o: { id: string; requestedBy: string; rings: number; reason: string }): void;
}

export interface OrderDeps {
  pool: Pool;
  enforce: EnforceDeps;
  /** Real platforms are told which signals may not go live (the simulated one reads order_signals itself). */
  adapter: PlatformAdapter;
  notify: OrderNotifier;
  /** An order became active (the orders loop starts watching for it at once). */
  onActivated?: (orderId: string) => void;
}

/** An order row as the services read it. */
export interface OrderRow {
  id: string;
  status: "PENDING_APPROVAL" | "ACTIVE" | "REJECTED" | "LIFTED";
  clusterIds: string[];
  followAlertId: string | null;
  banAccounts: boolean;
  refuseGoLive: boolean;
  reason: string;
  createdById: string;
  createdByEmail: string;
  createdByRole: string;
}
