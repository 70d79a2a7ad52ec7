import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer } from "../test/test-server";
import { ingestEvents } from "../ingest/ingest-flags";
import { decideLiveStarts } from "../controls/live-starts";
import { buildPopulation, type SimMember } from "../../scripts/simulator/population";
import { eventIdFactory, toIngestEvent } from "../../scripts/simulator/events";
import { createRng } from "../../scripts/simulator/rng";
import { createOrder, decideOrder, previewOrder } from "./create-order";
import { liftOrder } from "./lift-order";
import { listOrders } from "./order-queries";
import { DomainError } from "../errors";

// A standing order against two real rings of the simulator's wave, on a running console
// (cluster worker and orders loop included): what it does at once, what it does to members
// that arrive afterwards with nobody clicking, what it refuses at go-live, and how it is undone.

let t: TestDb;
let server: Awaited<ReturnType<typeof startTestServer>>;
const LEAD = { id: "lead-o", email: "lead@orders.test", role: "SHIFT_LEAD", origin: "127.0.0.1" };
const LEAD2 = { id: "lead-o2", email: "lead2@orders.test", role: "SHIFT_LEAD", origin: "127.0.0.1" };
const MOD = { id: "mod-o", email: "mod@orders.test", role: "MODERATOR", origin: "127.0.0.1" };

const pop = buildPopulation({ seed: 77, onsetAt: Date.now() - 60_000, rampMs: 30_000, botCount: 400, ringCount: 2, benignCount: 100, sharedIpCount: 20 });
const ringOf = (m: SimMember) => m.ringId;
const ringA = pop.bots.filter((m) => ringOf(m) === pop.rings[0].ringId);
const ringB = pop.bots.filter((m) => ringOf(m) === pop.rings[1].ringId);
const rng = createRng(77).fork("test");
const nextId = eventIdFactory(77, "o");
const flag = (members: SimMember[]) => members.map((m) => toIngestEvent(m, Date.now(), rng, nextId()));

async function ingest(members: SimMember[]) {
  const out = await ingestEvents({ pool: t.pool }, "orders-test", flag(members));
  server.runtime.services.onIngested(out); // as the ingest route does
  return out;
}
const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.pool.query<T>(sql, params)).rows;
async function until(what: string, check: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const clusterOf = async (m: SimMember) =>
  (await q<{ clusterId: string }>(`SELECT "clusterId" FROM account_cluster_members WHERE "accountId" = $1`, [m.account.id]))[0]?.clusterId;
const liveOf = async (members: SimMember[]) =>
  (await q<{ n: number }>(`SELECT count(*)::int AS n FROM live_rooms WHERE id = ANY($1::text[]) AND status = 'LIVE'`, [members.map((m) => m.room.id)]))[0].n;
const start = (m: SimMember) => ({
  roomId: `${m.room.id}-again`,
  accountId: m.account.id,
  registeredAt: m.account.registeredAt,
  realNameVerified: m.account.realNameVerified,
  handle: m.account.handle,
  deviceId: m.account.deviceId,
  ip: m.account.ip,
  phoneHash: m.account.phoneHash,
});

beforeAll(async () => {
  t = await createTestDb();
  server = await startTestServer(t);
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

describe("standing containment orders", () => {
  let clusterA = "";
  let orderId = "";
  const firstHalf = ringA.slice(0, Math.floor(ringA.length / 2));
  const secondHalf = ringA.slice(firstHalf.length);

  it("contains a ring at once: its live rooms end, its accounts are banned; the preview said what it would do", async () => {
    await ingest([...firstHalf, ...pop.benign.slice(0, 50)]);
    await until(
      "the ring to be clustered",
      async () =>
        (
          await q<{ n: number }>(`SELECT count(DISTINCT "clusterId")::int AS n FROM account_cluster_members WHERE "accountId" = ANY($1::text[])`, [
            firstHalf.map((m) => m.account.id),
          ])
        )[0].n === 1 && !!(await clusterOf(firstHalf.at(-1)!)),
    );
    clusterA = (await clusterOf(firstHalf[0]))!;
    const preview = await previewOrder(server.runtime.services.orders, { clusterIds: [clusterA], followAlertId: null });
    expect(preview).toMatchObject({
      rings: 1,
      accounts: firstHalf.length,
      live: firstHalf.length,
      suggestedReason: "Coordinated inauthentic behaviour (bot ring)",
    });
    const created = await createOrder(server.runtime.services.orders, LEAD, {
      clusterIds: [clusterA],
      followAlertId: null,
      banAccounts: true,
      refuseGoLive: true,
      reason: "Bot ring",
    });
    orderId = created.id;
    expect(created).toMatchObject({ status: "ACTIVE", ended: firstHalf.length, banned: firstHalf.length });
    expect(await liveOf(firstHalf)).toBe(0);
    expect(await liveOf(pop.benign.slice(0, 50))).toBe(50);
  });

  it("new members that arrive afterwards are taken down with nobody clicking", async () => {
    await ingest(secondHalf);
    await until("the new members' rooms to end", async () => (await liveOf(secondHalf)) === 0);
    const [o] = await listOrders(t.pool, { ids: [orderId] });
    expect(o.counts.roomsEnded).toBe(ringA.length);
    expect(o.counts.accountsBanned).toBe(ringA.length);
    // A ring nobody contained is untouched.
    await ingest(ringB.slice(0, 20));
    await until("ring B to be clustered", async () => !!(await clusterOf(ringB[19])));
    expect(await liveOf(ringB.slice(0, 20))).toBe(20);
  });

  it("refuses go-live to accounts that carry the ring's signals, even ones the console has never seen", async () => {
    const stranger = { ...start(secondHalf[0]), roomId: "fresh-room", accountId: "fresh-bot-account" };
    const benign = start(pop.benign[60]);
    const otherRing = start(ringB[30]);
    const res = await decideLiveStarts(t.pool, [stranger, benign, otherRing]);
    expect(res).toEqual([
      { roomId: "fresh-room", allowed: false, reason: "containment order" },
      { roomId: benign.roomId, allowed: true, reason: null },
      { roomId: otherRing.roomId, allowed: true, reason: null },
    ]);
    const [o] = await listOrders(t.pool, { ids: [orderId] });
    expect(o.counts.refusedGoLive).toBe(1);
  });

  it("a moderator's order waits for another shift lead", async () => {
    const clusterB = (await clusterOf(ringB[0]))!;
    const req = await createOrder(server.runtime.services.orders, MOD, {
      clusterIds: [clusterB],
      followAlertId: null,
      banAccounts: false,
      refuseGoLive: false,
      reason: "Bot ring B",
    });
    expect(req.status).toBe("PENDING_APPROVAL");
    expect(await liveOf(ringB.slice(0, 20))).toBe(20);
    await expect(decideOrder(server.runtime.services.orders, { ...LEAD, id: MOD.id }, req.id, true, "mine")).rejects.toBeInstanceOf(DomainError);
    const ok = await decideOrder(server.runtime.services.orders, LEAD2, req.id, true, "sample checked");
    expect(ok).toMatchObject({ status: "ACTIVE", ended: 20 });
  });

  it("lifting with restore undoes the order as a whole: rooms back, accounts unbanned, go-lives allowed again", async () => {
    const res = await liftOrder(server.runtime.services.orders, LEAD2, orderId, { restore: true, reason: "false positive drill" });
    expect(res).toEqual({ restored: ringA.length, unbanned: ringA.length });
    expect(await liveOf(ringA)).toBe(ringA.length);
    const banned = await q<{ n: number }>(`SELECT count(*)::int AS n FROM platform_accounts WHERE id = ANY($1::text[]) AND status = 'BANNED'`, [
      ringA.map((m) => m.account.id),
    ]);
    expect(banned[0].n).toBe(0);
    const again = await decideLiveStarts(t.pool, [{ ...start(secondHalf[0]), roomId: "fresh-room-2", accountId: "fresh-bot-2" }]);
    expect(again[0].allowed).toBe(true);
    // New members are no longer taken down once it is lifted.
    const more = pop.bots.filter((m) => ringOf(m) === pop.rings[0].ringId).slice(0, 3);
    await ingest(more);
    expect(await liveOf(more)).toBe(3);
    const audit = await q<{ action: string }>(`SELECT action FROM audit_log WHERE "targetId" = $1 ORDER BY id`, [orderId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["order.create", "order.apply", "order.lift_restore"]));
  });
});
