import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { applyMigrations } from "../db/migrate";
import { createPrisma, type Db } from "../db/prisma";
import { createPool, type Pool } from "../db/pool";
import type { PgConfig } from "../db/pg-config";

export interface TestDb {
  config: PgConfig;
  db: Db;
  pool: Pool;
  close(): Promise<void>;
}

/** A fresh, migrated database for one test file; dropped again on close. */
export async function createTestDb(): Promise<TestDb> {
  const admin = inject("pgAdmin");
  const name = `fw_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client(admin);
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const config: PgConfig = { ...admin, database: name };
  await applyMigrations(config);
  const db = createPrisma(config, 5);
  const pool = createPool(config, 10);
  return {
    config,
    db,
    pool,
    async close() {
      await db.$disconnect();
      await pool.end();
      const c = new pg.Client(admin);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
