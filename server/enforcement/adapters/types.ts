/** One instruction to the platform. The idempotency key makes a repeated call a no-op there. */
export interface PlatformCall {
  kind: "room.end" | "room.restore" | "account.ban" | "account.unban";
  idempotencyKey: string;
  roomId?: string;
  accountId?: string;
  reason?: string | null;
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
