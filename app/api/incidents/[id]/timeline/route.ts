import { handleTimelineExport } from "@/server/http/exports";

export const dynamic = "force-dynamic";
export const GET = handleTimelineExport;
