import pg from "pg";

/** Direct read access to the e2e server's embedded Postgres, to check what was stored. */
export async function e2eDb() {
  const client = new pg.Client({
    host: "127.0.0.1",
    port: Number(process.env.E2E_PG_PORT ?? 54339),
    user: "postgres",
    password: "floodwall-embedded",
    database: "floodwall",
  });
  await client.connect();
  return client;
}
