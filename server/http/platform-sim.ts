import { getRuntime } from "../app/runtime";
import { decideLiveStarts, simPlatformState, ZLiveStarts } from "../controls/live-starts";
import { DomainError } from "../errors";
import { ZExternalId } from "../contracts/values";
import { authenticateIngest } from "../ingest/tokens";
import { readJson } from "./read-body";
import { json, routeHandler } from "./respond";

/**
 * POST /api/platform-sim/live-starts — the simulated platform's "go live" endpoint (demo mode and
 * tests): the attack simulator asks here before a stream starts, and live controls can refuse it.
 * Same bearer tokens as ingest.
 */
export const handleLiveStarts = routeHandler("live-starts", async (req: Request) => {
  const rt = getRuntime();
  const sender = await authenticateIngest(rt.pool, req.headers.get("authorization"), rt.env.FLOODWALL_INGEST_TOKEN).catch(() => null);
  if (!sender) return json(401, { error: "Missing or invalid bearer token" });
  const body = await readJson(req, 2 * 1024 * 1024);
  if (!body.ok) return json(body.status, { error: body.error });
  const parsed = ZLiveStarts.safeParse(body.value);
  if (!parsed.success) {
    return json(422, {
      error: parsed.error.issues
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .slice(0, 5)
        .join("; "),
    });
  }
  return json(200, { results: await decideLiveStarts(rt.pool, parsed.data.starts) });
});

/**
 * GET /api/platform-sim/state?after=<roomId>&limit=<n> — the simulated platform's record of
 * every room it was asked about (went live, refused, ended), paged by room id. Demo mode only
 * (an embedded database): a real platform keeps its own.
 */
export const handleSimState = routeHandler("platform-sim state", async (req: Request) => {
  const rt = getRuntime();
  if (!rt.env.demoMode) throw new DomainError("NOT_FOUND", "The simulated platform runs in demo mode only");
  const sender = await authenticateIngest(rt.pool, req.headers.get("authorization"), rt.env.FLOODWALL_INGEST_TOKEN).catch(() => null);
  if (!sender) return json(401, { error: "Missing or invalid bearer token" });
  const url = new URL(req.url);
  const after = url.searchParams.get("after") ?? "";
  if (after && !ZExternalId.safeParse(after).success) throw new DomainError("BAD_REQUEST", "after must be a room id");
  const limit = Number(url.searchParams.get("limit") ?? "5000");
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new DomainError("BAD_REQUEST", "limit must be an integer in 1..10000");
  return json(200, await simPlatformState(rt.pool, after, limit));
});
