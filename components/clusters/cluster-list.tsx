"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { ago, compact } from "@/components/wall/format";
import { OrdersPanel } from "@/components/orders/orders-panel";

type Sort = "size" | "liveRooms" | "flaggedRooms" | "growth" | "risk" | "firstSeen";
const COLUMNS: [Sort | null, string][] = [
  [null, "Cluster"],
  ["size", "Accounts"],
  ["liveRooms", "Live rooms"],
  ["flaggedRooms", "Flagged rooms"],
  ["growth", "Growth (10 min)"],
  [null, "Top signals"],
  ["firstSeen", "First seen"],
  ["risk", "Risk"],
];

/** Every bot ring the clustering found, sortable, refreshed live as accounts join. */
export function ClusterList({ canLead }: { canLead: boolean }) {
  const trpc = useTRPC();
  const [sort, setSort] = useState<Sort>("size");
  const list = useQuery({ ...trpc.clusters.list.queryOptions({ sort, limit: 300 }), placeholderData: keepPreviousData });
  const now = Date.now();
  return (
    <div className="mx-auto w-full max-w-7xl p-6">
      <h1 className="text-lg font-semibold">Account clusters</h1>
      <p className="mt-1 text-sm text-muted">Accounts linked by shared devices, phones, networks and registration bursts. Updates live as accounts arrive.</p>
      <div className="mt-3">
        <OrdersPanel canLead={canLead} />
      </div>
      <table className="mt-4 w-full text-sm" data-testid="cluster-table">
        <caption className="sr-only">Account clusters, sorted by {sort}</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            {COLUMNS.map(([key, label]) => (
              <th key={label} scope="col" className="py-2 pr-3 font-medium" aria-sort={key === sort ? "descending" : undefined}>
                {key ? (
                  <button type="button" onClick={() => setSort(key)} className={`hover:text-ink ${key === sort ? "text-ink" : ""}`}>
                    {label} {key === sort ? "↓" : ""}
                  </button>
                ) : (
                  label
                )}
              </th>
            ))}
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
                    <Badge tone="accent">Watched</Badge>
                  </span>
                ) : null}
              </td>
              <td className="py-2 pr-3 font-semibold">{c.size.toLocaleString("en-US")}</td>
              <td className="py-2 pr-3">{compact(c.liveRooms)}</td>
              <td className="py-2 pr-3">{compact(c.flaggedRooms)}</td>
              <td className={`py-2 pr-3 ${c.growth10m > 0 ? "text-warn" : "text-muted"}`}>
                {c.growth10m > 0 ? `+${c.growth10m.toLocaleString("en-US")}` : "0"}
              </td>
              <td className="max-w-md py-2 pr-3 text-xs text-muted">
                {c.topSignals.slice(0, 2).map((s) => (
                  <div key={s.key} className="untrusted truncate">
                    {s.label}
                  </div>
                ))}
              </td>
              <td className="py-2 pr-3 text-muted">{ago(c.firstSeen, now)} ago</td>
              <td className={`py-2 pr-3 font-semibold ${(c.risk ?? 0) >= 0.85 ? "text-danger" : (c.risk ?? 0) >= 0.6 ? "text-warn" : "text-muted"}`}>
                {c.risk === null ? "—" : Math.round(c.risk * 100)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 ? <p className="mt-4 text-sm text-muted">No clusters yet: accounts are linked as soon as two share a signal.</p> : null}
    </div>
  );
}
