/** One instruction to the platform. The idempotency key makes a repeated call a no-op there. */
export interface PlatformCall {
  kind: "room.end" | "room.restore" | "account.ban" | "account.unban" | "control.set";
  idempotencyKey: string;
  roomId?: string;
  accountId?: string;
  reason?: string | null;
  /** control.set: the lever for a scope (mode, throttle, staged-restore percentage). */
  control?: {
    scope: { kind: string; value: string };
    mode: string;
    maxStartsPerMin: number | null;
    percent: number | null;
    /** SIGNALS scope: the linking keys (device:…, net:…, phone:…, burst:…) whose accounts may not go live. */
    keys?: string[];
  };
}

/** What the platform said about one call of a bulk request. */
export type PlatformResult = { ok: true; viewers?: number } | { ok: false; error: string };

export interface PlatformAdapter {
  readonly name: string;
  /** The most calls one request may carry. */
  readonly maxBatch: number;
  /**
   * Many calls in one request, with a result per call in the same order (a platform may refuse
   * some and apply others). Throws only when the request as a whole failed (nothing applied
   * that we know of): every call in it is retried.
   */
  sendMany(calls: PlatformCall[]): Promise<PlatformResult[]>;
}

/** One call through the bulk interface; throws when the platform refused it. */
export async function sendOne(adapter: PlatformAdapter, call: PlatformCall): Promise<{ viewers?: number }> {
  const [r] = await adapter.sendMany([call]);
  if (!r) throw new Error(`${adapter.name}: no result for the call`);
  if (!r.ok) throw new Error(r.error);
  return { viewers: r.viewers };
}
