import { FILTERS, openSchemaEngine, readMigrations } from "./schema-engine";
import type { PgConfig } from "./pg-config";

/** Applies every pending migration in prisma/migrations. Returns the names applied. */
export async function applyMigrations(config: PgConfig): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(config);
  try {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters: FILTERS });
    return out.appliedMigrationNames;
  } finally {
    await close();
  }
}

/** Names of the migrations this build ships: all of them must be applied before it serves traffic. */
export function expectedMigrations(): string[] {
  return readMigrations().migrationDirectories.map((d) => d.path);
}
