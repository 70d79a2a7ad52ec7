import { z } from "zod";
import { ZExternalId } from "./values";

/** Cluster ids are minted by the clusterer: "C-" and 8 hex digits. */
export const CLUSTER_ID = /^C-[0-9a-f]{8}$/;
export const ZClusterId = z.string().regex(CLUSTER_ID, "not a cluster id");

/** Ids the console mints itself (batches, incidents, actions, alerts, tokens). */
export const ZUuid = z.uuid("not an id");
export const isUuid = (s: string) => ZUuid.safeParse(s).success;

/** A platform room or account id, as the wall and batches name rooms. */
export const ZRoomId = ZExternalId;
