import type { Pool } from "../db/pool";

/** Failed sign-ins allowed per account in the window before it is locked for the window. */
export const ACCOUNT_FAILURES = 8;
export const WINDOW_MS = 15 * 60 * 1000;

export const accountKey = (email: string) => `signin-account:${email.trim().toLowerCase()}`;
const key = accountKey;

/**
 * Per-account throttling on top of better-auth's per-IP limit: a password-guessing botnet
 * spread over many IPs still gets only a few tries at one moderator's account. Counters live in
 * Postgres (the rate_limits table), so every server process shares them.
 */
export async function accountLocked(pool: Pool, email: string, now = Date.now()): Promise<boolean> {
  const r = await pool.query<{ count: number; lastRequest: number }>(`SELECT count, "lastRequest" FROM rate_limits WHERE key = $1`, [key(email)]);
  const row = r.rows[0];
  return lockedUntil(row, now) !== null;
}

/** Until when an account's sign-in is locked, or null: the same rule as accountLocked. */
export function lockedUntil(row: { count: number; lastRequest: number | bigint } | undefined, now = Date.now()): Date | null {
  if (!row || row.count < ACCOUNT_FAILURES) return null;
  const until = Number(row.lastRequest) + WINDOW_MS;
  return until > now ? new Date(until) : null;
}

export async function recordFailure(pool: Pool, email: string, now = Date.now()) {
  await pool.query(
    `INSERT INTO rate_limits (id, key, count, "lastRequest") VALUES ($1, $1, 1, $2)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN $2 - rate_limits."lastRequest" > $3 THEN 1 ELSE rate_limits.count + 1 END,
       "lastRequest" = $2`,
    [key(email), now, WINDOW_MS],
  );
}

export async function clearFailures(pool: Pool, email: string) {
  await pool.query(`DELETE FROM rate_limits WHERE key = $1`, [key(email)]);
}

/**
 * The email a sign-in body names, read the way better-auth reads it (the last value of a
 * repeated form field, JSON's last duplicate key). Only the two encodings better-auth accepts
 * for this endpoint are read; anything else is refused here, so no body can reach better-auth
 * without passing the account lock.
 */
export function signInEmail(contentType: string | null, body: string): { ok: true; email: string } | { ok: false; status: 400 | 415; message: string } {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  let email: unknown;
  if (type === "application/json") {
    try {
      email = (JSON.parse(body) as { email?: unknown } | null)?.email;
    } catch {
      return { ok: false, status: 400, message: "Body is not valid JSON" };
    }
  } else if (type === "application/x-www-form-urlencoded") {
    email = new URLSearchParams(body).getAll("email").at(-1);
  } else {
    return { ok: false, status: 415, message: "Send the sign-in as application/json or application/x-www-form-urlencoded" };
  }
  return { ok: true, email: typeof email === "string" ? email.slice(0, 254) : "" };
}
