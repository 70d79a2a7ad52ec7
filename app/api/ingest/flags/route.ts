import { handleIngest } from "@/server/ingest/http";

export const dynamic = "force-dynamic";
export const POST = handleIngest;
