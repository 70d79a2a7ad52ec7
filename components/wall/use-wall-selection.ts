"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { WallRoom } from "@/server/contracts/wall";

/**
 * Which rooms are selected (x, Shift+x for a range from the last toggled one). Rooms that leave
 * the wall leave the selection. The toggle reads the rooms through a ref, so it is the same
 * function across diffs and the cards it is passed to are not rendered again.
 */
export function useWallSelection(rooms: WallRoom[], byId: Record<string, WallRoom> | undefined) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const live = useRef({ rooms, anchor });
  live.current = { rooms, anchor };

  useEffect(() => {
    if (!byId || selected.size === 0) return;
    const still = [...selected].filter((id) => byId[id]);
    if (still.length !== selected.size) setSelected(new Set(still));
  }, [byId, selected]);

  const toggle = useCallback((index: number, range: boolean) => {
    const { rooms: list, anchor: from } = live.current;
    setSelected((prev) => {
      const next = new Set(prev);
      if (range && from !== null) {
        const [a, b] = from < index ? [from, index] : [index, from];
        for (let i = a; i <= b; i++) if (list[i]) next.add(list[i].id);
      } else {
        const id = list[index]?.id;
        if (!id) return prev;
        if (next.has(id)) next.delete(id);
        else next.add(id);
      }
      return next;
    });
    setAnchor(index);
  }, []);
  const clear = useCallback(() => setSelected(new Set()), []);
  return { selected, toggle, clear };
}
