import { z } from "zod";
import type { Role } from "./roles";
import type { WallRemoval, WallStats } from "./wall";
import type { WireDiff, WireRoom } from "./wall-wire";
import { ZWallFilter, type WallFilter } from "./wall";
import type { BatchProgress } from "./takedown";
import type { WaveAlert } from "./alerts";

/**
 * The one realtime contract between server and browser. Server→client payloads are built by
 * the server; client→server payloads are parsed with the schemas below before use.
 */
export interface ServerToClientEvents {
  /** The server ends this session (deactivated, role changed or signed out elsewhere). */
  "session:ended": (p: { reason: string }) => void;
  "presence:update": (p: { moderatorsOnline: number }) => void;
  /** Coalesced wall changes for the subscriber's filter, in the compact wire form
   * (`server/wall/wire.ts`: decodeDiff); merge by per-room version. */
  "wall:diff": (p: WireDiff) => void;
  "wall:stats": (p: WallStats) => void;
  /** How many rooms match a filter group, counted by the database: a long-open page never drifts from a fresh load. */
  "wall:total": (p: { key: string; total: number; at: number }) => void;
  /** Who is looking at which room (their focused card), as people move; null when they leave. */
  "wall:viewing": (p: { userId: string; name: string; roomId: string | null }) => void;
  /** Delivery progress of a mass takedown, to everyone who can see batches. */
  "takedown:progress": (p: BatchProgress) => void;
  /** A moderator's batch above the four-eyes threshold waits for a shift lead. */
  "takedown:approval": (p: { id: string; requestedBy: string; count: number; reason: string }) => void;
  "takedown:decided": (p: { id: string; status: string; by: string; reason: string | null }) => void;
  /** Cluster membership or stats changed (throttled); lists refetch. */
  "clusters:changed": () => void;
  /** An attack wave was detected (or its alert changed or closed). */
  "wave:alert": (p: WaveAlert) => void;
  /** A P0/P1 was declared (or escalated to): every online user is told at once. */
  "incident:declared": (p: { id: string; number: number; severity: string; title: string; declaredBy: string }) => void;
  /** An incident changed: open incident pages refetch it. */
  "incident:changed": (p: { id: string }) => void;
  /** Live controls changed. */
  "controls:changed": () => void;
  /** A standing containment order changed (status or running counts; throttled). */
  "orders:changed": (p: { id: string }) => void;
  /** A moderator's containment order waits for a shift lead. */
  "order:approval": (p: { id: string; requestedBy: string; rings: number; reason: string }) => void;
  /** A rule was created, edited or changed mode. */
  "rules:changed": (p: { id: string }) => void;
  /** A rule recorded new hits (at most once a second per rule). */
  "rules:hits": (p: { id: string }) => void;
  /** A lead asks to enforce a rule that takes rooms down: a second shift lead decides. */
  "rule:enforce-request": (p: { id: string; name: string; byEmail: string }) => void;
  /** A rule's breaker tripped: it dropped to shadow. */
  "rule:tripped": (p: { id: string; name: string; reason: string }) => void;
  /** A bulk undo of a rule's actions advanced. */
  "rule:undo-progress": (p: { ruleId: string; done: number; total: number; what: string }) => void;
  "playbooks:changed": (p: { id: string }) => void;
  /** An evidence export this user started advanced (or is ready, or failed). */
  "evidence:progress": (p: {
    id: string;
    incidentId: string;
    status?: string;
    step?: number;
    steps?: number;
    stepLabel?: string;
    bytes?: number | null;
    error?: string | null;
  }) => void;
  /** An armed playbook will run at fireAt unless a lead cancels it. */
  "playbook:pending": (p: { id: string; playbookId: string; name: string; fireAt: number; alertId: string }) => void;
  "playbook:run": (p: { id: string; playbookId: string; status: string; byEmail: string | null }) => void;
  "playbook:arm-request": (p: { id: string; name: string; byEmail: string }) => void;
}

export type Ack<T> = (res: { ok: true; data: T } | { ok: false; error: string }) => void;

export interface ClientToServerEvents {
  ping: (ack: (p: { at: number }) => void) => void;
  /** Start (or change the filter of) this socket's wall subscription. */
  "wall:subscribe": (filter: unknown, ack: Ack<{ key: string }>) => void;
  "wall:unsubscribe": (ack?: Ack<null>) => void;
  /** The room this page has focused (null: none), for the others' presence markers. */
  "wall:focus": (roomId: unknown, ack?: Ack<null>) => void;
}

/** Between server processes (through the Redis adapter when REDIS_URL is set). */
export interface InterServerEvents {
  "wall:delta": (p: { t: number; rooms: WireRoom[] }) => void;
  "wall:removed": (p: { rooms: WallRemoval[] }) => void;
  /** A process's wall filter groups, every totals tick: the process holding the counting lease counts them all. */
  "wall:groups": (p: { groups: { key: string; filter: WallFilter }[] }) => void;
}

export interface SocketData {
  userId: string;
  name: string;
  role: Role;
  sessionId: string;
  wallKey?: string;
}

const ALL: readonly Role[] = ["MODERATOR", "SHIFT_LEAD", "EXECUTIVE", "ADMIN"];
/** Every client→server event name, with the roles allowed to send it. */
export const CLIENT_EVENT_ROLES: Record<keyof ClientToServerEvents, readonly Role[]> = {
  ping: ALL,
  "wall:subscribe": ["MODERATOR", "SHIFT_LEAD", "ADMIN"],
  "wall:unsubscribe": ["MODERATOR", "SHIFT_LEAD", "ADMIN"],
  "wall:focus": ["MODERATOR", "SHIFT_LEAD", "ADMIN"],
};

export const ZWallSubscribe = ZWallFilter;
export const ZWallFocus = z.string().min(1).max(200).nullable();
export { z };
