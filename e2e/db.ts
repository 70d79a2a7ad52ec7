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

/**
 * Ends a test's rooms (ids starting with `prefix`) when it is done with them, as their streams
 * would end: the next tests' walls are not crowded by a finished test's ring or flood.
 */
export async function endRooms(prefix: string) {
  const db = await e2eDb();
  try {
    await db.query(`UPDATE live_rooms SET status = 'ENDED', version = nextval('live_rooms_version_seq') WHERE id LIKE $1 AND status = 'LIVE'`, [
      `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    ]);
  } finally {
    await db.end();
  }
}
