import { z } from "zod";

/** Every environment variable the server reads, parsed once. A bad value fails fast. */
const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** External Postgres. Unset → embedded Postgres under FLOODWALL_DATA_DIR (demo mode). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /** Signs session cookies. Demo mode generates one and keeps it in the data dir. */
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** The URL users open (cookies and origin checks are bound to it). */
  PUBLIC_URL: z.string().url().optional(),
  FLOODWALL_DATA_DIR: z.string().min(1).default(".data"),
  /** Port of the embedded Postgres (demo mode). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Bootstrap ingest token; demo mode defaults it to demo-ingest-token. */
  FLOODWALL_INGEST_TOKEN: z.string().min(12, "must be at least 12 characters").optional(),
  /** Demo traffic from the built-in simulator when in demo mode: on | off. */
  FLOODWALL_DEMO_TRAFFIC: z.enum(["on", "off"]).default("on"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  ENFORCEMENT_WEBHOOK_URL: z.string().url().optional(),
  ENFORCEMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Enforcement decisions per second sent to the platform, per server process (bulk requests of up to 500). */
  ENFORCEMENT_RATE_PER_SEC: z.coerce.number().int().min(1).default(20_000),
  /** Rooms a moderator may take down without a shift lead's approval… */
  FOUR_EYES_THRESHOLD: z.coerce.number().int().min(1).default(200),
  /** …counted over this rolling window (minutes), so splitting a takedown gains nothing. */
  FOUR_EYES_WINDOW_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Sign-in attempts allowed per client IP per minute. */
  SIGNIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Hosts whose thumbnail images may load in moderators' browsers (comma-separated). */
  THUMBNAIL_HOSTS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean),
    ),
  /** Outbound notification when a P0/P1 is declared: URL, HMAC secret, body format. */
  INCIDENT_WEBHOOK_URL: z.string().url().optional(),
  INCIDENT_WEBHOOK_SECRET: z.string().min(16).optional(),
  INCIDENT_WEBHOOK_FORMAT: z.enum(["json", "slack"]).default("json"),
  /** Ingest batches stored at once by this process; more wait briefly, then get 429 with Retry-After. */
  INGEST_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(3),
  /** Ingest requests that may wait for a slot; beyond this the answer is 429 at once. */
  INGEST_MAX_QUEUED: z.coerce.number().int().min(0).max(1000).default(8),
  /** all: this process does everything; web: pages, API and sockets only (run `npm run worker` beside it, with REDIS_URL). */
  FLOODWALL_ROLE: z.enum(["all", "web"]).default("all"),
  /** Structured logs (JSON lines on stdout) at this level and above; silent: none. */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Bearer token for GET /metrics. Unset: /metrics answers only callers on this machine that did not come through a proxy. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * Addresses of the load balancers in front (comma-separated IPs, e.g. 127.0.0.1 for HAProxy on
   * the same machine): a request from one of them is from the client its X-Forwarded-For names.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()], { message: "must be a comma-separated list of IP addresses" }))),
  /** `npm run worker` answers /metrics and /api/health/live|ready on this port (unset: it opens none). */
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Env = z.infer<typeof ZEnv> & { demoMode: boolean };

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings count as unset, as shells and .env files often produce them.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const demoMode = !result.data.DATABASE_URL;
  return {
    ...result.data,
    // Demo mode accepts a well-known ingest token so the simulator works out of the box.
    FLOODWALL_INGEST_TOKEN: result.data.FLOODWALL_INGEST_TOKEN ?? (demoMode ? "demo-ingest-token" : undefined),
    demoMode,
  };
}

export class EnvError extends Error {
  override name = "EnvError";
}
