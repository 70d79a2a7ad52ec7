import { describe, expect, it } from "vitest";
import { BudgetSpent, ConcurrencyGate, DEFAULT_GATE, GateFull } from "./gate";

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe("ConcurrencyGate", () => {
  it("runs at most perUser calls of one user at once, queues a few more and refuses the rest", async () => {
    const gate = new ConcurrencyGate({ ...DEFAULT_GATE, perUser: 2, heavyPerUser: 1, heavyTotal: 4, maxWaiting: 2 });
    const hold = deferred();
    let running = 0;
    let peak = 0;
    const call = () =>
      gate.run("u1", false, async () => {
        peak = Math.max(peak, ++running);
        await hold.promise;
        running--;
        return "ok";
      });
    const calls = Array.from({ length: 6 }, call);
    const settled = Promise.allSettled(calls);
    await Promise.resolve();
    hold.resolve();
    const results = await settled;
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(4);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(2);
    expect(refused[0].reason).toBeInstanceOf(GateFull);
  });

  it("another user is not held up by one user's full queue", async () => {
    const gate = new ConcurrencyGate({ ...DEFAULT_GATE, perUser: 1, heavyPerUser: 1, heavyTotal: 4, maxWaiting: 1 });
    const hold = deferred();
    const hog = [gate.run("hog", false, () => hold.promise), gate.run("hog", false, () => hold.promise)];
    await expect(gate.run("hog", false, async () => 1)).rejects.toBeInstanceOf(GateFull);
    await expect(gate.run("other", false, async () => "served")).resolves.toBe("served");
    hold.resolve();
    await Promise.all(hog);
  });

  it("heavy calls: one per user, a few for the whole process", async () => {
    const gate = new ConcurrencyGate({ ...DEFAULT_GATE, perUser: 10, heavyPerUser: 1, heavyTotal: 2, maxWaiting: 8 });
    const hold = deferred();
    let running = 0;
    let peak = 0;
    const heavy = (user: string) =>
      gate.run(user, true, async () => {
        peak = Math.max(peak, ++running);
        await hold.promise;
        running--;
      });
    const calls = [heavy("a"), heavy("a"), heavy("b"), heavy("c"), heavy("d")];
    await new Promise((r) => setTimeout(r, 5));
    expect(peak).toBe(2);
    hold.resolve();
    await Promise.all(calls);
  });

  it("large reads spend a time budget per user: a burst is free, back to back they are refused until it refills at the share", async () => {
    let clock = 0;
    const gate = new ConcurrencyGate({ perUser: 6, heavyPerUser: 1, heavyTotal: 4, maxWaiting: 4, heavyShare: 0.5, heavyBurstMs: 6000 }, () => clock);
    const read = (user: string, ms: number) =>
      gate.run(user, true, async () => {
        clock += ms;
        return "ok";
      });
    // Back-to-back 2 s reads: the first spends 2 s of the full 6 s budget (a full budget does not
    // grow), each later one 2 s less the 1 s it refilled meanwhile; the sixth finds it empty.
    const served: string[] = [];
    for (let i = 0; i < 6; i++) served.push(await read("a", 2000).catch((e) => (e instanceof BudgetSpent ? "refused" : "error")));
    expect(served).toEqual(["ok", "ok", "ok", "ok", "ok", "refused"]);
    // Another user has a budget of their own; light calls are not budgeted.
    await expect(read("b", 1000)).resolves.toBe("ok");
    await expect(gate.run("a", false, async () => "light")).resolves.toBe("light");
    // It refills at half the clock: 1 s later there is 0.5 s again.
    clock += 1000;
    await expect(read("a", 400)).resolves.toBe("ok");
    // Sustained, a user gets about the share: the burst plus half of the clock.
    let busy = 0;
    for (let t = 0; t < 200; t++) {
      clock += 100;
      if (
        await read("c", 500).then(
          () => true,
          () => false,
        )
      )
        busy += 500;
    }
    const span = 200 * 100 + busy;
    expect(busy).toBeGreaterThan(6000 + span * 0.5 - 1000);
    expect(busy).toBeLessThan(6000 + span * 0.5 + 1000);
  });
});
