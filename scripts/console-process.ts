// A console process of our own, for the benchmarks and the crash test: `node --import tsx
// <entry>` (scripts/start.ts, which builds first when sources changed, or server.ts itself) with
// the caller's environment. Its output is captured (and written to a log file when asked); it
// is ready once it has said "ready at" and /api/health answers 200; stop() sends SIGTERM and,
// after a timeout, SIGKILLs its whole process tree; kill9() is `kill -9` of the process alone
// (its embedded Postgres survives, as it would a real crash).
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface ConsoleProcessOptions {
  /** Named in errors ("server bench did not start …"). */
  name: string;
  /** What node runs with tsx, relative to cwd: "scripts/start.ts" or "server.ts". */
  entry: string;
  args?: string[];
  cwd?: string;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** Where /api/health is asked, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Also write everything it prints here. */
  logPath?: string;
  /** From spawn to a healthy server (default 240 s: a first start builds the console). */
  startTimeoutMs?: number;
  /** From SIGTERM to SIGKILL (default 30 s). */
  stopTimeoutMs?: number;
}

export interface ConsoleProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What it printed so far (stdout and stderr; the first 200,000 characters). */
  output(): string;
  /** The last `n` characters it printed. */
  tail(n?: number): string;
  /** Its exit code (1 when ended by a signal); null while it runs. */
  exitCode(): number | null;
  /** Resolves when it has exited. */
  readonly exited: Promise<void>;
  /** Resolves once it said "ready at" and /api/health answered 200; rejects (leaving it running) if it exits or the start timeout passes first. */
  ready(): Promise<void>;
  /** SIGTERM, then SIGKILL of its process tree if it has not exited within the stop timeout. Idempotent. */
  stop(): Promise<void>;
  /** kill -9 of the process alone (children such as its Postgres are left as a crash leaves them). */
  kill9(): Promise<void>;
}

const HEAD_MAX = 200_000;
const TAIL_MAX = 8_000;

export function spawnConsole(o: ConsoleProcessOptions): ConsoleProcess {
  const started = Date.now();
  const startTimeoutMs = o.startTimeoutMs ?? 240_000;
  const log = o.logPath ? createWriteStream(o.logPath) : null;
  const child = spawn(process.execPath, ["--import", "tsx", o.entry, ...(o.args ?? [])], { cwd: o.cwd, env: o.env, stdio: ["ignore", "pipe", "pipe"] });

  let head = "";
  let tail = "";
  let code: number | null = null;
  let sayReady: () => void = () => {};
  const saidReady = new Promise<void>((r) => {
    sayReady = r;
  });
  const onData = (d: Buffer) => {
    log?.write(d);
    const s = d.toString();
    if (head.length < HEAD_MAX) head += s.slice(0, HEAD_MAX - head.length);
    // "ready at" may straddle two chunks: look at the end of the previous ones too.
    if ((tail.slice(-16) + s).includes("ready at")) sayReady();
    tail = (tail + s).slice(-TAIL_MAX);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((r) =>
    child.once("exit", (c) => {
      code = c ?? 1;
      r();
    }),
  );

  const ready = async () => {
    const left = () => startTimeoutMs - (Date.now() - started);
    const failed = (why: string) => new Error(`${o.name} did not start (${why})${o.logPath ? `; see ${o.logPath}` : ""}:\n${tail.slice(-1500)}`);
    const outcome = await Promise.race([
      saidReady.then(() => "ready" as const),
      exited.then(() => "exit" as const),
      timer(left()).then(() => "timeout" as const),
    ]);
    if (outcome === "exit") throw failed(`exit ${code}`);
    if (outcome === "timeout") throw failed("timeout");
    // It listens once it says so; the health check also proves its database answers.
    let status: number | string = "nothing";
    for (let attempt = 0; ; attempt++) {
      status = await fetch(`${o.url}/api/health`).then(
        (r) => r.status,
        () => "nothing",
      );
      if (status === 200) return;
      if (code !== null || left() <= 0 || attempt >= 50) break;
      await Promise.race([exited, timer(Math.min(200, left()))]);
    }
    throw new Error(`${o.name}: /api/health answered ${status}`);
  };

  const stop = async () => {
    if (code === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, timer(o.stopTimeoutMs ?? 30_000)]);
    }
    if (code === null) {
      killTree(child.pid!);
      await exited;
    }
    log?.end();
  };

  const kill9 = async () => {
    if (code === null) {
      child.kill("SIGKILL");
      await exited;
    }
  };

  return { child, pid: child.pid!, output: () => head, tail: (n = 1500) => tail.slice(-n), exitCode: () => code, exited, ready, stop, kill9 };
}

/** Spawns a console process and waits until it is ready; if it never gets there, stops it and throws. */
export async function startConsole(o: ConsoleProcessOptions): Promise<ConsoleProcess> {
  const p = spawnConsole(o);
  try {
    await p.ready();
  } catch (e) {
    await p.stop();
    throw e;
  }
  return p;
}

/**
 * Stops an embedded Postgres left running by a server that died hard, by the pid in its own
 * postmaster.pid (SIGINT: Postgres's fast shutdown). Nothing happens if none is running.
 */
export function stopEmbeddedPostgres(pgDir: string) {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid) return;
  try {
    process.kill(pid, 0);
    process.kill(pid, "SIGINT");
  } catch {
    /* not running */
  }
}

/** A timer that does not keep the process alive on its own. */
const timer = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)).unref());

/** SIGKILL to a process and everything under it, deepest first (Linux /proc). */
function killTree(root: number) {
  for (const pid of [...descendantPids(root)].reverse()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  try {
    process.kill(root, "SIGKILL");
  } catch {
    /* already gone */
  }
}

function descendantPids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}
