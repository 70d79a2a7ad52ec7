"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { fmtDateTime } from "@/components/ui/format";

const KIND: Record<string, { text: string; tone: "danger" | "ok" | "warn" | "neutral" }> = {
  TAKEDOWN: { text: "Taken down", tone: "danger" },
  DISMISS: { text: "Dismissed", tone: "neutral" },
  ESCALATE: { text: "Escalated", tone: "warn" },
  RESTORE: { text: "Restored (undo)", tone: "ok" },
  REOPEN: { text: "Reopened (undo)", tone: "ok" },
};

/** Single-room decisions from the wall and their undos, newest first (batches, orders and rules are listed elsewhere). */
export function DecisionHistory() {
  const trpc = useTRPC();
  const [actor, setActor] = useState("");
  const list = useQuery({ ...trpc.takedown.decisions.queryOptions({ actor, limit: 100 }), placeholderData: keepPreviousData, refetchInterval: 5000 });
  return (
    <section aria-labelledby="decisions-h" data-testid="decision-history">
      <div className="flex flex-wrap items-end gap-3">
        <h2 id="decisions-h" className="mr-auto font-semibold">
          Single decisions from the wall
        </h2>
        <label className="flex flex-col text-xs text-muted">
          By
          <input className={inputClass} value={actor} onChange={(e) => setActor(e.target.value)} placeholder="email contains" maxLength={200} />
        </label>
      </div>
      {list.data?.length ? (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">Single decisions, newest first</caption>
          <thead className="text-xs text-muted">
            <tr>
              <th className="py-1 pr-3 font-medium">When (UTC)</th>
              <th className="pr-3 font-medium">Decision</th>
              <th className="pr-3 font-medium">Room</th>
              <th className="pr-3 font-medium">Account</th>
              <th className="pr-3 font-medium">By</th>
              <th className="pr-3 font-medium">Reason</th>
              <th className="font-medium">Platform</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => {
              const k = KIND[d.kind] ?? { text: d.kind, tone: "neutral" as const };
              return (
                <tr key={d.id} className="border-t border-line" data-testid="decision-row" data-kind={d.kind}>
                  <td className="tabular py-1 pr-3 text-xs text-muted">{fmtDateTime(d.at.getTime())}</td>
                  <td className="pr-3">
                    <Badge tone={k.tone}>{k.text}</Badge>
                  </td>
                  <td className="untrusted max-w-64 truncate pr-3">{d.title ?? d.roomId}</td>
                  <td className="untrusted max-w-40 truncate pr-3">{d.handle ? `@${d.handle}` : "—"}</td>
                  <td className="pr-3 text-xs">{d.actorEmail}</td>
                  <td className="max-w-56 truncate pr-3 text-xs text-muted">{d.reason ?? "—"}</td>
                  <td className="text-xs text-muted">{d.delivery === "NOT_REQUIRED" ? "—" : d.delivery.toLowerCase()}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="mt-2 text-sm text-muted">{list.isLoading ? "Loading…" : "No single decisions yet."}</p>
      )}
    </section>
  );
}
