import { defineConfig } from "prisma/config";

// The CLI reads this when `prisma generate` runs; at run time the server builds its own
// connection (embedded Postgres or DATABASE_URL) and never reads this file.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/floodwall" },
});
