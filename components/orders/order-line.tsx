"use client";
import { count } from "@/components/wall/format";
import type { OrderSummary } from "@/server/contracts/orders";

/** An order's running counts in one line: what it ended, banned, refused, and what the platform has yet to confirm. */
export function OrderCounts({ o }: { o: OrderSummary }) {
  const c = o.counts;
  const parts = [
    `${count(c.roomsEnded, "room")} ended`,
    o.banAccounts ? `${count(c.accountsBanned, "account")} banned` : null,
    o.refuseGoLive ? `${count(c.refusedGoLive, "go-live")} refused` : null,
    c.pendingAtPlatform ? `${c.pendingAtPlatform.toLocaleString("en-US")} not yet confirmed by the platform` : "all confirmed by the platform",
    c.failedAtPlatform ? `${c.failedAtPlatform.toLocaleString("en-US")} failed` : null,
    c.roomsRestored ? `${c.roomsRestored.toLocaleString("en-US")} restored` : null,
  ];
  return (
    <span className="tabular" data-testid="order-counts">
      {parts.filter(Boolean).join(" · ")}
    </span>
  );
}

export const orderStatusText: Record<OrderSummary["status"], string> = {
  PENDING_APPROVAL: "waiting for a shift lead",
  ACTIVE: "active",
  REJECTED: "rejected",
  LIFTED: "lifted",
};
