import type { Pool } from "../db/pool";
import type { Db } from "../db/prisma";
import type { EnforceDeps } from "../enforcement/enforce-rooms";
import type { ControlDeps } from "../controls/controls";
import type { OrderDeps } from "../orders/types";
import type { RuleAction, RuleMode } from "../contracts/rules";
import type { Actor } from "../contracts/actor";
import { systemActor } from "../contracts/actor";

/** How rule events reach people (the realtime publisher in the server; a recorder in tests). */
export interface RuleNotifier {
  /** A rule was created, edited or changed mode: pages and every engine reload it. */
  changed(ruleId: string): void;
  /** New hits were recorded (pages refetch, throttled by the notifier). */
  hits(ruleId: string): void;
  /** Enforcement waits for a second shift lead. */
  enforceRequested(r: { id: string; name: string; byEmail: string }): void;
  /** The breaker dropped a rule to shadow: every lead is told at once. */
  tripped(r: { id: string; name: string; reason: string }): void;
  /** A bulk undo advanced (the page's progress bar). */
  undoProgress(p: { ruleId: string; done: number; total: number; what: string }): void;
}

export interface RuleDeps {
  /** Rule definitions and their history go through Prisma; hits and actions through pg. */
  db: Db;
  pool: Pool;
  enforce: EnforceDeps;
  orders: OrderDeps;
  controls: ControlDeps;
  notify: RuleNotifier;
}

/** A rule as the engine holds it: compiled, with what it does. */
export interface RuleRow {
  id: string;
  name: string;
  version: number;
  expression: string;
  action: RuleAction;
  ceilingPerMin: number;
  mode: RuleMode;
}

/** Automatic actions are the system's, named after the rule and its version. */
export const ruleActor = (r: Pick<RuleRow, "id" | "name" | "version">): Actor => ({
  ...systemActor(`rule:${r.id}`),
  email: `rule "${r.name}" v${r.version}`,
});
