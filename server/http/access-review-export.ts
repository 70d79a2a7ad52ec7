import { getRuntime } from "../app/runtime";
import { recordAudit } from "../audit/audit-log";
import { accessReview, accessReviewCsvRows, privilegedActions } from "../auth/access-review";
import { DomainError } from "../errors";
import { toCsv } from "../lib/csv";
import { routeHandler } from "./respond";
import { requireCapability } from "./session-guard";

const SUMMARY_COLUMNS = [
  "email",
  "name",
  "role",
  "status",
  "sign_in",
  "two_factor",
  "last_sign_in_at",
  "last_sign_in_method",
  "created_at",
  "privileged_actions_30d",
  "last_privileged_action_at",
  "actions_30d",
];
const ACTION_COLUMNS = ["id", "at", "actor", "role", "action", "target", "reason", "origin"];

/**
 * GET /api/admin/access-review?view=people|actions — the access review as CSV for admins: one
 * line per person, or every privileged action of the last 30 days. Cells are formula-safe;
 * the export itself is audited (it lists personal data).
 */
export const handleAccessReviewCsv = routeHandler("access review", async (req: Request) => {
  const user = await requireCapability(req, "users:manage");
  const view = new URL(req.url).searchParams.get("view") ?? "people";
  if (view !== "people" && view !== "actions") throw new DomainError("BAD_REQUEST", "view must be people or actions");
  const { db, auth } = getRuntime();
  const now = new Date();
  const csv =
    view === "people"
      ? toCsv(accessReviewCsvRows(await accessReview({ db, auth }, now)), SUMMARY_COLUMNS) || `${SUMMARY_COLUMNS.join(",")}\n`
      : toCsv(await privilegedActions(db, now), ACTION_COLUMNS) || `${ACTION_COLUMNS.join(",")}\n`;
  await recordAudit(
    db,
    { id: user.id, email: user.email, role: user.role, origin: req.headers.get("x-real-ip") },
    { action: "access-review.export", targetType: "access-review", targetId: view, details: { view } },
  );
  const day = now.toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="access-review-${view}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
});
