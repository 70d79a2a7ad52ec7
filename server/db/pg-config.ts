import type pg from "pg";

export type PgConfig = pg.PoolConfig & { database: string };

/**
 * Turns a postgres:// URL into a pg config object. Prisma's migration adapter needs the object
 * form: its shadow-database pool overrides `database`, which a connectionString would shadow.
 */
export function pgConfigFromUrl(url: string): PgConfig {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: u.hostname || "localhost",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database,
    ssl: sslmode && sslmode !== "disable" ? { rejectUnauthorized: sslmode === "verify-full" } : undefined,
  };
}

export function pgConfigToUrl(c: PgConfig): string {
  const auth = c.user ? `${encodeURIComponent(c.user)}${c.password ? `:${encodeURIComponent(String(c.password))}` : ""}@` : "";
  return `postgresql://${auth}${c.host ?? "localhost"}:${c.port ?? 5432}/${encodeURIComponent(c.database)}`;
}
