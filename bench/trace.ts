// Where the page's long tasks spend their time: a Chromium trace (devtools.timeline) of the
// burst is split, on the renderer's main thread, into self time per kind of work inside the
// tasks longer than 50 ms.
import { round } from "./stats";

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface TraceSummary {
  longTasks: number;
  longTaskMs: number;
  /** Self time inside long tasks by kind of work, largest first. */
  kinds: { kind: string; ms: number; pct: number }[];
  /** The heaviest trace events by self time inside long tasks. */
  events: { name: string; ms: number; pct: number }[];
}

const KINDS: [RegExp, string][] = [
  [
    /^(FunctionCall|EvaluateScript|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|V8\.Execute|v8\.(run|callFunction|compile.*)|XHRReadyStateChange|HandlePostMessage|FireIdleCallback)$/i,
    "scripting",
  ],
  [/^(ParseHTML|ParseAuthorStyleSheet)$/, "parsing HTML/CSS"],
  [
    /^(UpdateLayoutTree|RecalculateStyles|Layout|HitTest|IntersectionObserverController::computeIntersections|ScheduleStyleRecalculation|InvalidateLayout)$/i,
    "style and layout",
  ],
  [/^(Paint|PrePaint|Layerize|UpdateLayer|UpdateLayerTree|CompositeLayers|Commit|PaintImage|Decode.*|RasterTask)$/i, "paint and composite"],
  [/(GC|Gc|garbage)/, "garbage collection"],
  [/(mojo|SimpleWatcher|WebSocket|ResourceDispatcher|Network)/i, "receiving messages (WebSocket frames, IPC)"],
];
const TASK_SELF = "task time no traced event explains";
const kindOf = (name: string) => KINDS.find(([re]) => re.test(name))?.[1] ?? "other traced events";

export function summarizeTrace(raw: Buffer | string): TraceSummary {
  const parsed = JSON.parse(raw.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const all = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mains = new Set(all.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of all) {
    const k = `${e.pid}:${e.tid}`;
    if (e.ph !== "X" || !e.dur || !mains.has(k)) continue;
    byThread.set(k, [...(byThread.get(k) ?? []), e]);
  }
  const kinds = new Map<string, number>();
  const names = new Map<string, number>();
  let longTasks = 0;
  let longTaskUs = 0;
  for (const events of byThread.values()) {
    events.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    // Nesting from intervals: a stack of open events; a top-level event is a task.
    const stack: { e: TraceEvent; child: number; inLong: boolean }[] = [];
    const close = (upTo: number) => {
      while (stack.length && stack[stack.length - 1].e.ts + stack[stack.length - 1].e.dur! <= upTo) {
        const top = stack.pop()!;
        if (!top.inLong) continue;
        const self = Math.max(0, top.e.dur! - top.child);
        // The task event itself only holds what no named child explains.
        const k = stack.length === 0 ? TASK_SELF : kindOf(top.e.name);
        kinds.set(k, (kinds.get(k) ?? 0) + self);
        if (stack.length) names.set(top.e.name, (names.get(top.e.name) ?? 0) + self);
      }
    };
    for (const e of events) {
      close(e.ts);
      const parent = stack[stack.length - 1];
      if (parent) parent.child += e.dur!;
      const inLong = parent ? parent.inLong : e.dur! > 50_000;
      if (!parent && inLong) {
        longTasks++;
        longTaskUs += e.dur!;
      }
      stack.push({ e, child: 0, inLong });
    }
    close(Infinity);
  }
  const list = <K extends string>(m: Map<string, number>, key: K, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, us]) =>
          ({ [key]: k, ms: round(us / 1000, 0), pct: round((100 * us) / Math.max(longTaskUs, 1), 1) }) as { [P in K]: string } & { ms: number; pct: number },
      );
  return { longTasks, longTaskMs: round(longTaskUs / 1000, 0), kinds: list(kinds, "kind", 8), events: list(names, "name", 10) };
}
