"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { useWallFeed } from "./use-wall-feed";
import { useWallActions } from "./use-wall-actions";
import { useShownRooms } from "./use-shown-rooms";
import { useWallFocus } from "./use-wall-focus";
import { useWallSelection } from "./use-wall-selection";
import { useWallHotkeys } from "./use-wall-hotkeys";
import { useNow } from "./use-now";
import { newCount, revealPending, type WallState } from "./wall-store";
import { wallFeedKey } from "./wall-cache";
import { WallGrid } from "./wall-grid";
import { WallCounters } from "./wall-counters";
import { WallFilters } from "./wall-filters";
import { WallHelp } from "./wall-help";
import { filterFromParams, filterToParams } from "./filter-params";
import { MassTakedownDialog } from "@/components/takedown/mass-takedown-dialog";
import { ActiveBatches } from "@/components/takedown/active-batches";
import type { Selection } from "@/server/contracts/takedown";
import { isFiltered } from "@/server/contracts/wall";
import { useTRPC } from "@/components/providers/trpc";
import { usePresence } from "./use-presence";

export function WallView({ canAct, allowedHosts, me }: { canAct: boolean; allowedHosts: string[]; me: { id: string; name: string } }) {
  const t = useTranslations("wall");
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
  const viewers = usePresence(focused?.id, me.id);
  const trpc = useTRPC();
  const [claimNote, setClaimNote] = useState<string | null>(null);
  const claimDone = (r: { claimed: string[]; heldByOthers: { roomId: string; by: string }[]; limit: number }) =>
    setClaimNote(
      [
        r.claimed.length ? t("claim.yours", { n: r.claimed.length }) : t("claim.nothing"),
        r.heldByOthers.length ? t("claim.heldByOthers", { n: r.heldByOthers.length, by: r.heldByOthers[0].by }) : "",
      ]
        .filter(Boolean)
        .join(" "),
    );
  const claim = useMutation(trpc.wall.claim.mutationOptions({ onSuccess: claimDone, onError: (e) => setClaimNote(e.message) }));
  const claimNextM = useMutation(trpc.wall.claimNext.mutationOptions({ onSuccess: claimDone, onError: (e) => setClaimNote(e.message) }));
  const release = useMutation(
    trpc.wall.release.mutationOptions({
      onSuccess: (r) => setClaimNote(t("claim.released", { n: r.released })),
      onError: (e) => setClaimNote(e.message),
    }),
  );
  const mine = filter.claimedBy === me.id;
  // Everything matching that is not on screen: the database's count, not a tally of diffs.
  const pendingCount = state ? newCount(state) : 0;
  const filtered = isFiltered(filter);

  const setFilter = (next: typeof filter) => {
    const q = filterToParams(next);
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
    setFocusIndex(0);
    clearSelection();
  };

  const { reload } = feed;
  const reveal = useCallback(() => {
    const s = qc.getQueryData<WallState>(wallFeedKey(feed.key));
    // Rooms the page let go of in a flood (or never received) come back ranked from the server.
    if (s && (s.dropped.size > 0 || newCount(s) > s.pending.length)) void reload();
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
      const wanted = ids || sel.size ? list.filter((r) => chosen.has(r.id)) : focusedRoom ? [focusedRoom] : [];
      // Rooms someone else is handling stay theirs: said at once, not sent.
      const targets = wanted.filter((r) => !r.claimedBy || r.claimedBy.id === me.id);
      if (targets.length < wanted.length) {
        const other = wanted.find((r) => r.claimedBy && r.claimedBy.id !== me.id)!;
        setClaimNote(t("claim.skipped", { n: wanted.length - targets.length, name: other.claimedBy!.name }));
      }
      runAction(kind, targets);
      if (!ids || sel.size) clearSelection();
    },
    [canAct, runAction, clearSelection, me.id, t],
  );
  const openMass = useCallback(() => {
    if (!canAct) return;
    // The whole wall is never one click from a takedown: without a filter only a selection can go.
    if (!selected.size && !filtered) return;
    setMass(
      selected.size
        ? { selection: { kind: "manual", roomIds: [...selected] }, title: t("massTitle.selected", { n: selected.size }) }
        : { selection: { kind: "filter", filter }, title: t("massTitle.filter") },
    );
  }, [canAct, selected, filter, filtered, t]);
  /** c: claim the focused room (or the selection); on rooms that are already yours, release them. */
  const toggleClaim = useCallback(() => {
    if (!canAct) return;
    const { rooms: list, selected: sel, focusIndex: fi } = live.current;
    const targets = sel.size ? list.filter((r) => sel.has(r.id)) : list[fi] ? [list[fi]] : [];
    if (targets.length === 0) return;
    if (targets.every((r) => r.claimedBy?.id === me.id)) release.mutate({ roomIds: targets.map((r) => r.id), anyone: false });
    else claim.mutate({ roomIds: targets.slice(0, 50).map((r) => r.id) });
  }, [canAct, me.id, claim, release]);
  // Called through the hotkeys' ref and by buttons: plain functions, not memoized.
  const toggleMine = () => setFilter({ ...filter, claimedBy: mine ? null : me.id });
  const claimNext = () => canAct && claimNextM.mutate({ filter: { ...filter, claimedBy: null }, n: 10 });
  useWallHotkeys({
    claim: toggleClaim,
    toggleMine,
    claimNext,
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
          <h1 className="text-base font-semibold">{t("title")}</h1>
          <WallCounters />
          <div className="ml-auto flex items-center gap-2">
            <span className="text-xs text-muted" aria-live="polite">
              {selected.size ? t("selectedCount", { n: selected.size }) : null}
            </span>
            {canAct ? (
              <>
                <Button
                  size="sm"
                  aria-pressed={mine}
                  variant={mine ? "primary" : "secondary"}
                  onClick={toggleMine}
                  aria-keyshortcuts="m"
                  data-testid="my-queue"
                >
                  {t("myQueue")}
                </Button>
                <Button size="sm" onClick={claimNext} aria-keyshortcuts="Shift+C" disabled={claimNextM.isPending}>
                  {t("claimNext")}
                </Button>
              </>
            ) : null}
            {canAct && (selected.size || filtered) ? (
              <Button
                size="sm"
                variant="danger"
                onClick={openMass}
                aria-keyshortcuts="Shift+T"
                disabled={!selected.size && (!state || feed.isFetching || state.total === 0)}
                data-testid="mass-takedown"
              >
                {selected.size
                  ? t("takeDownSelected", { n: selected.size })
                  : state && !feed.isFetching
                    ? t("takeDownMatching", { n: state.total })
                    : t("takeDownCounting")}
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" onClick={() => setHelp(true)} aria-keyshortcuts="?">
              {t("shortcuts")}
            </Button>
          </div>
        </div>
        <WallFilters filter={filter} onChange={setFilter} />
        {invalid ? (
          <p role="alert" className="text-xs text-warn">
            {t("invalidFilter")}
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
          {state ? t("count", { shown: rooms.length, total: state.total }) : feed.error ? null : feed.isFetching ? t("loading") : t("connecting")}
        </span>
        {!state && feed.error ? (
          <span role="alert" className="flex items-center gap-2 text-danger">
            {t("loadFailed", { error: feed.error.message })}
            <Button size="sm" onClick={() => void feed.refetch()}>
              {t("tryAgain")}
            </Button>
          </span>
        ) : null}
        {pendingCount > 0 ? (
          <button
            type="button"
            onClick={reveal}
            data-testid="new-bar"
            aria-keyshortcuts="n"
            className="rounded-full border border-accent/60 bg-accent/15 px-3 py-0.5 font-medium text-ink hover:bg-accent/25"
          >
            {t("newBar", { n: pendingCount })}
          </button>
        ) : null}
        <p role="status" className="truncate text-muted" data-testid="claim-status">
          {claimNote ?? ""}
        </p>
        <p role="status" className={`ml-auto truncate ${actions.message?.tone === "error" ? "text-danger" : "text-muted"}`} data-testid="wall-status">
          {actions.message?.text ?? ""}
        </p>
      </div>
      {state && rooms.length === 0 ? (
        <p className="m-6 text-muted">{mine ? t("emptyMine") : t("empty")}</p>
      ) : (
        <WallGrid
          rooms={rooms}
          focusIndex={focusIndex}
          selected={selected}
          revealedId={revealedId}
          now={now}
          allowedHosts={allowedHosts}
          canAct={canAct}
          meId={me.id}
          viewers={viewers}
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
