"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type CSSProperties, useRef } from "react";
import { useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";
import type { ClusterMember } from "@/server/clusters/cluster-queries";

const ROW = 30;
const COLS = "grid-cols-[1.3fr_1fr_0.6fr_1fr_1fr_2fr_0.7fr_0.5fr]";

/**
 * Every member, virtualised: 20,000 rows cost what 20 do. A real table laid out with CSS grid
 * rows; the body scrolls, and its ::before and ::after boxes stand in for the rows off screen
 * (pseudo-elements: nothing for assistive tech to read, no empty rows in the table).
 */
export function MembersTable({ members }: { members: ClusterMember[] }) {
  const t = useTranslations("clusters.members");
  const tr = useTranslations("takedown.roomStatus");
  // i18n-keys: takedown.roomStatus.*
  const f = useFormat();
  const scroll = useRef<HTMLTableSectionElement>(null);
  const v = useVirtualizer({ count: members.length, getScrollElement: () => scroll.current, estimateSize: () => ROW, overscan: 12 });
  const items = v.getVirtualItems();
  const before = items.length ? items[0].start : 0;
  const after = items.length ? v.getTotalSize() - items[items.length - 1].end : 0;
  return (
    <table aria-label={t("label")} aria-rowcount={members.length + 1} className="block rounded border border-line text-xs">
      <thead className="block">
        <tr className={`grid ${COLS} gap-2 border-b border-line bg-panel px-2 py-1.5 font-medium text-muted`}>
          {[t("handle"), t("registered", { zone: f.zone }), t("verified"), t("device"), t("ip"), t("room"), t("roomStatus"), t("risk")].map((h) => (
            <th scope="col" key={h} className="text-left font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody
        ref={scroll}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable and scrollable from the keyboard (WCAG 2.1.1, axe scrollable-region-focusable)
        tabIndex={0}
        className="block h-80 overflow-y-auto before:block before:h-(--rows-before) after:block after:h-(--rows-after)"
        style={{ "--rows-before": `${before}px`, "--rows-after": `${after}px` } as CSSProperties}
      >
        {items.map((it) => {
          const m = members[it.index];
          return (
            <tr aria-rowindex={it.index + 2} key={m.id} className={`grid ${COLS} items-center gap-2 border-b border-line/40 px-2`} style={{ height: ROW }}>
              <td className="untrusted truncate">
                @{m.handle}
                {m.banned ? t("banned") : ""}
              </td>
              <td className="tabular">{f.dateTime(m.registeredAt)}</td>
              <td>{m.verified ? t("yes") : t("no")}</td>
              <td className="untrusted truncate font-mono">{m.deviceId ?? "—"}</td>
              <td className="truncate font-mono">{m.ip ?? "—"}</td>
              <td className="untrusted truncate">{m.roomTitle ?? "—"}</td>
              <td>{m.roomStatus ? tr(m.roomStatus) : "—"}</td>
              <td className="tabular">{m.risk === null ? "—" : Math.round(m.risk * 100)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
