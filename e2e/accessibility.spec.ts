import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { e2eDb, endRooms } from "./db";
import { expect, hotEvent, ingest, test, type Api, type Role } from "./fixtures";

/** A small ring, so cluster pages, rule hits and the wall have something to show. */
function ring(tag: string, n: number) {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => ({
    eventId: `ax-${tag}-${i}`,
    occurredAt: now,
    source: "classifier",
    label: "violence",
    score: 0.93,
    room: { id: `ax-${tag}-room-${i}`, title: `Stream 🎉 ${i} — ${tag}`, startedAt: now, viewerCount: 120 + i },
    account: {
      id: `ax-${tag}-acct-${i}`,
      handle: `axring${tag}_${i}`,
      registeredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      realNameVerified: false,
      deviceId: `axdev-${tag}`,
    },
  }));
}

/** Serious and critical WCAG 2.1 A/AA problems on what the page shows now (a dialog included, if open). */
async function problems(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} (${v.impact}) on ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(" ")}`);
}

test.describe("accessibility", () => {
  test("every page and dialog, for every role, has no serious or critical axe findings", async ({ request, signedInPage, api, makeUser, tag }) => {
    test.setTimeout(240_000);
    // Data for the detail pages: a ring, a batch, an incident, a rule.
    await ingest(request, ring(tag, 12));
    await ingest(request, [hotEvent(`ax-${tag}-hot`, { title: `Solo <b>${tag}</b>` })]);
    const leadUser = await makeUser("SHIFT_LEAD");
    const lead: Api = await api(leadUser);
    // The ring's cluster, once the cluster worker has linked it.
    const db = await e2eDb();
    let clusterId: string | null = null;
    try {
      await expect
        .poll(
          async () => {
            const r = await db.query<{ clusterId: string }>(`SELECT "clusterId" FROM account_cluster_members WHERE "accountId" = $1`, [`ax-${tag}-acct-0`]);
            clusterId = r.rows[0]?.clusterId ?? null;
            return clusterId;
          },
          { timeout: 30_000 },
        )
        .not.toBeNull();
    } finally {
      await db.end();
    }
    const preview = await lead.takedown.preview.mutate({ selection: { kind: "manual", roomIds: [`ax-${tag}-room-0`] } });
    const batch = await lead.takedown.confirm.mutate({ batchId: preview.batchId, reason: "Violence or gore", banAccounts: false, endOtherRooms: false });
    const incident = await lead.incidents.declare.mutate({
      title: `Accessibility drill ${tag}`,
      summary: "A drill",
      severity: "P2",
      commanderId: leadUser.id,
    });
    const rule = await lead.rules.create.mutate({
      name: `Axe rule ${tag}`,
      description: "",
      expression: `room.title.contains("${tag}")`,
      action: { kind: "FLAG_FOR_REVIEW" },
      ceilingPerMin: 100,
    });

    const found: string[] = [];
    const visit = async (page: Page, path: string, ready: (p: Page) => Promise<unknown>) => {
      await page.goto(path);
      await ready(page);
      found.push(...(await problems(page, `${path}`)));
    };
    const main = (p: Page) => expect(p.locator("main h1, main [role=heading]").first()).toBeVisible();
    const pages: Record<Role, string[]> = {
      MODERATOR: [
        "/",
        "/wall",
        "/clusters",
        `/clusters/${clusterId}`,
        "/takedowns",
        `/takedowns/${batch.batchId}`,
        "/incidents",
        `/incidents/${incident.id}`,
        "/rules",
        `/rules/${rule.id}`,
      ],
      SHIFT_LEAD: ["/", "/controls", "/playbooks", "/rules/new", `/rules/${rule.id}`, `/incidents/${incident.id}`],
      EXECUTIVE: ["/", "/incidents", `/incidents/${incident.id}`, "/controls"],
      ADMIN: ["/", "/admin/users", "/admin/tokens"],
    };
    for (const role of Object.keys(pages) as Role[]) {
      const page = await signedInPage(role === "SHIFT_LEAD" ? leadUser : role);
      for (const path of pages[role]) await visit(page, path, main);
    }

    // Dialogs, open, as the person who uses them sees them.
    const lp = await signedInPage(leadUser);
    await lp.goto("/wall");
    await expect(lp.getByTestId("wall-count")).toContainText("shown");
    await lp.keyboard.press("?");
    await expect(lp.getByRole("dialog")).toBeVisible();
    found.push(...(await problems(lp, "wall help dialog")));
    await lp.keyboard.press("Escape");
    await lp.goto(`/wall?q=${tag}`);
    await expect(lp.getByTestId("wall-count")).toContainText("matching");
    await lp.getByTestId("mass-takedown").click();
    await expect(lp.getByRole("dialog")).toBeVisible();
    await expect(lp.getByRole("dialog").getByTestId("preview-count")).toBeVisible();
    found.push(...(await problems(lp, "mass takedown dialog")));
    await lp.keyboard.press("Escape");
    await lp.goto("/incidents");
    await lp
      .getByRole("button", { name: /Declare/ })
      .first()
      .click();
    await expect(lp.getByRole("dialog")).toBeVisible();
    found.push(...(await problems(lp, "declare dialog")));
    await lp.keyboard.press("Escape");
    await lp.goto(`/clusters/${clusterId}`);
    const contain = lp.getByRole("button", { name: /^Contain/ }).first();
    if (await contain.isVisible()) {
      await contain.click();
      await expect(lp.getByRole("dialog")).toBeVisible();
      found.push(...(await problems(lp, "contain dialog")));
      await lp.keyboard.press("Escape");
    }
    const admin = await signedInPage("ADMIN");
    await admin.goto("/admin/users");
    await expect(admin.locator("main h1").first()).toBeVisible();
    found.push(...(await problems(admin, "users page with the create form")));

    await endRooms(`ax-${tag}-`);
    expect(found).toEqual([]);
  });
});
