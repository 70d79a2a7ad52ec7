import { endRooms } from "./db";
import { expect, ingest, test } from "./fixtures";

/** A ring as the simulator's bots look, big enough to raise the attack-wave alert. */
function ring(tag: string, n: number) {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => ({
    eventId: `pb-${tag}-${i}`,
    occurredAt: now,
    source: "classifier",
    label: "sexual",
    score: 0.97,
    room: { id: `pb-${tag}-room-${i}`, title: `night ${i}`, startedAt: now, viewerCount: 200 },
    account: {
      id: `pb-${tag}-acct-${i}`,
      handle: `pbnight${tag}_${3000 + i}`,
      registeredAt: new Date(Date.now() - 5 * 86_400_000 + i * 500).toISOString(),
      realNameVerified: false,
      deviceId: `pbdev-${tag}-${i % 4}`,
      ip: `198.51.100.${(i % 200) + 1}`,
    },
  }));
}

test.describe("playbooks", () => {
  test("two leads arm a playbook; when the alert fires every lead sees it counting down and one click cancels it", async ({
    request,
    signedInPage,
    makeUser,
    api,
    tag,
  }) => {
    test.setTimeout(120_000);
    const leadA = await makeUser("SHIFT_LEAD");
    const leadB = await makeUser("SHIFT_LEAD");
    const apiA = await api(leadA);
    const name = `Veto drill ${tag}`;
    const { id } = await apiA.playbooks.create.mutate({
      name,
      description: "",
      vetoSeconds: 90,
      containRings: { banAccounts: false, refuseGoLive: false },
      ruleIds: [],
      controls: [],
      declare: null,
    });
    try {
      const a = await signedInPage(leadA);
      await a.goto("/playbooks");
      const card = a.getByTestId("playbook").filter({ hasText: name });
      await card.getByRole("button", { name: "Ask to arm…" }).click();
      await expect(card.getByText("Waiting for a second shift lead.")).toBeVisible();
      await expect(card.getByTestId("approve-arming")).toHaveCount(0); // not by the one who asked

      const b = await signedInPage(leadB);
      await b.goto("/playbooks");
      const cardB = b.getByTestId("playbook").filter({ hasText: name });
      await cardB.getByRole("button", { name: "Approve arming" }).click();
      await expect(cardB.getByText("Armed", { exact: true })).toBeVisible();
      await expect(card.getByText("Armed", { exact: true })).toBeVisible({ timeout: 20_000 });

      // A wave: the alert fires and both leads see the run counting down, wherever they are.
      await b.goto("/wall");
      for (let i = 0; i < 150; i += 50) await ingest(request, ring(tag, 150).slice(i, i + 50));
      const pendingA = a.getByTestId("playbook-pending").filter({ hasText: name });
      const pendingB = b.getByTestId("playbook-pending").filter({ hasText: name });
      await expect(pendingA).toBeVisible({ timeout: 45_000 });
      await expect(pendingB).toContainText(/runs in \d+ s/);
      await pendingB.getByRole("button", { name: "Cancel it" }).click();
      await expect(b.getByText(`Playbook “${name}” cancelled: nothing was done.`)).toBeVisible();
      await expect(pendingA).toBeHidden({ timeout: 20_000 });
      const runs = await apiA.playbooks.runs.query({ pendingOnly: false });
      expect(runs.find((r) => r.playbookName === name)).toMatchObject({ status: "CANCELLED", cancelledByEmail: leadB.email });
    } finally {
      await apiA.playbooks.disarm.mutate({ id, reason: "end of the drill" });
      await endRooms(`pb-${tag}-`);
    }
  });
});
