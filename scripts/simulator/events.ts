// What a simulated room emits: one ingest event per call, shaped by who streams it
// (ring bot, ordinary streamer, lone low-grade bad actor).
import type { FlagLabel, FlagSource, IngestEventInput } from "../../server/contracts/ingest";
import type { Rng } from "./rng";
import type { SimMember, SimRoom } from "./population";
import { BOT_LABELS, LIMITS, evidenceText, nastyText } from "./content";

type Weighted<T> = readonly (readonly [T, number])[];
// Rings that buy viewers are also flagged by the platform's engagement detector; the others are not.
const BUYING_BOT_SOURCES: Weighted<FlagSource> = [
  ["classifier", 40],
  ["user_report", 20],
  ["rule", 12],
  ["engagement", 28],
];
const BOT_SOURCES: Weighted<FlagSource> = [
  ["classifier", 40],
  ["user_report", 20],
  ["rule", 12],
];
// Purchases are log-normal, median e^7 ≈ 1,100 viewers, between e^6.31 ≈ 550 (so even at −8 %
// the count reaches the 500 the ingest path needs to call it a jump) and e^8.9 ≈ 7,300.
const BOUGHT_MIN_LOG = 6.31;
const BOUGHT_MAX_LOG = 8.9;

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
    source = rng.weighted(member.buysViewers ? BUYING_BOT_SOURCES : BOT_SOURCES);
    if (source === "engagement") {
      // Bought viewers: a block of a few hundred to a few thousand arrives between two looks
      // (always ≥ 500 and more than five-fold on a bot's own audience of at most 40: a jump
      // the ingest path recognises). A later purchase replaces a smaller one; it never stacks.
      label = "fake_engagement";
      room.boost = Math.max(room.boost, Math.round(Math.exp(rng.gaussian(7, 0.5, BOUGHT_MIN_LOG, BOUGHT_MAX_LOG))));
      settle(room, rng, 0.08);
    } else {
      label = rng.chance(0.7) ? member.label : rng.pick(BOT_LABELS);
      settle(room, rng, 0.1);
    }
    score = rng.gaussian(0.86, 0.08, 0.6, 0.99);
  } else if (member.kind === "benign") {
    source = rng.weighted(BENIGN_SOURCES);
    if (source === "engagement") {
      // A raid or a shout-out: 10–80 % more for a while, nothing like a bot farm; like a
      // purchase, a raid replaces a smaller one instead of adding to it.
      label = "fake_engagement";
      room.boost = Math.max(room.boost, Math.round(room.audience * rng.float(0.1, 0.8)) + rng.int(1, 50));
      settle(room, rng, 0.1);
      score = rng.float(0.05, 0.45);
    } else {
      label = rng.chance(0.5) ? member.label : rng.weighted(BENIGN_LABELS);
      settle(room, rng, 0.1);
      // False positives: low scores, now and then a borderline one.
      score = rng.chance(0.05) ? rng.float(0.55, 0.72) : rng.float(0.03, 0.5);
    }
  } else {
    source = rng.weighted(LOW_GRADE_SOURCES);
    label = rng.chance(0.8) ? member.label : "spam";
    settle(room, rng, 0.1);
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

/** Organic movement: within ±`spread` of audience + boost. Drawn afresh from the room's fixed
 * audience each time (not from the last count), so however many events a room gets — a 90 s
 * wave or hours of steady traffic — its count cannot drift or compound away. */
function settle(room: SimRoom, rng: Rng, spread: number): void {
  room.viewerCount = Math.max(0, Math.round((room.audience + room.boost) * rng.float(1 - spread, 1 + spread)));
}

/** Unique event ids `sim-<seed>-<tag><counter>`; the tag keeps scenarios from colliding. */
export function eventIdFactory(seed: number, tag: string): () => string {
  let n = 0;
  return () => `sim-${seed}-${tag}${++n}`;
}
