"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { ClusterMember } from "@/server/clusters/cluster-queries";

const ROW = 30;
const COLS = "grid-cols-[1.3fr_1fr_0.6fr_1fr_1fr_2fr_0.7fr_0.5fr]";

/** Every member, virtualised: 20,000 rows cost what 20 do. */
export function MembersTable({ members }: { members: ClusterMember[] }) {
  const scroll = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: members.length, getScrollElement: () => scroll.current, estimateSize: () => ROW, overscan: 12 });
  return (
    <div role="table" aria-label="Cluster members" aria-rowcount={members.length + 1} className="rounded border border-line text-xs">
      <div role="row" className={`grid ${COLS} gap-2 border-b border-line bg-panel px-2 py-1.5 font-medium text-muted`}>
        {["Handle", "Registered (UTC)", "Verified", "Device", "IP", "Room", "Room status", "Risk"].map((h) => (
          <span role="columnheader" key={h}>
            {h}
          </span>
        ))}
      </div>
      <div ref={scroll} className="h-80 overflow-y-auto">
        <div style={{ height: v.getTotalSize(), position: "relative" }}>
          {v.getVirtualItems().map((it) => {
            const m = members[it.index];
            return (
              <div
                role="row"
                aria-rowindex={it.index + 2}
                key={m.id}
                className={`absolute left-0 right-0 grid ${COLS} items-center gap-2 border-b border-line/40 px-2`}
                style={{ top: it.start, height: ROW }}
              >
                <span role="cell" className="untrusted truncate">
                  @{m.handle}
                  {m.banned ? " (banned)" : ""}
                </span>
                <span role="cell" className="tabular">
                  {new Date(m.registeredAt).toISOString().replace("T", " ").slice(0, 16)}
                </span>
                <span role="cell">{m.verified ? "yes" : "no"}</span>
                <span role="cell" className="untrusted truncate font-mono">
                  {m.deviceId ?? "—"}
                </span>
                <span role="cell" className="truncate font-mono">
                  {m.ip ?? "—"}
                </span>
                <span role="cell" className="untrusted truncate">
                  {m.roomTitle ?? "—"}
                </span>
                <span role="cell">{m.roomStatus?.toLowerCase().replace("_", " ") ?? "—"}</span>
                <span role="cell" className="tabular">
                  {m.risk === null ? "—" : Math.round(m.risk * 100)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
