/** One instruction to the platform. The idempotency key makes a repeated call a no-op there. */
export interface PlatformCall {
  kind: "room.end" | "room.restore" | "account.ban" | "account.unban" | "control.set";
  idempotencyKey: string;
  roomId?: string;
  accountId?: string;
  reason?: string | null;
  /** control.set: the lever for a scope (mode, throttle, staged-restore percentage). */
  control?: { scope: { kind: string; value: string }; mode: string; maxStartsPerMin: number | null; percent: number | null };
}

export interface PlatformResult {
  /** Viewers watching when the platform ended the stream, if it reports them. */
  viewers?: number;
}

export interface PlatformAdapter {
  readonly name: string;
  /** Throws on failure (the caller retries with backoff). */
  send(call: PlatformCall): Promise<PlatformResult>;
}
