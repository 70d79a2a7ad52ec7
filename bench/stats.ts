// Small numeric helpers shared by the figures: summaries of repeated runs and a latency histogram
// (millions of socket×flag samples would not fit comfortably in arrays).

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(runs: number[]): Summary {
  return { median: round(median(runs)), min: round(Math.min(...runs)), max: round(Math.max(...runs)), runs: runs.map((x) => round(x)) };
}

/** How many times each value occurs, keys in order of first occurrence. */
export function countBy(xs: Iterable<string>): Record<string, number> {
  const m: Record<string, number> = {};
  for (const x of xs) m[x] = (m[x] ?? 0) + 1;
  return m;
}

/** Counters added key by key, keys in order of first occurrence. */
export function sumCounts(records: Iterable<Record<string, number>>): Record<string, number> {
  const m: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r)) m[k] = (m[k] ?? 0) + v;
  return m;
}

/** Three significant decimals are plenty for anything measured here. */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** 0.1 ms buckets up to 60 s; later samples land in the last bucket (and are counted as such). */
export const HIST_BUCKET_MS = 0.1;
export const HIST_BUCKETS = 600_000;

export function newHistogram(): Uint32Array {
  return new Uint32Array(HIST_BUCKETS);
}

export function record(h: Uint32Array, ms: number) {
  const i = Math.min(HIST_BUCKETS - 1, Math.max(0, Math.floor(ms / HIST_BUCKET_MS)));
  h[i]++;
}

export function mergeInto(into: Uint32Array, from: Uint32Array) {
  for (let i = 0; i < from.length; i++) if (from[i]) into[i] += from[i];
}

export function histCount(h: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < h.length; i++) n += h[i];
  return n;
}

/** The q-quantile (0..1) in ms, at the upper edge of its bucket (NaN when empty). */
export function percentile(h: Uint32Array, q: number): number {
  const n = histCount(h);
  if (n === 0) return NaN;
  const target = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i];
    if (seen >= target) return round((i + 1) * HIST_BUCKET_MS, 1);
  }
  return NaN;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Wall clock in ms with sub-ms precision, comparable across worker threads of one process. */
export const nowMs = () => performance.timeOrigin + performance.now();

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes (then false). */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await sleep(everyMs);
  }
}
