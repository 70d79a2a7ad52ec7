"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { useFormat } from "@/components/ui/format";
import { OrdersPanel } from "@/components/orders/orders-panel";
import { useReasonText } from "./use-reason-text";

type Sort = "size" | "liveRooms" | "flaggedRooms" | "growth" | "risk" | "firstSeen";
/** Each column: the sort it sets (none for some) and its heading's key (clusters.list.cols.*). */
const COLUMNS: [Sort | null, string][] = [
  [null, "cluster"],
  ["size", "size"],
  ["liveRooms", "liveRooms"],
  ["flaggedRooms", "flaggedRooms"],
  ["growth", "growth"],
  [null, "signals"],
  ["firstSeen", "firstSeen"],
  ["risk", "risk"],
];

/** Every bot ring the clustering found, sortable, refreshed live as accounts join. */
export function ClusterList({ canLead }: { canLead: boolean }) {
  const t = useTranslations("clusters.list");
  // i18n-keys: clusters.list.cols.*
  const f = useFormat();
  const { signal } = useReasonText();
  const trpc = useTRPC();
  const [sort, setSort] = useState<Sort>("size");
  const list = useQuery({ ...trpc.clusters.list.queryOptions({ sort, limit: 300 }), placeholderData: keepPreviousData });
  const now = Date.now();
  return (
    <div className="mx-auto w-full max-w-7xl p-6">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-1 text-sm text-muted">{t("intro")}</p>
      <div className="mt-3">
        <OrdersPanel canLead={canLead} />
      </div>
      <table className="mt-4 w-full text-sm" data-testid="cluster-table">
        <caption className="sr-only">{t("caption", { sort: t(`cols.${sort}`) })}</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            {COLUMNS.map(([key, col]) => {
              const label = t(`cols.${col}`);
              return (
                <th key={col} scope="col" className="py-2 pr-3 font-medium" aria-sort={key === sort ? "descending" : undefined}>
                  {key ? (
                    <button type="button" onClick={() => setSort(key)} className={`hover:text-ink ${key === sort ? "text-ink" : ""}`}>
                      {label} {key === sort ? "↓" : ""}
                    </button>
                  ) : (
                    label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="tabular">
          {list.data?.map((c) => (
            <tr key={c.id} className="border-b border-line/60 hover:bg-panel" data-testid="cluster-row" data-cluster-id={c.id}>
              <td className="py-2 pr-3">
                <Link href={`/clusters/${c.id}`} className="font-mono text-accent hover:underline">
                  {c.id}
                </Link>
                {c.watched ? (
                  <span className="ml-2">
                    <Badge tone="accent">{t("watched")}</Badge>
                  </span>
                ) : null}
              </td>
              <td className="py-2 pr-3 font-semibold">{f.int(c.size)}</td>
              <td className="py-2 pr-3">{f.compact(c.liveRooms)}</td>
              <td className="py-2 pr-3">{f.compact(c.flaggedRooms)}</td>
              <td className={`py-2 pr-3 ${c.growth10m > 0 ? "text-warn" : "text-muted"}`}>{c.growth10m > 0 ? `+${f.int(c.growth10m)}` : f.int(0)}</td>
              <td className="max-w-md py-2 pr-3 text-xs text-muted">
                {c.topSignals.slice(0, 2).map((s) => (
                  <div key={s.key} className="untrusted truncate">
                    {signal(s)}
                  </div>
                ))}
              </td>
              <td className="py-2 pr-3 text-muted">{t("ago", { ago: f.ago(c.firstSeen, now) })}</td>
              <td className={`py-2 pr-3 font-semibold ${(c.risk ?? 0) >= 0.85 ? "text-danger" : (c.risk ?? 0) >= 0.6 ? "text-warn" : "text-muted"}`}>
                {c.risk === null ? "—" : Math.round(c.risk * 100)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 ? <p className="mt-4 text-sm text-muted">{t("empty")}</p> : null}
    </div>
  );
}
