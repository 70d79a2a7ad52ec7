import { createHmac } from "node:crypto";
import type { PlatformAdapter, PlatformCall, PlatformResult } from "./types";

/** Signature over `${timestamp}.${body}`, so a captured body cannot be replayed later. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Tells a real platform through an HTTP webhook: JSON body, HMAC-SHA256 signature header,
 * Idempotency-Key header. Any non-2xx answer or network error is a failure to retry.
 */
export class WebhookPlatform implements PlatformAdapter {
  readonly name = "webhook";
  constructor(
    private url: string,
    private secret: string,
    private timeoutMs = 10_000,
  ) {}

  async send(call: PlatformCall): Promise<PlatformResult> {
    const body = JSON.stringify({ ...call, sentAt: new Date().toISOString() });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": call.idempotencyKey,
        "x-floodwall-timestamp": timestamp,
        "x-floodwall-signature": signBody(this.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status} ${res.statusText}`.trim());
    const out = (await res.json().catch(() => ({}))) as { viewers?: unknown };
    return typeof out.viewers === "number" ? { viewers: out.viewers } : {};
  }
}
