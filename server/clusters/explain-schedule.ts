/**
 * When a growing cluster's explanations are recomputed. Explanations read every member's
 * signals, so during a wave a cluster is re-explained at most every `everyMs` (new clusters at
 * once). A cluster skipped because its last refresh was too recent stays due: it is refreshed
 * once its time comes even if nothing else joins it, so what a lead reads never stays stale
 * after the ring stops growing.
 */
export class ExplainSchedule {
  private readonly at = new Map<string, number>();
  private readonly due = new Set<string>();

  constructor(readonly everyMs: number) {}

  /** Of the clusters a pass touched, the ones to explain now; the rest are kept as due. */
  pick(touched: string[], fresh: string[], now: number): string[] {
    const isFresh = new Set(fresh);
    const now_: string[] = [];
    for (const id of touched) {
      if (isFresh.has(id) || now - (this.at.get(id) ?? -Infinity) >= this.everyMs) now_.push(id);
      else this.due.add(id);
    }
    return now_;
  }

  /** Skipped clusters whose time has come. */
  dueNow(now: number): string[] {
    return [...this.due].filter((id) => now - (this.at.get(id) ?? -Infinity) >= this.everyMs);
  }

  /** Record that these clusters were explained at `now` (after the transaction committed). */
  explained(ids: string[], now: number) {
    for (const id of ids) {
      this.at.set(id, now);
      this.due.delete(id);
    }
    // Bounded memory: forgetting refresh times only makes the next refresh come sooner.
    if (this.at.size > 50_000) this.at.clear();
  }

  get pending() {
    return this.due.size;
  }
}
