// Preloaded (NODE_OPTIONS=--import) into the rules figure's server, like prof-hook.mjs: wraps
// RulesEngine.evaluate to add up, in wall-clock time, what judging a stored batch costs the
// ingest request that waits for it — the two fact queries, the in-memory judging (the
// synchronous loop from the facts' answer to the first transaction), the per-rule transactions
// that record hits and act, and the wall-marker UPDATEs — and writes the running totals (see
// RulesTiming in rules.ts) to BENCH_RULES_TIMING_FILE, at most every 200 ms, for the harness to
// difference per phase. Costs a few clock reads per query. Plain JavaScript, so NODE_OPTIONS needs
// no TypeScript loader (`next build`'s workers inherit it); in the server it registers tsx itself
// to load the engine, which server.ts's own `--import tsx` then finds already loaded. Other node
// processes skip it.
import { AsyncLocalStorage } from "node:async_hooks";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const file = process.env.BENCH_RULES_TIMING_FILE;
if (file && process.argv[1]?.endsWith("server.ts")) {
  const { register } = await import("tsx/esm/api");
  register();
  const { RulesEngine } = await import(new URL("../server/rules/engine.ts", import.meta.url).href);
  const t = {
    calls: 0,
    flags: 0,
    judged: 0,
    hits: 0,
    acted: 0,
    evaluateMs: 0,
    factsMs: 0,
    judgeMs: 0,
    actMs: 0,
    actTransactions: 0,
    marksMs: 0,
    otherQueryMs: 0,
    groups: 0,
  };
  /** Per evaluation: when the last fact query answered, while the judging loop runs (until a transaction starts). */
  const als = new AsyncLocalStorage();
  const patched = new WeakSet();
  let dirty = false;
  setInterval(() => {
    if (!dirty) return;
    dirty = false;
    writeFileSync(file, JSON.stringify(t));
  }, 200).unref();

  const endJudging = (ctx, at) => {
    if (ctx.factsDoneAt === null) return;
    t.judgeMs += at - ctx.factsDoneAt;
    ctx.factsDoneAt = null;
  };

  const patchPool = (pool) => {
    patched.add(pool);
    const query = pool.query.bind(pool);
    pool.query = (...args) => {
      const ctx = als.getStore();
      if (!ctx || typeof args[0] !== "string") return query(...args);
      const sql = args[0].trimStart();
      const kind = sql.startsWith("WITH a AS") || sql.startsWith("SELECT id, title") ? "facts" : sql.includes(`SET "ruleMarks" = ARRAY`) ? "marks" : "other";
      const t0 = performance.now();
      // The two fact queries run at once: their wall time is counted from the first start to the last end.
      if (kind === "facts" && !ctx.factsOpen++) ctx.factsT0 = t0;
      return query(...args).finally(() => {
        const t1 = performance.now();
        if (kind === "facts") {
          if (!--ctx.factsOpen) {
            t.factsMs += t1 - ctx.factsT0;
            ctx.factsDoneAt = t1;
          }
        } else if (kind === "marks") t.marksMs += t1 - t0;
        else t.otherQueryMs += t1 - t0;
      });
    };
    const connect = pool.connect.bind(pool);
    pool.connect = async (...args) => {
      const ctx = als.getStore();
      if (!ctx || args.length) return connect(...args);
      const t0 = performance.now();
      endJudging(ctx, t0);
      const client = await connect();
      const release = client.release;
      client.release = (err) => {
        t.actMs += performance.now() - t0;
        t.actTransactions++;
        client.release = release;
        return release.call(client, err);
      };
      return client;
    };
  };

  // Batches that arrive while an evaluation runs are judged together by one `evaluateGroup`:
  // the breakdown is timed per group (its own context), `evaluateMs` per batch as its sender waits.
  const group = RulesEngine.prototype.evaluateGroup;
  if (group)
    RulesEngine.prototype.evaluateGroup = async function (...args) {
      const ctx = { factsDoneAt: null, factsOpen: 0, factsT0: 0 };
      t.groups++;
      try {
        return await als.run(ctx, () => group.apply(this, args));
      } finally {
        endJudging(ctx, performance.now());
      }
    };
  const evaluate = RulesEngine.prototype.evaluate;
  RulesEngine.prototype.evaluate = async function (...args) {
    const pool = this.deps.pool;
    if (!patched.has(pool)) patchPool(pool);
    const ctx = { factsDoneAt: null, factsOpen: 0, factsT0: 0 };
    const t0 = performance.now();
    const res = await (group ? evaluate.apply(this, args) : als.run(ctx, () => evaluate.apply(this, args)));
    const t1 = performance.now();
    endJudging(ctx, t1);
    t.calls++;
    t.flags += args[0].length;
    t.judged += res.judged;
    t.hits += res.hits;
    t.acted += res.acted;
    t.evaluateMs += t1 - t0;
    dirty = true;
    return res;
  };
}
