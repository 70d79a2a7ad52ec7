// HAProxy in front of the console processes: renders deploy/haproxy.cfg.template and runs
// Debian's haproxy in the foreground (-db) as a child of the caller, stopped by its pid.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const TEMPLATE = path.resolve(import.meta.dirname, "../../deploy/haproxy.cfg.template");

export interface HaproxyServer {
  /** Also the stickiness cookie's value: short, stable, no secrets (e.g. web1). */
  name: string;
  host: string;
  port: number;
}

export interface HaproxyConfig {
  /** What the balancer listens on, e.g. "127.0.0.1:3000" or "*:3000". */
  bind: string;
  /** Stats page and HAProxy's own Prometheus metrics, e.g. "127.0.0.1:3001". */
  statsBind: string;
  servers: HaproxyServer[];
  /** Extra cookie attributes ("secure" behind https). */
  cookieFlags?: string;
}

/** The template with every {{NAME}} replaced; throws if one is left or unknown. */
export function renderHaproxyConfig(c: HaproxyConfig, template = readFileSync(TEMPLATE, "utf8")): string {
  if (c.servers.length === 0) throw new Error("HAProxy needs at least one console process");
  for (const s of c.servers) if (!/^[A-Za-z0-9_-]{1,32}$/.test(s.name)) throw new Error(`bad server name ${s.name}`);
  const values: Record<string, string> = {
    BIND: c.bind,
    STATS_BIND: c.statsBind,
    COOKIE_FLAGS: c.cookieFlags ?? "",
    SERVERS: c.servers.map((s) => `    server ${s.name} ${s.host}:${s.port} cookie ${s.name}`).join("\n"),
  };
  // Comment lines describe the placeholders: they are left as written.
  return template
    .split("\n")
    .map((line) =>
      line.trimStart().startsWith("#")
        ? line
        : line.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
            if (!(name in values)) throw new Error(`haproxy template: unknown placeholder {{${name}}}`);
            return values[name];
          }),
    )
    .join("\n");
}

/** Debian's haproxy, or null when it is not installed. */
export function haproxyBinary(): string | null {
  return ["/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy"].find(existsSync) ?? null;
}

export interface RunningHaproxy {
  pid: number;
  configPath: string;
  exited: Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/** Writes the config, checks it (haproxy -c) and starts haproxy in the foreground. */
export async function startHaproxy(c: HaproxyConfig, configPath: string): Promise<RunningHaproxy> {
  const bin = haproxyBinary();
  if (!bin) throw new Error("haproxy not found: apt-get install -y haproxy (Debian's package, 2.6+)");
  writeFileSync(configPath, renderHaproxyConfig(c));
  const check = spawnSync(bin, ["-c", "-q", "-f", configPath], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`haproxy refused ${configPath}:\n${check.stdout}${check.stderr}`);
  const child: ChildProcess = spawn(bin, ["-db", "-f", configPath], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const onData = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  // It binds at once; a bind failure ends it within moments.
  const early = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 300))]);
  if (early) throw new Error(`haproxy exited at start:\n${out}`);
  return {
    pid: child.pid!,
    configPath,
    exited,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGUSR1 is a soft stop (waits for open connections, websockets for an hour): SIGTERM.
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
