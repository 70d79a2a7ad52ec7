"use client";
import { useMemo, useRef } from "react";
import type { WallRoom } from "@/server/contracts/wall";
import type { WallState } from "./wall-store";

/**
 * The rooms on screen, in order. In a flood the state changes with every diff while the rooms
 * on screen mostly do not (new ones wait behind the bar): the same rooms keep the same array,
 * so the cards, their callbacks and the grid are not rendered again for each diff.
 */
export function useShownRooms(state: WallState | undefined): WallRoom[] {
  const shownRef = useRef<WallRoom[]>([]);
  return useMemo(() => {
    const next = state ? state.order.map((id) => state.byId[id]).filter(Boolean) : [];
    const prev = shownRef.current;
    if (prev.length === next.length && next.every((r, i) => r === prev[i])) return prev;
    shownRef.current = next;
    return next;
  }, [state]);
}
