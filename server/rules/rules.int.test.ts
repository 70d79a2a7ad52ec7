import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer } from "../test/test-server";
import { ingestEvents } from "../ingest/ingest-flags";
import type { IngestEventInput } from "../contracts/ingest";
import { createUser } from "../auth/users";
import { enforceRooms } from "../enforcement/enforce-rooms";
import { DomainError } from "../errors";
import type { Actor } from "../contracts/actor";
import { createRule, decideEnforce, exportRules, importRules, requestEnforce, setRuleMode, updateRule } from "./manage";
import { getRule, ruleHistory, ruleHits } from "./queries";
import { backtest } from "./backtest";
import { undoRuleActions } from "./undo";
import { flagRefsOf } from "./facts";

// Response rules on a running console: hits in shadow, four eyes for enforcement, actions with
// their provenance, the breaker, bulk undo, backtest numbers against known data, history and
// export/import.

let t: TestDb;
let server: Awaited<ReturnType<typeof startTestServer>>;
let LEAD: Actor;
let LEAD2: Actor;
const services = () => server.runtime.services;
const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.pool.query<T>(sql, params)).rows;

let serial = 0;
/** A flag on a fresh room of a fresh account; `device` shares a device between accounts. */
function event(o: {
  tag: string;
  label?: string;
  score?: number;
  device?: string;
  ageHours?: number;
  title?: string;
  room?: string;
  account?: string;
}): IngestEventInput {
  const n = ++serial;
  const now = Date.now();
  return {
    eventId: `${o.tag}-e${n}`,
    occurredAt: new Date(now).toISOString(),
    source: "classifier",
    label: (o.label ?? "sexual") as IngestEventInput["label"],
    score: o.score ?? 0.95,
    room: { id: o.room ?? `${o.tag}-room${n}`, title: o.title ?? `stream ${n}`, startedAt: new Date(now - 60_000).toISOString(), viewerCount: 20 },
    account: {
      id: o.account ?? `${o.tag}-acct${n}`,
      handle: `${o.tag}user${n}`,
      registeredAt: new Date(now - (o.ageHours ?? 5) * 3_600_000).toISOString(),
      realNameVerified: false,
      ...(o.device ? { deviceId: o.device } : {}),
    },
  };
}

async function ingest(events: IngestEventInput[]) {
  const out = await ingestEvents({ pool: t.pool }, "rules-test", events);
  await services().onIngested(out); // as the ingest route does, before answering
  return out;
}

const live = async (rooms: string[]) =>
  (await q<{ n: number }>(`SELECT count(*)::int AS n FROM live_rooms WHERE id = ANY($1::text[]) AND status = 'LIVE'`, [rooms]))[0].n;

beforeAll(async () => {
  t = await createTestDb();
  server = await startTestServer(t);
  const a = await createUser(t.db, null, { email: "lead1@rules.test", name: "Lead One", role: "SHIFT_LEAD", password: "rules-test-password" });
  const b = await createUser(t.db, null, { email: "lead2@rules.test", name: "Lead Two", role: "SHIFT_LEAD", password: "rules-test-password" });
  LEAD = { id: a.id, email: a.email, role: "SHIFT_LEAD", origin: "127.0.0.1" };
  LEAD2 = { id: b.id, email: b.email, role: "SHIFT_LEAD", origin: "127.0.0.1" };
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

describe("response rules", () => {
  let ruleId = "";
  const ringRooms: string[] = [];

  it("in shadow, records what it would do, marks the rooms for the wall, and acts on nothing", async () => {
    ({ id: ruleId } = await createRule(services().rules, LEAD, {
      name: "fresh shared-device prohibited",
      description: "new accounts on a shared device streaming sexual content",
      expression: 'account.ageHours < 48.0 && account.deviceShared >= 3 && event.label == "sexual" && event.score >= 0.9',
      action: { kind: "TAKE_DOWN" },
      ceilingPerMin: 100,
    }));
    await setRuleMode(services().rules, LEAD, ruleId, "SHADOW", "watch it first");
    await services().rules.engine.refresh();
    const ring = Array.from({ length: 6 }, () => event({ tag: "s", device: "dev-shadow" }));
    const old = Array.from({ length: 3 }, () => event({ tag: "s", device: "dev-old", ageHours: 400 }));
    const lone = [event({ tag: "s" })];
    await ingest([...ring, ...old, ...lone]);
    const hits = await ruleHits(t.pool, ruleId);
    expect(hits.map((h) => h.roomId).sort()).toEqual(ring.map((e) => e.room.id).sort());
    expect(hits.every((h) => h.mode === "SHADOW" && h.outcome === "would")).toBe(true);
    expect(await live(ring.map((e) => e.room.id))).toBe(6);
    const marks = await q<{ ruleMarks: string[] }>(`SELECT "ruleMarks" FROM live_rooms WHERE id = $1`, [ring[0].room.id]);
    expect(marks[0].ruleMarks).toEqual(["shadow:fresh shared-device prohibited"]);
    // A second flag on a room already hit adds nothing.
    await ingest([{ ...ring[0], eventId: `${ring[0].eventId}-again` }]);
    expect((await ruleHits(t.pool, ruleId)).length).toBe(6);
    expect((await getRule(services().rules, ruleId)).stats).toMatchObject({ hitsHour: 6, wouldHour: 6, actedHour: 0 });
  });

  it("enforcing a rule that takes rooms down needs a second shift lead; then it acts with its provenance", async () => {
    expect(await requestEnforce(services().rules, LEAD, ruleId, "shadow looked right")).toEqual({ status: "AWAITING_APPROVAL" });
    await expect(decideEnforce(services().rules, LEAD, ruleId, true, "me again")).rejects.toThrow(/second shift lead/);
    await expect(decideEnforce(services().rules, { ...LEAD2, role: "ADMIN" }, ruleId, true, "admin")).rejects.toBeInstanceOf(DomainError);
    await decideEnforce(services().rules, LEAD2, ruleId, true, "agreed");
    const r = await getRule(services().rules, ruleId);
    expect(r.mode).toBe("ENFORCE");
    expect(r.enforcedBy).toEqual({ requestedBy: LEAD.email, approvedBy: LEAD2.email });
    await services().rules.engine.refresh();

    const ring = Array.from({ length: 4 }, () => event({ tag: "e", device: "dev-enforce" }));
    ringRooms.push(...ring.map((e) => e.room.id));
    await ingest([...ring, event({ tag: "e", device: "dev-benign", ageHours: 900 })]);
    expect(await live(ringRooms)).toBe(0);
    const actions = await q<{ ruleId: string; ruleVersion: number; actorEmail: string }>(
      `SELECT "ruleId", "ruleVersion", "actorEmail" FROM enforcement_actions WHERE "roomId" = ANY($1::text[]) AND kind = 'TAKEDOWN'`,
      [ringRooms],
    );
    expect(actions).toHaveLength(4);
    expect(actions.every((a) => a.ruleId === ruleId && a.ruleVersion === 1 && a.actorEmail === 'rule "fresh shared-device prohibited" v1')).toBe(true);
    const audit = await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rule.act' AND "targetId" = $1`, [ruleId]);
    expect(audit[0].n).toBe(1);
    expect((await ruleHits(t.pool, ruleId)).filter((h) => h.mode === "ENFORCE" && h.outcome === "acted")).toHaveLength(4);
  });

  it("the breaker: over its ceiling a rule acts up to it, drops to shadow and says why", async () => {
    await updateRule(services().rules, LEAD, {
      id: ruleId,
      baseVersion: 1,
      name: "fresh shared-device prohibited",
      description: "",
      expression: 'account.ageHours < 48.0 && account.deviceShared >= 3 && event.label == "sexual" && event.score >= 0.9',
      action: { kind: "TAKE_DOWN" },
      ceilingPerMin: 6,
      note: "tighter ceiling",
    });
    // Only the ceiling changed: it keeps enforcing (the condition and action are what two leads approved).
    expect((await getRule(services().rules, ruleId)).mode).toBe("ENFORCE");
    await services().rules.engine.refresh();
    const flood = Array.from({ length: 12 }, () => event({ tag: "b", device: "dev-breaker" }));
    await ingest(flood);
    // 4 acted in the last minute under v1 count against the ceiling of 6: 2 more act, 10 are held back.
    const hits = (await ruleHits(t.pool, ruleId)).filter((h) => h.version === 2);
    expect(hits.filter((h) => h.outcome === "acted")).toHaveLength(2);
    expect(hits.filter((h) => h.outcome === "breaker")).toHaveLength(10);
    expect(await live(flood.map((e) => e.room.id))).toBe(10);
    const r = await getRule(services().rules, ruleId);
    expect(r.mode).toBe("SHADOW");
    expect(r.tripped?.reason).toMatch(/more than 6 actions in a minute/);
    expect(r.enforcedBy).toBeNull();
    const audit = await q(`SELECT 1 FROM audit_log WHERE action = 'rule.trip' AND "targetId" = $1`, [ruleId]);
    expect(audit).toHaveLength(1);
  });

  it("bulk undo: everything the rule did since a time comes back; what a person decided after stays", async () => {
    const since = new Date(Date.now() - 10 * 60_000);
    const taken = (await q<{ roomId: string }>(`SELECT "roomId" FROM enforcement_actions WHERE "ruleId" = $1 AND kind = 'TAKEDOWN'`, [ruleId])).map(
      (r) => r.roomId,
    );
    expect(taken).toHaveLength(6);
    // A person restores one and takes it down again themselves: that takedown is theirs, not the rule's.
    await enforceRooms(services().rules.enforce, LEAD, { kind: "RESTORE", roomIds: [taken[0]], reason: "check" });
    await enforceRooms(services().rules.enforce, LEAD, { kind: "TAKEDOWN", roomIds: [taken[0]], reason: "confirmed by hand" });
    const out = await undoRuleActions(services().rules, LEAD2, ruleId, { since, reason: "false positives on a shared device farm", toShadow: true });
    expect(out.restored).toBe(5);
    expect(await live(taken)).toBe(5);
    expect(await live([taken[0]])).toBe(0);
    const restored = await q<{ n: number }>(`SELECT count(*)::int AS n FROM live_rooms WHERE id = ANY($1::text[]) AND "restoredAt" IS NOT NULL`, [taken]);
    expect(restored[0].n).toBeGreaterThanOrEqual(5);
    expect(await q(`SELECT 1 FROM audit_log WHERE action = 'rule.undo' AND "targetId" = $1`, [ruleId])).toHaveLength(1);
  });

  it("editing an enforcing rule's condition drops it to shadow with enforcement requested by the editor", async () => {
    const { id } = await createRule(services().rules, LEAD, {
      name: "ban farms",
      description: "",
      expression: "account.deviceShared >= 50",
      action: { kind: "BAN_ACCOUNT" },
      ceilingPerMin: 10,
    });
    await requestEnforce(services().rules, LEAD, id, "obvious");
    await decideEnforce(services().rules, LEAD2, id, true, "yes");
    const res = await updateRule(services().rules, LEAD2, {
      id,
      baseVersion: 1,
      name: "ban farms",
      description: "",
      expression: "account.deviceShared >= 40",
      action: { kind: "BAN_ACCOUNT" },
      ceilingPerMin: 10,
      note: "farms are smaller",
    });
    expect(res.droppedToShadow).toBe(true);
    const r = await getRule(services().rules, id);
    expect(r).toMatchObject({ mode: "SHADOW", version: 2, enforceRequest: { byEmail: LEAD2.email } });
    // The stale editor is refused, not silently overwritten.
    await expect(
      updateRule(services().rules, LEAD, {
        id,
        baseVersion: 1,
        name: "ban farms",
        description: "",
        expression: "true",
        action: { kind: "BAN_ACCOUNT" },
        ceilingPerMin: 10,
        note: "",
      }),
    ).rejects.toThrow(/saved version 2/);
    const h = await ruleHistory(t.db, id);
    expect(h.versions.map((v) => [v.version, v.expression, v.editedByEmail])).toEqual([
      [2, "account.deviceShared >= 40", LEAD2.email],
      [1, "account.deviceShared >= 50", LEAD.email],
    ]);
    expect(h.events.map((e) => e.action)).toEqual(expect.arrayContaining(["rule.create", "rule.enforce_request", "rule.enforce_approve", "rule.update"]));
  });

  it("a rule that only flags for review enforces without a second lead", async () => {
    const { id } = await createRule(services().rules, LEAD, {
      name: "review gambling",
      description: "",
      expression: 'event.label == "gambling"',
      action: { kind: "FLAG_FOR_REVIEW" },
      ceilingPerMin: 100,
    });
    expect(await requestEnforce(services().rules, LEAD, id, "cheap to be wrong")).toEqual({ status: "ENFORCING" });
    await services().rules.engine.refresh();
    const e = event({ tag: "g", label: "gambling", score: 0.6 });
    await ingest([e]);
    expect((await q<{ review: string }>(`SELECT review FROM live_rooms WHERE id = $1`, [e.room.id]))[0].review).toBe("ESCALATED");
    await setRuleMode(services().rules, LEAD, id, "OFF", "done");
  });

  it("exports definitions and imports them back: new rules off, changed ones as new versions, a bad file refused whole", async () => {
    const file = await exportRules(services().rules);
    expect(file.rules.map((r) => r.name)).toEqual(["ban farms", "fresh shared-device prohibited", "review gambling"]);
    expect(JSON.stringify(file)).not.toMatch(/mode|ENFORCE|SHADOW/);
    const changed = structuredClone(file);
    changed.rules[2].expression = 'event.label == "gambling" && event.score > 0.5';
    changed.rules.push({
      name: "imported one",
      description: "from git",
      expression: "room.viewers > 100000",
      action: { kind: "RAISE_PRIORITY", to: 0.9 },
      ceilingPerMin: 50,
    });
    expect(await importRules(services().rules, LEAD, JSON.parse(JSON.stringify(changed)))).toEqual({ created: 1, updated: 1, unchanged: 2 });
    const all = await t.db.rule.findMany({ where: { name: { in: ["imported one", "review gambling"] } } });
    expect(all.find((r) => r.name === "imported one")?.mode).toBe("OFF");
    expect(all.find((r) => r.name === "review gambling")?.version).toBe(2);
    const bad = { ...changed, rules: [...changed.rules, { ...changed.rules[0], name: "broken", expression: "event.score" }] };
    await expect(importRules(services().rules, LEAD, bad)).rejects.toThrow(/true or false/);
    expect(await t.db.rule.count({ where: { name: "broken" } })).toBe(0);
    await expect(importRules(services().rules, LEAD, { rules: "nope" })).rejects.toThrow(/Not a Floodwall rules file/);
  });
});

describe("backtest", () => {
  it("counts what a condition would have matched, and how many of those rooms people restored or dismissed", async () => {
    const tag = "bt";
    const matching = Array.from({ length: 10 }, () => event({ tag, label: "violence", score: 0.97 }));
    const near = Array.from({ length: 15 }, () => event({ tag, label: "violence", score: 0.5 }));
    const other = Array.from({ length: 5 }, () => event({ tag, label: "spam", score: 0.99 }));
    await ingest([...matching, ...near, ...other]);
    // Two matched rooms were taken down and restored by a person, one was dismissed.
    const m = matching.map((e) => e.room.id);
    await enforceRooms(services().rules.enforce, LEAD, { kind: "TAKEDOWN", roomIds: m.slice(0, 2), reason: "x" });
    await enforceRooms(services().rules.enforce, LEAD, { kind: "RESTORE", roomIds: m.slice(0, 2), reason: "wrong" });
    await enforceRooms(services().rules.enforce, LEAD, { kind: "DISMISS", roomIds: [m[2]], reason: "fine" });
    const before = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM flags`))[0].n;
    const r = await backtest(t.pool, 'event.label == "violence" && event.score >= 0.95', 1);
    expect(r).toMatchObject({ scanned: before, matchedFlags: 10, rooms: 10, accounts: 10, restored: 2, dismissed: 1, errors: 0, truncated: false });
    expect(r.sample.map((s) => s.roomId).sort()).toEqual([...m].sort());
    expect(r.sample.find((s) => s.roomId === m[0])).toMatchObject({ restored: true, dismissed: false });
    // The room's flag count as it stood at each flag: a second flag on one room is its second.
    const again = { ...matching[3], eventId: `${matching[3].eventId}-2` };
    await ingest([again]);
    const second = await backtest(t.pool, 'event.label == "violence" && room.flags >= 2', 1);
    expect(second.matchedFlags).toBe(1);
    const capped = await backtest(t.pool, "true", 1, 5);
    expect(capped).toMatchObject({ scanned: 5, truncated: true });
  });
});

describe("shadow rules judged together", () => {
  it("many shadow rules record in one statement and mark a room once with all of them; one edited since the engine loaded it records as it now stands", async () => {
    const mk = async (name: string, expression: string) => {
      const { id } = await createRule(services().rules, LEAD, { name, description: name, expression, action: { kind: "FLAG_FOR_REVIEW" }, ceilingPerMin: 100 });
      await setRuleMode(services().rules, LEAD, id, "SHADOW", "trial");
      return id;
    };
    const a = await mk("together a", 'room.title.contains("together")');
    const b = await mk("together b", 'room.title.contains("together") && event.score >= 0.5');
    const c = await mk("together c", 'room.title.contains("together") && event.label == "sexual"');
    await services().rules.engine.refresh();
    // Edited behind the engine's back (another process): the engine still holds version 1.
    await t.pool.query(`UPDATE rules SET version = version + 1 WHERE id = $1`, [c]);
    const evs = Array.from({ length: 4 }, () => event({ tag: "tg", title: "all together now" }));
    await ingest(evs);
    for (const id of [a, b]) expect((await ruleHits(t.pool, id)).map((h) => [h.mode, h.outcome, h.version])).toEqual(Array(4).fill(["SHADOW", "would", 1]));
    // The edited rule's hits are recorded at the version it has now, not the one judged.
    expect((await ruleHits(t.pool, c)).map((h) => [h.mode, h.version])).toEqual(Array(4).fill(["SHADOW", 2]));
    const rows = await q<{ ruleMarks: string[] }>(`SELECT "ruleMarks" FROM live_rooms WHERE id = $1`, [evs[0].room.id]);
    expect(rows[0].ruleMarks).toEqual(["shadow:together a", "shadow:together b", "shadow:together c"]);
  });
});

describe("batches judged together", () => {
  it("batches that arrive while one is judged wait and are judged together, once each; every caller is answered after its own flags were judged", async () => {
    const { id } = await createRule(services().rules, LEAD, {
      name: "grouped",
      description: "grouped",
      expression: 'room.title.contains("grouped")',
      action: { kind: "FLAG_FOR_REVIEW" },
      ceilingPerMin: 100,
    });
    await setRuleMode(services().rules, LEAD, id, "SHADOW", "trial");
    const engine = services().rules.engine;
    await engine.refresh();
    // Stored without the rules looking (as three ingest requests would have), then judged at once.
    const batches = [];
    for (let i = 0; i < 3; i++)
      batches.push(
        await ingestEvents({ pool: t.pool }, "rules-test", [event({ tag: `gr${i}`, title: "grouped" }), event({ tag: `gr${i}`, title: "grouped" })]),
      );
    const refs = batches.map((out) => flagRefsOf(out.stored, Date.now()));
    const groups: number[] = [];
    const inner = engine as unknown as { evaluateGroup: (f: unknown[], now: number) => Promise<unknown> };
    const original = inner.evaluateGroup;
    inner.evaluateGroup = function (f, now) {
      groups.push(f.length);
      return original.call(this, f, now);
    };
    const hitsOn = async (rooms: string[]) =>
      (await q<{ n: number }>(`SELECT count(*)::int AS n FROM rule_hits WHERE "ruleId" = $1 AND "roomId" = ANY($2::text[])`, [id, rooms]))[0].n;
    try {
      const seenAtAnswer: number[] = [];
      const results = await Promise.all(
        refs.map((r) =>
          engine.evaluate(r).then(async (res) => {
            seenAtAnswer.push(await hitsOn(r.map((f) => f.roomId)));
            return res;
          }),
        ),
      );
      // The first batch alone; the two that came while it was judged, together.
      expect(groups).toEqual([2, 4]);
      expect(seenAtAnswer).toEqual([2, 2, 2]);
      // A group's counts go to its first caller only: the sum is exact.
      expect(results.map((r) => r.hits)).toEqual([2, 4, 0]);
      expect(await hitsOn(refs.flat().map((f) => f.roomId))).toBe(6);
    } finally {
      inner.evaluateGroup = original;
      await setRuleMode(services().rules, LEAD, id, "OFF", "done");
    }
  });
});

describe("enforcing rules acted on together", () => {
  it("two enforcing rules hitting the same batch act in one transaction, each with its own breaker: one acts on all, the other up to its ceiling and trips", async () => {
    const mk = async (name: string, action: { kind: "RAISE_PRIORITY"; to: number } | { kind: "FLAG_FOR_REVIEW" }, ceilingPerMin: number) => {
      const { id } = await createRule(services().rules, LEAD, { name, description: name, expression: 'room.title.contains("jointly")', action, ceilingPerMin });
      expect(await requestEnforce(services().rules, LEAD, id, "together")).toEqual({ status: "ENFORCING" });
      return id;
    };
    const raise = await mk("jointly raise", { kind: "RAISE_PRIORITY", to: 0.97 }, 100);
    const review = await mk("jointly review", { kind: "FLAG_FOR_REVIEW" }, 2);
    await services().rules.engine.refresh();
    const evs = Array.from({ length: 3 }, () => event({ tag: "jt", title: "jointly", score: 0.5 }));
    await ingest(evs);
    const rooms = evs.map((e) => e.room.id);
    const outcomes = async (id: string) => (await ruleHits(t.pool, id)).map((h) => h.outcome).sort();
    expect(await outcomes(raise)).toEqual(["acted", "acted", "acted"]);
    expect(await outcomes(review)).toEqual(["acted", "acted", "breaker"]);
    const rows = await q<{ id: string; risk: number; review: string; ruleMarks: string[] }>(
      `SELECT id, risk, review, "ruleMarks" FROM live_rooms WHERE id = ANY($1::text[]) ORDER BY id`,
      [rooms],
    );
    expect(rows.every((r) => r.risk >= 0.97)).toBe(true);
    expect(rows.filter((r) => r.review === "ESCALATED")).toHaveLength(2);
    for (const r of rows) expect(r.ruleMarks).toEqual(["enforce:jointly raise", "enforce:jointly review"]);
    expect((await getRule(services().rules, review)).mode).toBe("SHADOW");
    expect((await getRule(services().rules, raise)).mode).toBe("ENFORCE");
    for (const id of [raise, review]) await setRuleMode(services().rules, LEAD, id, "OFF", "done");
  });
});

describe("order of actions", () => {
  it("enforcing rules act in name order inside their shared transaction: a take-down named first leaves the review rule nothing to escalate", async () => {
    const { id: down } = await createRule(services().rules, LEAD, {
      name: "a ordered take down",
      description: "",
      expression: 'room.title.contains("ordered")',
      action: { kind: "TAKE_DOWN" },
      ceilingPerMin: 100,
    });
    await requestEnforce(services().rules, LEAD, down, "order");
    await decideEnforce(services().rules, LEAD2, down, true, "order");
    const { id: review } = await createRule(services().rules, LEAD, {
      name: "b ordered review",
      description: "",
      expression: 'room.title.contains("ordered")',
      action: { kind: "FLAG_FOR_REVIEW" },
      ceilingPerMin: 100,
    });
    await requestEnforce(services().rules, LEAD, review, "order");
    await services().rules.engine.refresh();
    const e = event({ tag: "ord", title: "ordered" });
    await ingest([e]);
    expect((await ruleHits(t.pool, down)).map((h) => h.outcome)).toEqual(["acted"]);
    expect((await ruleHits(t.pool, review)).map((h) => h.outcome)).toEqual(["skipped"]);
    expect((await q<{ status: string; review: string }>(`SELECT status, review FROM live_rooms WHERE id = $1`, [e.room.id]))[0]).toMatchObject({
      status: "TAKEN_DOWN",
    });
    for (const id of [down, review]) await setRuleMode(services().rules, LEAD, id, "OFF", "done");
  });
});
