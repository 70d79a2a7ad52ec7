// Where the server process spends its time: the server runs under the V8 profiler, and the
// samples that fall inside a measured window are summed by self time per area (package,
// app directory, GC, JSON, idle) and per function.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { round } from "./stats";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  windowMs: number;
  /** Sampled time that was not idle. */
  busyMs: number;
  areas: { area: string; ms: number; pct: number }[];
  functions: { fn: string; ms: number; pct: number }[];
}

/** Monotonic µs, the clock V8 stamps profile samples with. */
export const monoUs = () => Number(process.hrtime.bigint() / 1000n);

const GROUPS: [RegExp, string][] = [
  [/^(socket\.io|socket\.io-adapter|socket\.io-parser|engine\.io|engine\.io-parser|ws|@socket\.io\/.*)$/, "Socket.IO and ws"],
  [/^(pg|pg-protocol|pg-pool|pg-types|pg-boss|postgres-.*)$/, "pg driver and pg-boss"],
  [/^(next|react|react-dom|@next\/.*)$/, "Next.js / React"],
  [/^(@prisma\/.*|prisma)$/, "Prisma"],
  [/^zod$/, "zod validation"],
  [/^(@trpc\/.*|superjson)$/, "tRPC / superjson"],
  [/^(better-auth|@better-auth\/.*|better-call|jose|@noble\/.*)$/, "better-auth"],
  [/^(redis|@redis\/.*)$/, "redis client"],
];

function area(n: ProfileNode): string {
  const { functionName: f, url } = n.callFrame;
  if (f === "(idle)") return "(idle)";
  if (f === "(garbage collector)") return "garbage collection";
  if (f === "(program)") return "V8 / native (program)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return GROUPS.find(([re]) => re.test(nm[1]))?.[1] ?? `package ${nm[1]}`;
  if (url.startsWith("node:"))
    return `Node core (${url
      .slice(5)
      .split("/")
      .slice(0, url.startsWith("node:internal/") ? 2 : 1)
      .join("/")})`;
  // Route handlers (ingest, tRPC, auth) run from Next's compiled bundles, deps included.
  if (/\/\.next[^/]*\//.test(url)) return "Next route bundles (ingest, tRPC, auth handlers)";
  const app = /\/(server|app|components)\/([^/]+)/.exec(url);
  if (app) return `app ${app[1]}/${app[2].replace(/\.(ts|tsx|js)$/, "")}`;
  if (!url && (f === "parse" || f === "stringify")) return `JSON.${f} (native)`;
  if (!url && (f === "writev" || f === "writeBuffer" || f === "writeUtf8String")) return "socket writes (native)";
  return url ? `other (${path.basename(url)})` : `builtin ${f || "(anonymous)"}`;
}

/** Environment that makes a server write its CPU profile into `dir` on exit (see prof-hook.mjs). */
export function profileEnv(dir: string): Record<string, string> {
  const hook = new URL("./prof-hook.mjs", import.meta.url).href;
  return { NODE_OPTIONS: `--import ${hook}`, BENCH_CPU_PROFILE_DIR: dir };
}

/** The profile written by the server process `pid` into `dir`. */
export function findProfile(dir: string, pid: number): string | null {
  const f = path.join(dir, `server-${pid}.cpuprofile`);
  return existsSync(f) ? f : null;
}

export function summarizeProfile(file: string, fromUs: number, toUs: number, top = 10): ProfileSummary {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    if (t < fromUs || t > toUs) continue;
    // A sample stands for the time since the previous one.
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + p.timeDeltas[i]);
  }
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const a = area(n);
    areas.set(a, (areas.get(a) ?? 0) + us);
    if (a === "(idle)") continue;
    busy += us;
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*?\/(server|app|components)\//, "$1/")}:${lineNumber + 1}` : "native";
    const key = `${functionName || "(anonymous)"} — ${where}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const windowMs = (toUs - fromUs) / 1000;
  const list = (m: Map<string, number>, total: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({ k, ms: round(us / 1000, 0), pct: round((100 * us) / Math.max(total, 1), 1) }));
  return {
    windowMs: round(windowMs, 0),
    busyMs: round(busy / 1000, 0),
    areas: list(areas, toUs - fromUs).map(({ k, ms, pct }) => ({ area: k, ms, pct })),
    functions: list(fns, busy).map(({ k, ms, pct }) => ({ fn: k, ms, pct })),
  };
}
