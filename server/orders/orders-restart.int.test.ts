import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { pgConfigToUrl } from "../db/pg-config";
import { ingestEvents } from "../ingest/ingest-flags";
import { buildPopulation, type SimMember } from "../../scripts/simulator/population";
import { eventIdFactory, toIngestEvent } from "../../scripts/simulator/events";
import { createRng } from "../../scripts/simulator/rng";
import { createOrder } from "./create-order";
import type { OrderDeps } from "./types";
import { SimulatedPlatform } from "../enforcement/adapters/simulated-platform";
import { startQueue, stopQueue, type Queue } from "../jobs/queue";

// The order lives in Postgres, not in a process: a worker killed with SIGKILL mid-wave is
// replaced by another, which carries on taking down the ring's new members.

let t: TestDb;
let queue: Queue | null = null;
const workers: ChildProcess[] = [];
let log = "";
const pop = buildPopulation({ seed: 91, onsetAt: Date.now() - 60_000, rampMs: 30_000, botCount: 300, ringCount: 1, benignCount: 20, sharedIpCount: 5 });
const ring = pop.bots;
const quarter = (k: number) => ring.slice(Math.floor((k * ring.length) / 4), Math.floor(((k + 1) * ring.length) / 4));
const rng = createRng(91).fork("restart");
const nextId = eventIdFactory(91, "r");
const ingest = (members: SimMember[]) =>
  ingestEvents(
    { pool: t.pool },
    "restart-test",
    members.map((m) => toIngestEvent(m, Date.now(), rng, nextId())),
  );

function startWorker(): ChildProcess {
  const p = spawn(process.execPath, ["--import", "tsx", "server/cli/worker.ts"], {
    env: { ...process.env, DATABASE_URL: pgConfigToUrl(t.config), SESSION_SECRET: "x".repeat(40) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  p.stdout!.on("data", (d) => {
    log += d;
  });
  p.stderr!.on("data", (d) => {
    log += d;
  });
  workers.push(p);
  return p;
}
const n = async (sql: string, params: unknown[] = []) => (await t.pool.query<{ n: number }>(sql, params)).rows[0].n;
const liveOf = (members: SimMember[]) =>
  n(`SELECT count(*)::int AS n FROM live_rooms WHERE id = ANY($1::text[]) AND status = 'LIVE'`, [members.map((m) => m.room.id)]);
async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; worker output:\n${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  t = await createTestDb();
}, 60_000);
afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  if (queue) await stopQueue(queue);
  await t.close();
});

describe("a standing order across a crash", () => {
  it("kill -9 of the worker: the next one resumes the order; every room ended exactly once and told to the platform once", async () => {
    const first = startWorker();
    await ingest(quarter(0));
    await until(
      "the ring to be clustered",
      async () =>
        (await n(`SELECT count(*)::int AS n FROM account_cluster_members WHERE "accountId" = ANY($1::text[])`, [quarter(0).map((m) => m.account.id)])) ===
        quarter(0).length,
    );
    const clusterId = (await t.pool.query<{ c: string }>(`SELECT "clusterId" AS c FROM account_cluster_members WHERE "accountId" = $1`, [ring[0].account.id]))
      .rows[0].c;
    // The order is made here (as the web process would); the worker acts on what arrives next.
    queue = await startQueue(t.config);
    const deps: OrderDeps = {
      pool: t.pool,
      enforce: { pool: t.pool, queue, onRoomsChanged: () => {}, onRoomsRemoved: () => {} },
      adapter: new SimulatedPlatform(t.pool),
      notify: { changed: () => {}, approvalRequested: () => {} },
    };
    const lead = { id: "lead-r", email: "lead@restart.test", role: "SHIFT_LEAD" };
    const order = await createOrder(deps, lead, { clusterIds: [clusterId], followAlertId: null, banAccounts: false, refuseGoLive: true, reason: "Bot ring" });
    expect(order.ended).toBe(quarter(0).length);

    await ingest(quarter(1));
    await until("the second quarter to be ended by the worker", async () => (await liveOf(quarter(1))) === 0);

    // New members arrive and the worker dies before it can act on them.
    await ingest(quarter(2));
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const liveAtCrash = await liveOf(quarter(2));

    startWorker();
    await ingest(quarter(3));
    await until("the order to resume on the third and fourth quarters", async () => (await liveOf([...quarter(2), ...quarter(3)])) === 0);
    const twice = await n(
      `SELECT count(*)::int AS n FROM (SELECT "roomId" FROM enforcement_actions WHERE "orderId" = $1 AND kind = 'TAKEDOWN' GROUP BY 1 HAVING count(*) > 1) d`,
      [order.id],
    );
    expect(twice).toBe(0);
    expect(await n(`SELECT count(*)::int AS n FROM enforcement_actions WHERE "orderId" = $1 AND kind = 'TAKEDOWN'`, [order.id])).toBe(ring.length);
    // The worker also delivers: every decision reaches the platform once.
    await until(
      "every decision to be delivered",
      async () => (await n(`SELECT count(*)::int AS n FROM enforcement_actions WHERE "orderId" = $1 AND delivery <> 'SENT'`, [order.id])) === 0,
    );
    expect(await n(`SELECT count(*)::int AS n FROM sim_platform_ended WHERE "roomId" = ANY($1::text[])`, [ring.map((m) => m.room.id)])).toBe(ring.length);
    console.log(`orders restart: ${liveAtCrash} of ${quarter(2).length} new members' rooms still live when the worker was killed; all ended after restart`);
  }, 180_000);
});
