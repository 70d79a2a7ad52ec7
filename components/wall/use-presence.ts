"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import { useSocket } from "@/components/providers/socket-provider";
import { VIEWING_KEY, type Viewing } from "@/components/providers/realtime-bridge";

/**
 * Presence on the wall: this page tells the others which room it has focused (250 ms after the
 * focus settles), and learns who else is looking at which room. Returns, per room, the names of
 * the other people looking at it — the same array for a room until that changes, so cards are
 * not rendered again for others' moves elsewhere.
 */
export function usePresence(focusedId: string | undefined, meId: string): ReadonlyMap<string, readonly string[]> {
  const { socket } = useSocket();
  useEffect(() => {
    if (!socket) return;
    const t = setTimeout(() => socket.emit("wall:focus", focusedId ?? null), 250);
    return () => clearTimeout(t);
  }, [socket, focusedId]);
  useEffect(() => {
    if (!socket) return;
    return () => {
      socket.emit("wall:focus", null);
    };
  }, [socket]);
  const viewing = useQuery({ queryKey: VIEWING_KEY, queryFn: () => new Map<string, Viewing>(), enabled: false, initialData: new Map<string, Viewing>() });
  const last = useRef(new Map<string, readonly string[]>());
  return useMemo(() => {
    const names = new Map<string, string[]>();
    for (const [userId, v] of viewing.data) {
      if (userId === meId || !v.roomId) continue;
      names.set(v.roomId, [...(names.get(v.roomId) ?? []), v.name]);
    }
    const next = new Map<string, readonly string[]>();
    for (const [roomId, list] of names) {
      const sorted = list.sort();
      const prev = last.current.get(roomId);
      next.set(roomId, prev && prev.length === sorted.length && prev.every((x, i) => x === sorted[i]) ? prev : sorted);
    }
    last.current = next;
    return next;
  }, [viewing.data, meId]);
}
