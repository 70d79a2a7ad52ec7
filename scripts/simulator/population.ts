// The simulated platform for the `wave` scenario: bot rings with the signals real rings leave
// (shared devices, one IP block, phone pools, a registration burst, a handle pattern) and
// ordinary accounts, including one big group behind a single carrier-grade NAT address that
// a clusterer must NOT merge. Fully determined by (seed, onsetAt).
import type { FlagLabel } from "../../server/contracts/ingest";
import { createRng, type Rng } from "./rng";
import { BENIGN_CATEGORIES, LIMITS, RING_PROFILES, benignDisplayName, benignHandle, benignTitle, nastyText, truncate } from "./content";

/** Exactly the ingest `account` payload, so events can reuse it as is. */
export interface SimAccount {
  id: string;
  handle: string;
  displayName?: string;
  registeredAt: string;
  realNameVerified: boolean;
  deviceId?: string;
  ip?: string;
  phoneHash?: string;
}
export interface SimRoom {
  id: string;
  title: string;
  category?: string;
  startedAt: string;
  /** Same instant as startedAt; the scenario schedules on it. */
  startedAtMs: number;
  /** Live value: audience + boost, give or take a few percent (events move it; see events.ts). */
  viewerCount: number;
  /** The room's own audience, fixed for its life: heavy-tailed, most rooms tens to hundreds. */
  audience: number;
  /** Viewers on top of the audience: bought (ring bots) or brought by a raid (benign). The
   * largest so far, never a running sum, so no number of events can compound it. */
  boost: number;
  thumbnailUrl?: string;
}
export interface SimMember {
  /** lowgrade: a lone bad actor of the steady scenario, never part of a ring. */
  kind: "bot" | "benign" | "lowgrade";
  ringId: string | null;
  /** A ring bot whose ring buys viewers (fake engagement); false for everyone else. */
  buysViewers: boolean;
  /** What the room really streams (bots) or is most often mis-flagged as (benign). */
  label: FlagLabel;
  /** Some field carries a hostile string (script tags, RTL override, max length...). */
  nasty: boolean;
  account: SimAccount;
  room: SimRoom;
}
export interface RingTruth {
  ringId: string;
  accountIds: string[];
}
export interface Population {
  seed: number;
  onsetAt: number;
  rampMs: number;
  /** Sorted by room.startedAtMs: the order in which bot rooms go live. */
  bots: SimMember[];
  benign: SimMember[];
  rings: RingTruth[];
  /** Unrelated benign accounts sharing one carrier-grade NAT address. */
  sharedIp: { ip: string; accountIds: string[] };
}
export interface PopulationOptions {
  seed: number;
  /** Epoch ms when the first bot room goes live; every other time is relative to it. */
  onsetAt: number;
  /** Bot rooms go live over this window after onsetAt. */
  rampMs?: number;
  botCount?: number;
  ringCount?: number;
  benignCount?: number;
  sharedIpCount?: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// Disjoint first octets, so no benign address can land in a ring's block by chance.
const BOT_OCTETS = [5, 31, 37, 45, 46, 77, 91, 94, 103, 146, 176, 185, 188, 193, 194, 212];
const BENIGN_OCTETS = [
  36, 39, 42, 49, 58, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 118, 119, 120, 121, 122, 123, 124, 125, 180, 182, 183, 218, 219, 220, 221, 222, 223,
];
const THUMBS = "https://thumbs.sim.invalid";
const audienceOf = (audience: number) => ({ viewerCount: audience, audience, boost: 0 });

export function buildPopulation(opts: PopulationOptions): Population {
  const { seed, onsetAt, rampMs = 60_000, botCount = 17_000, ringCount = 12, benignCount = 3_000, sharedIpCount = 320 } = opts;
  const rng = createRng(seed);
  // Opaque ids: shuffled serials, so id order says nothing about bot vs benign.
  const serials = rng.fork("ids").shuffle(Array.from({ length: botCount + benignCount }, (_, i) => i + 1));
  let nextSerial = 0;
  const newIds = () => {
    const n = serials[nextSerial++];
    return { accountId: `acct-${seed}-${n}`, roomId: `room-${seed}-${n}` };
  };
  const handles = new Set<string>();
  const uniqueHandle = (make: () => string) => {
    let h = make();
    for (let i = 0; handles.has(h) && i < 8; i++) h = make();
    // Still taken (a popular hostile string): replace the tail, so a max-length handle stays in bounds.
    while (handles.has(h)) {
      const suffix = `_${handles.size}`;
      h = truncate(h, LIMITS.handle - suffix.length) + suffix;
    }
    handles.add(h);
    return h;
  };

  const bots: SimMember[] = [];
  const rings: RingTruth[] = [];
  const sizes = ringSizes(rng.fork("sizes"), botCount, ringCount);
  const usedBlocks = new Set<string>();
  // Rings are switched on one after another across the ramp: ring 1 first (at onset), the
  // others in shuffled order, each bringing its rooms up within a quarter of the ramp.
  const order = [0, ...rng.fork("order").shuffle(Array.from({ length: ringCount - 1 }, (_, i) => i + 1))];
  const ringStarts = new Array<number>(ringCount);
  order.forEach((r, k) => {
    ringStarts[r] = ringCount > 1 ? Math.round((k / (ringCount - 1)) * rampMs * 0.75) : 0;
  });
  for (let r = 0; r < ringCount; r++) {
    const rr = rng.fork(`ring-${r}`);
    const profile = RING_PROFILES[r % RING_PROFILES.length];
    const ringId = `ring-${String(r + 1).padStart(2, "0")}`;
    const size = sizes[r];
    // A handful of phones/emulators drive the whole ring.
    const devices = Array.from({ length: Math.ceil(size / rr.int(15, 60)) }, () => `dev-${rr.hex(16)}`);
    const v6 = r % 4 === 3;
    let block: string;
    do {
      block = v6 ? `2a0e:${rr.int(1, 0xffff).toString(16)}:${rr.int(1, 0xffff).toString(16)}` : `${rr.pick(BOT_OCTETS)}.${rr.int(0, 255)}.${rr.int(0, 255)}`;
    } while (usedBlocks.has(block));
    usedBlocks.add(block);
    const ip = () => (v6 ? `${block}:${Array.from({ length: 5 }, () => rr.int(0, 0xffff).toString(16)).join(":")}` : `${block}.${rr.int(1, 254)}`);
    const phones = r % 2 === 0 ? Array.from({ length: rr.int(3, 25) }, () => rr.hex(64)) : null;
    // Registered by one script run: a few minutes, hours to days before the attack.
    const regStart = onsetAt - rr.int(2 * HOUR, 10 * DAY);
    const regSpan = rr.int(2, 8) * MIN;
    const ringStart = ringStarts[r];
    const spread = Math.floor(rampMs * 0.25);
    const handleBase = rr.int(0, 9999);
    const accountIds: string[] = [];
    for (let i = 0; i < size; i++) {
      const { accountId, roomId } = newIds();
      const nasty = rr.chance(0.02);
      const startedAtMs = onsetAt + (r === 0 && i === 0 ? 0 : ringStart + rr.int(0, spread));
      const account: SimAccount = {
        id: accountId,
        handle: uniqueHandle(() => (nasty && rr.chance(0.25) ? nastyText(rr, LIMITS.handle) : profile.handle(rr, i, handleBase))),
        displayName: nasty && rr.chance(0.5) ? nastyText(rr, LIMITS.displayName) : `${rr.pick(profile.displayNames)} ${rr.int(1, 999)}`,
        registeredAt: new Date(regStart + rr.int(0, regSpan)).toISOString(),
        realNameVerified: rr.chance(0.04),
        deviceId: rr.pick(devices),
        ip: ip(),
      };
      if (phones) account.phoneHash = rr.pick(phones);
      const room: SimRoom = {
        id: roomId,
        title: nasty ? nastyText(rr, LIMITS.title) : rr.pick(profile.titles),
        category: nasty && rr.chance(0.15) ? nastyText(rr, LIMITS.category) : rr.pick(profile.categories),
        startedAt: new Date(startedAtMs).toISOString(),
        startedAtMs,
        ...audienceOf(rr.int(0, 40)),
      };
      if (rr.chance(0.3)) room.thumbnailUrl = nasty ? `${THUMBS}/x.jpg?q="><script>alert(1)</script>` : `${THUMBS}/${roomId}.jpg`;
      bots.push({ kind: "bot", ringId, buysViewers: profile.buysViewers, label: profile.label, nasty, account, room });
      accountIds.push(accountId);
    }
    rings.push({ ringId, accountIds });
  }
  bots.sort((a, b) => a.room.startedAtMs - b.room.startedAtMs);

  const br = rng.fork("benign");
  const benign: SimMember[] = [];
  const sharedIp = `117.136.${br.int(0, 255)}.${br.int(1, 254)}`;
  const sharedIds: string[] = [];
  for (let i = 0; i < benignCount; i++) {
    const { accountId, roomId } = newIds();
    // The CGNAT group: long-lived, verified, otherwise unrelated people on one mobile carrier.
    const shared = i < sharedIpCount;
    const startedAtMs = onsetAt - br.int(20 * MIN, 4 * HOUR);
    benign.push(makeBenignMember(br, { accountId, roomId, now: onsetAt, startedAtMs, uniqueHandle, ...(shared ? { ip: sharedIp, verified: true } : {}) }));
    if (shared) sharedIds.push(accountId);
  }

  return { seed, onsetAt, rampMs, bots, benign, rings, sharedIp: { ip: sharedIp, accountIds: sharedIds } };
}

export interface MemberSpec {
  accountId: string;
  roomId: string;
  /** "Now" for the account's age. */
  now: number;
  startedAtMs: number;
  uniqueHandle?: (make: () => string) => string;
  /** Forces the address (the shared NAT group); otherwise a random residential one. */
  ip?: string;
  verified?: boolean;
}

/** An ordinary streamer: old, mostly verified account, own device, ordinary room. */
export function makeBenignMember(rng: Rng, spec: MemberSpec): SimMember {
  const verified = spec.verified ?? rng.chance(0.9);
  const nasty = rng.chance(0.01);
  const category = rng.pick(BENIGN_CATEGORIES);
  const handle = () => (nasty && rng.chance(0.3) ? nastyText(rng, LIMITS.handle) : benignHandle(rng));
  const account: SimAccount = {
    id: spec.accountId,
    handle: spec.uniqueHandle ? spec.uniqueHandle(handle) : handle(),
    displayName: nasty && rng.chance(0.5) ? nastyText(rng, LIMITS.displayName) : benignDisplayName(rng),
    registeredAt: new Date(spec.now - rng.int(60 * DAY, 6 * 365 * DAY)).toISOString(),
    realNameVerified: verified,
    deviceId: `dev-${rng.hex(16)}`,
    ip: spec.ip ?? benignIp(rng),
  };
  if (verified) account.phoneHash = rng.hex(64);
  const room: SimRoom = {
    id: spec.roomId,
    title: nasty ? nastyText(rng, LIMITS.title) : benignTitle(rng, category),
    category,
    startedAt: new Date(spec.startedAtMs).toISOString(),
    startedAtMs: spec.startedAtMs,
    // Log-normal: median e^4 ≈ 55 viewers, 1 in 100 above ~1,400, the largest ~20,000 (the
    // Irwin–Hall "gaussian" is bounded at ±4.2 sd, so the tail is heavy but finite).
    ...audienceOf(Math.round(Math.exp(rng.gaussian(4, 1.4, 0, 11)))),
  };
  if (rng.chance(0.6)) room.thumbnailUrl = `${THUMBS}/${spec.roomId}.jpg`;
  return { kind: "benign", ringId: null, buysViewers: false, label: rng.pick(["spam", "other", "sexual", "violence"] as const), nasty, account, room };
}

/** A lone bad actor (spam, small-time gambling or scam): no ring, no shared signals. */
export function makeLowGradeMember(rng: Rng, spec: MemberSpec): SimMember {
  const m = makeBenignMember(rng, spec);
  const label = rng.pick(["spam", "gambling", "fraud"] as const);
  m.account.registeredAt = new Date(spec.now - rng.int(3 * DAY, 90 * DAY)).toISOString();
  m.account.realNameVerified = rng.chance(0.3);
  if (!m.account.realNameVerified) delete m.account.phoneHash;
  m.room.title = rng.pick(LOW_GRADE_TITLES[label]);
  return { ...m, kind: "lowgrade", label };
}
const LOW_GRADE_TITLES = {
  spam: ["follow for follow!!! link in bio", "cheap followers, DM me", "visit my shop, 90% off"],
  gambling: ["card game for small stakes, join", "guess the number, win coins"],
  fraud: ["selling game accounts cheap", "pay first, ship later, trust me"],
} as const;

/** A residential address outside every bot block and the shared NAT address. */
export function benignIp(rng: Rng): string {
  if (rng.chance(0.1)) return `240e:${Array.from({ length: 7 }, () => rng.int(1, 0xffff).toString(16)).join(":")}`;
  return `${rng.pick(BENIGN_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** Ring sizes in [400, 3000] (widened if the total demands it) summing to exactly `total`. */
function ringSizes(rng: Rng, total: number, count: number): number[] {
  const lo = Math.min(400, Math.floor(total / count));
  const hi = Math.max(3000, Math.ceil(total / count));
  const raw = Array.from({ length: count }, () => rng.float(lo, hi));
  const scale = total / raw.reduce((s, v) => s + v, 0);
  const sizes = raw.map((v) => Math.min(hi, Math.max(lo, Math.round(v * scale))));
  let diff = total - sizes.reduce((s, v) => s + v, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % count) {
    const step = diff > 0 ? Math.min(diff, hi - sizes[i]) : Math.max(diff, lo - sizes[i]);
    sizes[i] += step;
    diff -= step;
  }
  return sizes;
}
