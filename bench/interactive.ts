// Figure 9: people first under flood. Many senders push wave-shaped ingest (the same 20,000
// rooms flagged again and again) as fast as the server takes it, while a probe acts as the
// people on the console would — tRPC reads and a write as a shift lead, a page load, a sign-in
// — and times each (p99 is the target). A second phase has one signed-in moderator abuse the
// API (batches of ten 5,000-room wall snapshots on eight connections at once) while the probe
// goes on and /api/health is timed; then the server is sent SIGTERM with the abuse still
// running, and the time until it exits is taken.
import { benchEvent, type Shape } from "./events";
import { DEMO, signIn, trpc } from "./client";
import { cpuSince, cpuSnapshot, INGEST_TOKEN, type BenchServer } from "./server";
import { histCount, newHistogram, nowMs, percentile, record, round, sleep } from "./stats";

export interface InteractiveParams {
  /** Seconds of each phase. */
  seconds: number;
  /** Concurrent ingest senders in the saturation phase (each posts again as soon as answered). */
  senders: number;
  /** Each kind of probe fires this often (open loop). */
  probeHz: number;
  /** End with SIGTERM during the abuse and time the stop. */
  stopCheck: boolean;
}

export interface ProbeKind {
  requests: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

export interface InteractiveRun {
  ingestAcceptedPerSec: number;
  ingest429: number;
  ingest5xx: number;
  /** Every people's probe together (not health). */
  interactiveP99: number;
  interactiveP50: number;
  kinds: Record<string, ProbeKind>;
  abuse: { abuserRequests: number; abuser429: number; healthP99: number; interactiveP99: number; healthFailed: number };
  /** SIGTERM (abuse running) → process gone. */
  stopSeconds: number | null;
  windowSeconds: number;
  cpuSeconds: Record<string, number>;
}

const SHAPE: Shape = { flagsPerRoom: 1, roomsPerAccount: 1 };
const ROOMS = 20_000;
const BATCH = 500;

/** Batch n of the saturation: 500 events on rooms that come round again every 40 batches. */
function waveBody(tag: string, n: number): string {
  const at = new Date().toISOString();
  const events = Array.from({ length: BATCH }, (_, i) => {
    const k = n * BATCH + i;
    return { ...benchEvent(tag, k % ROOMS, SHAPE, at), eventId: `${tag}-x${k}` };
  });
  return JSON.stringify({ events });
}

interface Probe {
  name: string;
  run(signal: AbortSignal): Promise<void>;
}

/** Fires every probe `hz` times a second until stopped; one histogram per probe, one for all. */
async function probeAll(probes: Probe[], hz: number, stop: Promise<void>) {
  const all = newHistogram();
  const kinds = new Map(probes.map((p) => [p.name, { h: newHistogram(), requests: 0, failed: 0 }]));
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const inflight = new Set<Promise<void>>();
  const t0 = nowMs();
  for (let i = 0; !stopped; i++) {
    await Promise.race([sleep(t0 + (i * 1000) / hz - nowMs()), stop]);
    if (stopped) break;
    for (const p of probes) {
      const k = kinds.get(p.name)!;
      k.requests++;
      const ts = nowMs();
      const done: Promise<void> = p
        .run(AbortSignal.timeout(30_000))
        .then(
          () => {
            const ms = nowMs() - ts;
            record(k.h, ms);
            if (p.name !== "health") record(all, ms);
          },
          () => {
            k.failed++;
          },
        )
        .finally(() => inflight.delete(done));
      inflight.add(done);
    }
  }
  await Promise.all(inflight);
  const out: Record<string, ProbeKind> = {};
  for (const [name, k] of kinds) {
    const n = histCount(k.h);
    out[name] = {
      requests: k.requests,
      failed: k.failed,
      p50: n ? percentile(k.h, 0.5) : Number.NaN,
      p99: n ? percentile(k.h, 0.99) : Number.NaN,
      max: n ? percentile(k.h, 1) : Number.NaN,
    };
  }
  return { kinds: out, p99: percentile(all, 0.99), p50: percentile(all, 0.5) };
}

export async function interactiveRun(s: BenchServer, tag: string, p: InteractiveParams): Promise<InteractiveRun> {
  const lead = await signIn(s, DEMO.LEAD);
  const abuser = await signIn(s, DEMO.MODERATOR);
  const me = await trpc<{ id: string }>(s, lead, "me.get", undefined, "query");
  const incident = await trpc<{ id: string }>(
    s,
    lead,
    "incidents.declare",
    { title: "Bench", summary: "bench", severity: "P3", commanderId: me.id },
    "mutation",
  );
  const get = (path: string, cookie: string, signal: AbortSignal) =>
    fetch(`${s.url}${path}`, { headers: { cookie, origin: s.origin }, signal }).then(async (r) => {
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    });
  const probes: Probe[] = [
    { name: "health", run: (signal) => get("/api/health", "", signal) },
    { name: "wall.snapshot (50)", run: (signal) => trpc(s, lead, "wall.snapshot", { filter: {}, limit: 50 }, "query", signal).then(() => {}) },
    { name: "clusters.list", run: (signal) => trpc(s, lead, "clusters.list", { sort: "size", limit: 50 }, "query", signal).then(() => {}) },
    { name: "incidents.get", run: (signal) => trpc(s, lead, "incidents.get", { id: incident.id }, "query", signal).then(() => {}) },
    {
      name: "incidents.addNote (write)",
      run: (signal) => trpc(s, lead, "incidents.addNote", { id: incident.id, text: "bench note" }, "mutation", signal).then(() => {}),
    },
    { name: "page load /wall", run: (signal) => get("/wall", lead, signal) },
    { name: "sign-in", run: () => signIn(s, DEMO.LEAD).then(() => {}) },
  ];

  const roots = { server: s.wrapperPid, harness: process.pid };
  const cpu0 = cpuSnapshot(roots);
  const w0 = nowMs();
  // Phase 1: saturated ingest.
  let endIngest = () => {};
  const ingestDone = new Promise<void>((r) => {
    endIngest = r;
  });
  let n = 0;
  let accepted = 0;
  let r429 = 0;
  let r5xx = 0;
  let stop = false;
  const sender = async () => {
    while (!stop) {
      const res = await fetch(`${s.url}/api/ingest/flags`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${INGEST_TOKEN}` },
        body: waveBody(tag, n++),
      }).catch(() => null);
      if (!res) continue;
      const body = (await res.json().catch(() => null)) as { accepted?: number } | null;
      if (res.status === 202) accepted += body?.accepted ?? 0;
      else if (res.status === 429) {
        r429++;
        await sleep(Number(res.headers.get("retry-after") ?? "1") * 1000);
      } else if (res.status >= 500) r5xx++;
    }
  };
  const t1 = nowMs();
  const senders = Array.from({ length: p.senders }, sender);
  const timer = setTimeout(() => endIngest(), p.seconds * 1000);
  const phase1 = await probeAll(probes, p.probeHz, ingestDone);
  clearTimeout(timer);
  stop = true;
  await Promise.all(senders);
  const ingestSeconds = (nowMs() - t1) / 1000;

  // Phase 2: one user abuses the API; health and people's requests are timed meanwhile.
  let endAbuse = () => {};
  const abuseDone = new Promise<void>((r) => {
    endAbuse = r;
  });
  let abuseRequests = 0;
  let abuse429 = 0;
  let abusing = true;
  const batch = Array(10).fill("wall.snapshot").join(",");
  const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, { json: { filter: {}, limit: 5000 } }]))));
  const abuse = async () => {
    while (abusing) {
      const res = await fetch(`${s.url}/api/trpc/${batch}?batch=1&input=${input}`, { headers: { cookie: abuser, origin: s.origin } }).catch(() => null);
      abuseRequests++;
      const text = res ? await res.text().catch(() => "") : "";
      abuse429 += (text.match(/TOO_MANY_REQUESTS/g) ?? []).length;
      if (!res) await sleep(100);
    }
  };
  const abusers = Array.from({ length: 8 }, abuse);
  const t2 = setTimeout(() => endAbuse(), p.seconds * 1000);
  const phase2 = await probeAll(probes, p.probeHz, abuseDone);
  clearTimeout(t2);
  // Stop within a deadline while the abuse goes on.
  const tStop = nowMs();
  if (p.stopCheck) process.kill(s.wrapperPid, "SIGTERM");
  let stopSeconds: number | null = null;
  for (let i = 0; p.stopCheck && i < 300; i++) {
    try {
      process.kill(s.wrapperPid, 0);
    } catch {
      stopSeconds = round((nowMs() - tStop) / 1000, 1);
      break;
    }
    await sleep(100);
  }
  abusing = false;
  await Promise.all(abusers);
  const cpuSeconds = cpuSince(cpu0, cpuSnapshot(roots));
  return {
    ingestAcceptedPerSec: round(accepted / ingestSeconds, 0),
    ingest429: r429,
    ingest5xx: r5xx,
    interactiveP99: phase1.p99,
    interactiveP50: phase1.p50,
    kinds: phase1.kinds,
    abuse: {
      abuserRequests: abuseRequests,
      abuser429: abuse429,
      healthP99: phase2.kinds.health.p99,
      healthFailed: phase2.kinds.health.failed,
      interactiveP99: phase2.p99,
    },
    stopSeconds,
    windowSeconds: round((nowMs() - w0) / 1000, 1),
    cpuSeconds,
  };
}
