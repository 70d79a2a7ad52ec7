// Figure 5: the latency figure with two server processes sharing the first one's embedded
// Postgres and a redis-server (Socket.IO Redis adapter). Sockets alternate between the two
// processes and ingest batches are sent round-robin, as behind a load balancer.
import { startRedis, startServer, type BenchServer, type Redis } from "./server";

export interface Pair {
  servers: BenchServer[];
  redis: Redis;
  stop(): Promise<void>;
}

export async function startPair(o: {
  portA: number;
  portB: number;
  pgPort: number;
  redisPort: number;
  dataDir: string;
  onStarted?: (s: BenchServer) => void;
}): Promise<Pair> {
  const redis = await startRedis(o.redisPort);
  const started: BenchServer[] = [];
  const stop = async () => {
    // B first: it uses A's database.
    for (const s of [...started].reverse()) await s.stop();
    await redis.stop();
  };
  try {
    const a = await startServer({ name: "scaleout-a", port: o.portA, pgPort: o.pgPort, dataDir: `${o.dataDir}-a`, fresh: true, env: { REDIS_URL: redis.url } });
    started.push(a);
    o.onStarted?.(a);
    // B runs against A's Postgres with A's session secret, so one sign-in works on both.
    const b = await startServer({
      name: "scaleout-b",
      port: o.portB,
      pgPort: o.pgPort + 1, // unused with DATABASE_URL, but kept apart from A's
      dataDir: `${o.dataDir}-b`,
      fresh: true,
      env: { REDIS_URL: redis.url, DATABASE_URL: a.pgUrl, SESSION_SECRET: a.sessionSecret() },
    });
    started.push(b);
    o.onStarted?.(b);
  } catch (e) {
    await stop();
    throw e;
  }
  return { servers: started, redis, stop };
}
