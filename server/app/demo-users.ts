import type { Db } from "../db/prisma";
import { createUser } from "../auth/users";
import type { Role } from "../contracts/roles";

export const DEMO_PASSWORD = "floodwall-demo";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "moderator@floodwall.local", name: "Mia Moderator", role: "MODERATOR" },
  { email: "lead@floodwall.local", name: "Lee Shift-Lead", role: "SHIFT_LEAD" },
  /** A second shift lead: four eyes (enforcing rules, arming playbooks, big batches) needs two. */
  { email: "lead2@floodwall.local", name: "Sam Second-Lead", role: "SHIFT_LEAD" },
  { email: "exec@floodwall.local", name: "Eve Executive", role: "EXECUTIVE" },
  { email: "admin@floodwall.local", name: "Ada Admin", role: "ADMIN" },
];

/** Seeds the demo users that do not exist yet (a demo database made before one was added gets it). Returns true when it seeded any. */
export async function seedDemoUsers(db: Db): Promise<boolean> {
  const existing = new Set((await db.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } }, select: { email: true } })).map((u) => u.email));
  const missing = DEMO_USERS.filter((u) => !existing.has(u.email));
  for (const u of missing) await createUser(db, null, { ...u, password: DEMO_PASSWORD });
  return missing.length > 0;
}

export function demoBanner(): string {
  const rows = DEMO_USERS.map((u) => `    ${u.role.padEnd(11)} ${u.email}`);
  return [`  Demo accounts (password: ${DEMO_PASSWORD}):`, ...rows].join("\n");
}
