"use client";
import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useHotkeys } from "react-hotkeys-hook";
import type { WallRoom } from "@/server/contracts/wall";
import { Button } from "@/components/ui/button";
import { useWallFeed } from "./use-wall-feed";
import { useWallActions } from "./use-wall-actions";
import { revealPending, type WallState } from "./wall-store";
import { wallFeedKey } from "./wall-cache";
import { WallGrid } from "./wall-grid";
import { WallCounters } from "./wall-counters";
import { WallFilters } from "./wall-filters";
import { WallHelp } from "./wall-help";
import { filterFromParams, filterToParams } from "./filter-params";
import { MassTakedownDialog } from "@/components/takedown/mass-takedown-dialog";
import { ActiveBatches } from "@/components/takedown/active-batches";
import type { Selection } from "@/server/takedown/selection";

export function WallView({ canAct, allowedHosts }: { canAct: boolean; allowedHosts: string[] }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { filter, invalid } = useMemo(() => filterFromParams(new URLSearchParams(params.toString())), [params]);
  const feed = useWallFeed(filter);
  const qc = useQueryClient();
  const actions = useWallActions(feed.key);
  const { run: runAction, undo: undoAction } = actions;
  const [focusIndex, setFocusIndex] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [revealedId, setRevealedId] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [mass, setMass] = useState<{ selection: Selection; title: string } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);

  const state = feed.data;
  // In a flood the state changes with every diff while the rooms on screen mostly do not (new
  // ones wait behind the bar): the same rooms keep the same array, so the cards, their callbacks
  // and the grid are not rendered again for each diff.
  const shownRef = useRef<WallRoom[]>([]);
  const rooms: WallRoom[] = useMemo(() => {
    const next = state ? state.order.map((id) => state.byId[id]).filter(Boolean) : [];
    const prev = shownRef.current;
    if (prev.length === next.length && next.every((r, i) => r === prev[i])) return prev;
    shownRef.current = next;
    return next;
  }, [state]);
  const pendingCount = (state?.pending.length ?? 0) + (state?.overflow ?? 0);
  const focused = rooms[Math.min(focusIndex, rooms.length - 1)];

  // Selections of rooms that left the wall are dropped.
  useEffect(() => {
    if (!state || selected.size === 0) return;
    const still = [...selected].filter((id) => state.byId[id]);
    if (still.length !== selected.size) setSelected(new Set(still));
  }, [state, selected]);

  useEffect(() => {
    if (focusIndex > 0 && focusIndex >= rooms.length) setFocusIndex(Math.max(0, rooms.length - 1));
  }, [rooms.length, focusIndex]);

  const setFilter = (f: typeof filter) => {
    const q = filterToParams(f);
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
    setFocusIndex(0);
    setSelected(new Set());
  };

  const { reload } = feed;
  const reveal = useCallback(() => {
    const s = qc.getQueryData<WallState>(wallFeedKey(feed.key));
    if (s?.overflow) void reload();
    else qc.setQueryData<WallState>(wallFeedKey(feed.key), (x) => (x ? revealPending(x) : x));
    setFocusIndex(0);
  }, [qc, feed.key, reload]);

  // What the callbacks below read when they run: they stay the same functions across diffs, so
  // the cards they are passed to are not rendered again.
  const live = useRef({ rooms, selected, focusIndex, anchor });
  live.current = { rooms, selected, focusIndex, anchor };

  const toggleSelect = useCallback((index: number, range: boolean) => {
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
  const indexOf = (id: string) => live.current.rooms.findIndex((r) => r.id === id);
  const focusRoom = useCallback((id: string) => {
    const i = indexOf(id);
    if (i >= 0) setFocusIndex(i);
  }, []);
  const toggleSelectRoom = useCallback(
    (id: string, range: boolean) => {
      const i = indexOf(id);
      if (i >= 0) toggleSelect(i, range);
    },
    [toggleSelect],
  );

  const act = useCallback(
    (kind: "TAKEDOWN" | "DISMISS" | "ESCALATE", ids?: string[]) => {
      if (!canAct) return;
      const { rooms: list, selected: sel, focusIndex: fi } = live.current;
      const focusedRoom = list[Math.min(fi, list.length - 1)];
      const chosen = ids ? new Set(ids) : sel;
      const targets = ids || sel.size ? list.filter((r) => chosen.has(r.id)) : focusedRoom ? [focusedRoom] : [];
      runAction(kind, targets);
      if (!ids || sel.size) setSelected(new Set());
    },
    [canAct, runAction],
  );

  const move = (d: number) => setFocusIndex((i) => Math.max(0, Math.min(rooms.length - 1, i + d)));
  useHotkeys("j", () => move(1), [rooms.length]);
  useHotkeys("k", () => move(-1), [rooms.length]);
  useHotkeys("x", () => toggleSelect(focusIndex, false), [focusIndex, toggleSelect]);
  useHotkeys("shift+x", () => toggleSelect(focusIndex, true), [focusIndex, toggleSelect]);
  useHotkeys("t", () => act("TAKEDOWN"), [act]);
  useHotkeys("d", () => act("DISMISS"), [act]);
  useHotkeys("e", () => act("ESCALATE"), [act]);
  useHotkeys("u", () => canAct && undoAction(), [undoAction, canAct]);
  useHotkeys("n", () => reveal(), [reveal]);
  useHotkeys("v", () => setRevealedId((id) => (id === focused?.id ? null : (focused?.id ?? null))), [focused]);
  useHotkeys("escape", () => setSelected(new Set()));
  const openMass = useCallback(() => {
    if (!canAct) return;
    setMass(
      selected.size
        ? { selection: { kind: "manual", roomIds: [...selected] }, title: `Take down ${selected.size} selected rooms` }
        : { selection: { kind: "filter", filter }, title: "Take down every room matching the filter" },
    );
  }, [canAct, selected, filter]);
  useHotkeys("shift+t", openMass, [openMass]);
  // "?" is Shift+/ on most layouts and other keys elsewhere: match the produced character.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === "?" && !(t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName)))) setHelp(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

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
        open={mass !== null}
        onOpenChange={(o) => {
          if (!o) {
            setMass(null);
            setSelected(new Set());
          }
        }}
        selection={mass?.selection ?? null}
        title={mass?.title ?? ""}
      />
    </div>
  );
}
