import type { Db } from "../db/prisma";
import { createUser } from "../auth/users";
import type { Role } from "../contracts/roles";

export const DEMO_PASSWORD = "floodwall-demo";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "moderator@floodwall.local", name: "Mia Moderator", role: "MODERATOR" },
  { email: "lead@floodwall.local", name: "Lee Shift-Lead", role: "SHIFT_LEAD" },
  { email: "exec@floodwall.local", name: "Eve Executive", role: "EXECUTIVE" },
  { email: "admin@floodwall.local", name: "Ada Admin", role: "ADMIN" },
];

/** Seeds the four demo users, only into an empty users table. Returns true when it seeded. */
export async function seedDemoUsers(db: Db): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  for (const u of DEMO_USERS) await createUser(db, null, { ...u, password: DEMO_PASSWORD });
  return true;
}

export function demoBanner(): string {
  const rows = DEMO_USERS.map((u) => `    ${u.role.padEnd(11)} ${u.email}`);
  return [`  Demo accounts (password: ${DEMO_PASSWORD}):`, ...rows].join("\n");
}
