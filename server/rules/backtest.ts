import type { Pool } from "../db/pool";
import { compileExpression } from "../contracts/rule-language";
import type { BacktestResult } from "../contracts/rules";
import { DomainError } from "../errors";
import { factsFor, loadFacts, type FlagRef } from "./facts";

/** A backtest reads at most this many flags (the newest). */
export const BACKTEST_MAX_FLAGS = 200_000;

/**
 * What would this condition have matched over the last `hours`? Runs the compiled condition over
 * the stored flags in memory: one query for the flags, two for the facts of their rooms and
 * accounts. Event facts, account age, minutes live and the room's flag count are as they were at
 * each flag; viewers, risk, labels and rings are as they are now. Reports how many of the matched
 * rooms people later restored or dismissed: the false-positive signal.
 */
export async function backtest(pool: Pool, expression: string, hours: number, limit = BACKTEST_MAX_FLAGS): Promise<BacktestResult> {
  const t0 = Date.now();
  let run: ReturnType<typeof compileExpression>;
  try {
    run = compileExpression(expression);
  } catch (e) {
    throw new DomainError("BAD_REQUEST", (e as Error).message);
  }
  const res = await pool.query<{ id: string; roomId: string; accountId: string; source: string; label: string; score: number; at: Date }>(
    `SELECT id, "roomId", "accountId", source, label, score, "receivedAt" AS at FROM flags
     WHERE "receivedAt" > now() - make_interval(hours => $1) ORDER BY id DESC LIMIT $2`,
    [hours, limit + 1],
  );
  const truncated = res.rows.length > limit;
  const rows = res.rows.slice(0, limit).reverse();
  const flags: FlagRef[] = rows.map((f) => ({
    flagId: f.id,
    roomId: f.roomId,
    accountId: f.accountId,
    source: f.source,
    label: f.label,
    score: f.score,
    at: f.at.getTime(),
  }));
  const inWindow = new Map<string, number>();
  for (const f of flags) inWindow.set(f.roomId, (inWindow.get(f.roomId) ?? 0) + 1);
  const facts = await loadFacts(pool, [...inWindow.keys()], [...new Set(flags.map((f) => f.accountId))]);

  const seenInWindow = new Map<string, number>();
  const matchedRooms = new Map<string, FlagRef>();
  const matchedAccounts = new Set<string>();
  let matchedFlags = 0;
  let errors = 0;
  for (const f of flags) {
    const room = facts.rooms.get(f.roomId);
    const account = facts.accounts.get(f.accountId);
    const i = (seenInWindow.get(f.roomId) ?? 0) + 1;
    seenInWindow.set(f.roomId, i);
    if (!room || !account) continue;
    // The room's count as it stood at this flag: today's count minus the window's later flags.
    const soFar = Math.max(i, room.flagCount - (inWindow.get(f.roomId)! - i));
    let held = false;
    try {
      held = run(factsFor(f, room, account, soFar));
    } catch {
      errors++;
    }
    if (!held) continue;
    matchedFlags++;
    matchedRooms.set(f.roomId, f);
    matchedAccounts.add(f.accountId);
  }
  let restored = 0;
  let dismissed = 0;
  for (const id of matchedRooms.keys()) {
    const r = facts.rooms.get(id)!;
    if (r.restored) restored++;
    if (r.review === "DISMISSED") dismissed++;
  }
  const newest = [...matchedRooms.values()].sort((a, b) => b.at - a.at).slice(0, 20);
  return {
    hours,
    scanned: flags.length,
    matchedFlags,
    rooms: matchedRooms.size,
    accounts: matchedAccounts.size,
    restored,
    dismissed,
    errors,
    sample: newest.map((f) => {
      const r = facts.rooms.get(f.roomId)!;
      return {
        roomId: f.roomId,
        title: r.title,
        handle: facts.accounts.get(f.accountId)!.handle,
        label: f.label,
        score: f.score,
        at: f.at,
        restored: r.restored,
        dismissed: r.review === "DISMISSED",
      };
    }),
    tookMs: Date.now() - t0,
    truncated,
  };
}
