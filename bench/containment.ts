// Figure 8: containment. The simulator's wave (17,000 bots in 12 rings and 3,000 ordinary
// rooms, going live over a minute) runs against a real server while a scripted shift lead in
// Chromium acts through the console only: waits for the attack-wave alert, contains every ring
// with one order, declares a P0. Afterwards the simulated platform's own record
// (GET /api/platform-sim/state) says, per room, when it went live, was refused or was ended:
// a bot room's exposure is the seconds from going live until the platform ended it (0 when
// refused at go-live). Optionally another process keeps one core busy (a contended host).
// The automated variant (issue 15) has no browser and no lead during the wave: before it, the
// demo playbook is armed by two shift leads through tRPC, and the server acts alone; afterwards
// its own tables say when each step happened and where each exposed room's seconds went.
import { spawn, type ChildProcess } from "node:child_process";
import { chromium, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { IngestClient, type ClientStats } from "../scripts/simulator/client";
import { createScenario } from "../scripts/simulator/scenarios";
import { CHROMIUM } from "./browser";
import { DEMO, DEMO_PASSWORD, signIn, trpc } from "./client";
import { LEAD2 } from "./rules";
import { cpuSince, cpuSnapshot, INGEST_TOKEN, type BenchServer } from "./server";
import { round, sleep } from "./stats";

export interface ContainmentParams {
  /** Events per second at the wave's peak (the simulator's default 2,000). */
  rate: number;
  /** Seconds the simulator sends (the wave's onset comes at a sixth of it, its ramp lasts up to 60 s). */
  seconds: number;
  /** Outcome read this long after the onset. */
  horizonS: number;
  /** Another process keeps one core busy for the whole run. */
  contended: boolean;
  /** No lead: the demo playbook acts alone (issue 15's automated variant). */
  automated?: boolean;
  seed: number;
}

export type ContainmentVariant = "quiet" | "contended" | "automated";

/** The demo playbook for the simulator's wave (server/app/demo-rules.ts). */
export const DEMO_PLAYBOOK_NAME = "Bot-ring wave (simulator)";

/** Seconds after the wave's onset (null: did not happen by the horizon). */
export interface AutomatedTimeline {
  armedBeforeOnsetS: number;
  alertOpenedS: number | null;
  runCreatedS: number | null;
  runFireAtS: number | null;
  runStartedS: number | null;
  runFinishedS: number | null;
  runStatus: string | null;
  runSummary: string[];
  orderActivatedS: number | null;
  /** Rings on the order when it was read at the horizon (it follows the alert). */
  orderRings: number | null;
  firstOrderActionS: number | null;
  firstRuleActionS: number | null;
  firstRefusalS: number | null;
  firstPlatformEndS: number | null;
  incidentDeclaredS: number | null;
  incidentSeverity: string | null;
  /** Kinds of entry on the declared incident's timeline. */
  incidentTimeline: string[];
  orderTakedowns: number;
  ruleTakedowns: number;
  bans: number;
  ruleHitsActed: number;
}

/** Where an exposed bot room's seconds went: [median, p95] of each step, in seconds. */
export interface ExposureStage {
  rooms: number;
  exposureP50S: number;
  exposureP95S: number;
  /** Went live → its first flag stored (the ingest transaction's start). */
  toFlagStoredS: [number, number];
  /** First flag stored → the cluster pass that put its account in a ring started. */
  flagToClusterPassS: [number, number];
  /** That pass started → its rows became visible (the pass's length). */
  clusterPassS: [number, number];
  /** Membership visible → the transaction deciding the room's takedown started (orders loop or rules). */
  visibleToActionS: [number, number];
  /** Takedown transaction started → visible. */
  actionTxS: [number, number];
  /** Takedown decided → the platform ended the stream (delivery). */
  actionToEndedS: [number, number];
  /** Went live → its account joined a ring (the pass's start), and → the takedown decided. */
  toClusteredS: [number, number];
  toActionS: [number, number];
  /** Of these rooms, how many the standing order took (the rest: a rule, or nothing by the horizon). */
  byOrder: number;
  byRule: number;
  notActioned: number;
}

export interface ExposureBreakdown {
  /** Went live before the order stood (waited for detection, veto and the run). */
  beforeOrder: ExposureStage | null;
  /** Went live while the order stood (its signals did not refuse them at go-live). */
  afterOrder: ExposureStage | null;
  /** The 5 % most exposed rooms, whenever they went live. */
  worst: ExposureStage | null;
  /** Cluster passes and takedown transactions seen during the run: count, [median, p95] seconds from start to visible, longest, median rows. */
  clusterPasses: { count: number; lengthS: [number, number]; maxS: number; accountsP50: number };
  takedownTxs: { count: number; lengthS: [number, number]; maxS: number; roomsP50: number };
}

export interface ContainmentRun {
  variant: ContainmentVariant;
  contended: boolean;
  /** Clicks and keys after sign-in. */
  actions: number;
  alertSeenAfterOnsetS: number | null;
  orderConfirmedAfterOnsetS: number | null;
  botRooms: number;
  /** Bot rooms the sender never got to (dropped as late by the simulator), not in the shares. */
  botRoomsNeverAttempted: number;
  exposureP50S: number;
  exposureP95S: number;
  exposureMaxS: number;
  /** Ended or refused by the horizon, of bot rooms that tried to go live. */
  endedOrRefusedShare: number;
  refusedShare: number;
  benignRooms: number;
  benignTakenDown: number;
  benignTakenDownShare: number;
  p0TimelineComplete: boolean;
  /** Automated variant: when each step happened, and where exposed rooms' seconds went. */
  timeline: AutomatedTimeline | null;
  breakdown: ExposureBreakdown | null;
  sender: Pick<ClientStats, "sent" | "accepted" | "throttled" | "skipped" | "refusedRooms" | "failed">;
  windowSeconds: number;
  cpuSeconds: Record<string, number>;
}

interface SimRoom {
  roomId: string;
  liveAt: number | null;
  refusedAt: number | null;
  endedAt: number | null;
}

/** The q-quantile of a list (nearest rank). */
function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function platformState(s: BenchServer): Promise<Map<string, SimRoom>> {
  const out = new Map<string, SimRoom>();
  let after = "";
  for (;;) {
    const res = await fetch(`${s.url}/api/platform-sim/state?after=${encodeURIComponent(after)}&limit=10000`, {
      headers: { authorization: `Bearer ${INGEST_TOKEN}` },
    });
    if (res.status !== 200) throw new Error(`platform-sim/state: HTTP ${res.status}`);
    const page = (await res.json()) as { rooms: SimRoom[]; next: string | null };
    for (const r of page.rooms) out.set(r.roomId, r);
    if (!page.next) return out;
    after = page.next;
  }
}

/** The lead, acting only through the page: counts every click and key after sign-in. */
async function lead(page: Page, onsetAt: number, deadline: number) {
  let actions = 0;
  const click = async (locator: ReturnType<Page["getByTestId"]>) => {
    await locator.click({ timeout: Math.max(1000, deadline - Date.now()) });
    actions++;
  };
  const contain = page.getByTestId("contain-all");
  await contain.waitFor({ state: "visible", timeout: Math.max(1000, deadline - Date.now()) });
  const alertSeenAfterOnsetS = round((Date.now() - onsetAt) / 1000, 1);
  await click(contain);
  const dialog = page.getByRole("dialog");
  const go = dialog.getByRole("button", { name: /^Contain \d+ rings?$/ });
  await go.waitFor({ state: "visible", timeout: 60_000 });
  await click(go);
  await dialog.waitFor({ state: "hidden", timeout: 60_000 });
  const orderConfirmedAfterOnsetS = round((Date.now() - onsetAt) / 1000, 1);
  await click(page.getByRole("button", { name: /Declare P0 incident/ }));
  await click(page.getByRole("dialog").getByRole("button", { name: "Declare P0" }));
  await page.waitForURL(/\/incidents\/[0-9a-f-]{36}/, { timeout: 60_000 });
  return { actions, alertSeenAfterOnsetS, orderConfirmedAfterOnsetS, incidentId: page.url().split("/").pop()! };
}

export async function containmentRun(s: BenchServer, p: ContainmentParams): Promise<ContainmentRun> {
  // Armed before the scenario's clock starts, so the sender is not behind it.
  const armedAt = p.automated ? await armDemoPlaybook(s) : 0;
  const scenario = createScenario("wave", { seed: p.seed, rate: p.rate, durationSec: p.seconds });
  const pop = scenario.population!;
  const onsetAt = scenario.onsetAt!;
  let hog: ChildProcess | null = null;
  if (p.contended) hog = spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" });
  const roots: Record<string, number> = { server: s.wrapperPid, harness: process.pid };
  if (hog?.pid) roots.hog = hog.pid;
  const browser: Browser | null = p.automated
    ? null
    : await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic",
        ],
        headless: true,
      });
  const cpu0 = cpuSnapshot(roots);
  const w0 = Date.now();
  try {
    let scripted: Promise<Awaited<ReturnType<typeof lead>>> | null = null;
    if (browser) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: s.origin });
      const page = await context.newPage();
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(DEMO.LEAD);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Main" }).waitFor();
      scripted = lead(page, onsetAt, onsetAt + p.horizonS * 1000);
    }
    const probeDb = p.automated ? new pg.Client({ connectionString: s.pgUrl }) : null;
    await probeDb?.connect();
    const probe = probeDb ? new TxProbe(probeDb) : null;
    probe?.start();
    const client = new IngestClient({ target: s.url, token: INGEST_TOKEN, askToGoLive: true, maxLagMs: 2000, batchSize: 500, concurrency: 4 });
    const sending = client.run(scenario.batches());
    const acted = scripted ? await scripted.catch((e: Error) => ({ error: e.message })) : null;
    await sending;
    await sleep(onsetAt + p.horizonS * 1000 - Date.now());
    const horizon = onsetAt + p.horizonS * 1000;
    await probe?.stop();
    await probeDb?.end();
    const state = await platformState(s);
    const cpuSeconds = cpuSince(cpu0, cpuSnapshot(roots));
    const exposures: number[] = [];
    let botRooms = 0;
    let never = 0;
    let handled = 0;
    let refused = 0;
    let maxExposure = 0;
    for (const m of pop.bots) {
      const r = state.get(m.room.id);
      if (!r || (r.liveAt === null && r.refusedAt === null)) {
        never++;
        continue;
      }
      botRooms++;
      if (r.liveAt === null) {
        refused++;
        handled++;
        exposures.push(0);
        continue;
      }
      const end = r.endedAt !== null && r.endedAt <= horizon ? r.endedAt : horizon;
      if (r.endedAt !== null && r.endedAt <= horizon) handled++;
      const e = Math.max(0, end - r.liveAt);
      maxExposure = Math.max(maxExposure, e);
      exposures.push(e);
    }
    let benignRooms = 0;
    let benignDown = 0;
    for (const m of pop.benign) {
      const r = state.get(m.room.id);
      if (!r?.liveAt) continue;
      benignRooms++;
      if (r.endedAt !== null) benignDown++;
    }
    let timelineComplete = false;
    if (acted && !("error" in acted)) {
      const cookie = await signIn(s, DEMO.LEAD);
      const v = await trpc<{ timeline: { kind: string }[] }>(s, cookie, "incidents.get", { id: acted.incidentId }, "query");
      const kinds = new Set(v.timeline.map((e) => e.kind));
      timelineComplete = kinds.has("alert") && kinds.has("order") && kinds.has("declared");
    }
    let timeline: AutomatedTimeline | null = null;
    let breakdown: ExposureBreakdown | null = null;
    if (p.automated) {
      const db = new pg.Client({ connectionString: s.pgUrl });
      await db.connect();
      try {
        timeline = await automatedTimeline(db, onsetAt, armedAt);
        const incident =
          timeline.incidentDeclaredS !== null
            ? (await db.query<{ id: string }>(`SELECT "incidentId" AS id FROM playbook_runs WHERE "incidentId" IS NOT NULL LIMIT 1`)).rows[0]
            : null;
        if (incident) {
          const cookie = await signIn(s, DEMO.LEAD);
          const v = await trpc<{ timeline: { kind: string }[] }>(s, cookie, "incidents.get", { id: incident.id }, "query");
          const kinds = new Set(v.timeline.map((e) => e.kind));
          timeline.incidentTimeline = [...kinds];
          timelineComplete = kinds.has("alert") && kinds.has("order") && kinds.has("playbook") && kinds.has("declared");
        }
        breakdown = await exposureBreakdown(db, state, pop.bots, onsetAt, horizon, timeline.orderActivatedS, probe!);
      } finally {
        await db.end();
      }
    }
    const st = client.stats;
    return {
      variant: p.automated ? "automated" : p.contended ? "contended" : "quiet",
      contended: p.contended,
      actions: acted && !("error" in acted) ? acted.actions : 0,
      alertSeenAfterOnsetS: acted && !("error" in acted) ? acted.alertSeenAfterOnsetS : null,
      orderConfirmedAfterOnsetS: acted && !("error" in acted) ? acted.orderConfirmedAfterOnsetS : null,
      botRooms,
      botRoomsNeverAttempted: never,
      exposureP50S: round(quantile(exposures, 0.5) / 1000, 1),
      exposureP95S: round(quantile(exposures, 0.95) / 1000, 1),
      exposureMaxS: round(maxExposure / 1000, 1),
      endedOrRefusedShare: round((100 * handled) / Math.max(1, botRooms), 2),
      refusedShare: round((100 * refused) / Math.max(1, botRooms), 2),
      benignRooms,
      benignTakenDown: benignDown,
      benignTakenDownShare: round((100 * benignDown) / Math.max(1, benignRooms), 2),
      p0TimelineComplete: timelineComplete,
      timeline,
      breakdown,
      sender: { sent: st.sent, accepted: st.accepted, throttled: st.throttled, skipped: st.skipped, refusedRooms: st.refusedRooms, failed: st.failed },
      windowSeconds: round((Date.now() - w0) / 1000, 1),
      cpuSeconds,
      ...(acted && "error" in acted ? { leadError: acted.error } : {}),
    };
  } finally {
    hog?.kill("SIGKILL");
    await browser?.close();
  }
}

/**
 * Watches, from outside, when the server's transactions become visible: cluster passes (rows of
 * account_cluster_members share their transaction's start as "joinedAt") and takedown decisions
 * (enforcement_actions share theirs as "createdAt"). Polled every 250 ms on its own connection;
 * visible − start is how long the transaction took to commit (± the poll interval).
 */
class TxProbe {
  readonly joins = new Map<number, { n: number; seenAt: number }>();
  readonly takedowns = new Map<number, { n: number; seenAt: number }>();
  private stopped = false;
  private done: Promise<void> | null = null;
  constructor(private db: pg.Client) {}

  start() {
    this.done = (async () => {
      let jMax = 0;
      let aMax = 0;
      while (!this.stopped) {
        const t = Date.now();
        const res = await this.db
          .query<{ k: string; t: Date; n: number }>(
            `SELECT 'j' AS k, "joinedAt" AS t, count(*)::int AS n FROM account_cluster_members WHERE "joinedAt" > to_timestamp($1 / 1000.0) GROUP BY 2
             UNION ALL
             SELECT 'a', "createdAt", count(*)::int FROM enforcement_actions WHERE kind = 'TAKEDOWN' AND "createdAt" > to_timestamp($2 / 1000.0) GROUP BY 2`,
            [Math.max(0, jMax - 15_000), Math.max(0, aMax - 15_000)],
          )
          .catch(() => ({ rows: [] as { k: string; t: Date; n: number }[] }));
        const seenAt = Date.now();
        for (const r of res.rows) {
          const m = r.k === "j" ? this.joins : this.takedowns;
          const at = r.t.getTime();
          const cur = m.get(at);
          if (!cur) m.set(at, { n: r.n, seenAt });
          else cur.n = Math.max(cur.n, r.n);
          if (r.k === "j") jMax = Math.max(jMax, at);
          else aMax = Math.max(aMax, at);
        }
        await sleep(250 - (Date.now() - t));
      }
    })();
  }

  async stop() {
    this.stopped = true;
    await this.done;
  }
}

/** The demo playbook armed through tRPC: the demo lead asks, the second lead approves. Returns when (epoch ms). */
async function armDemoPlaybook(s: BenchServer): Promise<number> {
  const lead = await signIn(s, DEMO.LEAD);
  const lead2 = await signIn(s, LEAD2);
  type Book = { id: string; name: string; armed: boolean; vetoSeconds: number };
  const find = async () => (await trpc<Book[]>(s, lead, "playbooks.list", undefined, "query")).find((b) => b.name === DEMO_PLAYBOOK_NAME);
  const book = await find();
  if (!book) throw new Error(`no playbook named "${DEMO_PLAYBOOK_NAME}" (the demo seeds it)`);
  if (!book.armed) {
    await trpc(s, lead, "playbooks.requestArm", { id: book.id, reason: "benchmark: the simulator's wave, automated" }, "mutation");
    await trpc(s, lead2, "playbooks.decideArm", { id: book.id, approve: true, reason: "benchmark: second lead approves" }, "mutation");
  }
  if (!(await find())?.armed) throw new Error("the demo playbook did not arm");
  return Date.now();
}

const secondsAfter = (onsetAt: number, at: Date | null | undefined) => (at ? round((at.getTime() - onsetAt) / 1000, 1) : null);

/** When each step of the automated response happened, from the server's own tables. */
async function automatedTimeline(db: pg.Client, onsetAt: number, armedAt: number): Promise<AutomatedTimeline> {
  const one = async <T>(sql: string, args: unknown[] = []) => (await db.query<T & pg.QueryResultRow>(sql, args)).rows[0] as T | undefined;
  const alert = await one<{ at: Date | null }>(`SELECT min("openedAt") AS at FROM attack_alerts`);
  const run = await one<{
    status: string;
    createdAt: Date;
    fireAt: Date;
    startedAt: Date | null;
    finishedAt: Date | null;
    incidentId: string | null;
    result: { summary?: string[] } | null;
  }>(`SELECT status, "createdAt", "fireAt", "startedAt", "finishedAt", "incidentId", result FROM playbook_runs ORDER BY "createdAt" LIMIT 1`);
  const order = await one<{ at: Date | null; rings: number | null }>(
    `SELECT "activatedAt" AS at, cardinality("clusterIds") AS rings FROM containment_orders WHERE "playbookRunId" IS NOT NULL ORDER BY "createdAt" LIMIT 1`,
  );
  const acts = await one<{ order: Date | null; rule: Date | null; orderTd: number; ruleTd: number; bans: number }>(
    `SELECT min("createdAt") FILTER (WHERE "orderId" IS NOT NULL) AS order, min("createdAt") FILTER (WHERE "ruleId" IS NOT NULL) AS rule,
            count(*) FILTER (WHERE "orderId" IS NOT NULL AND kind = 'TAKEDOWN')::int AS "orderTd",
            count(*) FILTER (WHERE "ruleId" IS NOT NULL AND kind = 'TAKEDOWN')::int AS "ruleTd", count(*) FILTER (WHERE kind = 'BAN')::int AS bans
     FROM enforcement_actions`,
  );
  const refusal = await one<{ at: Date | null }>(`SELECT min(at) AS at FROM sim_platform_starts WHERE NOT allowed`);
  const ended = await one<{ at: Date | null }>(`SELECT min("endedAt") AS at FROM sim_platform_ended`);
  const incident = run?.incidentId
    ? await one<{ at: Date; severity: string }>(`SELECT "declaredAt" AS at, severity::text FROM incidents WHERE id = $1`, [run.incidentId])
    : undefined;
  const hits = await one<{ n: number }>(`SELECT count(*)::int AS n FROM rule_hits WHERE outcome = 'acted'`);
  return {
    armedBeforeOnsetS: round((onsetAt - armedAt) / 1000, 1),
    alertOpenedS: secondsAfter(onsetAt, alert?.at),
    runCreatedS: secondsAfter(onsetAt, run?.createdAt),
    runFireAtS: secondsAfter(onsetAt, run?.fireAt),
    runStartedS: secondsAfter(onsetAt, run?.startedAt),
    runFinishedS: secondsAfter(onsetAt, run?.finishedAt),
    runStatus: run?.status ?? null,
    runSummary: run?.result?.summary ?? [],
    orderActivatedS: secondsAfter(onsetAt, order?.at),
    orderRings: order?.rings ?? null,
    firstOrderActionS: secondsAfter(onsetAt, acts?.order),
    firstRuleActionS: secondsAfter(onsetAt, acts?.rule),
    firstRefusalS: secondsAfter(onsetAt, refusal?.at),
    firstPlatformEndS: secondsAfter(onsetAt, ended?.at),
    incidentDeclaredS: secondsAfter(onsetAt, incident?.at),
    incidentSeverity: incident?.severity ?? null,
    incidentTimeline: [],
    orderTakedowns: acts?.orderTd ?? 0,
    ruleTakedowns: acts?.ruleTd ?? 0,
    bans: acts?.bans ?? 0,
    ruleHitsActed: hits?.n ?? 0,
  };
}

interface RoomPath {
  live: number;
  exposure: number;
  flagged: number | null;
  clustered: number | null;
  clusterVisible: number | null;
  action: number | null;
  actionVisible: number | null;
  ended: number | null;
  byOrder: boolean;
  byRule: boolean;
}

const median2 = (xs: number[]): [number, number] => [round(quantile(xs, 0.5) / 1000, 1), round(quantile(xs, 0.95) / 1000, 1)];

function stage(rooms: RoomPath[]): ExposureStage | null {
  if (rooms.length === 0) return null;
  const since = (f: (r: RoomPath) => number | null) => median2(rooms.flatMap((r) => (f(r) === null ? [] : [f(r)! - r.live])));
  const between = (a: (r: RoomPath) => number | null, b: (r: RoomPath) => number | null) =>
    median2(rooms.flatMap((r) => (a(r) !== null && b(r) !== null ? [Math.max(0, b(r)! - a(r)!)] : [])));
  const exposures = rooms.map((r) => r.exposure);
  return {
    rooms: rooms.length,
    exposureP50S: round(quantile(exposures, 0.5) / 1000, 1),
    exposureP95S: round(quantile(exposures, 0.95) / 1000, 1),
    toFlagStoredS: since((r) => r.flagged),
    flagToClusterPassS: between(
      (r) => r.flagged,
      (r) => r.clustered,
    ),
    clusterPassS: between(
      (r) => r.clustered,
      (r) => r.clusterVisible,
    ),
    visibleToActionS: between(
      (r) => r.clusterVisible,
      (r) => r.action,
    ),
    actionTxS: between(
      (r) => r.action,
      (r) => r.actionVisible,
    ),
    actionToEndedS: between(
      (r) => r.action,
      (r) => r.ended,
    ),
    toClusteredS: since((r) => r.clustered),
    toActionS: since((r) => r.action),
    byOrder: rooms.filter((r) => r.byOrder).length,
    byRule: rooms.filter((r) => r.byRule && !r.byOrder).length,
    notActioned: rooms.filter((r) => r.action === null).length,
  };
}

/**
 * For every bot room that went live (was not refused): when its first flag was stored, when its
 * account joined a ring, when the first takedown of it was decided (by the order or a rule) and
 * when the platform ended it — split by whether the order already stood when it went live.
 */
async function exposureBreakdown(
  db: pg.Client,
  state: Map<string, SimRoom>,
  bots: { room: { id: string } }[],
  onsetAt: number,
  horizon: number,
  orderActivatedS: number | null,
  probe: TxProbe,
): Promise<ExposureBreakdown> {
  const live = bots.map((m) => state.get(m.room.id)).filter((r): r is SimRoom => !!r && r.liveAt !== null);
  const res = await db.query<{
    id: string;
    flagged: Date | null;
    clustered: Date | null;
    action: Date | null;
    byOrder: boolean | null;
    byRule: boolean | null;
  }>(
    `SELECT r.id,
            (SELECT min(f."receivedAt") FROM flags f WHERE f."roomId" = r.id) AS flagged,
            (SELECT m."joinedAt" FROM account_cluster_members m WHERE m."accountId" = r."accountId") AS clustered,
            e."createdAt" AS action, e."orderId" IS NOT NULL AS "byOrder", e."ruleId" IS NOT NULL AS "byRule"
     FROM live_rooms r
     LEFT JOIN LATERAL (SELECT "createdAt", "orderId", "ruleId" FROM enforcement_actions x WHERE x."roomId" = r.id AND x.kind = 'TAKEDOWN' ORDER BY "createdAt" LIMIT 1) e ON true
     WHERE r.id = ANY($1::text[])`,
    [live.map((r) => r.roomId)],
  );
  const byId = new Map(res.rows.map((r) => [r.id, r]));
  const orderAt = orderActivatedS === null ? Number.POSITIVE_INFINITY : onsetAt + orderActivatedS * 1000;
  const paths: RoomPath[] = live.map((r) => {
    const x = byId.get(r.roomId);
    const ended = r.endedAt !== null && r.endedAt <= horizon ? r.endedAt : null;
    return {
      live: r.liveAt!,
      exposure: Math.max(0, (ended ?? horizon) - r.liveAt!),
      flagged: x?.flagged?.getTime() ?? null,
      clustered: x?.clustered?.getTime() ?? null,
      clusterVisible: x?.clustered ? (probe.joins.get(x.clustered.getTime())?.seenAt ?? null) : null,
      action: x?.action?.getTime() ?? null,
      actionVisible: x?.action ? (probe.takedowns.get(x.action.getTime())?.seenAt ?? null) : null,
      ended,
      byOrder: !!x?.byOrder,
      byRule: !!x?.byRule,
    };
  });
  const sorted = [...paths].sort((a, b) => a.exposure - b.exposure);
  const txs = (m: Map<number, { n: number; seenAt: number }>) => {
    const inWave = [...m.entries()].filter(([t]) => t >= onsetAt - 30_000 && t <= horizon);
    const lengths = inWave.map(([t, v]) => Math.max(0, v.seenAt - t));
    const sizes = inWave.map(([, v]) => v.n);
    return { count: inWave.length, lengthS: median2(lengths), maxS: round(Math.max(0, ...lengths) / 1000, 1), rows: sizes.length ? quantile(sizes, 0.5) : 0 };
  };
  const j = txs(probe.joins);
  const a = txs(probe.takedowns);
  return {
    beforeOrder: stage(paths.filter((p) => p.live < orderAt)),
    afterOrder: stage(paths.filter((p) => p.live >= orderAt)),
    worst: stage(sorted.slice(Math.floor(sorted.length * 0.95))),
    clusterPasses: { count: j.count, lengthS: j.lengthS, maxS: j.maxS, accountsP50: j.rows },
    takedownTxs: { count: a.count, lengthS: a.lengthS, maxS: a.maxS, roomsP50: a.rows },
  };
}
