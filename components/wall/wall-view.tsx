"use client";
import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useWallFeed } from "./use-wall-feed";
import { useWallActions } from "./use-wall-actions";
import { useShownRooms } from "./use-shown-rooms";
import { useWallFocus } from "./use-wall-focus";
import { useWallSelection } from "./use-wall-selection";
import { useWallHotkeys } from "./use-wall-hotkeys";
import { useNow } from "./use-now";
import { revealPending, type WallState } from "./wall-store";
import { wallFeedKey } from "./wall-cache";
import { WallGrid } from "./wall-grid";
import { WallCounters } from "./wall-counters";
import { WallFilters } from "./wall-filters";
import { WallHelp } from "./wall-help";
import { filterFromParams, filterToParams } from "./filter-params";
import { MassTakedownDialog } from "@/components/takedown/mass-takedown-dialog";
import { ActiveBatches } from "@/components/takedown/active-batches";
import type { Selection } from "@/server/contracts/takedown";

export function WallView({ canAct, allowedHosts }: { canAct: boolean; allowedHosts: string[] }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { filter, invalid } = useMemo(() => filterFromParams(new URLSearchParams(params.toString())), [params]);
  const feed = useWallFeed(filter);
  const qc = useQueryClient();
  const actions = useWallActions(feed.key);
  const { run: runAction, undo: undoAction } = actions;
  const state = feed.data;
  const rooms = useShownRooms(state);
  const { focusIndex, setFocusIndex, focused, focusRoom, indexOf, move } = useWallFocus(rooms);
  const { selected, toggle: toggleSelect, clear: clearSelection } = useWallSelection(rooms, state?.byId);
  const [revealedId, setRevealedId] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [mass, setMass] = useState<{ selection: Selection; title: string } | null>(null);
  const now = useNow(5000);
  const pendingCount = (state?.pending.length ?? 0) + (state?.overflow ?? 0);

  const setFilter = (f: typeof filter) => {
    const q = filterToParams(f);
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
    setFocusIndex(0);
    clearSelection();
  };

  const { reload } = feed;
  const reveal = useCallback(() => {
    const s = qc.getQueryData<WallState>(wallFeedKey(feed.key));
    if (s?.overflow) void reload();
    else qc.setQueryData<WallState>(wallFeedKey(feed.key), (x) => (x ? revealPending(x) : x));
    setFocusIndex(0);
  }, [qc, feed.key, reload, setFocusIndex]);

  // What the callbacks below read when they run: they stay the same functions across diffs, so
  // the cards they are passed to are not rendered again.
  const live = useRef({ rooms, selected, focusIndex });
  live.current = { rooms, selected, focusIndex };
  const toggleSelectRoom = useCallback(
    (id: string, range: boolean) => {
      const i = indexOf(id);
      if (i >= 0) toggleSelect(i, range);
    },
    [indexOf, toggleSelect],
  );
  const act = useCallback(
    (kind: "TAKEDOWN" | "DISMISS" | "ESCALATE", ids?: string[]) => {
      if (!canAct) return;
      const { rooms: list, selected: sel, focusIndex: fi } = live.current;
      const focusedRoom = list[Math.min(fi, list.length - 1)];
      const chosen = ids ? new Set(ids) : sel;
      const targets = ids || sel.size ? list.filter((r) => chosen.has(r.id)) : focusedRoom ? [focusedRoom] : [];
      runAction(kind, targets);
      if (!ids || sel.size) clearSelection();
    },
    [canAct, runAction, clearSelection],
  );
  const openMass = useCallback(() => {
    if (!canAct) return;
    setMass(
      selected.size
        ? { selection: { kind: "manual", roomIds: [...selected] }, title: `Take down ${selected.size} selected rooms` }
        : { selection: { kind: "filter", filter }, title: "Take down every room matching the filter" },
    );
  }, [canAct, selected, filter]);
  useWallHotkeys({
    move,
    toggleSelect: (range) => toggleSelect(focusIndex, range),
    act: (kind) => act(kind),
    undo: () => canAct && undoAction(),
    reveal,
    toggleBlur: () => setRevealedId((id) => (id === focused?.id ? null : (focused?.id ?? null))),
    clearSelection,
    openMass,
    openHelp: () => setHelp(true),
  });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="no-print flex flex-col gap-2 border-b border-line px-3 py-2">
        <div className="flex items-center gap-3">
          <h1 className="text-base font-semibold">Live wall</h1>
          <WallCounters />
          <div className="ml-auto flex items-center gap-2">
            <span className="text-xs text-muted" aria-live="polite">
              {selected.size ? `${selected.size} selected` : null}
            </span>
            {canAct ? (
              <Button size="sm" variant="danger" onClick={openMass} aria-keyshortcuts="Shift+T" disabled={!state || (state.total === 0 && selected.size === 0)}>
                {selected.size ? `Take down selected (${selected.size})…` : `Take down all matching (${(state?.total ?? 0).toLocaleString()})…`}
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" onClick={() => setHelp(true)} aria-keyshortcuts="?">
              Shortcuts (?)
            </Button>
          </div>
        </div>
        <WallFilters filter={filter} onChange={setFilter} />
        {invalid ? (
          <p role="alert" className="text-xs text-warn">
            The filter in the address was not valid; showing all rooms.
          </p>
        ) : null}
        {feed.subscribeError ? (
          <p role="alert" className="text-xs text-danger">
            {feed.subscribeError}
          </p>
        ) : null}
      </div>
      <ActiveBatches />
      <div className="flex h-9 shrink-0 items-center gap-3 px-3 text-xs">
        <span className="tabular text-muted" data-testid="wall-count">
          {state ? `${rooms.length.toLocaleString()} shown · ${state.total.toLocaleString()} matching` : "Loading…"}
        </span>
        {pendingCount > 0 ? (
          <button
            type="button"
            onClick={reveal}
            data-testid="new-bar"
            aria-keyshortcuts="n"
            className="rounded-full border border-accent/60 bg-accent/15 px-3 py-0.5 font-medium text-ink hover:bg-accent/25"
          >
            {pendingCount.toLocaleString()} new · show (n)
          </button>
        ) : null}
        <p role="status" className={`ml-auto truncate ${actions.message?.tone === "error" ? "text-danger" : "text-muted"}`} data-testid="wall-status">
          {actions.message?.text ?? ""}
        </p>
      </div>
      {state && rooms.length === 0 ? (
        <p className="m-6 text-muted">No flagged live rooms match. New ones appear here as they are flagged.</p>
      ) : (
        <WallGrid
          rooms={rooms}
          focusIndex={focusIndex}
          selected={selected}
          revealedId={revealedId}
          now={now}
          allowedHosts={allowedHosts}
          canAct={canAct}
          onFocus={focusRoom}
          onToggleSelect={toggleSelectRoom}
          onAct={act}
        />
      )}
      <WallHelp open={help} onOpenChange={setHelp} />
      <MassTakedownDialog
        selection={mass?.selection ?? null}
        title={mass?.title ?? ""}
        onClose={() => {
          setMass(null);
          clearSelection();
        }}
      />
    </div>
  );
}
