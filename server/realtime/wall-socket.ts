import type { IO } from "./io";
import type { WallHub } from "./wall-hub";
import { ZWallSubscribe } from "../contracts/realtime";

/** Socket handlers of the wall: subscribe with a validated filter, unsubscribe. */
export function registerWallSocket(io: IO, hub: WallHub) {
  io.on("connection", (socket) => {
    socket.on("wall:subscribe", (raw, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = ZWallSubscribe.safeParse(raw);
      if (!parsed.success) {
        return reply({ ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join("; ") });
      }
      reply({ ok: true, data: { key: hub.subscribe(socket, parsed.data) } });
    });
    socket.on("wall:unsubscribe", (ack) => {
      hub.unsubscribe(socket);
      if (typeof ack === "function") ack({ ok: true, data: null });
    });
    socket.on("disconnect", () => hub.unsubscribe(socket));
  });
}
