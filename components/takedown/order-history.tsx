"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { useFormat } from "@/components/ui/format";
import { OrderCounts } from "@/components/orders/order-line";

const tone = (s: string) => (s === "ACTIVE" ? "accent" : s === "PENDING_APPROVAL" ? "warn" : s === "REJECTED" ? "danger" : "neutral");

/**
 * Standing containment orders, open and lifted: in a wave most rooms are ended by an order, not
 * by a batch, so the takedowns page lists them beside the batches with what each did.
 */
export function OrderHistory() {
  const t = useTranslations("takedown.orders");
  const ts = useTranslations("orders");
  // i18n-keys: orders.status.*
  const fmt = useFormat();
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.orders.list.queryOptions({ open: false, limit: 50 }), placeholderData: keepPreviousData, refetchInterval: 5000 });
  const rows = list.data ?? [];
  return (
    <section aria-labelledby="orders-history-h">
      <h2 id="orders-history-h" className="font-semibold">
        {t("title")}
      </h2>
      {list.isPending ? (
        <p className="mt-2 text-sm text-muted">{t("loading")}</p>
      ) : rows.length === 0 ? (
        <p className="mt-2 text-sm text-muted">{t("empty")}</p>
      ) : (
        <table className="mt-3 w-full text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead>
            <tr className="border-b border-line text-left text-xs text-muted">
              {[t("when"), t("by"), t("why"), t("status"), t("rings"), t("what")].map((h) => (
                <th key={h} scope="col" className="py-2 pr-3 font-normal">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id} className="border-b border-line/60 align-top" data-testid="order-history-row">
                <td className="py-2 pr-3 whitespace-nowrap">{fmt.dateTime(o.createdAt)}</td>
                <td className="py-2 pr-3">{o.createdByEmail}</td>
                <td className="untrusted max-w-72 truncate py-2 pr-3">{o.reason}</td>
                <td className="py-2 pr-3">
                  <Badge tone={tone(o.status)}>{ts(`status.${o.status}`)}</Badge>
                  {o.liftedAt ? (
                    <div className="mt-1 text-xs text-muted">{t("lifted", { when: fmt.dateTime(o.liftedAt), who: o.liftedByEmail ?? "" })}</div>
                  ) : null}
                </td>
                <td className="tabular py-2 pr-3">{fmt.int(o.rings)}</td>
                <td className="py-2 pr-3 text-xs">
                  <OrderCounts o={o} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
