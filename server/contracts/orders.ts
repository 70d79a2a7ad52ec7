import { z } from "zod";
import { ZClusterId, ZUuid } from "./ids";

/** What a shift lead chooses when containing rings. */
export const ZOrderScope = z.object({
  clusterIds: z.array(ZClusterId).min(1, "choose at least one ring").max(200),
  /** Also contain the rings the attack-wave alert adds while it is open. */
  followAlertId: ZUuid.nullable().default(null),
});
export const ZOrderInput = ZOrderScope.extend({
  banAccounts: z.boolean().default(true),
  refuseGoLive: z.boolean().default(true),
  reason: z.string().trim().min(3, "a policy reason is required").max(500),
});
export type OrderScope = z.infer<typeof ZOrderScope>;
export type OrderInput = z.infer<typeof ZOrderInput>;

export type OrderStatus = "PENDING_APPROVAL" | "ACTIVE" | "REJECTED" | "LIFTED";

/** An order as pages show it: what it covers and what it has done so far. */
export interface OrderSummary {
  id: string;
  status: OrderStatus;
  rings: number;
  clusterIds: string[];
  followsAlert: boolean;
  /** The attack-wave alert whose new rings it takes in while the alert is open. */
  followAlertId: string | null;
  banAccounts: boolean;
  refuseGoLive: boolean;
  reason: string;
  createdByEmail: string;
  approverEmail: string | null;
  createdAt: number;
  activatedAt: number | null;
  liftedAt: number | null;
  liftedByEmail: string | null;
  restoredOnLift: boolean;
  counts: {
    /** Rooms it ended (decided), and of those not yet confirmed by the platform. */
    roomsEnded: number;
    pendingAtPlatform: number;
    failedAtPlatform: number;
    accountsBanned: number;
    /** Go-lives the platform refused under it (the simulated platform reports these). */
    refusedGoLive: number;
    roomsRestored: number;
  };
}
