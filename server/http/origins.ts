import type { Env } from "../env";

/** The URL users open. */
export function publicUrl(env: Env): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/** Origins whose pages may call mutations and open sockets. */
export function trustedOrigins(env: Env): string[] {
  const set = new Set([publicUrl(env), `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`]);
  return [...set];
}
