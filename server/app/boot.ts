import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../env";
import { openDatabase, type DatabaseHandle } from "../db/database";
import { applyMigrations } from "../db/migrate";
import { createPrisma } from "../db/prisma";
import { createPool } from "../db/pool";
import { seedDemoUsers, demoBanner, DEMO_USERS } from "./demo-users";
import { seedDemoRules } from "./demo-rules";
import { createAuth } from "../auth/auth";
import { policyFromEnv } from "../auth/policy";
import { publicUrl, trustedOrigins } from "../http/origins";
import type { BaseRuntime } from "./runtime";
import { startQueue, stopQueue } from "../jobs/queue";
import { logger } from "../observability/log";

const bootLog = logger("boot");

export interface Booted {
  runtime: BaseRuntime;
  database: DatabaseHandle;
  banner: string[];
  shutdown(): Promise<void>;
}

/** Demo mode keeps a generated session secret beside the embedded database. */
function sessionSecret(env: Env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (!env.demoMode) throw new Error("SESSION_SECRET is required when DATABASE_URL is set (at least 32 characters)");
  const file = path.resolve(env.FLOODWALL_DATA_DIR, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Opens the database, migrates it, seeds demo users and builds the services. */
export async function boot(env: Env, version: string, log: (l: string) => void = (l) => bootLog.info(l.trim())): Promise<Booted> {
  const secret = sessionSecret(env);
  const database = await openDatabase(env, log);
  try {
    const applied = await applyMigrations(database.pgConfig);
    if (applied.length) log(`  Migrations applied: ${applied.join(", ")}`);
    const db = createPrisma(database.pgConfig);
    // Separate pools per kind of work, so a flood of ingest or a busy cluster worker can never
    // take the connections a person's click needs (and Postgres runs at most this many of each).
    const pool = createPool(database.pgConfig, 12);
    const ingestPool = createPool(database.pgConfig, env.INGEST_MAX_CONCURRENT + 1);
    const backgroundPool = createPool(database.pgConfig, 8);
    const healthPool = createPool(database.pgConfig, 1);
    const banner: string[] = [];
    if (env.demoMode) {
      await seedDemoUsers(db);
      await seedDemoRules(db, DEMO_USERS[1].email, env.FLOODWALL_DEMO_RULES === "on" ? "SHADOW" : "OFF");
      banner.push(demoBanner());
    }
    const auth = createAuth({
      db,
      secret,
      baseURL: publicUrl(env),
      trustedOrigins: trustedOrigins(env),
      signInPerMinute: env.SIGNIN_RATE_PER_MINUTE,
      policy: policyFromEnv(env),
    });
    const queue = await startQueue(database.pgConfig);
    const runtime: BaseRuntime = { env, version, db, pool, ingestPool, backgroundPool, healthPool, auth, queue };
    return {
      runtime,
      database,
      banner,
      async shutdown() {
        await stopQueue(queue);
        await db.$disconnect().catch(() => {});
        await Promise.all([pool, ingestPool, backgroundPool, healthPool].map((p) => p.end().catch(() => {})));
        await database.stop();
      },
    };
  } catch (e) {
    await database.stop().catch(() => {});
    throw e;
  }
}
