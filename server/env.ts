import { z } from "zod";
import { ROLES, type Role } from "./contracts/roles";

const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** OIDC_ROLE_MAP: `value=ROLE` pairs, comma-separated; the first pair whose value the claim holds wins. */
export const ZRoleMap = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(new RegExp(`^.+=(${ROLES.join("|")})$`), `pairs must look like value=ROLE with ROLE one of ${ROLES.join(", ")}`)
        .transform((p) => {
          const at = p.lastIndexOf("=");
          return { value: p.slice(0, at).trim(), role: p.slice(at + 1) as Role };
        }),
    ),
  );

/** TWO_FACTOR_ROLES: roles whose password sign-ins need a second factor, or `none`. */
const ZTwoFactorRoles = z
  .string()
  .transform((s) => (s.trim().toLowerCase() === "none" ? [] : list(s)))
  .pipe(z.array(z.enum(ROLES, { message: `must be none or a comma-separated list of ${ROLES.join(", ")}` })));

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
  /** Demo mode's four example rules are seeded in shadow; `off` seeds them off (benchmarks of the path without rules). */
  FLOODWALL_DEMO_RULES: z.enum(["on", "off"]).default("on"),
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
  /** Single sign-on with OpenID Connect: the issuer (its /.well-known/openid-configuration is read), client id and secret. */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** The sign-in page's button: "Sign in with <name>". */
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
  /** Scopes asked for (space- or comma-separated); add the one that carries the role claim when the provider needs it. */
  OIDC_SCOPES: z.string().default("openid email profile").transform(list),
  /** The claim that carries roles or groups (a string or a list; a dotted path reaches into objects, e.g. realm_access.roles). */
  OIDC_ROLE_CLAIM: z.string().trim().min(1).max(200).optional(),
  /** Which claim value gives which role, e.g. `fw-leads=SHIFT_LEAD,fw-admins=ADMIN`. No match: an admin assigns the role. */
  OIDC_ROLE_MAP: ZRoleMap.optional(),
  /** Sign-in with a local password: on, or off when everyone signs in through OIDC. */
  LOCAL_PASSWORDS: z.enum(["on", "off"]).default("on"),
  /** Roles whose password sign-ins need TOTP (comma-separated, or none). Default SHIFT_LEAD,ADMIN; none in demo mode. */
  TWO_FACTOR_ROLES: ZTwoFactorRoles.optional(),
  /** A session whose last authentication is older than this must re-confirm before the most consequential actions. */
  STEP_UP_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
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
  /** Humans first: while people's requests (p90 over half a second) take longer than this, ingest's concurrency is halved (PeopleFirst); 0 turns it off. */
  INGEST_PEOPLE_SLOW_MS: z.coerce.number().int().min(0).max(60_000).default(500),
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

export type Env = Omit<z.infer<typeof ZEnv>, "TWO_FACTOR_ROLES"> & { demoMode: boolean; TWO_FACTOR_ROLES: Role[] };

/** Settings that only make sense together; each message names the variables. */
function combinationProblems(e: z.infer<typeof ZEnv>): string[] {
  const out: string[] = [];
  const oidc = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) out.push("  OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three for single sign-on, or none");
  if (e.OIDC_ROLE_MAP && !e.OIDC_ROLE_CLAIM) out.push("  OIDC_ROLE_MAP: needs OIDC_ROLE_CLAIM (the claim whose values it maps)");
  if (e.OIDC_ROLE_CLAIM && !e.OIDC_ROLE_MAP) out.push("  OIDC_ROLE_CLAIM: needs OIDC_ROLE_MAP (which value gives which role)");
  if (e.LOCAL_PASSWORDS === "off" && !e.OIDC_ISSUER) out.push("  LOCAL_PASSWORDS: off needs single sign-on (OIDC_ISSUER), or nobody could sign in");
  return out;
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings count as unset, as shells and .env files often produce them.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const combined = combinationProblems(result.data);
  if (combined.length) throw new EnvError(`Invalid environment:\n${combined.join("\n")}`);
  const demoMode = !result.data.DATABASE_URL;
  return {
    ...result.data,
    // Demo accounts sign in with a password alone unless a second factor is asked for explicitly.
    TWO_FACTOR_ROLES: result.data.TWO_FACTOR_ROLES ?? (demoMode ? [] : ["SHIFT_LEAD", "ADMIN"]),
    // Demo mode accepts a well-known ingest token so the simulator works out of the box.
    FLOODWALL_INGEST_TOKEN: result.data.FLOODWALL_INGEST_TOKEN ?? (demoMode ? "demo-ingest-token" : undefined),
    demoMode,
  };
}

export class EnvError extends Error {
  override name = "EnvError";
}
