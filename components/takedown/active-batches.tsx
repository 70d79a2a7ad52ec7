"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "use-intl";
import type { BatchProgress } from "@/server/contracts/takedown";
import { ACTIVE_BATCHES_KEY } from "./takedown-cache";
import { BatchProgressRow } from "./batch-progress-row";

/** Batches running now (started by anyone), as the server reports their progress. */
export function ActiveBatches() {
  const t = useTranslations("takedown.progress");
  const { data } = useQuery<BatchProgress[]>({ queryKey: ACTIVE_BATCHES_KEY, queryFn: () => [], enabled: false, initialData: [] });
  const shown = data.slice(0, 2); // the newest, running or just finished
  if (shown.length === 0) return null;
  return (
    <section aria-label={t("section")} className="flex flex-col gap-1 border-b border-line px-3 py-1.5">
      {shown.map((p) => (
        <BatchProgressRow key={p.batchId} p={p} />
      ))}
    </section>
  );
}
