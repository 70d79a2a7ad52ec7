import { getRuntime } from "@/server/app/runtime";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and operators. */
export async function GET() {
  const rt = getRuntime();
  let db: "ok" | "down" = "ok";
  try {
    await rt.healthPool.query("SELECT 1");
  } catch {
    db = "down";
  }
  return Response.json(
    { status: db === "ok" ? "ok" : "degraded", db, version: rt.version },
    { status: db === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
