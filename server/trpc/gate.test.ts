import { describe, expect, it } from "vitest";
import { ConcurrencyGate, GateFull } from "./gate";

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe("ConcurrencyGate", () => {
  it("runs at most perUser calls of one user at once, queues a few more and refuses the rest", async () => {
    const gate = new ConcurrencyGate({ perUser: 2, heavyPerUser: 1, heavyTotal: 4, maxWaiting: 2 });
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
    const gate = new ConcurrencyGate({ perUser: 1, heavyPerUser: 1, heavyTotal: 4, maxWaiting: 1 });
    const hold = deferred();
    const hog = [gate.run("hog", false, () => hold.promise), gate.run("hog", false, () => hold.promise)];
    await expect(gate.run("hog", false, async () => 1)).rejects.toBeInstanceOf(GateFull);
    await expect(gate.run("other", false, async () => "served")).resolves.toBe("served");
    hold.resolve();
    await Promise.all(hog);
  });

  it("heavy calls: one per user, a few for the whole process", async () => {
    const gate = new ConcurrencyGate({ perUser: 10, heavyPerUser: 1, heavyTotal: 2, maxWaiting: 8 });
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
});
