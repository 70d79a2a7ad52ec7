/**
 * Admission control for ingest: at most `concurrent` batches are stored at once by this
 * process, a few more wait (up to `maxWaitMs`), the rest are told to come back (429 +
 * Retry-After) before anything is stored. An attack can then take the cores Postgres has for
 * ingest, not the ones people's clicks need; and a 429 is never an acknowledgement, so the
 * sender's retry loses nothing.
 */
export class AdmissionGate {
  private running = 0;
  private waiting: (() => void)[] = [];
  /** Counts for /metrics and the benchmark. */
  readonly counts = { admitted: 0, refused: 0 };

  constructor(
    private concurrent: number,
    private maxQueued: number,
    private maxWaitMs = 2000,
  ) {}

  /** Resolves to a release function, or null when the caller should answer 429. */
  async enter(): Promise<(() => void) | null> {
    if (this.running < this.concurrent) return this.admit();
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
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
