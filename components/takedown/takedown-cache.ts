"use client";
import type { QueryClient } from "@tanstack/react-query";
import type { BatchProgress } from "@/server/contracts/takedown";

/** Live progress of every batch this page has heard of, newest first. */
export const ACTIVE_BATCHES_KEY = ["takedown", "active"] as const;
export const batchProgressKey = (id: string) => ["takedown", "progress", id] as const;

export function onBatchProgress(qc: QueryClient, p: BatchProgress) {
  qc.setQueryData(batchProgressKey(p.batchId), p);
  qc.setQueryData<BatchProgress[]>(ACTIVE_BATCHES_KEY, (list = []) => [p, ...list.filter((x) => x.batchId !== p.batchId)].slice(0, 5));
}
