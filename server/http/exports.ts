import { getRuntime } from "../app/runtime";
import { recordAudit } from "../audit/audit-log";
import { isUuid } from "../contracts/ids";
import { DomainError } from "../errors";
import { buildEvidencePackage } from "../incidents/evidence";
import { readyEvidenceZip } from "../incidents/evidence-jobs";
import { timelineExport } from "../incidents/timeline";
import { toCsv } from "../lib/csv";
import { batchCsv, batchExists } from "../takedown/batch-queries";
import { json, routeHandler } from "./respond";
import { requireCapability } from "./session-guard";

type Params = { params: Promise<{ id: string }> };

async function idParam(p: Params, what: string) {
  const { id } = await p.params;
  if (!isUuid(id)) throw DomainError.of("BAD_REQUEST", "exports.badId", { what });
  return id;
}

/** GET /api/incidents/:id/evidence — the evidence package (zip + manifest of hashes). Exporting personal data is audited. */
export const handleEvidenceExport = routeHandler("evidence", async (req: Request, p: Params) => {
  const user = await requireCapability(req, "incidents:manage");
  const id = await idParam(p, "incident");
  const { pool, services } = getRuntime();
  // ?export=<id>: a package prepared in the background (the page's way); without it, built now.
  const exportId = new URL(req.url).searchParams.get("export");
  if (exportId !== null) {
    if (!isUuid(exportId)) throw DomainError.of("BAD_REQUEST", "exports.badExportId");
    const ready = await readyEvidenceZip(services.incidents, id, exportId);
    await recordAudit(
      pool,
      { id: user.id, email: user.email, role: user.role, origin: req.headers.get("x-real-ip") },
      { action: "incident.evidence.export", targetType: "incident", targetId: id, details: { exportId, manifest: ready.manifest } },
    );
    return new Response(Buffer.from(ready.zip), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="incident-${ready.number}-evidence.zip"`,
        "cache-control": "no-store",
      },
    });
  }
  const pkg = await buildEvidencePackage(pool, id, user.email);
  if (!pkg) throw DomainError.of("NOT_FOUND", "incidents.notFound");
  await recordAudit(
    pool,
    { id: user.id, email: user.email, role: user.role, origin: req.headers.get("x-real-ip") },
    { action: "incident.evidence.export", targetType: "incident", targetId: id, details: { files: pkg.manifest.files } },
  );
  return new Response(Buffer.from(pkg.zip), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="incident-${pkg.number}-evidence.zip"`,
      "cache-control": "no-store",
    },
  });
});

/** GET /api/incidents/:id/timeline?format=csv|json&kind= — the timeline for people who read incidents. */
export const handleTimelineExport = routeHandler("timeline", async (req: Request, p: Params) => {
  await requireCapability(req, "incidents:read");
  const id = await idParam(p, "incident");
  const url = new URL(req.url);
  const format = url.searchParams.get("format") ?? "json";
  if (format !== "csv" && format !== "json") throw DomainError.of("BAD_REQUEST", "exports.format");
  const out = await timelineExport(getRuntime().pool, id, url.searchParams.get("kind"));
  if (format === "json") return json(200, out, { "content-disposition": `attachment; filename="incident-${id}-timeline.json"` });
  const csv = toCsv(out, ["at", "kind", "actor", "text", "data"]) || "at,kind,actor,text,data\n";
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="incident-${id}-timeline.csv"`,
      "cache-control": "no-store",
    },
  });
});

/** GET /api/takedowns/:id/csv — every action of a batch, streamed, for people who read batches. */
export const handleBatchCsv = routeHandler("batch csv", async (req: Request, p: Params) => {
  await requireCapability(req, "takedown:read");
  const id = await idParam(p, "batch");
  const { pool } = getRuntime();
  if (!(await batchExists(pool, id))) throw DomainError.of("NOT_FOUND", "takedown.notFound");
  const gen = batchCsv(pool, id);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await gen.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(next.value));
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="takedown-${id}.csv"`, "cache-control": "no-store" },
  });
});
