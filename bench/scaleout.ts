// Figure 5: the latency figure with two server processes behind HAProxy (deploy/haproxy.cfg.template,
// as `npm run cluster` renders it), sharing the first one's embedded Postgres and a redis-server
// (Socket.IO Redis adapter). Sockets and ingest batches go through the balancer, which spreads
// them round-robin over the two processes.
import path from "node:path";
import { startHaproxy } from "../scripts/cluster/haproxy";
import { OUT, startRedis, startServer, type BenchServer, type Redis } from "./server";

export interface Pair {
  servers: BenchServer[];
  /** The balancer in front of both, as a server the harness talks to (its url, origin and port). */
  balancer: BenchServer;
  redis: Redis;
  stop(): Promise<void>;
}

export async function startPair(o: {
  portA: number;
  portB: number;
  /** HAProxy's port (its stats page is on the next one). */
  balancerPort: number;
  pgPort: number;
  redisPort: number;
  dataDir: string;
  onStarted?: (s: BenchServer) => void;
}): Promise<Pair> {
  const redis = await startRedis(o.redisPort);
  const started: BenchServer[] = [];
  let stopBalancer = async () => {};
  let haproxyPid = 0;
  const stop = async () => {
    await stopBalancer();
    // B first: it uses A's database.
    for (const s of [...started].reverse()) await s.stop();
    await redis.stop();
  };
  // Pages and sockets come from the balancer's origin; its X-Forwarded-For is trusted.
  const behind = { REDIS_URL: redis.url, PUBLIC_URL: `http://localhost:${o.balancerPort}`, TRUSTED_PROXIES: "127.0.0.1" };
  try {
    const a = await startServer({ name: "scaleout-a", port: o.portA, pgPort: o.pgPort, dataDir: `${o.dataDir}-a`, fresh: true, env: behind });
    started.push(a);
    o.onStarted?.(a);
    // B runs against A's Postgres with A's session secret, so one sign-in works on both.
    const b = await startServer({
      name: "scaleout-b",
      port: o.portB,
      pgPort: o.pgPort + 1, // unused with DATABASE_URL, but kept apart from A's
      dataDir: `${o.dataDir}-b`,
      fresh: true,
      env: { ...behind, DATABASE_URL: a.pgUrl, SESSION_SECRET: a.sessionSecret() },
    });
    started.push(b);
    o.onStarted?.(b);
    const haproxy = await startHaproxy(
      {
        bind: `127.0.0.1:${o.balancerPort}`,
        statsBind: `127.0.0.1:${o.balancerPort + 1}`,
        servers: started.map((s, i) => ({ name: `web${i + 1}`, host: "127.0.0.1", port: s.port })),
      },
      path.join(OUT, "scaleout-haproxy.cfg"),
    );
    stopBalancer = () => haproxy.stop();
    haproxyPid = haproxy.pid;
    // Ready once HAProxy has seen both pass their health checks (rise 2, 1 s apart).
    const deadline = Date.now() + 15_000;
    for (;;) {
      const csv = await fetch(`http://127.0.0.1:${o.balancerPort + 1}/;csv`).then(
        (r) => r.text(),
        () => "",
      );
      if (csv.split("\n").filter((l) => /^consoles,web\d+,/.test(l) && l.split(",")[17] === "UP").length === started.length) break;
      if (Date.now() > deadline) throw new Error(`HAProxy does not see both servers up:\n${haproxy.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const balancer: BenchServer = {
    ...started[0],
    name: "balancer",
    port: o.balancerPort,
    url: `http://127.0.0.1:${o.balancerPort}`,
    origin: `http://localhost:${o.balancerPort}`,
    cpuRoots: { server1: started[0].wrapperPid, server2: started[1].wrapperPid, haproxy: haproxyPid },
  };
  return { servers: started, balancer, redis, stop };
}
