"use client";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState } from "react";
import { io } from "socket.io-client";
import { useTRPC } from "./trpc";
import { bindRealtimeToCache, type AppSocket } from "./realtime-bridge";

export type { AppSocket };

export type ConnectionState = "connecting" | "online" | "offline";

const SocketContext = createContext<{ socket: AppSocket | null; state: ConnectionState }>({ socket: null, state: "connecting" });

export function useSocket() {
  return useContext(SocketContext);
}

/**
 * The one socket of the page, and the one bridge from server events to the query cache.
 * A session ended by the server sends the user to the sign-in page with the reason.
 */
export function SocketProvider({ children }: { children: React.ReactNode }) {
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const [socket, setSocket] = useState<AppSocket | null>(null);
  const [state, setState] = useState<ConnectionState>("connecting");

  useEffect(() => {
    // In a crisis a dropped connection must come back within seconds, not after long backoff.
    const s: AppSocket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true, reconnectionDelay: 500, reconnectionDelayMax: 2000 });
    const signOut = (reason: string) => {
      s.disconnect();
      window.location.assign(`/sign-in?reason=${encodeURIComponent(reason)}`);
    };
    s.on("connect", () => setState("online"));
    s.on("disconnect", () => setState("offline"));
    s.on("connect_error", (err) => {
      if (err.message === "unauthorized") signOut("Your session has ended.");
      else setState("offline");
    });
    s.on("session:ended", ({ reason }) => signOut(reason));
    const unbind = bindRealtimeToCache(s, queryClient, trpc);
    setSocket(s);
    return () => {
      unbind();
      s.disconnect();
    };
  }, [queryClient, trpc]);

  return <SocketContext.Provider value={{ socket, state }}>{children}</SocketContext.Provider>;
}
