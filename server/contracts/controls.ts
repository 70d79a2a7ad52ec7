import { z } from "zod";
import { ZClusterId } from "./ids";

/** What a live control covers, and what it does to new live starts (and existing streams). */
export const ZScope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ALL"), value: z.literal("").default("") }),
  z.object({ kind: z.literal("ACCOUNT_AGE"), value: z.string().regex(/^\d{1,4}$/, "days, as a whole number") }),
  z.object({ kind: z.literal("UNVERIFIED"), value: z.literal("").default("") }),
  z.object({ kind: z.literal("CATEGORY"), value: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal("CLUSTER"), value: ZClusterId }),
]);
export type Scope = z.infer<typeof ZScope>;
export const ZMode = z.enum(["OPEN", "THROTTLED", "PAUSED", "END_EXISTING"]);

export function describeScope(s: { kind: string; value: string }): string {
  switch (s.kind) {
    case "ALL":
      return "all live starts";
    case "ACCOUNT_AGE":
      return `accounts younger than ${s.value} days`;
    case "UNVERIFIED":
      return "unverified accounts";
    case "CATEGORY":
      return `category “${s.value}”`;
    default:
      return `cluster ${s.value}`;
  }
}
