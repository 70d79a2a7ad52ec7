"use client";
import type { QueryClient } from "@tanstack/react-query";
import type { AppSocket } from "./socket-provider";
import type { useTRPC } from "./trpc";

type TRPC = ReturnType<typeof useTRPC>;

/** Presence is small and global: kept in the cache under a fixed key. */
export const PRESENCE_KEY = ["realtime", "presence"] as const;

/**
 * Maps each server event onto the query cache (setQueryData for small deltas,
 * invalidateQueries for the rest). Components read the cache, never the socket.
 */
export function bindRealtimeToCache(socket: AppSocket, qc: QueryClient, _trpc: TRPC): () => void {
  const onPresence = (p: { moderatorsOnline: number }) => qc.setQueryData(PRESENCE_KEY, p);
  socket.on("presence:update", onPresence);
  return () => {
    socket.off("presence:update", onPresence);
  };
}
