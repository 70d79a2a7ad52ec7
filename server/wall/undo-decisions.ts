import { DomainError } from "../errors";
import type { Actor } from "../contracts/actor";
import { can, isRole } from "../contracts/roles";
import { enforceRooms, type ActKind, type EnforceResult } from "../enforcement/enforce-rooms";
import type { WallDeps } from "./deps";
import { addToOpenIncidents, msg } from "../incidents/timeline";

/** What undoing each decision does. */
const INVERSE: Partial<Record<ActKind, ActKind>> = { TAKEDOWN: "RESTORE", DISMISS: "REOPEN", ESCALATE: "REOPEN" };
/** A moderator may undo their own decisions for this long; shift leads may undo anyone's, any time. */
export const UNDO_WINDOW_MS = 15 * 60 * 1000;

/** Reverses recent decisions on rooms (the wall's `u`): one inverse decision per kind. */
export async function undoDecisions(deps: WallDeps, actor: Actor, actionIds: string[], now = Date.now()): Promise<Pick<EnforceResult, "applied" | "skipped">> {
  const res = await deps.pool.query<{ id: string; kind: ActKind | "BAN" | "UNBAN"; roomId: string | null; actorId: string | null; createdAt: Date }>(
    `SELECT id, kind, "roomId", "actorId", "createdAt" FROM enforcement_actions WHERE id = ANY($1::text[])`,
    [actionIds],
  );
  const actions = res.rows.filter((a): a is typeof a & { roomId: string; kind: ActKind } => a.roomId !== null && a.kind !== "BAN" && a.kind !== "UNBAN");
  if (actions.length !== new Set(actionIds).size) throw DomainError.of("NOT_FOUND", "wall.unknownAction");
  const override = isRole(actor.role) && can(actor.role, "wall:override");
  for (const a of actions) {
    if (a.actorId !== actor.id && !override) throw DomainError.of("FORBIDDEN", "wall.notYours");
    if (now - a.createdAt.getTime() > UNDO_WINDOW_MS && !override) throw DomainError.of("BAD_REQUEST", "wall.tooLate");
    if (!INVERSE[a.kind]) throw DomainError.of("BAD_REQUEST", "wall.cannotUndo", { kind: a.kind.toLowerCase() });
  }
  const results: EnforceResult[] = [];
  for (const kind of new Set(actions.map((a) => INVERSE[a.kind]!))) {
    const roomIds = actions.filter((a) => INVERSE[a.kind] === kind).map((a) => a.roomId);
    results.push(await enforceRooms(deps.enforce, actor, { kind, roomIds, reason: "undo" }));
  }
  const restored = results.filter((r) => r.kind === "RESTORE").flatMap((r) => r.applied);
  if (restored.length) {
    await addToOpenIncidents(
      deps.pool,
      "restore",
      restored.length === 1 ? msg("undoOne", { by: actor.email, room: restored[0].roomId }) : msg("undoMany", { by: actor.email, count: restored.length }),
      actor.email,
      { rooms: restored.map((r) => r.roomId).slice(0, 50) },
    );
  }
  return { applied: results.flatMap((r) => r.applied), skipped: results.flatMap((r) => r.skipped) };
}
