// Several console processes behind HAProxy on one machine: Postgres (embedded, or DATABASE_URL),
// a redis-server (or REDIS_URL) for Socket.IO's adapter, N console processes on loopback ports
// and HAProxy in front (deploy/haproxy.cfg.template). Used by `npm run cluster` and the
// failover test. It does not build: the caller runs buildIfChanged first.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { spawnConsole, type ConsoleProcess } from "../console-process";
import { startEmbeddedPostgres } from "../../server/db/embedded";
import { startHaproxy, type RunningHaproxy } from "./haproxy";

export interface ClusterOptions {
  /** Console processes (at least 1). */
  processes: number;
  /** Where HAProxy listens (the URL people open). */
  port: number;
  /** HAProxy's bind address: 0.0.0.0 (default) or 127.0.0.1. */
  host?: string;
  /** First console process's port (the others follow); default port + 1. All bind 127.0.0.1. */
  firstInternalPort?: number;
  /** HAProxy's stats page and Prometheus metrics; default port + 90, on 127.0.0.1. */
  statsPort?: number;
  /** redis-server's port when REDIS_URL is unset; default port + 91. */
  redisPort?: number;
  /** The environment every console starts from (DATABASE_URL, REDIS_URL, SESSION_SECRET…). */
  env: Record<string, string | undefined>;
  /** Console logs, the rendered haproxy.cfg; default <FLOODWALL_DATA_DIR>/cluster. */
  logDir?: string;
  say?: (line: string) => void;
  /** Called when a console process exits while the cluster runs (not during stop). */
  onExit?: (c: ClusterConsole, code: number | null) => void;
}

export interface ClusterConsole {
  /** web1, web2…: HAProxy's server name and stickiness cookie value. */
  name: string;
  port: number;
  /** http://127.0.0.1:<port>: this process alone, bypassing the balancer. */
  url: string;
  logPath: string;
  process: ConsoleProcess;
}

export interface Cluster {
  /** Through the balancer. */
  url: string;
  statsUrl: string;
  consoles: ClusterConsole[];
  haproxy: RunningHaproxy;
  /** The database every process uses (embedded or DATABASE_URL). */
  databaseUrl: string;
  redisUrl: string;
  /** HAProxy's view of a console process: "UP", "DOWN", "MAINT"… (from its stats CSV). */
  serverStatus(name: string): Promise<string | null>;
  /** Stops HAProxy, then the consoles (together), then Redis and Postgres if it started them. Idempotent. */
  stop(): Promise<void>;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const say = o.say ?? (() => {});
  if (!Number.isInteger(o.processes) || o.processes < 1) throw new Error("--processes: at least 1");
  const host = o.host ?? "0.0.0.0";
  const firstPort = o.firstInternalPort ?? o.port + 1;
  const statsPort = o.statsPort ?? o.port + 90;
  const dataDir = path.resolve(o.env.FLOODWALL_DATA_DIR || ".data");
  const logDir = path.resolve(o.logDir ?? path.join(dataDir, "cluster"));
  mkdirSync(logDir, { recursive: true });
  const publicUrl = (o.env.PUBLIC_URL || `http://localhost:${o.port}`).replace(/\/$/, "");

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    stops.length = 0;
  };
  let stopping = false;
  try {
    // Postgres: an embedded cluster owned by this process, which the consoles find through its
    // owner file and use without stopping it (and without leaving demo mode), or DATABASE_URL.
    let databaseUrl = o.env.DATABASE_URL;
    if (!databaseUrl) {
      const pgPort = Number(o.env.EMBEDDED_PG_PORT || 54329);
      const pgh = await startEmbeddedPostgres({ dataDir, port: pgPort, database: "floodwall", log: say });
      stops.push(() => pgh.stop());
      const c = pgh.pgConfig;
      databaseUrl = `postgresql://${c.user}:${c.password}@${c.host}:${c.port}/${c.database}`;
      say(`  Postgres: embedded (${dataDir}/pg, port ${c.port})`);
    } else say("  Postgres: DATABASE_URL");

    let redisUrl = o.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startRedisServer(o.redisPort ?? o.port + 91);
      stops.push(redis.stop);
      redisUrl = redis.url;
      say(`  Redis: redis-server on ${redisUrl}`);
    } else say("  Redis: REDIS_URL");

    const trusted = new Set(
      (o.env.TRUSTED_PROXIES ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
    trusted.add("127.0.0.1");
    const consoles: ClusterConsole[] = [];
    const spawnOne = (i: number): ClusterConsole => {
      const name = `web${i + 1}`;
      const port = firstPort + i;
      const url = `http://127.0.0.1:${port}`;
      const logPath = path.join(logDir, `${name}.log`);
      const env: Record<string, string | undefined> = {
        ...o.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: publicUrl,
        TRUSTED_PROXIES: [...trusted].join(","),
        REDIS_URL: redisUrl,
        FLOODWALL_DATA_DIR: dataDir,
        // The demo's steady trickle of flags once, from the first process, not once per process.
        FLOODWALL_DEMO_TRAFFIC: i === 0 ? o.env.FLOODWALL_DEMO_TRAFFIC || "on" : "off",
      };
      const proc = spawnConsole({
        name: `console ${name}`,
        entry: "server.ts",
        env: env as NodeJS.ProcessEnv,
        url,
        logPath,
        startTimeoutMs: 120_000,
        stopTimeoutMs: 15_000,
      });
      const c: ClusterConsole = { name, port, url, logPath, process: proc };
      stops.push(() => proc.stop());
      void proc.exited.then(() => {
        if (!stopping) o.onExit?.(c, proc.exitCode());
      });
      return c;
    };
    // The first one alone: it applies migrations and seeds the demo accounts; then the others together.
    const first = spawnOne(0);
    consoles.push(first);
    await first.process.ready();
    const rest = Array.from({ length: o.processes - 1 }, (_, i) => spawnOne(i + 1));
    consoles.push(...rest);
    await Promise.all(rest.map((c) => c.process.ready()));
    say(`  Console processes: ${consoles.map((c) => `${c.name} ${c.url} (pid ${c.process.pid})`).join(", ")}`);

    const haproxy = await startHaproxy(
      {
        bind: `${host}:${o.port}`,
        statsBind: `127.0.0.1:${statsPort}`,
        servers: consoles.map((c) => ({ name: c.name, host: "127.0.0.1", port: c.port })),
        cookieFlags: publicUrl.startsWith("https:") ? "secure" : "",
      },
      path.join(logDir, "haproxy.cfg"),
    );
    // HAProxy stops first: no new requests reach consoles that are stopping.
    stops.push(() => haproxy.stop());
    const statsUrl = `http://127.0.0.1:${statsPort}`;
    const serverStatus = async (name: string) => {
      const csv = await fetch(`${statsUrl}/;csv`).then((r) => r.text());
      for (const line of csv.split("\n")) {
        const f = line.split(",");
        if (f[0] === "consoles" && f[1] === name) return f[17] ?? null;
      }
      return null;
    };
    // Ready once HAProxy has seen every console pass its health check (rise 2, 1 s apart).
    const deadline = Date.now() + 15_000;
    for (;;) {
      const states = await Promise.all(consoles.map((c) => serverStatus(c.name).catch(() => null)));
      if (states.every((s) => s === "UP")) break;
      if (Date.now() > deadline) throw new Error(`HAProxy does not see every console up: ${states.join(", ")}\n${haproxy.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return {
      url: `http://127.0.0.1:${o.port}`,
      statsUrl,
      consoles,
      haproxy,
      databaseUrl,
      redisUrl,
      serverStatus,
      async stop() {
        stopping = true;
        // HAProxy, then every console at once (each drains its own), then Redis, then Postgres.
        const hap = stops.pop();
        await hap?.().catch(() => {});
        const consoleStops = stops.splice(stops.length - consoles.length, consoles.length);
        await Promise.all(consoleStops.map((s) => s().catch(() => {})));
        await stopAll();
      },
    };
  } catch (e) {
    stopping = true;
    await stopAll();
    throw e;
  }
}

/** A throwaway redis-server (Debian's package) on loopback: no persistence, stopped by its pid. */
export async function startRedisServer(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find(existsSync);
  if (!bin) throw new Error("redis-server not found: apt-get install -y redis-server (or set REDIS_URL)");
  const proc = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`redis-server did not start: ${out.slice(-500)}`)), 15_000);
    proc.stdout!.on("data", (d: Buffer) => {
      out = (out + d.toString()).slice(-5000);
      if (out.includes("Ready to accept connections")) {
        clearTimeout(t);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(t);
      reject(new Error(`redis-server exited: ${out.slice(-500)}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
  };
}
