"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useSocket } from "@/components/providers/socket-provider";
import { useTRPCClient } from "@/components/providers/trpc";
import { filterKey, type WallFilter } from "@/server/contracts/wall";
import { applyDiff, mergeSnapshot, type WallState } from "./wall-store";
import { takeEarlyDiffs, wallFeedKey } from "./wall-cache";

/**
 * The wall for a filter: subscribe first, then load the snapshot and fold in whatever diffs
 * arrived meanwhile. After a reconnect the socket subscribes again and the snapshot is
 * reloaded and merged by version, so the page catches up with nothing lost or doubled.
 */
export function useWallFeed(filter: WallFilter) {
  const key = useMemo(() => filterKey(filter), [filter]);
  const qc = useQueryClient();
  const client = useTRPCClient();
  const { socket } = useSocket();
  const [subscribed, setSubscribed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!socket) return;
    let live = true;
    const subscribe = () => {
      socket.emit("wall:subscribe", filter, (res) => {
        if (!live) return;
        if (!res.ok) return setError(res.error);
        setError(null);
        setSubscribed(res.data.key);
        void qc.invalidateQueries({ queryKey: wallFeedKey(res.data.key) });
      });
    };
    if (socket.connected) subscribe();
    socket.on("connect", subscribe);
    return () => {
      live = false;
      socket.off("connect", subscribe);
      socket.emit("wall:unsubscribe");
    };
  }, [socket, filter, qc]);

  const query = useQuery({
    queryKey: wallFeedKey(key),
    enabled: subscribed === key,
    staleTime: Infinity,
    // Diffs replace the state several times a second; deep-comparing thousands of rooms each
    // time (TanStack's default structural sharing) would block the page in a flood.
    structuralSharing: false,
    queryFn: async (): Promise<WallState> => {
      const snap = await client.wall.snapshot.query({ filter });
      let s = mergeSnapshot(qc.getQueryData<WallState>(wallFeedKey(key)), key, snap.rooms, snap.total, snap.at);
      for (const d of takeEarlyDiffs(key)) s = applyDiff(s, d);
      return s;
    },
  });
  /** A fresh, ranked snapshot replaces what the page holds (after a flood overflowed it). */
  const reload = async () => {
    const snap = await client.wall.snapshot.query({ filter });
    qc.setQueryData<WallState>(wallFeedKey(key), mergeSnapshot(undefined, key, snap.rooms, snap.total, snap.at));
  };
  return { ...query, key, subscribeError: error, reload };
}
