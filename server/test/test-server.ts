import type { TestDb } from "./test-db";
import { parseEnv } from "../env";
import { pgConfigToUrl } from "../db/pg-config";
import { startConsole, type RunningConsole, type StartOptions } from "../app/start";

export const TEST_ORIGIN = "http://localhost:3999";
export const TEST_SECRET = "s".repeat(40);

/**
 * The console as the server runs it (the same start-up, without Next's pages) on a test
 * database: real auth, queue, Socket.IO on a real HTTP port and the domain services, registered
 * as the process runtime so tRPC contexts and route handlers resolve as in the app.
 */
export async function startTestServer(t: TestDb, env: Record<string, string> = {}, o: Pick<StartOptions, "pages"> = {}) {
  const running: RunningConsole = await startConsole({
    env: parseEnv({
      DATABASE_URL: pgConfigToUrl(t.config),
      SESSION_SECRET: TEST_SECRET,
      PORT: "3999",
      SIGNIN_RATE_PER_MINUTE: "10000",
      TWO_FACTOR_ROLES: "none",
      ...env,
    }),
    version: "test",
    log: () => {},
    // A stand-in for Next's request handler, where a test needs one (the HTTP server's own work around it).
    pages: o.pages,
  });
  const url = await running.listen(0, "127.0.0.1");
  const auth = running.runtime.auth;
  return {
    runtime: running.runtime,
    url,
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
    close: () => running.stop(),
  };
}
