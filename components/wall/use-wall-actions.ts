"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import type { WallRoom } from "@/server/contracts/wall";
import { LABEL_WEIGHT } from "@/server/contracts/ingest";
import { removeLocally, type WallState } from "./wall-store";
import { wallFeedKey } from "./wall-cache";
import { useOutcomeText } from "@/components/takedown/use-outcome-text";
import { LABEL_TEXT } from "./format";

type Kind = "TAKEDOWN" | "DISMISS" | "ESCALATE";
/** The policy reason a quick takedown cites: the gravest label among the rooms (kept in English: it is the audit record). */
export function quickReason(rooms: WallRoom[]): string {
  let best: string | null = null;
  for (const r of rooms) for (const l of r.labels) if (!best || LABEL_WEIGHT[l] > LABEL_WEIGHT[best as keyof typeof LABEL_WEIGHT]) best = l;
  return `Policy: ${LABEL_TEXT[best ?? "other"] ?? best}`;
}

/**
 * Takedown / dismiss / escalate from the wall, optimistic: the cards leave at once (cancel →
 * set → roll back on error), and the server's diff confirms. `undo` reverses the last one.
 */
export function useWallActions(feedKey: string) {
  const t = useTranslations("wall.actions");
  const { why } = useOutcomeText();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [message, setMessage] = useState<{ text: string; tone: "ok" | "error" } | null>(null);
  const last = useRef<{ actionIds: string[]; kind: Kind; count: number } | null>(null);

  const act = useMutation(
    trpc.wall.act.mutationOptions({
      onMutate: async (vars) => {
        const key = wallFeedKey(feedKey);
        await qc.cancelQueries({ queryKey: key });
        const prev = qc.getQueryData<WallState>(key);
        if (prev && vars.kind !== "ESCALATE") qc.setQueryData<WallState>(key, removeLocally(prev, vars.roomIds));
        return { prev };
      },
      onError: (err, _vars, ctx) => {
        if (ctx?.prev) qc.setQueryData(wallFeedKey(feedKey), ctx.prev);
        setMessage({ text: err.message, tone: "error" });
      },
      onSuccess: (res, vars) => {
        last.current = { actionIds: res.applied.map((a) => a.actionId), kind: vars.kind, count: res.applied.length };
        const skipped = res.skipped.length ? t("skipped", { n: res.skipped.length, why: why(res.skipped[0].why) }) : "";
        setMessage({ text: t("done", { kind: vars.kind, n: res.applied.length, skipped }), tone: "ok" });
      },
    }),
  );

  const undoMutation = useMutation(
    trpc.wall.undo.mutationOptions({
      onSuccess: (res) => setMessage({ text: t("undone", { n: res.applied.length }), tone: "ok" }),
      onError: (err) => setMessage({ text: err.message, tone: "error" }),
    }),
  );

  // Stable functions: the wall passes them down to every card, which must not render again
  // each time a diff arrives.
  const { mutate: mutateAct } = act;
  const { mutate: mutateUndo } = undoMutation;
  const run = useCallback(
    (kind: Kind, rooms: WallRoom[]) => {
      if (rooms.length === 0) return;
      mutateAct({ kind, roomIds: rooms.map((r) => r.id), reason: kind === "TAKEDOWN" ? quickReason(rooms) : undefined });
    },
    [mutateAct],
  );
  const undo = useCallback(() => {
    const l = last.current;
    if (!l || l.actionIds.length === 0) return setMessage({ text: t("nothingToUndo"), tone: "error" });
    last.current = null;
    mutateUndo({ actionIds: l.actionIds });
  }, [mutateUndo, t]);
  return { message, pending: act.isPending || undoMutation.isPending, run, undo };
}
