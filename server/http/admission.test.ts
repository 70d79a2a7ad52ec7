import { describe, expect, it } from "vitest";
import { AdmissionGate, PeopleFirst } from "./admission";

describe("AdmissionGate", () => {
  it("admits up to the limit, queues a few, refuses the rest at once", async () => {
    const gate = new AdmissionGate(2, 1, 10_000);
    const a = await gate.enter();
    const b = await gate.enter();
    expect(a && b).toBeTruthy();
    const queued = gate.enter();
    expect(await gate.enter()).toBeNull(); // the queue (1) is full
    a!();
    const c = await queued;
    expect(c).toBeTruthy();
    b!();
    c!();
    expect(gate.counts).toEqual({ admitted: 3, refused: 1 });
    // Everything released: a new caller goes straight in.
    expect(await gate.enter()).toBeTruthy();
  });

  it("a waiter that waits too long is refused, and leaves the queue", async () => {
    const gate = new AdmissionGate(1, 5, 20);
    const held = await gate.enter();
    expect(await gate.enter()).toBeNull();
    held!();
    expect(await gate.enter()).toBeTruthy();
  });

  it("a lowered limit holds new batches back until enough finish; a raised one lets waiters in at once", async () => {
    const gate = new AdmissionGate(3, 10, 10_000);
    const running = [await gate.enter(), await gate.enter(), await gate.enter()];
    gate.setLimit(1);
    let admitted = false;
    const waiting = gate.enter().then((r) => {
      admitted = true;
      return r;
    });
    running[0]!();
    running[1]!();
    await Promise.resolve();
    expect(admitted).toBe(false); // two finished, but one is still running and the limit is 1
    running[2]!();
    const w = await waiting;
    expect(w).toBeTruthy();
    const more = [gate.enter(), gate.enter()];
    gate.setLimit(3);
    expect(await Promise.all(more)).toEqual([expect.any(Function), expect.any(Function)]);
    gate.setLimit(0);
    expect(gate.limit).toBe(1);
    gate.setLimit(99);
    expect(gate.limit).toBe(3);
  });
});

describe("PeopleFirst", () => {
  it("halves ingest's limit while people's requests are slow, never below one, and gives it back one step at a time", () => {
    const gate = new AdmissionGate(8, 10);
    const people = new PeopleFirst(gate, 500);
    const tick = (...ms: number[]) => {
      for (const m of ms) people.record(m);
      return people.tick();
    };
    // Most fast, but the slowest tenth above 500 ms: slow.
    expect(tick(...Array(8).fill(50), 900, 900)).toBe(4);
    expect(tick(600)).toBe(2);
    expect(tick(600)).toBe(1);
    expect(tick(700)).toBe(1);
    // Between 250 and 500 ms: held.
    expect(tick(300, 400)).toBe(1);
    expect(tick(100)).toBe(2);
    // No people traffic: back towards the maximum.
    expect(tick()).toBe(3);
    for (let i = 0; i < 10; i++) tick();
    expect(gate.limit).toBe(8);
  });
});
