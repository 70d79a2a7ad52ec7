import { handleAccessReviewCsv } from "@/server/http/access-review-export";

export const dynamic = "force-dynamic";
export const GET = handleAccessReviewCsv;
