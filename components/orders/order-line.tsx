"use client";
import { useTranslations } from "use-intl";
import type { OrderSummary } from "@/server/contracts/orders";

/** An order's running counts in one line: what it ended, banned, refused, and what the platform has yet to confirm. */
export function OrderCounts({ o }: { o: OrderSummary }) {
  const t = useTranslations("orders.counts");
  const c = o.counts;
  const parts = [
    t("ended", { n: c.roomsEnded }),
    o.banAccounts ? t("banned", { n: c.accountsBanned }) : null,
    o.refuseGoLive ? t("refused", { n: c.refusedGoLive }) : null,
    c.pendingAtPlatform ? t("pending", { n: c.pendingAtPlatform }) : t("allConfirmed"),
    c.failedAtPlatform ? t("failed", { n: c.failedAtPlatform }) : null,
    c.roomsRestored ? t("restored", { n: c.roomsRestored }) : null,
  ];
  return (
    <span className="tabular" data-testid="order-counts">
      {parts.filter(Boolean).join(" · ")}
    </span>
  );
}
