import { z } from "zod";
import { ZClusterId, ZRoomId } from "./ids";
import { ZWallFilter } from "./wall";

/** The largest batch one decision may cover. */
export const MAX_BATCH = 50_000;

export const ZSelection = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("manual"), roomIds: z.array(ZRoomId).min(1, "select at least one room").max(MAX_BATCH) }),
  z.object({ kind: z.literal("filter"), filter: ZWallFilter }),
  z.object({
    kind: z.literal("cluster"),
    clusterIds: z.array(ZClusterId).min(1).max(50),
  }),
]);
export type Selection = z.infer<typeof ZSelection>;

/** Delivery progress of a mass takedown, as everyone who can see batches receives it. */
export interface BatchProgress {
  batchId: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  pending: number;
  cancelled: number;
}
