import { celFacts, celWithEvent, compileExpression, type CelFacts, type CompiledRule } from "../contracts/rule-language";
import { ZRuleAction } from "../contracts/rules";
import { addToOpenIncidents, msg } from "../incidents/timeline";
import { act, actAll, markRooms, recordShadowHits, type ActOutcome, type RoomMark, type RuleHitInput } from "./act";
import { errField, logger } from "../observability/log";
import { factsFor, loadFacts, type FlagRef } from "./facts";
import type { RuleDeps, RuleRow } from "./types";

const log = logger("rules");

interface Active extends RuleRow {
  run: CompiledRule;
  /** The condition never names `event`: it holds or not for a room and account, whichever flag brought them. */
  eventFree: boolean;
}

/** A compiled condition on one flag's facts; one it cannot judge (checked types make this rare) does not match. */
function holds(r: Active, facts: CelFacts): boolean {
  try {
    return r.run(facts);
  } catch {
    return false;
  }
}

/** Remembers recent keys up to a size, forgetting the oldest: rooms a rule already hit need no second look. */
class RecentKeys {
  private keys = new Set<string>();
  constructor(private max: number) {}
  has(k: string) {
    return this.keys.has(k);
  }
  add(k: string) {
    if (this.keys.has(k)) return;
    this.keys.add(k);
    if (this.keys.size > this.max) {
      const oldest = this.keys.values().next().value as string;
      this.keys.delete(oldest);
    }
  }
}

/** What one evaluation did (tests and benchmarks read it). */
export interface EvaluationResult {
  judged: number;
  hits: number;
  acted: number;
}

const MAX_RETRY = 50_000;
/** A group of batches judged together stops growing at this many flags (the rest wait for the next). */
const MAX_GROUP = 16_000;

interface Waiting {
  flags: FlagRef[];
  now: number;
  done: (r: EvaluationResult) => void;
}
const hitKey = (r: Pick<RuleRow, "id" | "version" | "mode">, roomId: string) => `${r.id}:${r.version}:${r.mode}:${roomId}`;

/**
 * Response rules on the ingest path. Every stored batch is judged here before its sender is
 * answered: the enabled rules are compiled once (reloaded when one changes, and every two
 * seconds for changes made by another process), the facts for the batch's rooms and accounts
 * come from two set-based queries, and each flag is judged by every rule in memory. A rule hits a
 * room once per version and mode (recorded in rule_hits, marked on the room for the wall); shadow
 * rules only record, enforcing rules act through `act` (ceiling, audit, undo).
 *
 * Evaluation is at least once: a batch whose evaluation failed is retried with the next one, and
 * a process that starts replays the last two minutes of flags (hits are keyed, actions idempotent,
 * so a flag judged twice changes nothing).
 *
 * One evaluation runs at a time; batches stored meanwhile wait and are judged together next (group
 * commit): one fact load, one shadow insert, one transaction per enforcing rule and one marker
 * update for all of them, instead of one each per batch contending for the same locks. Each
 * sender is still answered only after its flags were judged.
 */
export class RulesEngine {
  private rules: Active[] = [];
  private compiled = new Map<string, CompiledRule>();
  private seen = new RecentKeys(200_000);
  private retry: FlagRef[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private loading: Promise<void> | null = null;
  private reloadAfter: Promise<void> | null = null;
  /** Actions per rule not yet on incident timelines (one entry per rule every 30 s, not one per batch). */
  private pendingTimeline = new Map<string, { rule: RuleRow; count: number }>();
  private waiting: Waiting[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private deps: RuleDeps,
    private opts: { refreshMs?: number; timelineMs?: number } = {},
  ) {}

  async start() {
    await this.refresh();
    this.timer = setInterval(
      () => void this.refresh().catch((e) => log.error({ err: errField(e) }, "reloading the rules failed")),
      this.opts.refreshMs ?? 2000,
    );
    this.timer.unref();
    this.flushTimer = setInterval(() => void this.flushTimeline(), this.opts.timelineMs ?? 30_000);
    this.flushTimer.unref();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.draining;
    await this.flushTimeline();
  }

  /** Rules that are not off, as last loaded. */
  get enabled(): readonly RuleRow[] {
    return this.rules;
  }

  /**
   * Reloads the enabled rules, one load at a time. A call during a load waits for a further load
   * after it: the one under way may have read the rules before the change that asked for this.
   */
  refresh(): Promise<void> {
    if (this.loading) {
      const again = () => {
        this.reloadAfter = null;
        return this.refresh();
      };
      this.reloadAfter ??= this.loading.then(again, again);
      return this.reloadAfter;
    }
    this.loading = this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load() {
    const res = await this.deps.pool.query<Omit<RuleRow, "action"> & { kind: string; params: Record<string, unknown> }>(
      `SELECT id, name, version, expression, action AS kind, params, "ceilingPerMin", mode FROM rules WHERE mode <> 'OFF' ORDER BY name`,
    );
    const next: Active[] = [];
    for (const r of res.rows) {
      const key = `${r.id}:${r.version}`;
      let run = this.compiled.get(key);
      if (!run) {
        try {
          run = compileExpression(r.expression);
        } catch (e) {
          log.error({ rule: r.name, version: r.version, err: errField(e) }, "a rule does not compile and is skipped");
          continue;
        }
        this.compiled.set(key, run);
      }
      const action = ZRuleAction.safeParse({ ...r.params, kind: r.kind });
      if (!action.success) continue;
      next.push({
        id: r.id,
        name: r.name,
        version: r.version,
        expression: r.expression,
        action: action.data,
        ceilingPerMin: r.ceilingPerMin,
        mode: r.mode,
        run,
        // Conservative: the word anywhere (a string literal included) counts as naming it.
        eventFree: !/\bevent\b/.test(r.expression),
      });
    }
    this.rules = next;
  }

  /**
   * Judges stored flags (and any whose evaluation failed before); never throws. Resolves once they
   * were judged, with or after other batches (see the class comment). A group's counts are
   * reported once, to its first batch's caller (the others get zeros), so sums stay exact.
   */
  evaluate(flags: FlagRef[], now = Date.now()): Promise<EvaluationResult> {
    return new Promise((done) => {
      this.waiting.push({ flags, now, done });
      this.draining ??= this.drain();
    });
  }

  private async drain() {
    try {
      while (this.waiting.length) {
        let n = 0;
        let take = 0;
        while (take < this.waiting.length && (take === 0 || n + this.waiting[take].flags.length <= MAX_GROUP)) n += this.waiting[take++].flags.length;
        const group = this.waiting.splice(0, take);
        // The group is judged as of its newest batch (facts are loaded after it arrived).
        const now = Math.max(...group.map((g) => g.now));
        let res: EvaluationResult = { judged: 0, hits: 0, acted: 0 };
        try {
          res = await this.evaluateGroup(group.length === 1 ? group[0].flags : group.flatMap((g) => g.flags), now);
        } catch (e) {
          log.error({ err: errField(e) }, "evaluation failed unexpectedly");
        }
        for (const [i, g] of group.entries()) g.done(i === 0 ? res : { judged: 0, hits: 0, acted: 0 });
      }
    } finally {
      this.draining = null;
    }
  }

  /** One evaluation of the flags of one or more batches (never more than one at a time). */
  private async evaluateGroup(flags: FlagRef[], now: number): Promise<EvaluationResult> {
    const rules = this.rules;
    const batch = this.retry.length ? [...this.retry.splice(0), ...flags] : flags;
    const result: EvaluationResult = { judged: 0, hits: 0, acted: 0 };
    if (rules.length === 0 || batch.length === 0) return result;
    // Per room, the rules that have not hit it yet (as their version and mode): keys are built
    // once per room and rule, not per flag and rule.
    const prefixes = rules.map((r) => hitKey(r, ""));
    const open = new Map<string, number[]>();
    for (const f of batch) {
      if (open.has(f.roomId)) continue;
      const idx: number[] = [];
      for (let i = 0; i < rules.length; i++) if (!this.seen.has(prefixes[i] + f.roomId)) idx.push(i);
      open.set(f.roomId, idx);
    }
    const needed = batch.filter((f) => open.get(f.roomId)!.length > 0);
    if (needed.length === 0) return result;
    try {
      const facts = await loadFacts(this.deps.pool, [...new Set(needed.map((f) => f.roomId))], [...new Set(needed.map((f) => f.accountId))]);
      const hits: Map<string, RuleHitInput>[] = rules.map(() => new Map());
      // The room, account and ring facts are the same for every flag of a room in the batch (one
      // load, one `now`): built once per room and account; a flag adds its event. Conditions that
      // never name the event are judged once per room too.
      const shared = new Map<string, { facts: CelFacts; memo: (boolean | undefined)[] }>();
      for (const f of needed) {
        const room = facts.rooms.get(f.roomId);
        const account = facts.accounts.get(f.accountId);
        if (!room || !account || room.status !== "LIVE") continue;
        result.judged++;
        const idx = open.get(f.roomId)!;
        if (idx.length === 0) continue; // every rule has hit this room in this batch
        const key = `${f.roomId}\u0000${f.accountId}`;
        let base = shared.get(key);
        if (!base) {
          base = { facts: celFacts(factsFor({ ...f, at: now }, room, account)), memo: [] };
          shared.set(key, base);
        }
        const judged = celWithEvent(base.facts, { source: f.source, label: f.label, score: f.score });
        for (let j = 0; j < idx.length; ) {
          const i = idx[j];
          const r = rules[i];
          let held = r.eventFree ? base.memo[i] : undefined;
          if (held === undefined) {
            held = holds(r, judged);
            if (r.eventFree) base.memo[i] = held;
          }
          if (!held) {
            j++;
            continue;
          }
          hits[i].set(f.roomId, { roomId: f.roomId, accountId: f.accountId, flagId: f.flagId, label: f.label, score: f.score, clusterId: account.clusterId });
          idx.splice(j, 1); // one hit per rule and room: later flags of the room skip it
        }
      }
      // Shadow rules only record: all of them in one statement. Enforcing rules (and shadow rules
      // changed since they were loaded) act in name order, each under its breaker's lock. The wall
      // markers of the whole batch are one update at the end, so a batch bumps a room's version
      // once however many rules held on it.
      const marks: RoomMark[] = [];
      const shadow = rules.flatMap((r, i) => (r.mode === "SHADOW" && hits[i].size ? [{ rule: r, hits: [...hits[i].values()] }] : []));
      const enforcing = rules.flatMap((r, i) => (r.mode !== "SHADOW" && hits[i].size ? [{ rule: r, hits: [...hits[i].values()] }] : []));
      // The enforcing rules act beside the shadow insert (different rules, different rule_hits
      // keys, no row locks in common); the shadow rules found changed since loading act after both.
      const [shadowOut, enforcedOut] = await Promise.allSettled([recordShadowHits(this.deps, shadow, marks), this.actInOrder(enforcing, marks)]);
      const failed = [shadowOut, enforcedOut].find((x) => x.status === "rejected");
      // Either may have committed: the retry records and acts only what is still missing.
      if (failed) throw failed.reason;
      const { recorded, changed } = (shadowOut as PromiseFulfilledResult<Awaited<ReturnType<typeof recordShadowHits>>>).value;
      for (const { rule: r, hits: mine } of shadow) {
        if (changed.some((c) => c.rule.id === r.id)) continue;
        for (const h of mine) this.seen.add(hitKey(r, h.roomId));
        const n = recorded.get(r.id) ?? 0;
        result.hits += n;
        if (n) this.deps.notify.hits(r.id);
      }
      const outs = [...(enforcedOut as PromiseFulfilledResult<ActOutcome[]>).value, ...(await this.actInOrder(changed, marks))];
      for (const [k, { rule: r, hits: mine }] of [...enforcing, ...changed].entries()) {
        const out = outs[k];
        for (const h of mine) this.seen.add(hitKey(out.recordedAs ?? r, h.roomId));
        result.hits += out.recorded;
        result.acted += out.acted;
        if (out.recorded) this.deps.notify.hits(r.id);
        if (out.acted) this.noteForTimeline(r, out.acted);
        if (out.tripped) {
          await this.refresh();
          await addToOpenIncidents(this.deps.pool, "rule", msg("ruleTripped", { name: r.name, version: r.version, why: out.tripped }), null, {
            ruleId: r.id,
          }).catch(() => {});
        }
      }
      await markRooms(this.deps, marks).catch((e) => log.error({ err: errField(e) }, "could not mark rooms with rule hits"));
    } catch (e) {
      log.error({ err: errField(e) }, "evaluation failed; retried with the next batch");
      this.retry.push(...batch.slice(-MAX_RETRY));
      if (this.retry.length > MAX_RETRY) this.retry.splice(0, this.retry.length - MAX_RETRY);
    }
    return result;
  }

  /**
   * Rules act in the order given (by name), consecutive ones in one transaction (each under its
   * own breaker lock); a ban reaches the account's other rooms, so it is acted on alone.
   */
  private async actInOrder(items: { rule: RuleRow; hits: RuleHitInput[] }[], marks: RoomMark[]): Promise<ActOutcome[]> {
    const outs: ActOutcome[] = [];
    for (let i = 0; i < items.length; ) {
      if (items[i].rule.action.kind === "BAN_ACCOUNT") {
        outs.push(await act(this.deps, items[i].rule, items[i].hits, marks));
        i++;
        continue;
      }
      let j = i;
      while (j < items.length && items[j].rule.action.kind !== "BAN_ACCOUNT") j++;
      outs.push(...(await actAll(this.deps, items.slice(i, j), marks)));
      i = j;
    }
    return outs;
  }

  /** After a restart: the last `ms` of flags are judged again (keyed hits make it idempotent). */
  async replay(ms = 120_000) {
    if (this.rules.length === 0) return;
    let after = "0";
    for (;;) {
      const res = await this.deps.pool.query<{ id: string; roomId: string; accountId: string; source: string; label: string; score: number; receivedAt: Date }>(
        `SELECT id, "roomId", "accountId", source, label, score, "receivedAt" FROM flags
         WHERE "receivedAt" > now() - make_interval(secs => $1) AND id > $2::bigint ORDER BY id LIMIT 5000`,
        [ms / 1000, after],
      );
      if (res.rows.length === 0) return;
      await this.evaluate(
        res.rows.map((f) => ({
          flagId: f.id,
          roomId: f.roomId,
          accountId: f.accountId,
          source: f.source,
          label: f.label,
          score: f.score,
          at: f.receivedAt.getTime(),
        })),
      );
      after = res.rows[res.rows.length - 1].id;
    }
  }

  private noteForTimeline(r: RuleRow, count: number) {
    const p = this.pendingTimeline.get(r.id) ?? { rule: r, count: 0 };
    p.count += count;
    this.pendingTimeline.set(r.id, p);
  }

  private async flushTimeline() {
    const pending = [...this.pendingTimeline.values()];
    this.pendingTimeline.clear();
    for (const { rule, count } of pending) {
      await addToOpenIncidents(
        this.deps.pool,
        "rule",
        msg("ruleActed", { name: rule.name, version: rule.version, action: rule.action.kind, n: count }),
        `rule "${rule.name}" v${rule.version}`,
        {
          ruleId: rule.id,
          version: rule.version,
          count,
        },
      ).catch(() => {});
    }
  }
}
