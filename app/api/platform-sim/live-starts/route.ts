import { handleLiveStarts } from "@/server/http/platform-sim";

export const dynamic = "force-dynamic";
export const POST = handleLiveStarts;
