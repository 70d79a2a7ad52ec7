/**
 * Procedures whose answers are large or costly to build (snapshots, details, previews,
 * backtests). The server runs one at a time per user and at most one per HTTP request: a tRPC
 * batch carrying more has the extra ones refused (429), because a batch's answers are encoded
 * together in one synchronous step that would hold the process (and its health check) for
 * seconds. The console sends these unbatched (components/providers/app-providers.tsx).
 */
export const HEAVY_PROCEDURES: ReadonlySet<string> = new Set([
  "clusters.detail",
  "clusters.list",
  "controls.preview",
  "incidents.get",
  "incidents.reviewDraft",
  "orders.preview",
  "rules.backtest",
  "takedown.detail",
  "takedown.preview",
  "users.accessReview",
  "wall.snapshot",
]);
