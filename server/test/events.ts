import type { IngestEventInput } from "../contracts/ingest";

let n = 0;
/** A valid ingest event; override any part. Ids are unique per call unless given. */
export function makeEvent(
  o: {
    eventId?: string;
    roomId?: string;
    accountId?: string;
    label?: IngestEventInput["label"];
    score?: number;
    source?: IngestEventInput["source"];
    viewerCount?: number;
    title?: string;
    handle?: string;
    deviceId?: string;
    ip?: string;
    verified?: boolean;
    registeredAt?: string;
    evidenceText?: string;
  } = {},
): IngestEventInput {
  n++;
  const now = new Date().toISOString();
  return {
    eventId: o.eventId ?? `ev-${process.pid}-${n}-${Math.random().toString(36).slice(2)}`,
    occurredAt: now,
    source: o.source ?? "classifier",
    label: o.label ?? "sexual",
    score: o.score ?? 0.9,
    room: { id: o.roomId ?? `room-${n}`, title: o.title ?? `Room ${n}`, startedAt: now, viewerCount: o.viewerCount ?? 100, category: "chat" },
    account: {
      id: o.accountId ?? `acct-${n}`,
      handle: o.handle ?? `user_${n}`,
      registeredAt: o.registeredAt ?? "2026-11-20T00:00:00Z",
      realNameVerified: o.verified ?? false,
      deviceId: o.deviceId,
      ip: o.ip,
    },
    evidence: o.evidenceText ? { text: o.evidenceText } : undefined,
  };
}
