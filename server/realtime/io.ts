import type { Server as SocketServer } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "../contracts/realtime";

/** The Socket.IO server with the typed contract. Only server/realtime and the composition root hold one. */
export type IO = SocketServer<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
