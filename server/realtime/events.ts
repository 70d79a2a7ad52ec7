import { z } from "zod";
import type { Role } from "../auth/roles";

/**
 * The one realtime contract between server and browser. Server→client payloads are built by
 * the server; client→server payloads are parsed with the schemas below before use.
 */
export interface ServerToClientEvents {
  /** The server ends this session (deactivated, role changed or signed out elsewhere). */
  "session:ended": (p: { reason: string }) => void;
  "presence:update": (p: { moderatorsOnline: number }) => void;
}

export interface ClientToServerEvents {
  ping: (ack: (p: { at: number }) => void) => void;
}

export interface SocketData {
  userId: string;
  role: Role;
  sessionId: string;
}

/** Every client→server event name, with the roles allowed to send it. */
export const CLIENT_EVENT_ROLES: Record<keyof ClientToServerEvents, readonly Role[]> = {
  ping: ["MODERATOR", "SHIFT_LEAD", "EXECUTIVE", "ADMIN"],
};

export const ZNoPayload = z.undefined();
