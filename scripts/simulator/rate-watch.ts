import type { ClientStats } from "./client";

/**
 * Whether the server takes what the scenario makes due: over the last five seconds, events due
 * against events handled (accepted, duplicate, rejected, or not sent because the platform
 * refused the room's go-live). Says so, at most every 10 s, when it takes less than 90 %.
 */
export class RateWatch {
  private dueNow = 0;
  private window: { due: number; handled: number }[] = [];
  private lastHandled = 0;
  private warnedAt = Number.NEGATIVE_INFINITY;

  due(n: number) {
    this.dueNow += n;
  }

  /** Called once a second; returns a warning line or null. */
  tick(s: Pick<ClientStats, "accepted" | "duplicates" | "rejected" | "refusedEvents" | "throttled">, now = Date.now()): string | null {
    const handled = s.accepted + s.duplicates + s.rejected + s.refusedEvents;
    this.window.push({ due: this.dueNow, handled: handled - this.lastHandled });
    this.dueNow = 0;
    this.lastHandled = handled;
    if (this.window.length > 5) this.window.shift();
    const d = this.window.reduce((x, w) => x + w.due, 0);
    const h = this.window.reduce((x, w) => x + w.handled, 0);
    if (this.window.length < 5 || d < 100 || h >= d * 0.9 || now - this.warnedAt < 10_000) return null;
    this.warnedAt = now;
    return `warning: falling behind the rate asked: the server took ${Math.round(h / 5)}/s of the ${Math.round(d / 5)}/s due over the last 5 s${s.throttled ? ` (it answered 429 ${s.throttled} times so far)` : ""}; events more than 2 s late are dropped`;
  }
}
