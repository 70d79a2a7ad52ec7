"use client";
import type { QueryClient } from "@tanstack/react-query";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/contracts/realtime";
import type { useTRPC } from "./trpc";
import { onWallDiff, onWallStats, onWallTotal } from "@/components/wall/wall-cache";
import { decodeDiff } from "@/server/contracts/wall-wire";
import { onBatchProgress } from "@/components/takedown/takedown-cache";
import { invalidateRules } from "@/components/rules/cache";

type TRPC = ReturnType<typeof useTRPC>;

/** The page's socket, typed by the realtime contract. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Presence is small and global: kept in the cache under a fixed key. */
export const PRESENCE_KEY = ["realtime", "presence"] as const;
/** The latest P0/P1 declared while this page was open. */
export const DECLARED_KEY = ["realtime", "incident-declared"] as const;
/** The latest rule whose breaker tripped, and the latest request for a second lead (rules and playbooks). */
export const RULE_TRIPPED_KEY = ["realtime", "rule-tripped"] as const;
export const FOUR_EYES_KEY = ["realtime", "four-eyes-request"] as const;
/** Who else has which room focused on the wall (userId → name and room). */
export const VIEWING_KEY = ["realtime", "viewing"] as const;
export interface Viewing {
  name: string;
  roomId: string | null;
}
/** A bulk undo's progress, per rule. */
export const undoProgressKey = (ruleId: string) => ["realtime", "rule-undo", ruleId] as const;

/**
 * Maps each server event onto the query cache (setQueryData for small deltas,
 * invalidateQueries for the rest). Components read the cache, never the socket.
 */
export function bindRealtimeToCache(socket: AppSocket, qc: QueryClient, trpc: TRPC): () => void {
  const onPresence = (p: { moderatorsOnline: number }) => qc.setQueryData(PRESENCE_KEY, p);
  const onDiff: Parameters<typeof socket.on<"wall:diff">>[1] = (d) => onWallDiff(qc, decodeDiff(d));
  const onStats: Parameters<typeof socket.on<"wall:stats">>[1] = (s) => onWallStats(qc, s);
  const onTotal: Parameters<typeof socket.on<"wall:total">>[1] = (p) => onWallTotal(qc, p);
  const onViewing: Parameters<typeof socket.on<"wall:viewing">>[1] = (p) =>
    qc.setQueryData<Map<string, Viewing>>(VIEWING_KEY, (m) => {
      const next = new Map(m ?? []);
      if (p.roomId) next.set(p.userId, { name: p.name, roomId: p.roomId });
      else next.delete(p.userId);
      return next;
    });
  const onProgress: Parameters<typeof socket.on<"takedown:progress">>[1] = (p) => onBatchProgress(qc, p);
  // Approvals and decisions are rare: refetch the lists that show them.
  const onApproval = () => void qc.invalidateQueries(trpc.takedown.pendingApprovals.pathFilter());
  const onDecided = () => {
    void qc.invalidateQueries(trpc.takedown.pendingApprovals.pathFilter());
    void qc.invalidateQueries(trpc.takedown.list.pathFilter());
  };
  const onClusters = () => {
    void qc.invalidateQueries(trpc.clusters.list.pathFilter());
    void qc.invalidateQueries(trpc.clusters.detail.pathFilter());
  };
  const onAlert: Parameters<typeof socket.on<"wave:alert">>[1] = (a) => qc.setQueryData(trpc.clusters.currentAlert.queryKey(), a.closedAt ? null : a);
  const onIncident: Parameters<typeof socket.on<"incident:changed">>[1] = (p) => {
    void qc.invalidateQueries(trpc.incidents.get.queryFilter({ id: p.id }));
    void qc.invalidateQueries(trpc.incidents.list.pathFilter());
  };
  const onDeclared: Parameters<typeof socket.on<"incident:declared">>[1] = (p) => {
    qc.setQueryData(DECLARED_KEY, p);
    void qc.invalidateQueries(trpc.incidents.list.pathFilter());
  };
  const onControls = () => void qc.invalidateQueries(trpc.controls.list.pathFilter());
  // Orders' running counts change often during a wave; the server sends at most two a second per order.
  const onOrders = () => {
    void qc.invalidateQueries(trpc.orders.list.pathFilter());
    void qc.invalidateQueries(trpc.orders.get.pathFilter());
  };
  const onRules = () => invalidateRules(qc, trpc);
  const onTripped: Parameters<typeof socket.on<"rule:tripped">>[1] = (p) => {
    qc.setQueryData(RULE_TRIPPED_KEY, { ...p, at: Date.now() });
    onRules();
  };
  const onEnforceRequest: Parameters<typeof socket.on<"rule:enforce-request">>[1] = (p) => {
    qc.setQueryData(FOUR_EYES_KEY, { kind: "rule", ...p, at: Date.now() });
    onRules();
  };
  const onUndoProgress: Parameters<typeof socket.on<"rule:undo-progress">>[1] = (p) => qc.setQueryData(undoProgressKey(p.ruleId), p);
  const onPlaybooks = () => {
    void qc.invalidateQueries(trpc.playbooks.pathFilter());
  };
  const onArmRequest: Parameters<typeof socket.on<"playbook:arm-request">>[1] = (p) => {
    qc.setQueryData(FOUR_EYES_KEY, { kind: "playbook", ...p, at: Date.now() });
    onPlaybooks();
  };
  // Events sent while the socket was away are not replayed: after a reconnect every query on
  // the page is fetched again (the wall re-subscribes and merges a fresh snapshot by version).
  let wasConnected = socket.connected;
  const onConnect = () => {
    if (wasConnected) void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "wall" });
    wasConnected = true;
  };
  socket.on("connect", onConnect);
  socket.on("incident:changed", onIncident);
  socket.on("incident:declared", onDeclared);
  socket.on("controls:changed", onControls);
  socket.on("orders:changed", onOrders);
  socket.on("order:approval", onOrders);
  socket.on("clusters:changed", onClusters);
  socket.on("wave:alert", onAlert);
  socket.on("presence:update", onPresence);
  socket.on("wall:diff", onDiff);
  socket.on("wall:stats", onStats);
  socket.on("wall:total", onTotal);
  socket.on("wall:viewing", onViewing);
  socket.on("takedown:progress", onProgress);
  socket.on("takedown:approval", onApproval);
  socket.on("takedown:decided", onDecided);
  socket.on("rules:changed", onRules);
  socket.on("rules:hits", onRules);
  socket.on("rule:tripped", onTripped);
  socket.on("rule:enforce-request", onEnforceRequest);
  socket.on("rule:undo-progress", onUndoProgress);
  socket.on("playbooks:changed", onPlaybooks);
  socket.on("playbook:pending", onPlaybooks);
  socket.on("playbook:run", onPlaybooks);
  socket.on("playbook:arm-request", onArmRequest);
  return () => {
    socket.off("rules:changed", onRules);
    socket.off("rules:hits", onRules);
    socket.off("rule:tripped", onTripped);
    socket.off("rule:enforce-request", onEnforceRequest);
    socket.off("rule:undo-progress", onUndoProgress);
    socket.off("playbooks:changed", onPlaybooks);
    socket.off("playbook:pending", onPlaybooks);
    socket.off("playbook:run", onPlaybooks);
    socket.off("playbook:arm-request", onArmRequest);
    socket.off("connect", onConnect);
    socket.off("incident:changed", onIncident);
    socket.off("incident:declared", onDeclared);
    socket.off("controls:changed", onControls);
    socket.off("orders:changed", onOrders);
    socket.off("order:approval", onOrders);
    socket.off("clusters:changed", onClusters);
    socket.off("wave:alert", onAlert);
    socket.off("takedown:progress", onProgress);
    socket.off("takedown:approval", onApproval);
    socket.off("takedown:decided", onDecided);
    socket.off("presence:update", onPresence);
    socket.off("wall:diff", onDiff);
    socket.off("wall:stats", onStats);
    socket.off("wall:total", onTotal);
    socket.off("wall:viewing", onViewing);
  };
}
