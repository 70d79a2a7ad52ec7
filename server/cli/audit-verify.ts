// npm run audit:verify — recomputes the audit log's hash chain; exit 1 when it is broken.
import { withCliDatabase } from "./database";
import { createPrisma } from "../db/prisma";
import { verifyAuditChain } from "../audit/audit-log";

await withCliDatabase(async (config) => {
  const db = createPrisma(config, 2);
  try {
    const res = await verifyAuditChain(db);
    if (!res.ok) throw new Error(`Audit chain BROKEN at entry ${res.firstBadId}: ${res.problem} (${res.checked} entries verified before it)`);
    console.log(`Audit chain OK: ${res.checked} entries verified.`);
  } finally {
    await db.$disconnect();
  }
});
