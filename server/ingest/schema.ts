import { z } from "zod";

/** Limits of POST /api/ingest/flags. */
export const MAX_EVENTS = 5000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export const FLAG_SOURCES = ["classifier", "user_report", "rule", "engagement"] as const;
export const FLAG_LABELS = ["sexual", "violence", "gambling", "fraud", "minor_safety", "hate", "spam", "fake_engagement", "other"] as const;
export type FlagSource = (typeof FLAG_SOURCES)[number];
export type FlagLabel = (typeof FLAG_LABELS)[number];

// Ids are opaque platform strings; control characters are refused so logs and SQL stay clean.
const ZId = z
  .string()
  .min(1, "must not be empty")
  .max(128, "at most 128 characters")
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");
/** Attacker-written display text: kept as text, capped, NUL removed (Postgres refuses it). */
const ZText = (max: number) => z.string().max(max, `at most ${max} characters`).transform((s) => s.replace(/\u0000/g, ""));
const ZTime = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" });
const ZUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), "must be an http(s) URL");

export const ZIngestEvent = z.object({
  eventId: ZId,
  occurredAt: ZTime,
  source: z.enum(FLAG_SOURCES),
  label: z.enum(FLAG_LABELS),
  score: z.number().min(0).max(1),
  room: z.object({
    id: ZId,
    title: ZText(500),
    startedAt: ZTime,
    viewerCount: z.number().int().min(0).max(1_000_000_000),
    category: ZText(100).optional(),
    thumbnailUrl: ZUrl.optional(),
  }),
  account: z.object({
    id: ZId,
    handle: ZText(100).refine((h) => h.length > 0, "must not be empty"),
    displayName: ZText(200).optional(),
    registeredAt: ZTime,
    realNameVerified: z.boolean(),
    deviceId: ZId.optional(),
    ip: z.union([z.ipv4(), z.ipv6()], { message: "must be an IPv4 or IPv6 address" }).optional(),
    phoneHash: ZId.optional(),
  }),
  evidence: z
    .object({
      url: ZUrl.optional(),
      text: ZText(2000).optional(),
    })
    .optional(),
});
export type IngestEvent = z.infer<typeof ZIngestEvent>;
/** What a sender writes (before transforms). */
export type IngestEventInput = z.input<typeof ZIngestEvent>;

export const ZIngestEnvelope = z.object({
  events: z.array(z.unknown()).min(1, "events must not be empty"),
});

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}
