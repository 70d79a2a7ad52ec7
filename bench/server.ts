// Starts and stops the real server (scripts/start.ts, production build in .next-bench) and a
// throwaway redis-server, on loopback only, and reads their CPU time from /proc so each figure
// can say where the time went. Everything started here is tracked and stopped by its pid.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { spawnConsole, stopEmbeddedPostgres } from "../scripts/console-process";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const OUT = path.join(ROOT, "bench", "out");
export const INGEST_TOKEN = "bench-ingest-token-0123456789";
export const PG_PASSWORD = "floodwall-embedded";

export interface BenchServer {
  name: string;
  port: number;
  /** Where the harness connects (loopback IPv4). */
  url: string;
  /** What a browser page would send as Origin (the server trusts localhost:PORT). */
  origin: string;
  dataDir: string;
  pgUrl: string;
  wrapperPid: number;
  /** A balancer in front of several servers: the processes whose CPU time is its (labelled). */
  cpuRoots?: Record<string, number>;
  /** start.ts had to build the console first (first start, or sources changed meanwhile). */
  built: boolean;
  sessionSecret(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  name: string;
  port: number;
  pgPort: number;
  dataDir: string;
  /** Wipe dataDir first (a fresh embedded database). */
  fresh?: boolean;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

const running = new Set<{ stop(): Promise<void> }>();

/** Stops everything still running (on error or Ctrl-C). */
export async function stopAll() {
  for (const r of [...running]) await r.stop().catch(() => {});
}

// Variables from the caller's shell that would point our server somewhere else.
const SCRUB = ["DATABASE_URL", "REDIS_URL", "SESSION_SECRET", "PUBLIC_URL", "NODE_ENV", "ENFORCEMENT_WEBHOOK_URL", "ENFORCEMENT_WEBHOOK_SECRET"];

export async function startServer(o: ServerOptions): Promise<BenchServer> {
  const dataDir = path.resolve(ROOT, o.dataDir);
  if (o.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUB.includes(k)) env[k] = v;
  Object.assign(env, {
    PORT: String(o.port),
    HOST: "127.0.0.1",
    FLOODWALL_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(o.pgPort),
    NEXT_DIST_DIR: ".next-bench",
    FLOODWALL_DEMO_TRAFFIC: "off",
    // The demo's example rules start off (in shadow they would be judged on every batch): figure
    // 1b measures rules; the demo playbook, which enforces one of them, still works.
    FLOODWALL_DEMO_RULES: "off",
    SIGNIN_RATE_PER_MINUTE: "100000",
    FLOODWALL_INGEST_TOKEN: INGEST_TOKEN,
    NEXT_TELEMETRY_DISABLED: "1",
    ...o.env,
  });
  const logPath = path.join(OUT, `${o.name}.log`);
  const url = `http://127.0.0.1:${o.port}`;
  const server = spawnConsole({
    name: `server ${o.name}`,
    entry: "scripts/start.ts",
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    url,
    logPath,
    startTimeoutMs: o.startTimeoutMs ?? 240_000,
  });

  const stop = async () => {
    running.delete(handle);
    await server.stop();
    // If the server died hard, its embedded Postgres may still run: stop it by its own pid file.
    stopEmbeddedPostgres(path.join(dataDir, "pg"));
  };
  const handle = { stop };
  running.add(handle);

  try {
    await server.ready();
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    name: o.name,
    port: o.port,
    url,
    origin: `http://localhost:${o.port}`,
    dataDir,
    pgUrl: o.env?.DATABASE_URL ?? `postgresql://postgres:${PG_PASSWORD}@127.0.0.1:${o.pgPort}/floodwall`,
    wrapperPid: server.pid,
    built: server.output().includes("Building the console"),
    sessionSecret: () => readFileSync(path.join(dataDir, "session-secret"), "utf8").trim(),
    stop,
  };
}

/** A wait that does not keep the harness alive once everything else is done. */
const unrefSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export interface Redis {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(port: number): Promise<Redis> {
  const bin = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find(existsSync);
  if (!bin) throw new Error("redis-server not found (apt-get install -y redis-server)");
  const proc = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`redis-server did not start: ${out.slice(-500)}`)), 15_000);
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Ready to accept connections")) {
        clearTimeout(t);
        resolve();
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`));
    });
  });
  const exit = new Promise<void>((r) => proc.once("exit", () => r()));
  const handle = {
    stop: async () => {
      running.delete(handle);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        await Promise.race([exit, unrefSleep(10_000)]);
      }
    },
  };
  running.add(handle);
  return { url: `redis://127.0.0.1:${port}`, stop: handle.stop };
}

// ---- CPU accounting from /proc (Linux) ----

const TICK = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readProc(pid: number): Proc | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = s.lastIndexOf(")");
    const comm = s.slice(s.indexOf("(") + 1, close);
    const f = s.slice(close + 2).split(" ");
    return { pid, comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

function allProcs(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync("/proc"))
    if (/^\d+$/.test(d)) {
      const p = readProc(Number(d));
      if (p) out.push(p);
    }
  return out;
}

/** The server.ts node process under a server's start.ts wrapper (the profile hook names its file by it). */
export function serverPid(s: BenchServer): number | null {
  for (const p of descendants(s.wrapperPid)) {
    try {
      if (readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split("\0").includes("server.ts")) return p.pid;
    } catch {
      /* gone */
    }
  }
  return null;
}

export function descendants(root: number): Proc[] {
  const procs = allProcs();
  const byParent = new Map<number, Proc[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: Proc[] = [];
  const walk = (pid: number) => {
    for (const c of byParent.get(pid) ?? []) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(root);
  return out;
}

const MACHINE = -1;

/** Busy ticks of the whole machine (all cores) from /proc/stat. */
function machineBusy(): number {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

/** CPU ticks per pid of the given process trees, labelled; `cpuSince` turns two into seconds. */
export function cpuSnapshot(roots: Record<string, number>): Map<number, { label: string; ticks: number }> {
  const m = new Map<number, { label: string; ticks: number }>();
  m.set(MACHINE, { label: "machine", ticks: machineBusy() });
  for (const [label, root] of Object.entries(roots)) {
    const self = readProc(root);
    if (self) m.set(root, { label, ticks: self.ticks });
    for (const p of descendants(root)) {
      // Postgres backends and Chromium helpers are told apart from the node process above them.
      const l = p.comm.startsWith("postgres") ? "postgres" : /chrom/i.test(p.comm) ? "chromium" : label;
      if (!m.has(p.pid)) m.set(p.pid, { label: l, ticks: p.ticks });
    }
  }
  return m;
}

/** CPU seconds per label between two snapshots (processes that ended in between are lost),
 * plus `other`: the rest of the machine's busy time in the same interval. */
export function cpuSince(before: ReturnType<typeof cpuSnapshot>, after: ReturnType<typeof cpuSnapshot>): Record<string, number> {
  const out: Record<string, number> = {};
  let ours = 0;
  for (const [pid, a] of after) {
    if (pid === MACHINE) continue;
    const d = a.ticks - (before.get(pid)?.ticks ?? 0);
    ours += d;
    out[a.label] = (out[a.label] ?? 0) + d / TICK;
  }
  // What the rest of the machine used meanwhile (other people's tests, the OS): it competed with us.
  const machine = (after.get(MACHINE)?.ticks ?? 0) - (before.get(MACHINE)?.ticks ?? 0);
  out.other = Math.max(0, machine - ours) / TICK;
  for (const k of Object.keys(out)) out[k] = Math.round(out[k] * 100) / 100;
  return out;
}
