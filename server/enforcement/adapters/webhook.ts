import { createHmac } from "node:crypto";
import type { PlatformAdapter, PlatformCall, PlatformResult } from "./types";

/** Signature over `${timestamp}.${body}`, so a captured body cannot be replayed later. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Tells a real platform through an HTTP webhook, many decisions per request: JSON body
 * `{ calls: [...], sentAt }` (each call with its own idempotency key), HMAC-SHA256 signature
 * header, and an answer `{ results: [{ idempotencyKey, ok, viewers?, error? }] }` per call. A
 * non-2xx answer or a network error fails the whole request (every call is retried); a call the
 * answer does not mention counts as failed (retried alone).
 */
export class WebhookPlatform implements PlatformAdapter {
  readonly name = "webhook";
  constructor(
    private url: string,
    private secret: string,
    private timeoutMs = 10_000,
    readonly maxBatch = 500,
  ) {}

  async sendMany(calls: PlatformCall[]): Promise<PlatformResult[]> {
    const body = JSON.stringify({ calls, sentAt: new Date().toISOString() });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-floodwall-timestamp": timestamp,
        "x-floodwall-signature": signBody(this.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status} ${res.statusText}`.trim());
    const out = (await res.json().catch(() => null)) as { results?: unknown } | null;
    const byKey = new Map<string, PlatformResult>();
    if (out && Array.isArray(out.results)) {
      for (const r of out.results as { idempotencyKey?: unknown; ok?: unknown; viewers?: unknown; error?: unknown }[]) {
        if (typeof r?.idempotencyKey !== "string") continue;
        byKey.set(
          r.idempotencyKey,
          r.ok === true
            ? { ok: true, viewers: typeof r.viewers === "number" ? r.viewers : undefined }
            : { ok: false, error: typeof r.error === "string" ? r.error.slice(0, 300) : "refused by the platform" },
        );
      }
    }
    return calls.map((c) => byKey.get(c.idempotencyKey) ?? { ok: false, error: "the platform's answer did not mention this call" });
  }
}
