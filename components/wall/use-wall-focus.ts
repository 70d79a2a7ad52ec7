"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { WallRoom } from "@/server/contracts/wall";

/** The focused card (j/k), kept inside the list as rooms leave it; lookups by id read a ref so they never change. */
export function useWallFocus(rooms: WallRoom[]) {
  const [focusIndex, setFocusIndex] = useState(0);
  const live = useRef(rooms);
  live.current = rooms;

  useEffect(() => {
    if (focusIndex > 0 && focusIndex >= rooms.length) setFocusIndex(Math.max(0, rooms.length - 1));
  }, [rooms.length, focusIndex]);

  const indexOf = useCallback((id: string) => live.current.findIndex((r) => r.id === id), []);
  const focusRoom = useCallback(
    (id: string) => {
      const i = indexOf(id);
      if (i >= 0) setFocusIndex(i);
    },
    [indexOf],
  );
  const move = useCallback((d: number) => setFocusIndex((i) => Math.max(0, Math.min(live.current.length - 1, i + d))), []);
  return { focusIndex, setFocusIndex, focused: rooms[Math.min(focusIndex, rooms.length - 1)] as WallRoom | undefined, indexOf, focusRoom, move };
}
