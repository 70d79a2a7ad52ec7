import { can, type Capability, type Role } from "@/server/contracts/roles";

export interface NavItem {
  href: string;
  label: string;
  /** Single-key shortcut shown in the help overlay: g then this key. */
  key: string;
}

/** Pages that exist, with the capability each needs. Navigation shows only what a role may use. */
const ALL: (NavItem & { capability: Capability | null })[] = [
  { href: "/", label: "Overview", key: "o", capability: null },
  { href: "/wall", label: "Live wall", key: "w", capability: "wall:read" },
  { href: "/clusters", label: "Clusters", key: "c", capability: "clusters:read" },
  { href: "/takedowns", label: "Takedowns", key: "b", capability: "takedown:read" },
  { href: "/incidents", label: "Incidents", key: "i", capability: "incidents:read" },
  { href: "/controls", label: "Controls", key: "l", capability: "controls:read" },
  { href: "/rules", label: "Rules", key: "r", capability: "rules:read" },
  { href: "/playbooks", label: "Playbooks", key: "p", capability: "playbooks:read" },
  { href: "/admin/users", label: "Users", key: "u", capability: "users:manage" },
  { href: "/admin/tokens", label: "Ingest tokens", key: "t", capability: "tokens:manage" },
];

export function navFor(role: Role): NavItem[] {
  return ALL.filter((i) => i.capability === null || can(role, i.capability)).map(({ href, label, key }) => ({ href, label, key }));
}
