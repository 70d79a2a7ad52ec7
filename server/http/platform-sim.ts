import { getRuntime } from "../app/runtime";
import { decideLiveStarts, ZLiveStarts } from "../controls/live-starts";
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
