/**
 * Admission control for ingest: at most `limit` batches are stored at once by this process
 * (`concurrent` at most; lowered while people's requests are slow: PeopleFirst below), a few
 * more wait (up to `maxWaitMs`), the rest are told to come back (429 + Retry-After) before
 * anything is stored. An attack can then take the cores Postgres has for
 * ingest, not the ones people's clicks need; and a 429 is never an acknowledgement, so the
 * sender's retry loses nothing.
 */
export class AdmissionGate {
  private running = 0;
  private waiting: (() => void)[] = [];
  /** Counts for /metrics and the benchmark. */
  readonly counts = { admitted: 0, refused: 0 };
  /** Batches allowed at once now (1..concurrent). */
  limit: number;

  constructor(
    private concurrent: number,
    private maxQueued: number,
    private maxWaitMs = 2000,
  ) {
    this.limit = concurrent;
  }

  /** Moves the limit within 1..concurrent; a raised limit lets waiting batches in at once. */
  setLimit(n: number) {
    this.limit = Math.max(1, Math.min(this.concurrent, Math.round(n)));
    while (this.running < this.limit && this.waiting.length > 0) {
      this.running++;
      this.waiting.shift()?.();
    }
  }

  /** Resolves to a release function, or null when the caller should answer 429. */
  async enter(): Promise<(() => void) | null> {
    if (this.running < this.limit) return this.admit();
    if (this.waiting.length >= this.maxQueued) return this.refuse();
    const admitted = await new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== wake);
        resolve(false);
      }, this.maxWaitMs);
      this.waiting.push(wake);
    });
    // A woken waiter inherits the slot of the batch that finished (running is unchanged).
    if (admitted) {
      this.counts.admitted++;
      return this.releaser();
    }
    return this.refuse();
  }

  private admit() {
    this.running++;
    this.counts.admitted++;
    return this.releaser();
  }

  private refuse() {
    this.counts.refused++;
    return null;
  }

  private releaser() {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      // The slot passes to a waiter unless the limit was lowered below what is running.
      const next = this.running <= this.limit ? this.waiting.shift() : undefined;
      if (next) next();
      else this.running--;
    };
  }
}

/**
 * Humans first: how long people's requests (pages, tRPC, sign-in) take decides how many ingest
 * batches this process stores at once. Every tick (500 ms) the 90th percentile of the requests
 * that finished since the last one is compared with `slowMs`: above it, ingest's limit is halved
 * (never below one batch: ingest slows, it does not stop); well below it (or with no people
 * traffic), one more batch is allowed, up to INGEST_MAX_CONCURRENT. Senders see 429 with
 * Retry-After sooner and back off; nothing acknowledged is affected.
 */
export class PeopleFirst {
  private window: number[] = [];
  constructor(
    private gate: AdmissionGate,
    private slowMs: number,
  ) {}

  /** A person's request finished after `ms`. */
  record(ms: number) {
    if (this.window.length < 20_000) this.window.push(ms);
  }

  /** One control step; returns the new limit. */
  tick(): number {
    const w = this.window;
    this.window = [];
    let limit = this.gate.limit;
    if (w.length > 0) {
      w.sort((a, b) => a - b);
      const p90 = w[Math.min(w.length - 1, Math.floor(w.length * 0.9))];
      if (p90 > this.slowMs) limit = Math.floor(limit / 2);
      else if (p90 < this.slowMs / 2) limit++;
    } else limit++;
    this.gate.setLimit(limit);
    return this.gate.limit;
  }
}
