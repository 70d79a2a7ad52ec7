"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import type { WallRoom } from "@/server/contracts/wall";
import { RoomCard, type RoomCardProps } from "./room-card";

const CARD_MIN_W = 300;
const ROW_H = 184;
const GAP = 8;

type CardCallbacks = Pick<RoomCardProps, "onFocus" | "onToggleSelect" | "onAct" | "canAct" | "allowedHosts" | "now" | "meId">;

/**
 * A virtualised grid: only the rows on screen are in the DOM, so 5,000 rooms cost what 30 do.
 * Cards have a fixed height, so an update never changes the layout around them.
 */
export function WallGrid({
  rooms,
  focusIndex,
  selected,
  revealedId,
  viewers,
  ...cb
}: CardCallbacks & {
  rooms: WallRoom[];
  focusIndex: number;
  selected: Set<string>;
  revealedId: string | null;
  viewers: ReadonlyMap<string, readonly string[]>;
}) {
  const t = useTranslations("wall");
  const scrollRef = useRef<HTMLDivElement>(null);
  const [cols, setCols] = useState(4);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setCols(Math.max(1, Math.floor((el.clientWidth - GAP) / (CARD_MIN_W + GAP))));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const rowCount = Math.ceil(rooms.length / cols);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H + GAP,
    overscan: 4,
  });

  // Keep the focused card on screen and give it DOM focus when the focused room changes (j/k,
  // reveal, or the card before it left), unless the user is working elsewhere (filters, dialogs).
  const focusedId = rooms[focusIndex]?.id;
  useEffect(() => {
    if (!focusedId) return;
    virtualizer.scrollToIndex(Math.floor(focusIndex / cols), { align: "auto" });
    requestAnimationFrame(() => {
      const active = document.activeElement;
      const free = !active || active === document.body || scrollRef.current?.contains(active);
      const el = document.getElementById(`room-${focusedId}`);
      if (free && el && active !== el && !el.contains(active)) el.focus({ preventScroll: true });
    });
  }, [focusedId, focusIndex, cols, virtualizer]);

  // Cards are placed absolutely and keyed by room id directly under the list: when a card
  // leaves, the ones after it only move (a style change), they are neither re-mounted nor
  // rendered again.
  const width = `calc((100% - ${(cols - 1) * GAP}px) / ${cols})`;
  return (
    <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto px-3 pb-6" data-testid="wall-grid">
      <ul aria-label={t("gridLabel")} style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().flatMap((row) =>
          rooms.slice(row.index * cols, row.index * cols + cols).map((room, i) => {
            const index = row.index * cols + i;
            return (
              <li
                key={room.id}
                // Only the rows on screen exist: tell assistive tech where this card sits.
                aria-setsize={rooms.length}
                aria-posinset={index + 1}
                className="absolute left-0 top-0 min-w-0"
                // Moved with a transform (a translate percentage is of the card's own width) and
                // contained, so a card moving costs neither layout of the others nor of itself.
                style={{ height: ROW_H, width, contain: "size layout style", transform: `translate(calc(${i} * (100% + ${GAP}px)), ${row.start}px)` }}
              >
                <RoomCard
                  room={room}
                  focused={index === focusIndex}
                  selected={selected.has(room.id)}
                  revealed={revealedId === room.id}
                  viewers={viewers.get(room.id)}
                  {...cb}
                />
              </li>
            );
          }),
        )}
      </ul>
    </div>
  );
}
