import { can, type Capability, type Role } from "@/server/contracts/roles";

export interface NavItem {
  href: string;
  /** Its label is the message shell.nav.<key>; also the single-key shortcut (g then this key). */
  key: string;
}

/** Pages that exist, with the capability each needs. Navigation shows only what a role may use. */
const ALL: (NavItem & { capability: Capability | null })[] = [
  { href: "/", key: "o", capability: null },
  { href: "/wall", key: "w", capability: "wall:read" },
  { href: "/clusters", key: "c", capability: "clusters:read" },
  { href: "/takedowns", key: "b", capability: "takedown:read" },
  { href: "/incidents", key: "i", capability: "incidents:read" },
  { href: "/controls", key: "l", capability: "controls:read" },
  { href: "/rules", key: "r", capability: "rules:read" },
  { href: "/playbooks", key: "p", capability: "playbooks:read" },
  { href: "/admin/users", key: "u", capability: "users:manage" },
  { href: "/admin/access-review", key: "a", capability: "users:manage" },
  { href: "/admin/tokens", key: "t", capability: "tokens:manage" },
];

export function navFor(role: Role): NavItem[] {
  return ALL.filter((i) => i.capability === null || can(role, i.capability)).map(({ href, key }) => ({ href, key }));
}
