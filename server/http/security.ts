import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_BODY_BYTES as INGEST_MAX_BODY_BYTES } from "../contracts/ingest";

/** Headers every response carries: pages, API routes and Socket.IO's own answers alike. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

export interface CspOptions {
  nonce: string;
  dev: boolean;
  /** Origins the console is served from (its pages may open sockets back to them, nowhere else). */
  origins: string[];
  thumbnailHosts: string[];
}

export function contentSecurityPolicy(o: CspOptions): string {
  const sockets = o.origins.map((u) => u.replace(/^http/, "ws"));
  return [
    "default-src 'self'",
    // Next's inline bootstrap scripts carry this nonce; nothing else inline may run.
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${o.thumbnailHosts.map((h) => ` https://${h} http://${h}`).join("")}`,
    "font-src 'self'",
    // The console's own origin and its websocket twin only (dev adds Next's hot-reload socket there too).
    `connect-src 'self' ${sockets.join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
  ].join("; ");
}

const KB = 1024;
const MB = 1024 * KB;
/**
 * The largest body each part of the console accepts. The ingest and go-live endpoints stream
 * theirs against their own limits; everything else (tRPC reads its body whole) is bounded here
 * before any handler runs.
 */
export function bodyLimit(pathname: string): { bytes: number; streamed: boolean } {
  if (pathname === "/api/ingest/flags") return { bytes: INGEST_MAX_BODY_BYTES, streamed: true };
  if (pathname === "/api/platform-sim/live-starts") return { bytes: 2 * MB, streamed: true };
  // The largest tRPC input is a restore or manual selection of 50,000 room ids (~2.5 MB).
  if (pathname.startsWith("/api/trpc/")) return { bytes: 3 * MB, streamed: false };
  if (pathname.startsWith("/api/auth/")) return { bytes: 16 * KB, streamed: false };
  return { bytes: 64 * KB, streamed: false };
}

/** Refused bodies up to this size are read and thrown away (a clean 413 for the sender); larger ones cut the connection. */
const DRAIN_MAX_BYTES = 8 * MB;

/**
 * Refuses a request whose body is too large before anything reads it: 413 when its declared
 * length is over the limit, 411 for a body without a declared length where the handler would
 * read it whole. Returns true when it answered.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const method = req.method ?? "GET";
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  const limit = bodyLimit(pathname);
  const declared = req.headers["content-length"];
  /** Answers at once. A body of modest size is read and discarded, so the sender sees the answer
   * rather than a cut upload; a huge one is not read at all: the connection closes. */
  const answer = (status: number, error: string, drain: boolean) => {
    res.writeHead(status, { "content-type": "application/json", ...(drain ? {} : { connection: "close" }) }).end(JSON.stringify({ error }));
    if (drain) req.resume();
    else req.socket.destroySoon();
    return true;
  };
  if (declared !== undefined) {
    const n = Number(declared);
    if (!Number.isSafeInteger(n) || n < 0) return answer(400, "Invalid Content-Length", false);
    if (n > limit.bytes) return answer(413, `Body larger than ${limit.bytes} bytes`, n <= DRAIN_MAX_BYTES);
    return false;
  }
  if (req.headers["transfer-encoding"] && !limit.streamed) return answer(411, "Content-Length required", false);
  return false;
}
