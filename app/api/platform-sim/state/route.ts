import { handleSimState } from "@/server/http/platform-sim";

export const dynamic = "force-dynamic";
export const GET = handleSimState;
