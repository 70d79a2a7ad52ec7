import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestDb } from "./test-db";
import { createAuth, type Auth } from "../auth/auth";
import { startQueue, stopQueue } from "../jobs/queue";
import { attachSocketServer } from "../realtime/socket-server";
import { startServices } from "../app/services";
import { parseEnv } from "../env";
import { setRuntime, type Runtime } from "../app/runtime";

export const TEST_ORIGIN = "http://localhost:3999";

/**
 * The server's runtime without Next: real auth, queue, Socket.IO on a real HTTP port and the
 * domain services, registered as the process runtime so tRPC contexts resolve as in the app.
 */
export async function startTestServer(t: TestDb) {
  const env = parseEnv({ DATABASE_URL: "postgresql://x@localhost/x", SESSION_SECRET: "s".repeat(40), PORT: "3999", SIGNIN_RATE_PER_MINUTE: "10000" });
  const auth: Auth = createAuth({ db: t.db, secret: "s".repeat(40), baseURL: TEST_ORIGIN, trustedOrigins: [TEST_ORIGIN], signInPerMinute: 10000 });
  const queue = await startQueue(t.config);
  const base = { env, version: "test", db: t.db, pool: t.pool, healthPool: t.pool, auth, queue };
  const http: Server = createServer();
  const rt = await attachSocketServer(http, base, { trustedOrigins: [TEST_ORIGIN] });
  const services = await startServices(env, rt.io, t.pool, t.db, queue);
  const runtime: Runtime = { ...base, io: rt.io, services };
  setRuntime(runtime);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return {
    runtime,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    /** Signs in through better-auth's own handler; returns the session cookie. */
    async signIn(email: string, password: string): Promise<string> {
      const res = await auth.handler(
        new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-real-ip": "10.0.0.1" },
          body: JSON.stringify({ email, password }),
        }),
      );
      if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status}`);
      return res.headers.get("set-cookie")!.split(";")[0];
    },
    async close() {
      await services.stop();
      await rt.close();
      await stopQueue(queue);
      setRuntime(undefined);
    },
  };
}
