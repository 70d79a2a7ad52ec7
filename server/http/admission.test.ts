import { describe, expect, it } from "vitest";
import { AdmissionGate } from "./admission";

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
});
