// Figure 8: containment. The simulator's wave (17,000 bots in 12 rings and 3,000 ordinary
// rooms, going live over a minute) runs against a real server while a scripted shift lead in
// Chromium acts through the console only: waits for the attack-wave alert, contains every ring
// with one order, declares a P0. Afterwards the simulated platform's own record
// (GET /api/platform-sim/state) says, per room, when it went live, was refused or was ended:
// a bot room's exposure is the seconds from going live until the platform ended it (0 when
// refused at go-live). Optionally another process keeps one core busy (a contended host).
import { spawn, type ChildProcess } from "node:child_process";
import { chromium, type Page } from "@playwright/test";
import { IngestClient, type ClientStats } from "../scripts/simulator/client";
import { createScenario } from "../scripts/simulator/scenarios";
import { CHROMIUM } from "./browser";
import { DEMO, DEMO_PASSWORD, signIn, trpc } from "./client";
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

export interface ContainmentRun {
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
  const scenario = createScenario("wave", { seed: p.seed, rate: p.rate, durationSec: p.seconds });
  const pop = scenario.population!;
  const onsetAt = scenario.onsetAt!;
  let hog: ChildProcess | null = null;
  if (p.contended) hog = spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" });
  const roots: Record<string, number> = { server: s.wrapperPid, harness: process.pid };
  if (hog?.pid) roots.hog = hog.pid;
  const browser = await chromium.launch({
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
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: s.origin });
    const page = await context.newPage();
    let scripted: Promise<Awaited<ReturnType<typeof lead>>> | null = null;
    if (!p.automated) {
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(DEMO.LEAD);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Main" }).waitFor();
      scripted = lead(page, onsetAt, onsetAt + p.horizonS * 1000);
    }
    const client = new IngestClient({ target: s.url, token: INGEST_TOKEN, askToGoLive: true, maxLagMs: 2000, batchSize: 500, concurrency: 4 });
    const sending = client.run(scenario.batches());
    const acted = scripted ? await scripted.catch((e: Error) => ({ error: e.message })) : null;
    await sending;
    await sleep(onsetAt + p.horizonS * 1000 - Date.now());
    const horizon = onsetAt + p.horizonS * 1000;
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
    const st = client.stats;
    return {
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
      sender: { sent: st.sent, accepted: st.accepted, throttled: st.throttled, skipped: st.skipped, refusedRooms: st.refusedRooms, failed: st.failed },
      windowSeconds: round((Date.now() - w0) / 1000, 1),
      cpuSeconds,
      ...(acted && "error" in acted ? { leadError: acted.error } : {}),
    };
  } finally {
    hog?.kill("SIGKILL");
    await browser.close();
  }
}
