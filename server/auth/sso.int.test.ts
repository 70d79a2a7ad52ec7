import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer, TEST_ORIGIN } from "../test/test-server";
import { startTestIdp, type TestIdp, ssoConsoleEnv } from "../test/oidc-idp";
import { ConsoleBrowser, SiteBrowser, ssoSignIn } from "../test/auth-client";
import { createUser } from "./users";

// Single sign-on against a real OpenID Connect provider (the oidc-provider package) started by
// the test: discovery, its own login and consent pages, signed ID tokens, PKCE, userinfo.

let t: TestDb;
let idp: TestIdp;

const ACCOUNTS = {
  lee: { password: "idp-password-lee", email: "lee@corp.test", name: "Lee Lead", groups: ["staff", "fw-leads"] },
  ada: { password: "idp-password-ada", email: "ada@corp.test", name: "Ada Admin", groups: ["fw-admins"] },
  nia: { password: "idp-password-nia", email: "nia@corp.test", name: "Nia New", groups: ["staff"] },
  pat: { password: "idp-password-pat", email: "pat@corp.test", name: "Pat Preset" },
};

function ssoEnv(extra: Record<string, string> = {}) {
  return { ...ssoConsoleEnv(idp), ...extra };
}

beforeAll(async () => {
  t = await createTestDb();
  idp = await startTestIdp({ redirectUris: [`${TEST_ORIGIN}/api/auth/callback/sso`], accounts: ACCOUNTS });
}, 60_000);
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

async function sessionOf(b: ConsoleBrowser) {
  return b.trpc("me.get", undefined, "query");
}

describe("single sign-on with local passwords on", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer(t, ssoEnv());
  }, 60_000);
  afterAll(async () => server?.close());

  it("a lead signs in through the provider's login and consent pages and gets the role their group maps to", async () => {
    const b = new ConsoleBrowser();
    const done = await ssoSignIn(b, new SiteBrowser(), "lee", ACCOUNTS.lee.password);
    expect(done.pages).toEqual(["login", "consent"]);
    expect(done.status).toBe(302);
    expect(done.location).toBe("/");
    expect(idp.logins).toContain("lee");
    const me = await sessionOf(b);
    expect(me.error).toBeUndefined();
    expect(me.data).toMatchObject({ email: "lee@corp.test", role: "SHIFT_LEAD", twoFactor: { enabled: false, required: true } });
    // The provider, not TOTP, is the second factor for SSO: the lead may act at once.
    expect((await b.trpc("rules.list", undefined, "query")).status).toBe(200);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "lee@corp.test" } });
    expect(user.lastSignInMethod).toBe("sso");
    const audit = await t.db.auditEntry.findMany({ where: { targetId: user.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorId, a.action])).toEqual([
      ["system:sso", "user.create"],
      ["system:sso", "user.role.change"],
    ]);
    expect(audit[1].details).toMatchObject({ from: null, to: "SHIFT_LEAD", claim: "groups" });
  });

  it("a wrong password at the provider signs nobody in", async () => {
    const b = new ConsoleBrowser();
    const done = await ssoSignIn(b, new SiteBrowser(), "ada", "not-her-password");
    expect(done.status).toBe(401);
    expect(done.location).toBeNull();
    expect((await sessionOf(b)).status).toBe(401);
    expect(await t.db.user.findUnique({ where: { email: "ada@corp.test" } })).toBeNull();
  });

  it("someone whose token maps to no role arrives with no access; the admin sees them waiting and gives them a role", async () => {
    const nia = new ConsoleBrowser();
    expect((await ssoSignIn(nia, new SiteBrowser(), "nia", ACCOUNTS.nia.password)).status).toBe(302);
    const refused = await sessionOf(nia);
    expect(refused.status).toBe(401);
    expect((await nia.trpc("wall.snapshot", { filter: {} }, "query")).status).toBe(401);
    const waiting = await t.db.user.findUniqueOrThrow({ where: { email: "nia@corp.test" } });
    expect(waiting.role).toBeNull();

    const admin = new ConsoleBrowser();
    expect((await ssoSignIn(admin, new SiteBrowser(), "ada", ACCOUNTS.ada.password)).status).toBe(302);
    const list = await admin.trpc("users.list", undefined, "query");
    const row = (list.data as { email: string; role: string | null; signIn: { sso: boolean; password: boolean } }[]).find((u) => u.email === "nia@corp.test");
    expect(row).toMatchObject({ role: null, signIn: { sso: true, password: false } });
    expect((await admin.trpc("users.setRole", { userId: waiting.id, role: "MODERATOR", reason: "new moderator, checked with her lead" })).status).toBe(200);

    // The role change ended her session; signing in again (the provider remembers her) gives access.
    expect((await sessionOf(nia)).status).toBe(401);
    const again = new ConsoleBrowser();
    const second = await ssoSignIn(again, new SiteBrowser(), "nia", ACCOUNTS.nia.password);
    expect(second.status).toBe(302);
    expect((await sessionOf(again)).data).toMatchObject({ role: "MODERATOR" });
    // The admin's role stays: her token still carries no mapped group.
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "nia@corp.test" } })).role).toBe("MODERATOR");
  });

  it("the provider decides while its claim maps: a lead moved to the admins' group is an admin at the next sign-in", async () => {
    idp.accounts.get("lee")!.groups = ["fw-admins"];
    const b = new ConsoleBrowser();
    expect((await ssoSignIn(b, new SiteBrowser(), "lee", ACCOUNTS.lee.password)).status).toBe(302);
    expect((await sessionOf(b)).data).toMatchObject({ role: "ADMIN" });
    const last = await t.db.auditEntry.findFirstOrThrow({ where: { action: "user.role.change", actorId: "system:sso" }, orderBy: { id: "desc" } });
    expect(last.details).toMatchObject({ email: "lee@corp.test", from: "SHIFT_LEAD", to: "ADMIN" });
    idp.accounts.get("lee")!.groups = ["fw-leads"];
  });

  it("password sign-ins still work beside SSO (and a lead's still needs TOTP first)", async () => {
    await createUser(t.db, null, { email: "local-mod@corp.test", name: "Local Mod", role: "MODERATOR", password: "local-password-123" });
    const b = new ConsoleBrowser();
    expect((await b.signIn("local-mod@corp.test", "local-password-123")).status).toBe(200);
    expect((await sessionOf(b)).data).toMatchObject({ role: "MODERATOR" });
  });
});

describe("single sign-on with local passwords off", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    await createUser(t.db, null, { email: "old-password@corp.test", name: "Old Password", role: "SHIFT_LEAD", password: "an-old-password-123" });
    server = await startTestServer(t, ssoEnv({ LOCAL_PASSWORDS: "off" }));
  }, 60_000);
  afterAll(async () => server?.close());

  it("a password — even the right one — signs nobody in", async () => {
    const b = new ConsoleBrowser();
    const res = await b.signIn("old-password@corp.test", "an-old-password-123");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(b.jar.has("session_token")).toBe(false);
    expect((await sessionOf(b)).status).toBe(401);
  });

  it("an admin signed in through SSO pre-creates a person without a password; their first SSO sign-in arrives with that role", async () => {
    const admin = new ConsoleBrowser();
    expect((await ssoSignIn(admin, new SiteBrowser(), "ada", ACCOUNTS.ada.password)).status).toBe(302);
    const withPassword = await admin.trpc("users.create", { email: "pat@corp.test", name: "Pat", role: "SHIFT_LEAD", password: "should-not-be-allowed" });
    expect(withPassword.error?.code).toBe("BAD_REQUEST");
    const created = await admin.trpc("users.create", { email: "pat@corp.test", name: "Pat Preset", role: "SHIFT_LEAD" });
    expect(created.status).toBe(200);

    const pat = new ConsoleBrowser();
    expect((await ssoSignIn(pat, new SiteBrowser(), "pat", ACCOUNTS.pat.password)).status).toBe(302);
    expect((await sessionOf(pat)).data).toMatchObject({ email: "pat@corp.test", role: "SHIFT_LEAD" });
    const accounts = await t.db.account.findMany({ where: { user: { email: "pat@corp.test" } } });
    expect(accounts.map((a) => a.providerId)).toEqual(["sso"]);
  });
});
