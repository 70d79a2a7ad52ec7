// What a simulated room emits: one ingest event per call, shaped by who streams it
// (ring bot, ordinary streamer, lone low-grade bad actor).
import type { FlagLabel, FlagSource, IngestEventInput } from "../../server/contracts/ingest";
import type { Rng } from "./rng";
import type { SimMember } from "./population";
import { BOT_LABELS, LIMITS, evidenceText, nastyText } from "./content";

type Weighted<T> = readonly (readonly [T, number])[];
const BOT_SOURCES: Weighted<FlagSource> = [
  ["classifier", 40],
  ["user_report", 20],
  ["rule", 12],
  ["engagement", 28],
];
const BENIGN_SOURCES: Weighted<FlagSource> = [
  ["classifier", 50],
  ["user_report", 33],
  ["rule", 12],
  ["engagement", 5],
];
const LOW_GRADE_SOURCES: Weighted<FlagSource> = [
  ["classifier", 40],
  ["user_report", 40],
  ["rule", 20],
];
const BENIGN_LABELS: Weighted<FlagLabel> = [
  ["spam", 35],
  ["other", 30],
  ["sexual", 8],
  ["violence", 8],
  ["hate", 5],
  ["gambling", 5],
  ["fraud", 9],
];

/** One flag on a member's room at epoch ms `at` (clamped to when the room went live).
 * Moves the room's live viewer count, so call order matters (and is deterministic). */
export function toIngestEvent(member: SimMember, at: number, rng: Rng, eventId: string): IngestEventInput {
  const room = member.room;
  const before = room.viewerCount;
  let source: FlagSource;
  let label: FlagLabel;
  let score: number;
  if (member.kind === "bot") {
    source = rng.weighted(BOT_SOURCES);
    if (source === "engagement") {
      // Bought viewers: the count jumps by thousands between two looks.
      label = "fake_engagement";
      room.viewerCount = Math.min(500_000, before + rng.int(1_000, 40_000));
    } else {
      label = rng.chance(0.7) ? member.label : rng.pick(BOT_LABELS);
      drift(member, rng);
    }
    score = rng.gaussian(0.86, 0.08, 0.6, 0.99);
  } else if (member.kind === "benign") {
    source = rng.weighted(BENIGN_SOURCES);
    if (source === "engagement") {
      // A raid or a shout-out: growth, but nothing like a bot farm.
      label = "fake_engagement";
      room.viewerCount = Math.min(200_000, Math.round(before * rng.float(1.1, 1.8)) + rng.int(1, 50));
      score = rng.float(0.05, 0.45);
    } else {
      label = rng.chance(0.5) ? member.label : rng.weighted(BENIGN_LABELS);
      drift(member, rng);
      // False positives: low scores, now and then a borderline one.
      score = rng.chance(0.05) ? rng.float(0.55, 0.72) : rng.float(0.03, 0.5);
    }
  } else {
    source = rng.weighted(LOW_GRADE_SOURCES);
    label = rng.chance(0.8) ? member.label : "spam";
    drift(member, rng);
    score = rng.gaussian(0.68, 0.1, 0.4, 0.9);
  }
  score = Math.round(score * 1000) / 1000;

  const roomOut: IngestEventInput["room"] = { id: room.id, title: room.title, startedAt: room.startedAt, viewerCount: room.viewerCount };
  if (room.category !== undefined) roomOut.category = room.category;
  if (room.thumbnailUrl !== undefined) roomOut.thumbnailUrl = room.thumbnailUrl;
  const evidence: NonNullable<IngestEventInput["evidence"]> = {
    // Report text is attacker-reachable too (bots report each other to drown moderators).
    text:
      member.nasty && source === "user_report" && rng.chance(0.3)
        ? nastyText(rng, LIMITS.evidence)
        : evidenceText(rng, source, label, score, room.title, [before, room.viewerCount]),
  };
  if (source === "classifier") evidence.url = `https://evidence.sim.invalid/frames/${room.id}/${eventId}.jpg`;
  return {
    eventId,
    occurredAt: new Date(Math.max(at, room.startedAtMs)).toISOString(),
    source,
    label,
    score,
    room: roomOut,
    // Static per account: shared, not copied, to keep a 100k-event wave cheap.
    account: member.account,
    evidence,
  };
}

/** Organic audience movement of a few percent, slightly downward on average so a room that
 * lives for hours in the steady scenario does not grow without bound. */
function drift(member: SimMember, rng: Rng): void {
  member.room.viewerCount = Math.max(0, Math.round(member.room.viewerCount * rng.float(0.9, 1.1)));
}

/** Unique event ids `sim-<seed>-<tag><counter>`; the tag keeps scenarios from colliding. */
export function eventIdFactory(seed: number, tag: string): () => string {
  let n = 0;
  return () => `sim-${seed}-${tag}${++n}`;
}
