import { TRPCError } from "@trpc/server";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer, TEST_ORIGIN } from "../test/test-server";
import { createUser, setUserActive } from "./users";
import { appRouter } from "../trpc/root";
import { HEAVY_PROCEDURES } from "../contracts/heavy";
import { createCallerFactory } from "../trpc/init";
import { createContext } from "../trpc/context";
import { allowed, CALLERS, PROCEDURES, SOCKET_EVENTS, type Caller } from "./permission-matrix";
import { CLIENT_EVENT_ROLES } from "../contracts/realtime";

let t: TestDb;
let server: Awaited<ReturnType<typeof startTestServer>>;
const cookies = new Map<Caller, string>();

beforeAll(async () => {
  t = await createTestDb();
  server = await startTestServer(t);
  for (const role of ["MODERATOR", "SHIFT_LEAD", "EXECUTIVE", "ADMIN"] as const) {
    await createUser(t.db, null, { email: `${role.toLowerCase()}@perm.test`, name: role, role, password: "permission-test-pw" });
    cookies.set(role, await server.signIn(`${role.toLowerCase()}@perm.test`, "permission-test-pw"));
  }
  const gone = await createUser(t.db, null, { email: "gone@perm.test", name: "Gone", role: "ADMIN", password: "permission-test-pw" });
  cookies.set("deactivated", await server.signIn("gone@perm.test", "permission-test-pw"));
  await setUserActive(t.db, { id: "x", email: "x", role: "ADMIN" }, gone.id, false);
  cookies.set("anonymous", "");
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

const procedurePaths = Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures).sort();

describe("permission matrix", () => {
  it("has a decision for every procedure and every socket event, and no stale entries", () => {
    expect(procedurePaths).toEqual(Object.keys(PROCEDURES).sort());
    // The large reads (one per request, sent unbatched by the console) are real procedures.
    expect([...HEAVY_PROCEDURES].filter((p) => !procedurePaths.includes(p))).toEqual([]);
    expect(Object.keys(CLIENT_EVENT_ROLES).sort()).toEqual(Object.keys(SOCKET_EVENTS).sort());
    for (const [event, roles] of Object.entries(SOCKET_EVENTS))
      expect([...CLIENT_EVENT_ROLES[event as keyof typeof CLIENT_EVENT_ROLES]].sort()).toEqual([...roles].sort());
  });

  it("every procedure allows exactly the roles in the table (server-side, called directly)", async () => {
    const failures: string[] = [];
    for (const caller of CALLERS) {
      const headers = new Headers({ origin: TEST_ORIGIN, "x-real-ip": "10.0.0.9" });
      if (cookies.get(caller)) headers.set("cookie", cookies.get(caller)!);
      const ctx = await createContext({ req: new Request(`${TEST_ORIGIN}/api/trpc`, { headers }) });
      const trpc = createCallerFactory(appRouter)(ctx) as unknown as Record<string, Record<string, (i?: unknown) => Promise<unknown>>>;
      for (const path of procedurePaths) {
        const [ns, name] = path.split(".");
        let code = "OK";
        try {
          // No input: permission is decided before input validation, so allowed calls stop at
          // BAD_REQUEST (or run read-only queries) and change nothing.
          await trpc[ns][name](undefined);
        } catch (e) {
          code = e instanceof TRPCError ? e.code : "THROWN";
        }
        const denied = code === "UNAUTHORIZED" || code === "FORBIDDEN";
        if (denied === allowed(PROCEDURES, path, caller)) failures.push(`${caller} ${path}: got ${code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("every socket event allows exactly the roles in the table; anonymous and deactivated cannot connect", async () => {
    const failures: string[] = [];
    for (const caller of CALLERS) {
      const s = connect(server.url, {
        path: "/socket.io",
        transports: ["websocket"],
        reconnection: false,
        extraHeaders: { origin: TEST_ORIGIN, ...(cookies.get(caller) ? { cookie: cookies.get(caller)! } : {}) },
      });
      const connected = await new Promise<boolean>((r) => {
        s.on("connect", () => r(true));
        s.on("connect_error", () => r(false));
      });
      for (const event of Object.keys(SOCKET_EVENTS)) {
        let ok = false;
        if (connected) {
          const args = event === "wall:subscribe" ? [{}] : event === "wall:focus" ? [null] : [];
          const res = (await s.timeout(5000).emitWithAck(event as never, ...(args as []))) as { ok?: boolean; at?: number };
          ok = res.ok === true || typeof res.at === "number";
        }
        if (ok !== allowed(SOCKET_EVENTS, event, caller)) failures.push(`${caller} ${event}: ${ok ? "allowed" : "denied"}`);
      }
      s.close();
    }
    expect(failures).toEqual([]);
  });
});
