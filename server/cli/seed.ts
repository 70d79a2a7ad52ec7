// npm run db:seed [-- --demo]
// Demo users go into the embedded database automatically; an external DATABASE_URL gets them
// only when asked for with --demo.
import { withCliDatabase } from "./database";
import { applyMigrations } from "../db/migrate";
import { createPrisma } from "../db/prisma";
import { demoBanner, seedDemoUsers } from "../app/demo-users";

const demo = process.argv.includes("--demo");
await withCliDatabase(async (config, embedded) => {
  if (!embedded && !demo) {
    console.log("External database: nothing seeded. Pass --demo to add the demo users.");
    return;
  }
  await applyMigrations(config);
  const db = createPrisma(config, 2);
  try {
    const seeded = await seedDemoUsers(db);
    console.log(seeded ? `Seeded.\n${demoBanner()}` : "The demo users already exist: nothing seeded.");
  } finally {
    await db.$disconnect();
  }
});
