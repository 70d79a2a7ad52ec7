// HTTP sender for POST /api/ingest/flags: batches events, keeps a bounded number of requests
// in flight, retries only what may succeed later (5xx, network), paces to the schedule.
import { MAX_EVENTS, type IngestEventInput } from "../../server/contracts/ingest";
import type { ScenarioBatch } from "./scenarios";

export interface ClientOptions {
  /** Base URL of the Floodwall server, e.g. http://localhost:3000. */
  target: string;
  token: string;
  /** Events per request (default 500, at most MAX_EVENTS). */
  batchSize?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Retries per request after a 5xx or network error (default 5). */
  maxRetries?: number;
  /** First backoff; doubles per retry, with jitter, up to retryMaxMs (defaults 250 / 8000). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Per attempt (default 30 s). */
  requestTimeoutMs?: number;
  /** Real time: wait for each batch's atMs (default true). false: as fast as possible. */
  realtime?: boolean;
  /** Real time: a partial batch is sent after waiting this long for more events (default 250 ms). */
  flushMs?: number;
  /** Real time: events due more than this long ago are dropped (counted as `skipped`), so a
   * stalled sender does not catch up in a burst that looks like an attack. Default: never. */
  maxLagMs?: number;
  signal?: AbortSignal;
  /** Ask the platform before a room goes live (POST /api/platform-sim/live-starts); rooms it
   * refuses (paused or throttled by live controls) never stream, so they are never flagged.
   * A target without that endpoint lets every room live. Default false (the CLI turns it on). */
  askToGoLive?: boolean;
}

export interface ClientStats {
  /** Events put in a request (once, however many retries). */
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Events whose request finally failed (4xx, retries exhausted, aborted). */
  failed: number;
  /** Events dropped for lagging more than maxLagMs behind schedule. */
  skipped: number;
  requests: number;
  retries: number;
  inFlight: number;
  maxInFlight: number;
  /** Set on 401/403: nothing will get through, so the run stops. */
  fatal: string | null;
  lastError: string | null;
  /** The first few distinct per-event rejection messages. */
  rejectSamples: string[];
  /** Answers of 429 (the server over its ingest budget): the request waited Retry-After and went again. */
  throttled: number;
  /** Rooms the platform refused to let go live, and their events not sent. */
  refusedRooms: number;
  refusedEvents: number;
}

export class IngestClient {
  readonly stats: ClientStats = {
    sent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    failed: 0,
    skipped: 0,
    requests: 0,
    retries: 0,
    throttled: 0,
    inFlight: 0,
    maxInFlight: 0,
    fatal: null,
    lastError: null,
    rejectSamples: [],
    refusedRooms: 0,
    refusedEvents: 0,
  };
  /** Rooms already asked about: true = live, false = refused. */
  private readonly live = new Map<string, boolean>();
  private gate = true;
  private readonly url: string;
  private readonly o: Required<Omit<ClientOptions, "signal" | "target" | "token" | "askToGoLive">> & { signal?: AbortSignal; token: string };
  private readonly liveStartsUrl: string;

  constructor(opts: ClientOptions) {
    this.gate = opts.askToGoLive === true;
    this.url = new URL("/api/ingest/flags", opts.target).href;
    this.liveStartsUrl = new URL("/api/platform-sim/live-starts", opts.target).href;
    this.o = {
      token: opts.token,
      batchSize: Math.min(MAX_EVENTS, Math.max(1, opts.batchSize ?? 500)),
      concurrency: Math.max(1, opts.concurrency ?? 4),
      maxRetries: Math.max(0, opts.maxRetries ?? 5),
      retryBaseMs: opts.retryBaseMs ?? 250,
      retryMaxMs: opts.retryMaxMs ?? 8000,
      requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
      realtime: opts.realtime ?? true,
      flushMs: opts.flushMs ?? 250,
      maxLagMs: opts.maxLagMs ?? Infinity,
      signal: opts.signal,
    };
  }

  private get stopped(): boolean {
    return this.o.signal?.aborted === true || this.stats.fatal !== null;
  }

  /** Sends a scenario's batches until it ends, the signal aborts or the target refuses us. */
  async run(source: Iterable<ScenarioBatch> | AsyncIterable<ScenarioBatch>): Promise<ClientStats> {
    const { batchSize, concurrency, realtime, flushMs, maxLagMs, signal } = this.o;
    const t0 = performance.now();
    const inflight = new Set<Promise<void>>();
    let buf: IngestEventInput[] = [];
    let bufSince = 0;
    const dispatch = async (events: IngestEventInput[]) => {
      // Backpressure: a slow target slows generation instead of piling up requests.
      while (inflight.size >= concurrency) await Promise.race(inflight);
      if (this.stopped) return;
      const p: Promise<void> = this.send(events).finally(() => inflight.delete(p));
      inflight.add(p);
    };
    const flush = async () => {
      const events = buf;
      buf = [];
      if (events.length > 0) await dispatch(events);
    };

    for await (const batch of source) {
      if (this.stopped) break;
      if (realtime) {
        const due = t0 + batch.atMs;
        // A partial batch should not wait for a far-off tick.
        if (buf.length > 0 && bufSince + flushMs < due) {
          await sleep(bufSince + flushMs - performance.now(), signal);
          await flush();
        }
        await sleep(due - performance.now(), signal);
        if (this.stopped) break;
        if (performance.now() - due > maxLagMs) {
          this.stats.skipped += batch.events.length;
          continue;
        }
      }
      if (buf.length === 0) bufSince = performance.now();
      for (const e of batch.events) {
        buf.push(e);
        if (buf.length >= batchSize) await flush();
      }
      if (realtime && buf.length > 0 && performance.now() - bufSince >= flushMs) await flush();
    }
    if (!this.stopped) await flush();
    await Promise.all(inflight);
    return this.stats;
  }

  /** Asks the platform about rooms not seen before; returns the events of rooms that are live. */
  private async goLive(events: IngestEventInput[]): Promise<IngestEventInput[]> {
    if (!this.gate) return events;
    const fresh = new Map<string, IngestEventInput>();
    for (const e of events) if (!this.live.has(e.room.id) && !fresh.has(e.room.id)) fresh.set(e.room.id, e);
    if (fresh.size) {
      const starts = [...fresh.values()].map((e) => ({
        roomId: e.room.id,
        accountId: e.account.id,
        registeredAt: e.account.registeredAt,
        realNameVerified: e.account.realNameVerified,
        category: e.room.category,
        // What the platform knows of its account: a standing order refuses ring signals.
        handle: e.account.handle,
        deviceId: e.account.deviceId,
        ip: e.account.ip,
        phoneHash: e.account.phoneHash,
      }));
      try {
        const res = await fetch(this.liveStartsUrl, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${this.o.token}` },
          body: JSON.stringify({ starts }),
          signal: AbortSignal.timeout(this.o.requestTimeoutMs),
        });
        const body = res.ok ? ((await res.json().catch(() => null)) as { results?: { roomId: string; allowed: boolean }[] } | null) : null;
        if (res.status === 404 || (res.ok && !Array.isArray(body?.results)))
          this.gate = false; // no platform here
        else if (body?.results) {
          for (const r of body.results) {
            this.live.set(r.roomId, r.allowed);
            if (!r.allowed) this.stats.refusedRooms++;
          }
        }
      } catch {
        /* the platform did not answer: treat the rooms as live, as a real stream would be */
      }
    }
    const out = events.filter((e) => this.live.get(e.room.id) !== false);
    this.stats.refusedEvents += events.length - out.length;
    return out;
  }

  /** One request (split first if over MAX_EVENTS), retried on 5xx and network errors. */
  async send(all: IngestEventInput[]): Promise<void> {
    if (all.length > MAX_EVENTS) {
      for (let i = 0; i < all.length; i += MAX_EVENTS) await this.send(all.slice(i, i + MAX_EVENTS));
      return;
    }
    const events = await this.goLive(all);
    if (events.length === 0) return;
    const s = this.stats;
    const n = events.length;
    s.sent += n;
    s.inFlight++;
    s.maxInFlight = Math.max(s.maxInFlight, s.inFlight);
    try {
      const body = JSON.stringify({ events });
      for (let attempt = 0; ; attempt++) {
        if (this.o.signal?.aborted) {
          s.failed += n;
          return;
        }
        s.requests++;
        const result = await this.attempt(body);
        if (result.kind === "ok") {
          s.accepted += result.accepted;
          s.duplicates += result.duplicates;
          s.rejected += result.rejected.length;
          for (const r of result.rejected) {
            if (s.rejectSamples.length >= 5) break;
            const msg = `event ${r.index}: ${r.error}`;
            if (!s.rejectSamples.some((x) => x.endsWith(r.error))) s.rejectSamples.push(msg);
          }
          return;
        }
        s.lastError = result.message;
        if (result.kind === "busy") {
          // The server is over its ingest budget and said when to come back: nothing was
          // stored, so the same events go again after that wait (not counted as a retry).
          s.throttled++;
          await sleep(result.retryAfterMs, this.o.signal);
          attempt--;
          continue;
        }
        // 4xx will not change on a retry; 401/403 will not change for any request.
        if (result.kind === "refused") {
          s.failed += n;
          if (result.status === 401 || result.status === 403) s.fatal ??= result.message;
          return;
        }
        if (attempt >= this.o.maxRetries || this.o.signal?.aborted) {
          s.failed += n;
          return;
        }
        s.retries++;
        const backoff = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** attempt);
        await sleep(backoff / 2 + Math.random() * (backoff / 2), this.o.signal);
      }
    } finally {
      s.inFlight--;
    }
  }

  private async attempt(
    body: string,
  ): Promise<
    | { kind: "ok"; accepted: number; duplicates: number; rejected: { index: number; error: string }[] }
    | { kind: "refused" | "retry"; status: number; message: string }
    | { kind: "busy"; status: 429; message: string; retryAfterMs: number }
  > {
    const signals = [AbortSignal.timeout(this.o.requestTimeoutMs)];
    if (this.o.signal) signals.push(this.o.signal);
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.o.token}` },
        body,
        signal: AbortSignal.any(signals),
      });
    } catch (e) {
      return { kind: "retry", status: 0, message: `network: ${errorText(e)}` };
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      // Proxies answer 502/504 with HTML; the status says enough.
    }
    if (res.ok) {
      const r = json as { accepted?: unknown; duplicates?: unknown; rejected?: unknown } | null;
      if (r && typeof r.accepted === "number" && typeof r.duplicates === "number" && Array.isArray(r.rejected)) {
        return { kind: "ok", accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected as { index: number; error: string }[] };
      }
      return { kind: "refused", status: res.status, message: `HTTP ${res.status}: unexpected response body` };
    }
    const error = json && typeof (json as { error?: unknown }).error === "string" ? (json as { error: string }).error : res.statusText;
    if (res.status === 429) {
      const after = Number(res.headers.get("retry-after"));
      return {
        kind: "busy",
        status: 429,
        message: `HTTP 429: ${error}`,
        retryAfterMs: Number.isFinite(after) && after > 0 ? Math.min(after, 30) * 1000 : 1000,
      };
    }
    return { kind: res.status >= 500 ? "retry" : "refused", status: res.status, message: `HTTP ${res.status}: ${error}` };
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}

/** Timer-based wait (never a busy loop); resolves early, without throwing, on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
