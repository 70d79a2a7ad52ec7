import { getRuntime } from "../app/runtime";
import { authenticateIngest } from "../ingest/tokens";
import { ingestEvents } from "../ingest/ingest-flags";
import { MAX_BODY_BYTES, MAX_EVENTS } from "../contracts/ingest";
import { errField, logger } from "../observability/log";
import type { Metrics } from "../observability/metrics";
import { readJson } from "./read-body";
import { json } from "./respond";

const log = logger("ingest");

/** POST /api/ingest/flags — see README "Ingest API". Every answer is counted and timed (/metrics). */
export async function handleIngest(req: Request): Promise<Response> {
  const started = performance.now();
  const { metrics } = getRuntime();
  const res = await ingest(req, metrics);
  const status = String(res.status);
  metrics.ingestRequests.inc({ status });
  metrics.ingestDuration.observe({ status }, (performance.now() - started) / 1000);
  return res;
}

async function ingest(req: Request, metrics: Metrics): Promise<Response> {
  const rt = getRuntime();
  let senderId: string | null;
  try {
    senderId = await authenticateIngest(rt.pool, req.headers.get("authorization"), rt.env.FLOODWALL_INGEST_TOKEN);
  } catch (e) {
    log.error({ err: errField(e) }, "could not check an ingest token");
    return json(503, { error: "Database unavailable; retry with the same event ids" });
  }
  if (!senderId) return json(401, { error: "Missing or invalid bearer token" });

  const body = await readJson(req, MAX_BODY_BYTES);
  if (!body.ok) return json(body.status, { error: body.error });
  const parsed = body.value;
  if (typeof parsed !== "object" || parsed === null || !Array.isArray((parsed as { events?: unknown }).events)) {
    return json(400, { error: 'Body must be an object {"events": [...]}' });
  }
  const events = (parsed as { events: unknown[] }).events;
  if (events.length === 0) return json(400, { error: "events must not be empty" });
  if (events.length > MAX_EVENTS) return json(413, { error: `At most ${MAX_EVENTS} events per request (got ${events.length})` });

  const release = await rt.services.ingest.gate.enter();
  if (!release) return json(429, { error: "Ingest is at capacity; nothing was stored, send the batch again after Retry-After" }, { "retry-after": "1" });
  try {
    const out = await ingestEvents({ pool: rt.services.ingest.pool }, senderId, events);
    metrics.ingestEvents.inc({ outcome: "accepted" }, out.accepted);
    metrics.ingestEvents.inc({ outcome: "duplicate" }, out.duplicates);
    metrics.ingestEvents.inc({ outcome: "rejected" }, out.rejected.length);
    // Stored: from here on the batch is acknowledged whatever happens (rules retry on their own).
    await rt.services.onIngested(out).catch((e) => log.error({ err: errField(e) }, "after-store work failed (the batch is stored)"));
    return json(202, { accepted: out.accepted, duplicates: out.duplicates, rejected: out.rejected });
  } catch (e) {
    log.error({ err: errField(e), events: events.length }, "ingest batch failed; nothing committed");
    // None of the batch's flags or rooms were committed (new accounts may have been: they are
    // platform facts, and the retry finds them); the sender retries with the same event ids.
    return json(503, { error: "Could not store the batch; nothing was committed, retry it" });
  } finally {
    release();
  }
}
