import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { afterEach, describe, expect, it } from "vitest";
import type { AppRouter } from "@/server/trpc/root";
import { stepUpLink, stepUpStore } from "./step-up";

/** A server stand-in: refuses the first `refusals` calls of each path with the step-up reason, then answers. */
function fakeServer(refusals: number, reason: string | null = "STEP_UP_REQUIRED") {
  const calls: string[] = [];
  const seen = new Map<string, number>();
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((o) => {
        calls.push(op.path);
        const n = (seen.get(op.path) ?? 0) + 1;
        seen.set(op.path, n);
        if (n <= refusals)
          o.error(
            TRPCClientError.from({
              error: { code: -32600, message: "Confirm it's you", data: { code: "PRECONDITION_FAILED", httpStatus: 412, reason } },
            }) as never,
          );
        else {
          o.next({ result: { type: "data", data: { ok: true, path: op.path } } });
          o.complete();
        }
        return () => {};
      });
  return { calls, client: createTRPCClient<AppRouter>({ links: [stepUpLink, link] }) };
}

/** Answers the dialog as the person would, as soon as it opens. */
function answerDialog(ok: boolean) {
  let opened = 0;
  const off = stepUpStore.subscribe(() => {
    if (stepUpStore.open()) {
      opened++;
      queueMicrotask(() => stepUpStore.settle(ok));
    }
  });
  return { opened: () => opened, off };
}

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe("step-up link", () => {
  it("holds a refused mutation, asks once, and sends it again once after the person re-confirms", async () => {
    const { calls, client } = fakeServer(1);
    const dialog = answerDialog(true);
    cleanup = dialog.off;
    await expect(client.rules.requestEnforce.mutate({ id: "r1", reason: "test" })).resolves.toEqual({ ok: true, path: "rules.requestEnforce" });
    expect(calls).toEqual(["rules.requestEnforce", "rules.requestEnforce"]);
    expect(dialog.opened()).toBe(1);
  });

  it("gives the page the original refusal when the person cancels, without sending it again", async () => {
    const { calls, client } = fakeServer(1);
    cleanup = answerDialog(false).off;
    const err = await client.rules.requestEnforce.mutate({ id: "r1", reason: "test" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).data?.reason).toBe("STEP_UP_REQUIRED");
    expect(calls).toEqual(["rules.requestEnforce"]);
  });

  it("retries only once: a second refusal reaches the page", async () => {
    const { calls, client } = fakeServer(2);
    const dialog = answerDialog(true);
    cleanup = dialog.off;
    await expect(client.rules.requestEnforce.mutate({ id: "r1", reason: "test" })).rejects.toBeInstanceOf(TRPCClientError);
    expect(calls).toHaveLength(2);
    expect(dialog.opened()).toBe(1);
  });

  it("leaves other errors, queries and the re-confirmation itself alone", async () => {
    const other = fakeServer(1, null);
    const dialog = answerDialog(true);
    cleanup = dialog.off;
    await expect(other.client.rules.requestEnforce.mutate({ id: "r1", reason: "test" })).rejects.toBeInstanceOf(TRPCClientError);
    const own = fakeServer(1);
    await expect(own.client.me.reconfirm.mutate({ password: "x" })).rejects.toBeInstanceOf(TRPCClientError);
    const query = fakeServer(1);
    await expect(query.client.me.stepUpMethods.query()).rejects.toBeInstanceOf(TRPCClientError);
    expect(dialog.opened()).toBe(0);
  });

  it("asks once for several calls refused together", async () => {
    const { calls, client } = fakeServer(1);
    const dialog = answerDialog(true);
    cleanup = dialog.off;
    await Promise.all([client.rules.requestEnforce.mutate({ id: "a", reason: "test" }), client.playbooks.requestArm.mutate({ id: "b", reason: "test" })]);
    expect(dialog.opened()).toBe(1);
    expect(calls).toHaveLength(4);
  });
});
