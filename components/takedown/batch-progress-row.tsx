"use client";
import Link from "next/link";
import type { BatchProgress } from "@/server/contracts/takedown";
import { ProgressBar } from "@/components/ui/progress-bar";

/** One batch's delivery: done / failed / pending, live. */
export function BatchProgressRow({ p, label }: { p: BatchProgress; label?: string }) {
  const finished = p.done + p.failed + p.cancelled;
  const state = p.status === "COMPLETED" ? (p.failed ? `done, ${p.failed} failed` : "done") : p.status === "CANCELLED" ? "cancelled" : "telling the platform…";
  return (
    <div className="flex items-center gap-3 text-xs" data-testid="batch-progress" data-batch-id={p.batchId} data-status={p.status}>
      <Link href={`/takedowns/${p.batchId}`} className="shrink-0 text-accent hover:underline">
        {label ?? "Mass takedown"}
      </Link>
      <div className="w-64">
        <ProgressBar
          value={finished}
          max={p.total}
          label={`${label ?? "Mass takedown"} progress`}
          tone={p.failed ? "danger" : p.status === "COMPLETED" ? "ok" : "accent"}
        />
      </div>
      <span className="tabular text-muted">
        {p.total.toLocaleString("en-US")} decided · {p.done.toLocaleString("en-US")} confirmed by the platform · {p.pending.toLocaleString("en-US")} not yet
        {p.failed ? ` · ${p.failed.toLocaleString("en-US")} failed` : ""} — {state}
      </span>
    </div>
  );
}
