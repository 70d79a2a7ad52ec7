"use client";
import Link from "next/link";
import { useTranslations } from "use-intl";
import type { BatchProgress } from "@/server/contracts/takedown";
import { ProgressBar } from "@/components/ui/progress-bar";

/** One batch's delivery: done / failed / pending, live. */
export function BatchProgressRow({ p, label }: { p: BatchProgress; label?: string }) {
  const t = useTranslations("takedown.progress");
  const finished = p.done + p.failed + p.cancelled;
  const state = p.status === "COMPLETED" ? (p.failed ? t("doneFailed", { n: p.failed }) : t("done")) : p.status === "CANCELLED" ? t("cancelled") : t("telling");
  const name = label ?? t("massTakedown");
  return (
    <div className="flex items-center gap-3 text-xs" data-testid="batch-progress" data-batch-id={p.batchId} data-status={p.status}>
      <Link href={`/takedowns/${p.batchId}`} className="shrink-0 text-accent hover:underline">
        {name}
      </Link>
      <div className="w-64">
        <ProgressBar
          value={finished}
          max={p.total}
          label={t("label", { label: name })}
          tone={p.failed ? "danger" : p.status === "COMPLETED" ? "ok" : "accent"}
        />
      </div>
      <span className="tabular text-muted">
        {t("counts", { total: p.total, done: p.done, pending: p.pending })}
        {p.failed ? t("failed", { n: p.failed }) : ""}
        {t("state", { state })}
      </span>
    </div>
  );
}
