"use client";
import type { QueryClient } from "@tanstack/react-query";
import type { WallStats } from "@/server/contracts/wall";
import { applyDiff, applyTotal, type WallDiff, type WallState } from "./wall-store";

/** Cache keys of the wall: one feed per filter key, and the live counters. */
export const wallFeedKey = (key: string) => ["wall", "feed", key] as const;
export const WALL_STATS_KEY = ["wall", "stats"] as const;

// Diffs that arrive while a feed's snapshot is still loading wait here, then the snapshot
// applies them (by version), so nothing committed during the load is lost.
const early = new Map<string, WallDiff[]>();

export function takeEarlyDiffs(key: string): WallDiff[] {
  const d = early.get(key) ?? [];
  early.delete(key);
  return d;
}

export function onWallDiff(qc: QueryClient, diff: WallDiff) {
  const state = qc.getQueryState<WallState>(wallFeedKey(diff.key));
  if (!state?.data || state.fetchStatus === "fetching") {
    const list = early.get(diff.key) ?? [];
    list.push(diff);
    early.set(diff.key, list.slice(-500));
    if (!state?.data) return;
  }
  qc.setQueryData<WallState>(wallFeedKey(diff.key), (s) => (s ? applyDiff(s, diff) : s));
}

export function onWallStats(qc: QueryClient, stats: WallStats) {
  qc.setQueryData(WALL_STATS_KEY, stats);
}

/** The database's count for a filter group (every few seconds): corrects the page's running total. */
export function onWallTotal(qc: QueryClient, p: { key: string; total: number; at: number }) {
  qc.setQueryData<WallState>(wallFeedKey(p.key), (s) => (s ? applyTotal(s, p.total, p.at) : s));
}
