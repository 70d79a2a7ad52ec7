import { DEFAULT_FILTER, ZWallFilter, type WallFilter } from "@/server/contracts/wall";

/** The filter lives in the URL so it can be shared; invalid params fall back to defaults. */
export function filterFromParams(p: URLSearchParams): { filter: WallFilter; invalid: boolean } {
  const list = (k: string) => (p.get(k) ? p.get(k)!.split(",").filter(Boolean) : []);
  const num = (k: string) => (p.get(k) === null ? undefined : Number(p.get(k)));
  const candidate = {
    labels: list("labels"),
    sources: list("sources"),
    minScore: num("minScore") ?? 0,
    maxAccountAgeDays: p.get("maxAge") === null ? null : num("maxAge"),
    unverifiedOnly: p.get("unverified") === "1",
    escalatedOnly: p.get("escalated") === "1",
    clusterId: p.get("cluster"),
    q: p.get("q") ?? "",
    claimedBy: p.get("mine"),
  };
  const parsed = ZWallFilter.safeParse(candidate);
  return parsed.success ? { filter: parsed.data, invalid: false } : { filter: DEFAULT_FILTER, invalid: true };
}

export function filterToParams(f: WallFilter): string {
  const p = new URLSearchParams();
  if (f.labels.length) p.set("labels", f.labels.join(","));
  if (f.sources.length) p.set("sources", f.sources.join(","));
  if (f.minScore) p.set("minScore", String(f.minScore));
  if (f.maxAccountAgeDays !== null) p.set("maxAge", String(f.maxAccountAgeDays));
  if (f.unverifiedOnly) p.set("unverified", "1");
  if (f.escalatedOnly) p.set("escalated", "1");
  if (f.clusterId) p.set("cluster", f.clusterId);
  if (f.q) p.set("q", f.q);
  if (f.claimedBy) p.set("mine", f.claimedBy);
  return p.toString();
}
