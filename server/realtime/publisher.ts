import { CAPABILITIES, type Capability, type Role } from "../contracts/roles";
import type { ServerToClientEvents } from "../contracts/realtime";
import type { IO } from "./io";

/**
 * Who receives an event: everyone who holds a capability (the same table the server checks
 * procedures against), one user, or every signed-in page.
 */
export type Audience = { capability: Capability } | { user: string } | "everyone";

/** The Socket.IO rooms a signed-in socket joins: its user, its session and one per capability it holds. */
export function roomsFor(userId: string, sessionId: string, role: Role): string[] {
  const caps = (Object.keys(CAPABILITIES) as Capability[]).filter((c) => (CAPABILITIES[c] as readonly Role[]).includes(role));
  return [`user:${userId}`, `session:${sessionId}`, ...caps.map((c) => `cap:${c}`)];
}

const roomOf = (a: Exclude<Audience, "everyone">) => ("capability" in a ? `cap:${a.capability}` : `user:${a.user}`);

export interface Publisher {
  publish<E extends keyof ServerToClientEvents>(to: Audience | Audience[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}

/** The one way the server pushes events to pages (through every process when Redis is on). */
export function socketPublisher(io: IO): Publisher {
  return {
    publish(to, event, ...args) {
      const list = Array.isArray(to) ? to : [to];
      if (list.includes("everyone")) return void io.emit(event, ...args);
      const rooms = list.map((a) => roomOf(a as Exclude<Audience, "everyone">));
      io.to(rooms).emit(event, ...args);
    },
  };
}
