import { handleIngest } from "@/server/http/ingest";

export const dynamic = "force-dynamic";
export const POST = handleIngest;
