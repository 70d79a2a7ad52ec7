// npm run db:migrate — applies pending migrations from prisma/migrations.
import { applyMigrations } from "../db/migrate";
import { withCliDatabase } from "./database";

await withCliDatabase(async (config) => {
  const applied = await applyMigrations(config);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
});
