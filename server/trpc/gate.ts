/**
 * Bounds how much of the server one person can occupy at once. Every procedure call holds one of
 * its user's slots; a heavy one (large reads: the wall snapshot, cluster detail, previews…) also
 * holds the user's single heavy slot and one of the process's few heavy slots. Calls beyond the
 * slots wait in a short queue; beyond the queue they are refused at once (429), so one signed-in
 * account firing batches of snapshots cannot starve everyone else — or the health check.
 *
 * Large reads also draw on a time budget per user: each spends the time it took, the budget
 * refills at `heavyShare` of the clock and holds at most `heavyBurstMs`. A person's page loads
 * and refreshes fit in the burst; someone firing large reads back to back gets 429 once it is
 * spent, so one account holds the process at most that share of the time, not all of it.
 */
export interface GateLimits {
  /** Procedures one user may have running at once. */
  perUser: number;
  /** Heavy procedures one user may have running at once. */
  heavyPerUser: number;
  /** Heavy procedures the whole process runs at once. */
  heavyTotal: number;
  /** Calls that may wait for a slot, per semaphore; more are refused. */
  maxWaiting: number;
  /** Share of the clock one user's large reads may take, sustained (0..1). */
  heavyShare: number;
  /** Large-read time a user may spend at once before the share applies, in ms. */
  heavyBurstMs: number;
}

export const DEFAULT_GATE: GateLimits = { perUser: 6, heavyPerUser: 1, heavyTotal: 4, maxWaiting: 12, heavyShare: 0.5, heavyBurstMs: 6_000 };

export class GateFull extends Error {}
/** The user's large-read time budget is spent (it refills within seconds). */
export class BudgetSpent extends GateFull {}

class Semaphore {
  private running = 0;
  private waiting: (() => void)[] = [];
  constructor(
    private limit: number,
    private maxWaiting: number,
  ) {}
  get idle() {
    return this.running === 0 && this.waiting.length === 0;
  }
  async acquire(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return;
    }
    if (this.waiting.length >= this.maxWaiting) throw new GateFull("too many requests waiting");
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release() {
    const next = this.waiting.shift();
    if (next)
      next(); // the slot passes straight to the next waiter
    else this.running--;
  }
}

export class ConcurrencyGate {
  private users = new Map<string, { all: Semaphore; heavy: Semaphore }>();
  private heavy: Semaphore;
  /** Large-read budget per user (ms left, when last computed); absent means full. */
  private budgets = new Map<string, { ms: number; at: number }>();
  constructor(
    private limits: GateLimits = DEFAULT_GATE,
    private now: () => number = () => performance.now(),
  ) {
    this.heavy = new Semaphore(limits.heavyTotal, limits.maxWaiting * 4);
  }

  /** The user's large-read budget now, refilled for the time since it was last spent. */
  private budget(userId: string): number {
    const b = this.budgets.get(userId);
    if (!b) return this.limits.heavyBurstMs;
    const ms = Math.min(this.limits.heavyBurstMs, b.ms + (this.now() - b.at) * this.limits.heavyShare);
    if (ms >= this.limits.heavyBurstMs) this.budgets.delete(userId);
    return ms;
  }

  async run<T>(userId: string, heavy: boolean, fn: () => Promise<T>): Promise<T> {
    if (heavy && this.budget(userId) <= 0) throw new BudgetSpent("large-read budget spent");
    let u = this.users.get(userId);
    if (!u) {
      u = {
        all: new Semaphore(this.limits.perUser, this.limits.maxWaiting),
        heavy: new Semaphore(this.limits.heavyPerUser, Math.max(1, this.limits.maxWaiting / 4)),
      };
      this.users.set(userId, u);
    }
    const held: Semaphore[] = [];
    try {
      for (const s of heavy ? [u.all, u.heavy, this.heavy] : [u.all]) {
        await s.acquire();
        held.push(s);
      }
      if (!heavy) return await fn();
      const started = this.now();
      try {
        return await fn();
      } finally {
        const end = this.now();
        this.budgets.set(userId, { ms: this.budget(userId) - (end - started), at: end });
      }
    } finally {
      for (const s of held.reverse()) s.release();
      if (u.all.idle && u.heavy.idle) this.users.delete(userId);
    }
  }
}
