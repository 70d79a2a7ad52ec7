/**
 * Bounds how much of the server one person can occupy at once. Every procedure call holds one of
 * its user's slots; a heavy one (large reads: the wall snapshot, cluster detail, previews…) also
 * holds the user's single heavy slot and one of the process's few heavy slots. Calls beyond the
 * slots wait in a short queue; beyond the queue they are refused at once (429), so one signed-in
 * account firing batches of snapshots cannot starve everyone else — or the health check.
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
}

export const DEFAULT_GATE: GateLimits = { perUser: 6, heavyPerUser: 1, heavyTotal: 4, maxWaiting: 12 };

export class GateFull extends Error {}

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
  constructor(private limits: GateLimits = DEFAULT_GATE) {
    this.heavy = new Semaphore(limits.heavyTotal, limits.maxWaiting * 4);
  }

  async run<T>(userId: string, heavy: boolean, fn: () => Promise<T>): Promise<T> {
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
      return await fn();
    } finally {
      for (const s of held.reverse()) s.release();
      if (u.all.idle && u.heavy.idle) this.users.delete(userId);
    }
  }
}
