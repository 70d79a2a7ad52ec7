import { guardIncidentRoute } from "@/server/http/incident-guard";
import { toCsv } from "@/server/lib/csv";

export const dynamic = "force-dynamic";

/** The incident timeline as CSV or JSON (?format=csv|json, &kind= to filter). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const g = await guardIncidentRoute(req, id, "incidents:read");
  if ("error" in g) return g.error;
  const url = new URL(req.url);
  const format = url.searchParams.get("format") ?? "json";
  if (format !== "csv" && format !== "json") return Response.json({ error: "format must be csv or json" }, { status: 400 });
  const kind = url.searchParams.get("kind");
  const rows = await g.rt.db.timelineEntry.findMany({ where: { incidentId: id, ...(kind ? { kind } : {}) }, orderBy: { at: "asc" } });
  const out = rows.map((r) => ({ at: r.at.toISOString(), kind: r.kind, actor: r.actorEmail, text: r.text, data: r.data }));
  if (format === "json") return Response.json(out, { headers: { "content-disposition": `attachment; filename="incident-${id}-timeline.json"` } });
  const csv = toCsv(out, ["at", "kind", "actor", "text", "data"]) || "at,kind,actor,text,data\n";
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="incident-${id}-timeline.csv"` },
  });
}
