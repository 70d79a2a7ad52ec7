// The extra, separately run passes that say where time goes inside a process: the server under
// the V8 profiler during a 5,000 flags/s phase, and the page under Chromium tracing during a
// burst. Their own latency and long-task numbers are not reported (profiling costs time).
import { rmSync } from "node:fs";
import path from "node:path";
import { browserRun } from "./browser";
import { moderatorSessions } from "./client";
import type { Config, Provide } from "./config";
import { Fleet, HEADLINE_RATE, latencyPhase } from "./latency";
import { findProfile, monoUs, profileEnv, summarizeProfile } from "./profile";
import type { Figure } from "./report";
import pg from "pg";
import { createRuleSet, rulesPhase, warmRules } from "./rules";
import { OUT, serverPid } from "./server";

/** The headline phase once more on a fresh server running under the V8 profiler (not one of the runs). */
export async function profiledPhase(cfg: Config, provide: Provide): Promise<NonNullable<Figure["profile"]>> {
  const title = `V8 CPU profile of the server process during one extra ${HEADLINE_RATE.toLocaleString("en-US")} flags/s phase with ${cfg.latency.sockets} sockets (run separately, not one of the runs above)`;
  const dir = path.join(OUT, "profile");
  rmSync(dir, { recursive: true, force: true });
  console.log("  profiling one extra phase (server under the V8 profiler)");
  try {
    const { server, release } = await provide("latency-profile", profileEnv(dir));
    let window: [number, number] = [0, 0];
    const pid = serverPid(server);
    try {
      const cookies = await moderatorSessions(server, cfg.latency.sockets, "prof");
      const fleet = await Fleet.open(
        cookies.map((cookie) => ({ server, cookie })),
        cfg.latency.workers,
      );
      try {
        const from = monoUs();
        await latencyPhase([server], fleet, cookies.length, "P", HEADLINE_RATE, cfg.latency.seconds, cfg.latency.drainMs);
        window = [from, monoUs()];
      } finally {
        fleet.close();
      }
    } finally {
      await release(); // the profile is written when the server exits
    }
    const file = pid ? findProfile(dir, pid) : null;
    if (!file) return { title, error: `no profile written by the server process (pid ${pid})` };
    return { title, summary: summarizeProfile(file, window[0], window[1]) };
  } catch (e) {
    return { title, error: e instanceof Error ? e.message : String(e) };
  }
}

/** One more burst on a fresh server with Chromium tracing on (not one of the runs). */
export async function tracedBurst(cfg: Config, provide: Provide): Promise<NonNullable<Figure["trace"]>> {
  const title = `Chromium trace of the page during one extra ${cfg.browser.rate.toLocaleString("en-US")} flags/s burst (run separately, not one of the runs above)`;
  console.log("  tracing one extra burst in Chromium");
  try {
    const { server, release } = await provide("browser-trace");
    try {
      const run = await browserRun(server, "BT", { ...cfg.browser, trace: true });
      return run.trace ? { title, summary: run.trace } : { title, error: "no trace recorded" };
    } finally {
      await release();
    }
  } catch (e) {
    return { title, error: e instanceof Error ? e.message : String(e) };
  }
}

/** One more 20-rule ingest phase on a fresh server under the V8 profiler (not one of the runs). */
export async function profiledRulesPhase(cfg: Config, provide: Provide): Promise<NonNullable<Figure["profile"]>> {
  const title = `V8 CPU profile of the server process during one extra ingest phase with 20 rules (${cfg.rules.seconds} s, run separately, not one of the runs above)`;
  const dir = path.join(OUT, "profile-rules");
  rmSync(dir, { recursive: true, force: true });
  console.log("  profiling one extra 20-rule phase (server under the V8 profiler)");
  try {
    const { server, release } = await provide("rules-profile", profileEnv(dir));
    let window: [number, number] = [0, 0];
    const pid = serverPid(server);
    try {
      const set = await createRuleSet(server);
      await warmRules(server, set);
      const db = new pg.Client({ connectionString: server.pgUrl });
      await db.connect();
      try {
        const marks: number[] = [];
        await rulesPhase(server, set, db, "RPon", true, cfg.rules, null, () => marks.push(monoUs()));
        window = [marks[0], marks[1]];
      } finally {
        await db.end();
      }
    } finally {
      await release(); // the profile is written when the server exits
    }
    const file = pid ? findProfile(dir, pid) : null;
    if (!file) return { title, error: `no profile written by the server process (pid ${pid})` };
    return { title, summary: summarizeProfile(file, window[0], window[1]) };
  } catch (e) {
    return { title, error: e instanceof Error ? e.message : String(e) };
  }
}
