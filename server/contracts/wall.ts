import { z } from "zod";
import { CLUSTER_ID } from "./ids";
import { FLAG_LABELS, FLAG_SOURCES, type FlagLabel, type FlagSource } from "./ingest";

/** A room as the wall shows it. Times are epoch milliseconds. */
export interface WallRoom {
  id: string;
  version: number;
  title: string;
  category: string | null;
  thumbnailUrl: string | null;
  accountId: string;
  handle: string;
  displayName: string | null;
  registeredAt: number;
  verified: boolean;
  accountBanned: boolean;
  /** Other accounts seen on the same device / the same IP address. */
  deviceReuse: number;
  ipReuse: number;
  labels: FlagLabel[];
  sources: FlagSource[];
  maxScore: number;
  risk: number;
  flagCount: number;
  viewerCount: number;
  fakeEngagement: boolean;
  firstFlaggedAt: number | null;
  lastFlaggedAt: number | null;
  evidenceText: string | null;
  evidenceUrl: string | null;
  status: "LIVE" | "ENDED" | "TAKEN_DOWN";
  review: "OPEN" | "ESCALATED" | "DISMISSED" | "ACTIONED";
  restoredAt: number | null;
  reviewedByEmail: string | null;
  /** The account's cluster (bot ring), if it is in one. */
  clusterId: string | null;
  clusterSize: number | null;
  /** Response rules whose condition held on the room: "shadow:name" or "enforce:name". */
  ruleMarks: string[];
  /** Who is handling the room (an unexpired claim): others cannot act on it from the wall. */
  claimedBy: { id: string; name: string } | null;
}

/** A room that left a subscriber's view, at the version that made it leave. */
export interface WallRemoval {
  id: string;
  version: number;
}

export const ZWallFilter = z
  .object({
    labels: z.array(z.enum(FLAG_LABELS)).max(FLAG_LABELS.length).default([]),
    sources: z.array(z.enum(FLAG_SOURCES)).max(FLAG_SOURCES.length).default([]),
    minScore: z.number().min(0).max(1).default(0),
    /** Only accounts registered at most this many days ago. */
    maxAccountAgeDays: z.number().int().min(0).max(36500).nullable().default(null),
    unverifiedOnly: z.boolean().default(false),
    escalatedOnly: z.boolean().default(false),
    clusterId: z.string().regex(CLUSTER_ID, "not a cluster id").nullable().default(null),
    /** "My queue": only rooms this user has claimed. */
    claimedBy: z.string().min(1).max(100).nullable().default(null),
    /** Free text: part of a title, handle, display name, room id or account id (ASCII letters in any case). */
    q: z
      .string()
      .trim()
      .max(100, "at most 100 characters")
      .regex(/^[^\p{Cc}\p{Cs}]*$/u, "no control characters")
      .default(""),
  })
  .strict();
export type WallFilter = z.infer<typeof ZWallFilter>;
export const DEFAULT_FILTER: WallFilter = ZWallFilter.parse({});

/** Whether a filter narrows the wall at all (the whole wall is never one click from a takedown). */
export const isFiltered = (f: WallFilter) => filterKey(f) !== filterKey(DEFAULT_FILTER);

/** ASCII letters folded to lower case, everything else as is: the search's case rule, in JS as in SQL (COLLATE "C"). */
export const foldAscii = (s: string) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

/** Canonical key of a filter: equal filters share one realtime group. */
export function filterKey(f: WallFilter): string {
  return JSON.stringify([
    [...f.labels].sort(),
    [...f.sources].sort(),
    f.minScore,
    f.maxAccountAgeDays,
    f.unverifiedOnly,
    f.escalatedOnly,
    f.clusterId,
    f.q,
    f.claimedBy,
  ]);
}

export const WALL_LIMIT = 5000;

/** The wall's live counters, pushed every second. */
export interface WallStats {
  flagsPerMin: number;
  flaggedLive: number;
  awaitingAction: number;
  /** Median time from a room's first flag to a decision, over the last 15 minutes. */
  medianFlagToActionMs: number | null;
  deliveryFailures: number;
  deliveryPending: number;
  at: number;
}
