import { getRuntime } from "../app/runtime";
import { json } from "./respond";

/** GET /api/health — liveness and database reachability, for load balancers and operators. */
export async function handleHealth(): Promise<Response> {
  const rt = getRuntime();
  let db: "ok" | "down" = "ok";
  try {
    await rt.healthPool.query("SELECT 1");
  } catch {
    db = "down";
  }
  return json(db === "ok" ? 200 : 503, { status: db === "ok" ? "ok" : "degraded", db, version: rt.version });
}
