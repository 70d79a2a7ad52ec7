import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { IO } from "./io";
import type { Auth } from "../auth/auth";
import type { Db } from "../db/prisma";
import { getSessionUser } from "../auth/session";
import { roomsFor } from "./publisher";
import { Decoder } from "socket.io-parser";
import { AsciiEncoder } from "./ascii-encoder";
import { CLIENT_EVENT_ROLES } from "../contracts/realtime";
import { errField, logger } from "../observability/log";

const log = logger("realtime");

export interface SocketServerOptions {
  trustedOrigins: string[];
  /** Share events between server processes through Redis (REDIS_URL). */
  redisUrl?: string;
  /** How often connected sockets' sessions are re-checked (expiry, revocation). */
  sessionCheckMs?: number;
}

/** What the socket server needs from the rest: sessions to authenticate and re-check sockets. */
export interface SocketDeps {
  auth: Auth;
  db: Db;
}

/**
 * The Socket.IO server on the HTTP server. Without one (a worker process), it serves no pages
 * but still publishes: through Redis to the processes that do.
 */
export async function attachSocketServer(http: HttpServer | null, rt: SocketDeps, opts: SocketServerOptions): Promise<{ io: IO; close(): Promise<void> }> {
  const io: IO = new Server(http ?? undefined, {
    path: "/socket.io",
    serveClient: false,
    parser: { Encoder: AsciiEncoder, Decoder },
    maxHttpBufferSize: 64 * 1024,
    // No connection-state recovery: it would keep every broadcast in memory for the recovery
    // window (hundreds of MB of wall diffs in a flood). Clients catch up instead: the wall
    // re-subscribes and merges a snapshot by version, other queries are fetched again.
    allowRequest: (req, cb) => {
      // Browsers always send Origin on websocket and XHR upgrades; refuse other sites' pages.
      const origin = req.headers.origin;
      cb(null, !origin || opts.trustedOrigins.includes(origin));
    },
  });

  let closeRedis = async () => {};
  if (opts.redisUrl) {
    const pub = createClient({ url: opts.redisUrl });
    const sub = pub.duplicate();
    pub.on("error", (e) => log.error({ err: errField(e), client: "publish" }, "redis error"));
    sub.on("error", (e) => log.error({ err: errField(e), client: "subscribe" }, "redis error"));
    await Promise.all([pub.connect(), sub.connect()]);
    // A request from another process (e.g. its presence count) can still be answered while this
    // one shuts down; once the publishing client is closed such an answer is dropped, not thrown
    // as an unhandled rejection.
    const publish = pub.publish.bind(pub);
    (pub as unknown as { publish: typeof publish }).publish = ((...args: Parameters<typeof publish>) =>
      pub.isOpen ? publish(...args) : Promise.resolve(0)) as typeof publish;
    io.adapter(createAdapter(pub, sub));
    closeRedis = async () => {
      // Stop hearing requests first, then close the client that answers them.
      await Promise.allSettled([sub.quit()]);
      await Promise.allSettled([pub.quit()]);
    };
  }

  io.use(async (socket, next) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(socket.handshake.headers)) {
      if (typeof v === "string") headers.set(k, v);
      else if (Array.isArray(v)) headers.set(k, v.join(", "));
    }
    const user = await getSessionUser(rt.auth, headers);
    if (!user) return next(new Error("unauthorized"));
    socket.data = { userId: user.id, name: user.name, role: user.role, sessionId: user.sessionId };
    next();
  });

  io.on("connection", (socket) => {
    const { userId, role, sessionId } = socket.data;
    void socket.join(roomsFor(userId, sessionId, role));
    // Every client event is role-checked before its handler runs.
    socket.use((packet, next) => {
      const [event] = packet;
      const allowed = CLIENT_EVENT_ROLES[event as keyof typeof CLIENT_EVENT_ROLES];
      const refuse = (error: string) => {
        // Answer the acknowledgement, if the client asked for one, so it learns why at once.
        const ack = packet[packet.length - 1];
        if (typeof ack === "function") ack({ ok: false, error });
        next(new Error(error));
      };
      if (!allowed) return refuse(`unknown event ${String(event).slice(0, 50)}`);
      if (!allowed.includes(socket.data.role)) return refuse("forbidden");
      next();
    });
    socket.on("error", () => {
      /* a refused event; the socket stays connected */
    });
    socket.on("ping", (ack) => {
      if (typeof ack === "function") ack({ at: Date.now() });
    });
    void broadcastPresence(io);
    socket.on("disconnect", () => void broadcastPresence(io));
  });

  // Sessions expire or are revoked in the database; sockets must not outlive them.
  const timer = setInterval(() => void dropDeadSessions(io, rt), opts.sessionCheckMs ?? 30_000);
  timer.unref();
  return {
    io,
    async close() {
      clearInterval(timer);
      // Every socket and the engine end now. Not waiting for io.close's callback: that is the
      // HTTP server's close, which waits for every kept-alive connection to go away — clients
      // that keep sending held a stop until its deadline. The caller closes those connections.
      io.close();
      await closeRedis();
    },
  };
}

async function broadcastPresence(io: IO) {
  // The people on the floor: whoever may act on the wall (moderators and shift leads).
  const sockets = await io.in("cap:wall:act").fetchSockets();
  const moderatorsOnline = new Set(sockets.map((s) => s.data.userId)).size;
  io.emit("presence:update", { moderatorsOnline });
}

async function dropDeadSessions(io: IO, rt: SocketDeps) {
  const sockets = await io.local.fetchSockets();
  const ids = [...new Set(sockets.map((s) => s.data.sessionId))];
  if (ids.length === 0) return;
  const alive = await rt.db.session.findMany({
    where: { id: { in: ids }, expiresAt: { gt: new Date() }, user: { deactivatedAt: null } },
    select: { id: true },
  });
  const aliveIds = new Set(alive.map((s) => s.id));
  for (const s of sockets) {
    if (!aliveIds.has(s.data.sessionId)) {
      s.emit("session:ended", { reason: "Your session has ended." });
      s.disconnect(true);
    }
  }
}

/** Ends every socket of a user at once (deactivation, role change). */
export function endUserSockets(io: IO, userId: string, reason: string) {
  io.in(`user:${userId}`).emit("session:ended", { reason });
  io.in(`user:${userId}`).disconnectSockets(true);
}
