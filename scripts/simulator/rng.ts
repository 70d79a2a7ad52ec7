// Seeded pseudo-random numbers, so a scenario replays identically for a given seed.
// sfc32 (Chris Doty-Humphrey's Small Fast Counter): 128-bit state, fast, passes PractRand
// well beyond what a traffic generator needs. Not for anything security-related.

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Approximately normal (sum of uniforms), clamped to [min, max] when given. */
  gaussian(mean: number, sd: number, min?: number, max?: number): number;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<T>(items: T[]): T[];
  /** An independent stream derived from this seed and a label, so adding draws in one part of
   * a scenario does not shift every other part. */
  fork(label: string): Rng;
}

/** 32-bit FNV-1a of a string; mixes labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(seed: number | string): Rng {
  const s0 = typeof seed === "number" ? seed >>> 0 : hashString(seed);
  // Spread one 32-bit seed over the 128-bit state; warm-up drops the weak first outputs.
  let a = s0 ^ 0x9e3779b9;
  let b = Math.imul(s0, 0x85ebca6b) >>> 0;
  let c = Math.imul(s0 ^ 0xc2b2ae35, 0x27d4eb2f) >>> 0;
  let d = 1;

  function u32(): number {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  }
  for (let i = 0; i < 15; i++) u32();

  const next = () => u32() / 4294967296;
  const rng: Rng = {
    next,
    u32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)];
    },
    weighted: (items) => {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1][0];
    },
    gaussian: (mean, sd, min = -Infinity, max = Infinity) => {
      // Irwin–Hall with 6 uniforms: variance 1/2, so scale by sqrt(2). Cheap and bounded.
      let s = 0;
      for (let i = 0; i < 6; i++) s += next();
      const v = mean + (s - 3) * Math.SQRT2 * sd;
      return Math.min(max, Math.max(min, v));
    },
    hex: (n) => {
      let out = "";
      while (out.length < n) out += u32().toString(16).padStart(8, "0");
      return out.slice(0, n);
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
    fork: (label) => createRng((s0 ^ hashString(label)) >>> 0),
  };
  return rng;
}

/** A fresh seed for runs that did not ask for one (printed, so they can be replayed). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}
