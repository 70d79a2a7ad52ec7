import type { Role } from "../contracts/roles";

/**
 * Who may call what: every tRPC procedure and every client→server socket event, for every kind
 * of caller. The permission test enumerates the real router and fails on any procedure or
 * event missing here, so a new one cannot ship without a decision.
 */
export type Caller = "anonymous" | Role | "deactivated";
export const CALLERS: Caller[] = ["anonymous", "MODERATOR", "SHIFT_LEAD", "EXECUTIVE", "ADMIN", "deactivated"];

const ALL: Role[] = ["MODERATOR", "SHIFT_LEAD", "EXECUTIVE", "ADMIN"];
const FLOOR: Role[] = ["MODERATOR", "SHIFT_LEAD", "ADMIN"];
const ACTORS: Role[] = ["MODERATOR", "SHIFT_LEAD"];
const LEADS: Role[] = ["SHIFT_LEAD"];
const COMMAND: Role[] = ["SHIFT_LEAD", "ADMIN"];
const ADMIN: Role[] = ["ADMIN"];

export const PROCEDURES: Record<string, Role[]> = {
  "me.get": ALL,
  "me.stepUpMethods": ALL,
  "me.reconfirm": ALL,
  "me.setPrefs": ALL,
  "users.list": ADMIN,
  "users.create": ADMIN,
  "users.setRole": ADMIN,
  "users.setActive": ADMIN,
  "users.unlockSignIn": ADMIN,
  "users.resetTwoFactor": ADMIN,
  "users.accessReview": ADMIN,
  "tokens.list": ADMIN,
  "tokens.create": ADMIN,
  "tokens.revoke": ADMIN,
  "wall.snapshot": FLOOR,
  "wall.stats": FLOOR,
  "wall.act": ACTORS,
  "wall.undo": ACTORS,
  "wall.claim": ACTORS,
  "wall.claimNext": ACTORS,
  "wall.release": ACTORS,
  "takedown.preview": ACTORS,
  "takedown.confirm": ACTORS,
  "takedown.decide": LEADS,
  "takedown.cancel": LEADS,
  "takedown.retryFailures": LEADS,
  "takedown.restore": LEADS,
  "takedown.progress": FLOOR,
  "takedown.list": FLOOR,
  "takedown.decisions": FLOOR,
  "takedown.detail": FLOOR,
  "orders.preview": ACTORS,
  "orders.create": ACTORS,
  "orders.decide": LEADS,
  "orders.lift": LEADS,
  "orders.list": FLOOR,
  "orders.get": FLOOR,
  "takedown.pendingApprovals": LEADS,
  "clusters.list": FLOOR,
  "clusters.detail": FLOOR,
  "clusters.setWatch": ACTORS,
  "clusters.currentAlert": COMMAND,
  "clusters.acknowledgeAlert": COMMAND,
  "incidents.severities": ALL,
  "incidents.list": ALL,
  "incidents.get": ALL,
  "incidents.containment": ALL,
  "incidents.people": ALL,
  "incidents.declare": COMMAND,
  "incidents.prepareEvidence": COMMAND,
  "incidents.evidenceExport": COMMAND,
  "incidents.setSeverity": COMMAND,
  "incidents.setStatus": COMMAND,
  "incidents.acknowledge": COMMAND,
  "incidents.assignRole": COMMAND,
  "incidents.editStartedAt": COMMAND,
  "incidents.addUpdate": COMMAND,
  "incidents.addNote": COMMAND,
  "incidents.reviewDraft": ALL,
  "incidents.saveReview": COMMAND,
  "incidents.addActionItem": COMMAND,
  "incidents.toggleActionItem": COMMAND,
  "controls.list": ["SHIFT_LEAD", "EXECUTIVE", "ADMIN"],
  "controls.set": COMMAND,
  "controls.preview": COMMAND,
  "controls.restore": COMMAND,
  "controls.rollback": COMMAND,
  "rules.list": FLOOR,
  "rules.get": FLOOR,
  "rules.hits": FLOOR,
  "rules.rate": FLOOR,
  "rules.history": FLOOR,
  "rules.create": COMMAND,
  "rules.update": COMMAND,
  "rules.setMode": COMMAND,
  "rules.requestEnforce": COMMAND,
  "rules.decideEnforce": LEADS,
  "rules.backtest": COMMAND,
  "rules.undo": COMMAND,
  "rules.export": COMMAND,
  "rules.import": COMMAND,
  "playbooks.list": COMMAND,
  "playbooks.runs": COMMAND,
  "playbooks.create": COMMAND,
  "playbooks.update": COMMAND,
  "playbooks.requestArm": COMMAND,
  "playbooks.decideArm": LEADS,
  "playbooks.disarm": COMMAND,
  "playbooks.cancelRun": COMMAND,
};

export const SOCKET_EVENTS: Record<string, Role[]> = {
  ping: ALL,
  "wall:subscribe": FLOOR,
  "wall:unsubscribe": FLOOR,
  "wall:focus": FLOOR,
};

export function allowed(table: Record<string, Role[]>, name: string, caller: Caller): boolean {
  return caller !== "anonymous" && caller !== "deactivated" && table[name].includes(caller);
}
