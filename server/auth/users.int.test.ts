import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { createAuth, type Auth } from "./auth";
import { getSessionUser } from "./session";
import { createUser, setUserActive, setUserRole, signInLocks, unlockSignIn } from "./users";
import { DomainError } from "../errors";
import { ACCOUNT_FAILURES } from "./signin-throttle";
import { throttledSignIn } from "../http/auth";

let t: TestDb;
let auth: Auth;
const ORIGIN = "http://localhost:3999";
const admin = { id: "admin-1", email: "admin@x", role: "ADMIN", origin: "127.0.0.1" };

beforeAll(async () => {
  t = await createTestDb();
  auth = createAuth({ db: t.db, secret: "x".repeat(40), baseURL: ORIGIN, trustedOrigins: [ORIGIN], signInPerMinute: 3 });
});
afterAll(() => t.close());

async function signIn(email: string, password: string, ip = "10.0.0.1") {
  const res = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-real-ip": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = res.headers.get("set-cookie");
  return { status: res.status, cookie, headers: new Headers(cookie ? { cookie: cookie.split(";")[0] } : {}) };
}

/** A sign-in through the per-account throttle, as the auth route runs it, in any body encoding. */
const throttledRaw = (contentType: string, body: string, ip: string) =>
  throttledSignIn(
    t.pool,
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": contentType, origin: ORIGIN, "x-real-ip": ip },
      body,
    }),
    (r) => auth.handler(r),
  );
const throttled = (email: string, password: string, ip: string) => throttledRaw("application/json", JSON.stringify({ email, password }), ip);
const form = (email: string, password: string) => new URLSearchParams({ email, password }).toString();

describe("users and sessions", () => {
  it("signs in with a hashed password and carries the role", async () => {
    await createUser(t.db, admin, { email: "Mod@Example.com", name: "Mod", role: "MODERATOR", password: "correct horse battery" });
    const acct = await t.db.account.findFirstOrThrow({ where: { user: { email: "mod@example.com" } } });
    expect(acct.password).not.toContain("correct horse");
    const s = await signIn("mod@example.com", "correct horse battery");
    expect(s.status).toBe(200);
    expect(s.cookie).toMatch(/HttpOnly/i);
    expect(s.cookie).toMatch(/SameSite=Strict/i);
    const user = await getSessionUser(auth, s.headers);
    expect(user?.role).toBe("MODERATOR");
    // The creation is audited.
    expect(await t.db.auditEntry.count({ where: { action: "user.create" } })).toBe(1);
  });

  it("refuses a duplicate email", async () => {
    await expect(createUser(t.db, admin, { email: "mod@example.com", name: "Again", role: "ADMIN", password: "another password" })).rejects.toBeInstanceOf(
      DomainError,
    );
  });

  it("deactivation ends sessions and blocks new sign-ins; reactivation restores", async () => {
    const u = await createUser(t.db, admin, { email: "gone@example.com", name: "Gone", role: "MODERATOR", password: "password-gone-1" });
    const s = await signIn("gone@example.com", "password-gone-1", "10.0.0.2");
    expect(await getSessionUser(auth, s.headers)).not.toBeNull();
    await setUserActive(t.db, admin, u.id, false, "left the team");
    expect(await getSessionUser(auth, s.headers)).toBeNull();
    expect((await signIn("gone@example.com", "password-gone-1", "10.0.0.2")).status).not.toBe(200);
    await setUserActive(t.db, admin, u.id, true);
    expect((await signIn("gone@example.com", "password-gone-1", "10.0.0.2")).status).toBe(200);
  });

  it("a role change ends sessions; nobody changes their own role", async () => {
    const u = await createUser(t.db, admin, { email: "promo@example.com", name: "Promo", role: "MODERATOR", password: "password-promo-1" });
    const s = await signIn("promo@example.com", "password-promo-1", "10.0.0.3");
    await setUserRole(t.db, admin, u.id, "SHIFT_LEAD");
    expect(await getSessionUser(auth, s.headers)).toBeNull();
    await expect(setUserRole(t.db, { ...admin, id: u.id }, u.id, "ADMIN")).rejects.toThrow(/own role/);
  });

  it("locks an account after repeated failures from many IPs, until a correct sign-in clears it", async () => {
    await createUser(t.db, admin, { email: "target@example.com", name: "Target", role: "MODERATOR", password: "the-right-password" });
    const attempt = (password: string, ip: string) => throttled("Target@Example.com", password, ip);
    const statuses: number[] = [];
    for (let i = 0; i < ACCOUNT_FAILURES + 2; i++) statuses.push((await attempt("wrong-password!", `172.16.0.${i + 1}`)).status);
    expect(statuses.slice(0, ACCOUNT_FAILURES).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(ACCOUNT_FAILURES)).toEqual([429, 429]);
    // Even the right password is refused while the account is locked.
    expect((await attempt("the-right-password", "172.16.1.1")).status).toBe(429);
    await t.pool.query(`UPDATE rate_limits SET "lastRequest" = "lastRequest" - 16 * 60 * 1000 WHERE key LIKE 'signin-account:%'`);
    expect((await attempt("the-right-password", "172.16.1.1")).status).toBe(200);
  });

  it("form-encoded sign-ins are counted and locked like JSON ones; other encodings never reach better-auth", async () => {
    await createUser(t.db, admin, { email: "formlock@example.com", name: "Form", role: "MODERATOR", password: "form-right-password" });
    const formAttempt = (password: string, ip: string) => throttledRaw("application/x-www-form-urlencoded", form("FormLock@example.com", password), ip);
    // better-auth really signs in with a form body (the probe's bypass): the lock must see it.
    expect((await formAttempt("form-right-password", "172.18.0.1")).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < ACCOUNT_FAILURES + 1; i++) statuses.push((await formAttempt("wrong-password!", `172.18.1.${i + 1}`)).status);
    expect(statuses.slice(0, ACCOUNT_FAILURES).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Locked: the right password in either encoding is refused.
    expect((await formAttempt("form-right-password", "172.18.2.1")).status).toBe(429);
    expect((await throttled("formlock@example.com", "form-right-password", "172.18.2.2")).status).toBe(429);
    // A repeated field: better-auth takes the last value, so does the lock.
    const repeated = `email=${encodeURIComponent("someone-else@example.com")}&email=${encodeURIComponent("formlock@example.com")}&password=form-right-password`;
    expect((await throttledRaw("application/x-www-form-urlencoded", repeated, "172.18.2.3")).status).toBe(429);
    // Encodings the lock does not read are refused before better-auth sees them.
    for (const type of ["multipart/form-data; boundary=x", "text/plain", "application/vnd.api+json", ""]) {
      expect((await throttledRaw(type, JSON.stringify({ email: "formlock@example.com", password: "form-right-password" }), "172.18.3.1")).status).toBe(415);
    }
    expect((await throttledRaw("application/json", "{not json", "172.18.3.2")).status).toBe(400);
    expect((await throttledRaw("application/json", JSON.stringify({ email: "x@example.com", password: "y".repeat(20_000) }), "172.18.3.3")).status).toBe(413);
  });

  it("an admin sees a locked account and unlocks it at once; the unlock is audited", async () => {
    const u = await createUser(t.db, admin, { email: "locked@example.com", name: "Locked", role: "MODERATOR", password: "locked-right-password" });
    const attempt = (password: string, ip: string) => throttled("locked@example.com", password, ip);
    for (let i = 0; i < ACCOUNT_FAILURES; i++) await attempt("wrong-password!", `172.17.0.${i + 1}`);
    expect((await attempt("locked-right-password", "172.17.1.1")).status).toBe(429);
    const locks = await signInLocks(t.db, ["locked@example.com", "mod@example.com"]);
    expect([...locks.keys()]).toEqual(["locked@example.com"]);
    expect(locks.get("locked@example.com")!.getTime()).toBeGreaterThan(Date.now() + 14 * 60 * 1000);

    expect(await unlockSignIn(t.db, admin, u.id, "checked with the moderator by phone")).toEqual({ cleared: true });
    expect((await signInLocks(t.db, ["locked@example.com"])).size).toBe(0);
    expect((await attempt("locked-right-password", "172.17.1.2")).status).toBe(200);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "user.signin-unlock", targetId: u.id } });
    expect(entry.reason).toBe("checked with the moderator by phone");
    await expect(unlockSignIn(t.db, admin, "no-such-user")).rejects.toThrow(/No such user/);
  });

  it("throttles sign-in attempts per IP", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn("mod@example.com", "wrong password!", "10.9.9.9")).status);
    expect(statuses.slice(0, 3).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});
