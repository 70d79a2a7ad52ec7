import { z } from "zod";
import { ZExternalId, ZFreeText, ZIsoTime } from "./values";

/** Limits of POST /api/ingest/flags. */
export const MAX_EVENTS = 5000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export const FLAG_SOURCES = ["classifier", "user_report", "rule", "engagement"] as const;
export const FLAG_LABELS = ["sexual", "violence", "gambling", "fraud", "minor_safety", "hate", "spam", "fake_engagement", "other"] as const;
export type FlagSource = (typeof FLAG_SOURCES)[number];
export type FlagLabel = (typeof FLAG_LABELS)[number];

/** How much a label weighs in a room's risk: harm to people first, nuisance last. */
export const LABEL_WEIGHT: Record<FlagLabel, number> = {
  minor_safety: 1,
  sexual: 0.95,
  violence: 0.9,
  hate: 0.8,
  fraud: 0.7,
  gambling: 0.6,
  fake_engagement: 0.5,
  spam: 0.4,
  other: 0.3,
};

const ZUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), "must be an http(s) URL");

export const ZIngestEvent = z.object({
  eventId: ZExternalId,
  occurredAt: ZIsoTime,
  source: z.enum(FLAG_SOURCES),
  label: z.enum(FLAG_LABELS),
  score: z.number().min(0).max(1),
  room: z.object({
    id: ZExternalId,
    title: ZFreeText(500),
    startedAt: ZIsoTime,
    viewerCount: z.number().int().min(0).max(1_000_000_000),
    category: ZFreeText(100).optional(),
    thumbnailUrl: ZUrl.optional(),
  }),
  account: z.object({
    id: ZExternalId,
    handle: ZFreeText(100).refine((h) => h.length > 0, "must not be empty"),
    displayName: ZFreeText(200).optional(),
    registeredAt: ZIsoTime,
    realNameVerified: z.boolean(),
    deviceId: ZExternalId.optional(),
    ip: z.union([z.ipv4(), z.ipv6()], { message: "must be an IPv4 or IPv6 address" }).optional(),
    phoneHash: ZExternalId.optional(),
  }),
  evidence: z
    .object({
      url: ZUrl.optional(),
      text: ZFreeText(2000).optional(),
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
