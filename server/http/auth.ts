import { getRuntime } from "../app/runtime";
import { accountLocked, clearFailures, recordFailure, signInEmail } from "../auth/signin-throttle";
import type { Pool } from "../db/pool";
import { readBody } from "./read-body";

/** /api/auth/* — better-auth, with the per-account lock in front of email sign-in. */
export async function handleAuth(req: Request): Promise<Response> {
  const rt = getRuntime();
  const handle = (r: Request) => rt.auth.handler(r);
  try {
    if (req.method === "POST" && new URL(req.url).pathname.endsWith("/sign-in/email")) return await throttledSignIn(rt.pool, req, handle);
    return await handle(req);
  } catch (e) {
    const busy = busyResponse(e);
    if (busy) return busy;
    throw e;
  }
}

/**
 * Seen under saturated ingest: better-auth's rate limiter increments in an interactive Prisma
 * transaction, which fails with P2028 when no connection frees up in time (and pg's pool times
 * out the same way). That is "busy, try again", not a server bug: 503 with Retry-After, never 500.
 */
export function busyResponse(e: unknown): Response | null {
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : "";
  if (code !== "P2028" && !/timeout exceeded when trying to connect/i.test(message)) return null;
  return Response.json({ code: "BUSY", message: "The console is busy; try again in a moment" }, { status: 503, headers: { "retry-after": "2" } });
}

/** A sign-in body is a few hundred bytes; anything near this is not a sign-in. */
export const SIGNIN_MAX_BODY_BYTES = 16 * 1024;

const tooMany = () =>
  Response.json({ code: "TOO_MANY_ATTEMPTS", message: "Too many failed sign-ins for this account; try again in 15 minutes" }, { status: 429 });

/**
 * Wraps better-auth's handler for POST /sign-in/email. The body is read once, bounded, and the
 * same bytes are handed on, so the lock is checked and counted for exactly the account
 * better-auth signs in, whatever the encoding.
 */
export async function throttledSignIn(pool: Pool, req: Request, handler: (r: Request) => Promise<Response>): Promise<Response> {
  const bytes = await readBody(req, SIGNIN_MAX_BODY_BYTES);
  if (bytes === null) return Response.json({ code: "PAYLOAD_TOO_LARGE", message: "Sign-in body too large" }, { status: 413 });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return Response.json({ code: "BAD_REQUEST", message: "Body is not valid UTF-8" }, { status: 400 });
  }
  const parsed = signInEmail(req.headers.get("content-type"), text);
  if (!parsed.ok)
    return Response.json({ code: parsed.status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST", message: parsed.message }, { status: parsed.status });
  const email = parsed.email;
  if (email && (await accountLocked(pool, email))) return tooMany();
  const res = await handler(new Request(req.url, { method: req.method, headers: req.headers, body: text }));
  if (email) {
    if (res.status === 401) await recordFailure(pool, email);
    else if (res.ok) await clearFailures(pool, email);
  }
  return res;
}
