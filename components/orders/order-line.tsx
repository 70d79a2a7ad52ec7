"use client";
import type { OrderSummary } from "@/server/contracts/orders";

const n = (v: number) => v.toLocaleString();

/** An order's running counts in one line: what it ended, banned, refused, and what the platform has yet to confirm. */
export function OrderCounts({ o }: { o: OrderSummary }) {
  const c = o.counts;
  return (
    <span className="tabular" data-testid="order-counts">
      {n(c.roomsEnded)} rooms ended
      {o.banAccounts ? ` · ${n(c.accountsBanned)} accounts banned` : ""}
      {o.refuseGoLive ? ` · ${n(c.refusedGoLive)} go-lives refused` : ""}
      {c.pendingAtPlatform ? ` · ${n(c.pendingAtPlatform)} not yet confirmed by the platform` : " · all confirmed by the platform"}
      {c.failedAtPlatform ? ` · ${n(c.failedAtPlatform)} failed` : ""}
      {c.roomsRestored ? ` · ${n(c.roomsRestored)} restored` : ""}
    </span>
  );
}

export const orderStatusText: Record<OrderSummary["status"], string> = {
  PENDING_APPROVAL: "waiting for a shift lead",
  ACTIVE: "active",
  REJECTED: "rejected",
  LIFTED: "lifted",
};
