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

/**
 * How the selection moved between preview and confirm. Recorded on the batch in English (the
 * audit record); screens read the numbers back and say it in the reader's language.
 */
export interface SelectionDrift {
  added: number;
  gone: number;
  used: number;
}

export const driftNoteText = (d: SelectionDrift) =>
  `The selection changed since the preview (${d.added} new, ${d.gone} no longer matching); the previewed ${d.used} rooms are used.`;

const DRIFT = /^The selection changed since the preview \((\d+) new, (\d+) no longer matching\); the previewed (\d+) rooms are used\.$/;

/** The numbers of a recorded drift note; null for a sentence this version does not write. */
export function parseDriftNote(text: string): SelectionDrift | null {
  const m = DRIFT.exec(text);
  return m ? { added: Number(m[1]), gone: Number(m[2]), used: Number(m[3]) } : null;
}
