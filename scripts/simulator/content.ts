// Text the simulated accounts write: ring profiles, ordinary streams and hostile strings.
// Kept apart from population.ts so the generator logic stays readable.
import type { FlagLabel } from "../../server/contracts/ingest";
import type { Rng } from "./rng";

/** Schema limits of attacker-written fields (server/ingest/schema.ts). */
export const LIMITS = { title: 500, handle: 100, displayName: 200, category: 100, evidence: 2000 } as const;

export interface RingProfile {
  /** What the ring streams; most of its flags carry this label. */
  label: FlagLabel;
  categories: readonly string[];
  titles: readonly string[];
  displayNames: readonly string[];
  /** Handle for the n-th account of the ring (n from 0); the ring's own naming pattern. */
  handle(rng: Rng, n: number, base: number): string;
  /** What every handle of the ring matches (hostile-string handles aside). */
  pattern: RegExp;
  /** Buys viewers to climb the recommendations (scam and casino rings do): its rooms jump to a
   * few thousand viewers and carry fake-engagement flags; the other rings never do. */
  buysViewers: boolean;
}

const d = (rng: Rng, digits: number) => String(rng.int(0, 10 ** digits - 1)).padStart(digits, "0");
const seq = (base: number, n: number, digits: number) => String((base + n) % 10 ** digits).padStart(digits, "0");
const letters = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.pick("abcdefghjkmnpqrstuvwxyz".split(""))).join("");

// Each of the 12 rings gets one profile: its own handle pattern, titles and categories.
export const RING_PROFILES: readonly RingProfile[] = [
  {
    label: "sexual",
    categories: ["Adult 18+", "Private Show"],
    titles: ["🔞 private show tonight, link in bio", "late night dance 18+ only", "come to my private room 💋", "no clothes challenge — gifts unlock"],
    displayNames: ["💋 Lili 💋", "Baby Mimi", "Sweet Candy"],
    handle: (r) => `live_girl_${d(r, 4)}`,
    pattern: /^live_girl_\d{4}$/,
    buysViewers: false,
  },
  {
    label: "sexual",
    categories: ["Adult 18+", "Dating"],
    titles: ["xx hot cam — add me for more", "lonely tonight? private chat 🔞", "uncensored show, VIP only"],
    displayNames: ["XX Sexy", "Hot Angel"],
    handle: (_r, n, b) => `xx_sexy_${seq(b, n, 4)}`,
    pattern: /^xx_sexy_\d{4}$/,
    buysViewers: false,
  },
  {
    label: "gambling",
    categories: ["Casino", "Lottery"],
    titles: ["Baccarat live — 100x win guaranteed", "join my betting group, daily sure signals", "deposit 100 get 500 today only"],
    displayNames: ["Bet King", "Lucky Boss"],
    handle: (r) => `bet${d(r, 4)}_xxx`,
    pattern: /^bet\d{4}_xxx$/,
    buysViewers: true,
  },
  {
    label: "gambling",
    categories: ["Casino", "Sports Betting"],
    titles: ["inside tips — fixed match tonight", "slot jackpot live, scan to play", "roulette system never loses"],
    displayNames: ["Win Big 888", "Jackpot Jay"],
    handle: (r) => `lucky_win_${d(r, 5)}`,
    pattern: /^lucky_win_\d{5}$/,
    buysViewers: false,
  },
  {
    label: "fraud",
    categories: ["Giveaway", "Shopping"],
    titles: ["FREE iPhone 17 — scan QR to claim", "crypto doubling: send 1 get 2 back", "official giveaway, enter card to verify"],
    displayNames: ["Official Gifts", "Prize Center"],
    handle: (r) => `gift_free_${d(r, 4)}`,
    pattern: /^gift_free_\d{4}$/,
    buysViewers: true,
  },
  {
    label: "fraud",
    categories: ["Customer Service", "Finance"],
    titles: ["platform refund center — call now", "loan approved in 5 min, no checks", "account frozen? unlock here"],
    displayNames: ["Refund Desk", "VIP Service"],
    handle: (r) => `vip_refund_${r.hex(4)}`,
    pattern: /^vip_refund_[0-9a-f]{4}$/,
    buysViewers: false,
  },
  {
    label: "violence",
    categories: ["Real Fights", "Outdoor"],
    titles: ["real street fight — no rules, no refs", "knife fight LIVE, bet on the winner", "beating a thief caught today"],
    displayNames: ["Fight Nite", "No Rules"],
    handle: (r) => `fight_nite_${d(r, 4)}`,
    pattern: /^fight_nite_\d{4}$/,
    buysViewers: false,
  },
  {
    label: "minor_safety",
    categories: ["Kids", "Just Chatting"],
    titles: ["home alone kids stream — send gifts", "little sis dance challenge 🎀 DM for more", "school uniform room, gifts unlock"],
    displayNames: ["Little Star", "Candy Sis"],
    handle: (r) => `cute_sis_${d(r, 4)}`,
    pattern: /^cute_sis_\d{4}$/,
    buysViewers: false,
  },
  {
    label: "sexual",
    categories: ["Adult 18+", "ASMR"],
    titles: ["whisper ASMR 🔞 private", "bed cam all night", "strip for every rocket 🚀"],
    displayNames: ["Mimi ❤", "Hot Mimi"],
    handle: (r) => `hot_mimi_${d(r, 3)}${letters(r, 2)}`,
    pattern: /^hot_mimi_\d{3}[a-z]{2}$/,
    buysViewers: false,
  },
  {
    label: "gambling",
    categories: ["Casino", "Card Games"],
    titles: ["casino88 live dealer — register via link", "mahjong for money, join table", "poker bot beats everyone, buy now"],
    displayNames: ["Casino 88", "Table Boss"],
    handle: (r) => `${letters(r, 3)}_casino88_${d(r, 3)}`,
    pattern: /^[a-z]{3}_casino88_\d{3}$/,
    buysViewers: true,
  },
  {
    label: "sexual",
    categories: ["Dating", "Adult 18+"],
    titles: ["find a girlfriend near you tonight", "kiss cam — private number in bio", "hookup group, add WeChat"],
    displayNames: ["Night Kiss", "Date Me"],
    handle: (r) => `night_${d(r, 4)}_kiss`,
    pattern: /^night_\d{4}_kiss$/,
    buysViewers: false,
  },
  {
    label: "fraud",
    categories: ["Investment", "Giveaway"],
    titles: ["kk show: 10x stock picks guaranteed", "sell your account for cash", "part-time job, earn 3000/day"],
    displayNames: ["KK Show", "Money Teacher"],
    handle: (_r, n, b) => `kk_show_${seq(b, n, 5)}`,
    pattern: /^kk_show_\d{5}$/,
    buysViewers: true,
  },
];

/** Labels bots draw from when not using their ring's own label. */
export const BOT_LABELS: readonly FlagLabel[] = ["sexual", "violence", "gambling", "fraud", "minor_safety"];

export const BENIGN_CATEGORIES = [
  "Gaming",
  "Music",
  "Cooking",
  "Outdoors",
  "Just Chatting",
  "Education",
  "Sports",
  "Pets",
  "Travel",
  "Crafts",
  "Fishing",
  "Farming",
] as const;
const BENIGN_TITLE_PARTS: Record<string, readonly string[]> = {
  Gaming: ["ranked grind to diamond", "speedrun practice, any%", "chill co-op night"],
  Music: ["guitar covers, requests open", "practicing erhu scales", "karaoke with chat"],
  Cooking: ["hand-pulled noodles from scratch", "grandma's dumpling recipe", "baking sourdough, day 3"],
  Outdoors: ["hiking the ridge at sunrise", "camping by the lake", "night market walk"],
  "Just Chatting": ["morning coffee chat", "answering your questions", "study with me (pomodoro)"],
  Education: ["calculus homework help", "learning English together", "history of the silk road"],
  Sports: ["5k run, come along", "table tennis practice", "gym day: legs"],
  Pets: ["puppy's first bath", "cat cafe live", "feeding the goldfish"],
  Travel: ["high-speed train to Xi'an", "street food in Chengdu", "airport layover vlog"],
  Crafts: ["knitting a winter scarf", "woodcarving a spoon", "painting miniatures"],
  Fishing: ["fishing at the reservoir", "night fishing, big one?", "tying new lures"],
  Farming: ["harvesting rice with dad", "feeding the chickens", "tea picking season"],
};
export function benignTitle(rng: Rng, category: string): string {
  return rng.pick(BENIGN_TITLE_PARTS[category] ?? BENIGN_TITLE_PARTS["Just Chatting"]);
}

const FIRST = ["mei", "lin", "xiao", "wei", "jun", "hao", "yu", "tom", "anna", "li", "chen", "zhang", "ming", "fang", "kai", "nora", "sam", "jie"];
const LAST = ["wang", "zhou", "baker", "liu", "sun", "gao", "smith", "huang", "he", "zhao", "ma", "lee"];
const WORDS = ["fishing", "noodle", "panda", "sunny", "river", "tea", "cloud", "dragon", "maple", "pixel", "lucky", "quiet"];
export function benignHandle(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `${rng.pick(FIRST)}.${rng.pick(LAST)}`;
    case 1:
      return `${rng.pick(FIRST)}_${rng.pick(LAST)}${rng.int(1, 99)}`;
    case 2:
      return `${rng.pick(WORDS)}_${rng.pick(WORDS)}${rng.chance(0.5) ? rng.int(1, 2025) : ""}`;
    default:
      return `${rng.pick(WORDS)}${rng.pick(FIRST)}${rng.int(1, 999)}`;
  }
}
export function benignDisplayName(rng: Rng): string {
  const f = rng.pick(FIRST);
  return `${f[0].toUpperCase()}${f.slice(1)} ${rng.pick(LAST).toUpperCase()[0]}${rng.pick(LAST).slice(1)}`;
}

/** Truncates to `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return s.slice(0, cut);
}

// Strings attackers really put in titles and names; the console must show them as inert text.
const NASTY: readonly string[] = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "\u202Egnp.exe — totally a picture",
  "'; DROP TABLE rooms; --",
  "{{constructor.constructor('alert(1)')()}}",
  `\${7*7} #{7*7} <%= 7*7 %>`, // template-injection probes, taken literally
  "Z̴̡̛͓a̷͎͝l̵̰̈́g̸̦̓o̶̜͘ ̷̛̗s̴̙̈́t̵̗̆r̶̙̈e̸̮͝a̶̙͒m̸̰̈",
  "a\u200Bd\u200Bm\u200Bi\u200Bn",
  "null\u0000byte",
  "line one\nline two\r\n\ttabbed",
  "javascript:alert(document.cookie)",
  "👩‍👩‍👧‍👦🔞🇺🇳 family stream",
  "\uFEFFbom at the start",
  "%s%s%s%n%x",
  "../../../../etc/passwd",
  "<svg/onload=alert(1)>",
  '<a href="javascript:alert(1)">click</a>',
];

/** One hostile string that fits in `max`; now and then a maximum-length one. */
export function nastyText(rng: Rng, max: number): string {
  if (rng.chance(0.25)) {
    const unit = rng.pick(["A", "<b>bold</b>", "\u202Eevil", "中文字", "é"]);
    return truncate(unit.repeat(Math.ceil(max / unit.length) + 1), max);
  }
  return truncate(rng.pick(NASTY), max);
}

/** Evidence text for a flag, per source. */
export function evidenceText(rng: Rng, source: string, label: string, score: number, title: string, viewers: [number, number]): string {
  switch (source) {
    case "classifier":
      return `classifier v3.2 frame @00:${String(rng.int(0, 59)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")} — ${label} ${score.toFixed(2)}`;
    case "user_report":
      return rng.pick([
        `viewer report: "${label} content on stream"`,
        "viewer report: this is not ok, please ban",
        "viewer report: scam, they took my money",
        `viewer report: ${label}`,
      ]);
    case "rule":
      return truncate(`rule R-${rng.int(100, 999)} matched title: ${title}`, LIMITS.evidence);
    default:
      return `viewers ${viewers[0]} → ${viewers[1]} in ${rng.int(5, 60)} s; ${rng.int(1, 99)}% from accounts < 7 days old`;
  }
}
