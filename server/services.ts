import type { Env } from "./env";
import type { Pool } from "./db/pool";
import type { IO } from "./runtime";
import { WallHub } from "./realtime/wall-hub";
import { registerWallSocket } from "./realtime/wall-socket";
import type { IngestOutcome } from "./ingest/ingest-flags";
import type { EnforceDeps } from "./enforcement/enforce-rooms";
import { deliverActions } from "./enforcement/deliver";
import type { PlatformAdapter } from "./enforcement/adapters/types";
import { SimulatedPlatform } from "./enforcement/adapters/simulated-platform";
import { WebhookPlatform } from "./enforcement/adapters/webhook";
import { DELIVER_QUEUE, type Queue } from "./jobs/queue";

/** The process's domain services, wired once in server.ts and reached through the runtime. */
export interface Services {
  hub: WallHub;
  queue: Queue;
  adapter: PlatformAdapter;
  enforce: EnforceDeps;
  onIngested(out: IngestOutcome): void;
  stop(): Promise<void>;
}

export function platformAdapter(env: Env, pool: Pool): PlatformAdapter {
  if (env.ENFORCEMENT_WEBHOOK_URL) {
    if (!env.ENFORCEMENT_WEBHOOK_SECRET) throw new Error("ENFORCEMENT_WEBHOOK_SECRET is required with ENFORCEMENT_WEBHOOK_URL");
    return new WebhookPlatform(env.ENFORCEMENT_WEBHOOK_URL, env.ENFORCEMENT_WEBHOOK_SECRET);
  }
  return new SimulatedPlatform(pool);
}

export async function startServices(env: Env, io: IO, pool: Pool, queue: Queue): Promise<Services> {
  const hub = new WallHub(io, pool);
  hub.start();
  registerWallSocket(io, hub);
  const adapter = platformAdapter(env, pool);
  const enforce: EnforceDeps = { pool, queue, onRoomsChanged: (ids) => hub.markChanged(ids) };
  await queue.work<{ actionIds: string[] }>(
    DELIVER_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 0.5, localConcurrency: 4 },
    async ([job]) => {
      await deliverActions({ pool, adapter }, job.data.actionIds);
    },
  );
  return {
    hub,
    queue,
    adapter,
    enforce,
    onIngested(out) {
      hub.markChanged(out.changedRoomIds);
    },
    async stop() {
      hub.stop();
      await queue.stop({ graceful: true, timeout: 5000 }).catch(() => {});
    },
  };
}
