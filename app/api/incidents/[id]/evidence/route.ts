import { guardIncidentRoute } from "@/server/http/incident-guard";
import { buildEvidencePackage } from "@/server/incidents/evidence";
import { recordAudit } from "@/server/audit/audit-log";

export const dynamic = "force-dynamic";

/** The evidence package (zip + manifest of hashes). Exporting personal data is audited. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const g = await guardIncidentRoute(req, id, "incidents:manage");
  if ("error" in g) return g.error;
  const pkg = await buildEvidencePackage(g.rt.pool, id, g.user.email);
  if (!pkg) return Response.json({ error: "No such incident" }, { status: 404 });
  await recordAudit(
    g.rt.db,
    { id: g.user.id, email: g.user.email, role: g.user.role, origin: req.headers.get("x-real-ip") },
    {
      action: "incident.evidence.export",
      targetType: "incident",
      targetId: id,
      details: { files: pkg.manifest.files },
    },
  );
  return new Response(Buffer.from(pkg.zip), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="incident-${pkg.number}-evidence.zip"`,
      "cache-control": "no-store",
    },
  });
}
