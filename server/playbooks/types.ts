import type { Pool } from "../db/pool";
import type { Db } from "../db/prisma";
import type { ControlDeps } from "../controls/controls";
import type { IncidentDeps } from "../incidents/lifecycle";
import type { OrderDeps } from "../orders/types";
import type { RuleDeps } from "../rules/types";
import type { PlaybookInput } from "../contracts/rules";

/** How playbook events reach people: every lead sees a pending run with its cancel button. */
export interface PlaybookNotifier {
  /** A playbook was written, armed or disarmed. */
  changed(playbookId: string): void;
  /** The alert fired and an armed playbook will run at `fireAt` unless a lead cancels it. */
  pending(run: { id: string; playbookId: string; name: string; fireAt: number; alertId: string }): void;
  /** A run was cancelled, started, finished, failed or undone. */
  runChanged(run: { id: string; playbookId: string; status: string; byEmail: string | null }): void;
  /** Arming waits for a second shift lead. */
  armRequested(p: { id: string; name: string; byEmail: string }): void;
}

export interface PlaybookDeps {
  db: Db;
  pool: Pool;
  orders: OrderDeps;
  controls: ControlDeps;
  incidents: IncidentDeps;
  rules: RuleDeps;
  notify: PlaybookNotifier;
}

/** The steps as stored on the playbook and copied onto each run. */
export type PlaybookSteps = Omit<PlaybookInput, "name" | "description">;
