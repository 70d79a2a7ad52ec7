// HTTP helpers the figures share: sign-in, tRPC over HTTP (superjson envelope), moderator
// accounts, and the ingest POST. Every mutation sends the page Origin the server trusts.
import type { BenchServer } from "./server";
import { INGEST_TOKEN } from "./server";

export const DEMO_PASSWORD = "floodwall-demo";
export const DEMO = { ADMIN: "admin@floodwall.local", LEAD: "lead@floodwall.local", MODERATOR: "moderator@floodwall.local" } as const;

/** Signs in and returns the Cookie header value for later requests and sockets. */
export async function signIn(s: BenchServer, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${s.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: s.origin },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign in ${email}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie.includes("session_token")) throw new Error(`sign in ${email}: no session cookie`);
  return cookie;
}

export async function trpc<T>(s: BenchServer, cookie: string, proc: string, input: unknown, kind: "mutation" | "query", signal?: AbortSignal): Promise<T> {
  const headers = { "content-type": "application/json", origin: s.origin, cookie };
  const res =
    kind === "query"
      ? await fetch(`${s.url}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers, signal })
      : await fetch(`${s.url}/api/trpc/${proc}`, { method: "POST", headers, body: JSON.stringify({ json: input }), signal });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${proc}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/** Runs `fn` over `items` with at most `limit` in flight (sign-ins are scrypt-bound). */
export async function pool<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Creates `n` moderator accounts (as the demo admin) and signs each in once: one session each. */
export async function moderatorSessions(s: BenchServer, n: number, tag: string): Promise<string[]> {
  const admin = await signIn(s, DEMO.ADMIN);
  const password = "bench-moderator-password";
  const emails = Array.from({ length: n }, (_, i) => `bench-${tag}-${i}@floodwall.local`);
  await pool(emails, 4, (email, i) => trpc(s, admin, "users.create", { email, name: `Bench moderator ${i}`, role: "MODERATOR", password }, "mutation"));
  return pool(emails, 4, (email) => signIn(s, email, password));
}

export interface IngestAnswer {
  status: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** POSTs one pre-serialized batch to /api/ingest/flags. */
export async function postIngest(s: BenchServer, body: string): Promise<IngestAnswer> {
  const res = await fetch(`${s.url}/api/ingest/flags`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${INGEST_TOKEN}` },
    body,
  });
  const text = await res.text();
  if (res.status !== 202) return { status: res.status, accepted: 0, duplicates: 0, rejected: 0 };
  const j = JSON.parse(text) as { accepted: number; duplicates: number; rejected: unknown[] };
  return { status: res.status, accepted: j.accepted, duplicates: j.duplicates, rejected: j.rejected.length };
}
