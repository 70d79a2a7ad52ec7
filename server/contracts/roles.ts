/** The four console roles, and what each may do. Navigation and server checks both read this. */
export const ROLES = ["MODERATOR", "SHIFT_LEAD", "EXECUTIVE", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  MODERATOR: "Moderator",
  SHIFT_LEAD: "Shift lead",
  EXECUTIVE: "Executive",
  ADMIN: "Admin",
};

/** Capabilities, each granted to a set of roles. */
export const CAPABILITIES = {
  "wall:read": ["MODERATOR", "SHIFT_LEAD", "ADMIN"],
  "wall:act": ["MODERATOR", "SHIFT_LEAD"],
  "users:manage": ["ADMIN"],
  "tokens:manage": ["ADMIN"],
  "audit:read": ["ADMIN", "SHIFT_LEAD"],
  /** Undo or restore decisions made by someone else. */
  "wall:override": ["SHIFT_LEAD"],
  /** Approve or reject moderators' large batches; cancel, retry and restore batches. */
  "takedown:approve": ["SHIFT_LEAD"],
  "takedown:read": ["MODERATOR", "SHIFT_LEAD", "ADMIN"],
  "clusters:read": ["MODERATOR", "SHIFT_LEAD", "ADMIN"],
  "clusters:act": ["MODERATOR", "SHIFT_LEAD"],
  /** Attack-wave alerts are pushed to shift leads (and admins). */
  "alerts:read": ["SHIFT_LEAD", "ADMIN"],
  "incidents:read": ["MODERATOR", "SHIFT_LEAD", "EXECUTIVE", "ADMIN"],
  /** Declare and run incidents (severity, status, roles, updates). */
  "incidents:manage": ["SHIFT_LEAD", "ADMIN"],
  "controls:read": ["SHIFT_LEAD", "EXECUTIVE", "ADMIN"],
  /** The platform levers: throttle, pause, end streams, staged restore. */
  "controls:manage": ["SHIFT_LEAD", "ADMIN"],
  /** Response rules: what they are and what they hit (moderators see why a room is marked). */
  "rules:read": ["MODERATOR", "SHIFT_LEAD", "ADMIN"],
  /** Write, backtest, shadow, ask to enforce, undo, import and export rules. */
  "rules:manage": ["SHIFT_LEAD", "ADMIN"],
  /** The second pair of eyes on a rule that takes rooms down. */
  "rules:approve": ["SHIFT_LEAD"],
  "playbooks:read": ["SHIFT_LEAD", "ADMIN"],
  /** Write, arm and disarm playbooks; cancel (veto) or stop a run. */
  "playbooks:manage": ["SHIFT_LEAD", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

export function can(role: Role | null | undefined, capability: Capability): boolean {
  return !!role && (CAPABILITIES[capability] as readonly Role[]).includes(role);
}

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}
