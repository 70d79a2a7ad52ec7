// Figure 4: the wall in Chromium during a 5,000 flags/s burst. A PerformanceObserver (installed
// before any page script) records long tasks (> 50 ms); during the burst a moderator takes
// cards down with `t`, each timed inside the page from the keydown event to the first frame
// after the card's element left the DOM.
import { writeFileSync } from "node:fs";
import { chromium, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, postIngest } from "./client";
import { batchBody, type Shape } from "./events";
import { sendAtRate } from "./latency";
import { cpuSince, cpuSnapshot, type BenchServer } from "./server";
import { median, round, sleep } from "./stats";
import { summarizeTrace, type TraceSummary } from "./trace";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const SEED_SHAPE: Shape = { flagsPerRoom: 1, roomsPerAccount: 1 };

export interface BrowserParams {
  rate: number;
  seconds: number;
  /** Cards already on the wall when the page opens (what the moderator takes down). */
  seedRooms: number;
  keypresses: number;
  /** How long to wait for the page after revealing what gathered behind the "new" bar. */
  revealCapMs: number;
  /** Record a Chromium trace of the burst (only for a separate run: tracing costs time). */
  trace?: boolean;
}

export interface BrowserRun {
  burstFlags: number;
  burstSeconds: number;
  /** Burst plus 1 s for the last diffs: the window long tasks and CPU are counted in. */
  windowSeconds: number;
  postP50Ms: number;
  longTasks: number;
  longestTaskMs: number;
  totalLongTaskMs: number;
  keypressToGoneMs: number[];
  keypressToGoneMedianMs: number;
  /** When each long task began and each takedown key was pressed, ms after the burst began:
   * tells a task caused by the burst's diffs from one caused by a takedown. */
  longTaskAtMs: { at: number; ms: number }[];
  keypressAtMs: number[];
  /** After the burst, `n` reveals everything that gathered behind the "new" bar: the time until
   * the bar is gone (the page answers again), capped at revealCapMs. */
  revealPendingShown: boolean;
  revealBlockedMs: number;
  revealCapped: boolean;
  cpuSeconds: Record<string, number>;
  trace?: TraceSummary;
}

// Page-side code is kept as source text: functions compiled by tsx may reference helpers that
// do not exist in the page, so they are not passed to evaluate() as functions.
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
`;

/** Arms the page for one takedown keypress; evaluates to the focused card's room id (or null). */
const ARM_KEYPRESS = `(() => {
  const card = document.querySelector('[data-testid="room-card"][tabindex="0"]');
  const id = card && card.dataset.roomId;
  if (!id) return null;
  window.__keypress = new Promise((resolve) => {
    let keyAt = 0;
    const onKey = (e) => { if (e.key === "t") keyAt = e.timeStamp; }; // when the input event was created
    window.addEventListener("keydown", onKey, { capture: true });
    const sel = '[data-room-id="' + CSS.escape(id) + '"]';
    const mo = new MutationObserver(() => {
      if (!keyAt || document.querySelector(sel)) return;
      mo.disconnect();
      window.removeEventListener("keydown", onKey, { capture: true });
      // The card is out of the DOM; the next frame is the first one painted without it.
      requestAnimationFrame(() => resolve({ id, ms: performance.now() - keyAt }));
    });
    mo.observe(document.body, { childList: true, subtree: true });
    setTimeout(() => { mo.disconnect(); resolve({ error: "card " + id + " still on screen after 10 s" }); }, 10000);
  });
  return id;
})()`;

type LongTask = { start: number; duration: number };
const longTasks = (page: Page) => page.evaluate("window.__longTasks") as Promise<LongTask[]>;
const pageNow = (page: Page) => page.evaluate("performance.now()") as Promise<number>;

async function measureKeypress(page: Page): Promise<number> {
  const id = (await page.evaluate(ARM_KEYPRESS)) as string | null;
  if (!id) throw new Error("browser: no focused card to take down");
  await page.keyboard.press("t");
  const r = (await page.evaluate("window.__keypress")) as { id: string; ms: number } | { error: string };
  if ("error" in r) throw new Error(`browser: ${r.error}`);
  return r.ms;
}

export async function browserRun(s: BenchServer, tag: string, p: BrowserParams, onVersion?: (v: string) => void): Promise<BrowserRun> {
  for (let i = 0; i < p.seedRooms; i += 1000) {
    const n = Math.min(1000, p.seedRooms - i);
    const a = await postIngest(s, batchBody(`${tag}s`, i, n, SEED_SHAPE));
    if (a.status !== 202) throw new Error(`browser setup: ingest answered ${a.status}`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  onVersion?.(browser.version());
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: s.origin });
    const page = await context.newPage();
    await page.addInitScript({ content: OBSERVE_LONG_TASKS });
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(DEMO.MODERATOR);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor({ timeout: 30_000 });
    await page.goto("/wall");
    await page.getByTestId("wall-count").filter({ hasText: "shown" }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="room-card"]').first().waitFor({ timeout: 30_000 });
    await sleep(1500); // page load and first render are not part of the burst

    if (p.trace) await browser.startTracing(page, { categories: ["devtools.timeline", "v8.execute", "disabled-by-default-v8.gc", "toplevel"] });
    const cpu0 = cpuSnapshot({ server: s.wrapperPid, harness: process.pid });
    const burstStart = await pageNow(page);
    const burst = sendAtRate([s], tag, p.rate, p.seconds);
    // Keypresses spread over the middle of the burst, while diffs keep arriving.
    const keys: number[] = [];
    const keyAt: number[] = [];
    const gap = (p.seconds * 1000) / (p.keypresses + 1);
    for (let k = 0; k < p.keypresses; k++) {
      await sleep(gap);
      keyAt.push(round((await pageNow(page)) - burstStart, 0));
      keys.push(round(await measureKeypress(page), 1));
    }
    const sent = await burst;
    await sleep(1000); // diffs of the last batches
    const burstEnd = await pageNow(page);
    const cpuSeconds = cpuSince(cpu0, cpuSnapshot({ server: s.wrapperPid, harness: process.pid }));
    const raw = p.trace ? await browser.stopTracing() : undefined;
    // BENCH_TRACE_FILE keeps the raw trace for Chromium's performance panel (or a script).
    if (raw && process.env.BENCH_TRACE_FILE) writeFileSync(process.env.BENCH_TRACE_FILE, raw);
    const trace = raw ? summarizeTrace(raw) : undefined;
    const tasks = (await longTasks(page)).filter((t) => t.start >= burstStart && t.start <= burstEnd);

    // Reveal what gathered behind the bar (one big render), reported apart from the burst: how
    // long the page stays unresponsive, capped so a frozen page cannot stall the harness.
    let revealBlockedMs = 0;
    let revealCapped = false;
    const pending = await page.getByTestId("new-bar").isVisible();
    if (pending) {
      await page.keyboard.press("n");
      // Polled with evaluate (waitForFunction's string predicate is refused by the page's CSP);
      // an evaluate only answers once the page's main thread is free again.
      const t = Date.now();
      let answered = false;
      while (!answered && Date.now() - t < p.revealCapMs) {
        const left = p.revealCapMs - (Date.now() - t);
        const r = await Promise.race([page.evaluate("document.querySelector('[data-testid=\"new-bar\"]') === null"), sleep(left).then(() => "timeout")]);
        if (r === "timeout") break;
        answered = r === true;
        if (!answered) await sleep(20);
      }
      revealBlockedMs = Date.now() - t;
      revealCapped = !answered;
    }
    await context.close();
    return {
      burstFlags: sent.sent,
      burstSeconds: round(sent.seconds),
      windowSeconds: round((burstEnd - burstStart) / 1000),
      postP50Ms: sent.postP50Ms,
      longTasks: tasks.length,
      longestTaskMs: round(Math.max(0, ...tasks.map((t) => t.duration)), 1),
      totalLongTaskMs: round(
        tasks.reduce((a, t) => a + t.duration, 0),
        1,
      ),
      keypressToGoneMs: keys,
      keypressToGoneMedianMs: round(median(keys), 1),
      longTaskAtMs: tasks.map((t) => ({ at: round(t.start - burstStart, 0), ms: round(t.duration, 0) })),
      keypressAtMs: keyAt,
      revealPendingShown: pending,
      revealBlockedMs,
      revealCapped,
      cpuSeconds,
      trace,
    };
  } finally {
    await browser.close();
  }
}
