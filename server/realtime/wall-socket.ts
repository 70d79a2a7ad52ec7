import type { IO } from "./io";
import type { WallHub } from "./wall-hub";
import { ZWallFocus, ZWallSubscribe } from "../contracts/realtime";

/**
 * Socket handlers of the wall: subscribe with a validated filter, unsubscribe, and presence —
 * which room each person has focused, told to every wall page (through the adapter, so across
 * server processes), at most four times a second per socket. A page that subscribes is told
 * who this process's sockets are looking at; people on other processes show up as they move.
 */
export function registerWallSocket(io: IO, hub: WallHub) {
  const focused = new Map<string, { userId: string; name: string; roomId: string }>();
  io.on("connection", (socket) => {
    let lastFocus = 0;
    const tell = (roomId: string | null) =>
      io.to("wall").except(socket.id).emit("wall:viewing", { userId: socket.data.userId, name: socket.data.name, roomId });
    socket.on("wall:focus", (raw, ack) => {
      // Pages send focus without waiting for an answer; a caller that asks for one gets it.
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = ZWallFocus.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: "focus: a room id or null" });
      if (Date.now() - lastFocus < 100) return reply({ ok: true, data: null }); // pages debounce; this only stops a flood
      lastFocus = Date.now();
      reply({ ok: true, data: null });
      if (parsed.data) focused.set(socket.id, { userId: socket.data.userId, name: socket.data.name, roomId: parsed.data });
      else focused.delete(socket.id);
      tell(parsed.data);
    });
    socket.on("wall:subscribe", (raw, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = ZWallSubscribe.safeParse(raw);
      if (!parsed.success) {
        return reply({ ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join("; ") });
      }
      reply({ ok: true, data: { key: hub.subscribe(socket, parsed.data) } });
      for (const [id, f] of focused) if (id !== socket.id && f.userId !== socket.data.userId) socket.emit("wall:viewing", { ...f });
    });
    socket.on("wall:unsubscribe", (ack) => {
      hub.unsubscribe(socket);
      if (typeof ack === "function") ack({ ok: true, data: null });
    });
    socket.on("disconnect", () => {
      hub.unsubscribe(socket);
      if (focused.delete(socket.id)) tell(null);
    });
  });
}
