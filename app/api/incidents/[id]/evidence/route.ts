import { handleEvidenceExport } from "@/server/http/exports";

export const dynamic = "force-dynamic";
export const GET = handleEvidenceExport;
