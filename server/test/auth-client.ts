import superjson from "superjson";
import { GET as authGET, POST as authPOST } from "@/app/api/auth/[...all]/route";
import { GET as trpcGET, POST as trpcPOST } from "@/app/api/trpc/[trpc]/route";
import { TEST_ORIGIN } from "./test-server";

/** Cookies as a browser keeps them for one site (name → value; expired ones removed). */
export class CookieJar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  has(name: string) {
    return [...this.cookies.keys()].some((k) => k.endsWith(name));
  }
  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export interface Answer {
  status: number;
  body: unknown;
  location: string | null;
}

/**
 * A person's browser against the console's real route handlers (better-auth behind
 * /api/auth, tRPC behind /api/trpc) — same origin, with its own cookies.
 */
export class ConsoleBrowser {
  readonly jar = new CookieJar();
  constructor(readonly ip = "10.0.0.1") {}

  private headers(extra: Record<string, string> = {}) {
    return { origin: TEST_ORIGIN, "x-real-ip": this.ip, cookie: this.jar.header, ...extra };
  }

  private async answer(res: Response): Promise<Answer> {
    this.jar.take(res);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, location: res.headers.get("location") };
  }

  /** POST /api/auth/<path> with a JSON body. */
  async auth(path: string, body: unknown = {}): Promise<Answer> {
    const req = new Request(`${TEST_ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/json" }),
      body: JSON.stringify(body),
    });
    return this.answer(await authPOST(req));
  }

  /** GET a console URL under /api/auth (a redirect back from the identity provider). */
  async authGet(url: string): Promise<Answer> {
    return this.answer(await authGET(new Request(url, { headers: this.headers() })));
  }

  async signIn(email: string, password: string) {
    return this.auth("/sign-in/email", { email, password });
  }

  /** A tRPC call as the console's pages make it; the error carries its code and data (reason). */
  async trpc(path: string, input?: unknown, type: "query" | "mutation" = "mutation") {
    const res =
      type === "mutation"
        ? await trpcPOST(
            new Request(`${TEST_ORIGIN}/api/trpc/${path}`, {
              method: "POST",
              headers: this.headers({ "content-type": "application/json" }),
              body: JSON.stringify(superjson.serialize(input)),
            }),
          )
        : await trpcGET(
            new Request(
              `${TEST_ORIGIN}/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`}`,
              {
                headers: this.headers(),
              },
            ),
          );
    const a = await this.answer(res);
    const b = a.body as { result?: { data: unknown }; error?: { json: { message: string; data: { code: string; reason: string | null } } } };
    return {
      status: a.status,
      data: b.result ? superjson.deserialize(b.result.data as never) : undefined,
      error: b.error ? { message: b.error.json.message, code: b.error.json.data.code, reason: b.error.json.data.reason } : undefined,
    };
  }
}

/** A browser's cookies and redirects against a real HTTP server (the identity provider). */
export class SiteBrowser {
  readonly jar = new CookieJar();
  async get(url: string) {
    const res = await fetch(url, { redirect: "manual", headers: { cookie: this.jar.header } });
    this.jar.take(res);
    return { status: res.status, location: res.headers.get("location") ? new URL(res.headers.get("location")!, url).href : null, text: await res.text() };
  }
  async post(url: string, form: Record<string, string>) {
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: this.jar.header, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    this.jar.take(res);
    return { status: res.status, location: res.headers.get("location") ? new URL(res.headers.get("location")!, url).href : null, text: await res.text() };
  }
}

/**
 * Signs in through single sign-on as a person would: "Sign in with …" on the console, the
 * provider's login page (username and password), its consent page, and back to the console's
 * callback. Returns where the console sent the browser in the end (the callback's redirect).
 */
export async function ssoSignIn(
  consoleBrowser: ConsoleBrowser,
  idp: SiteBrowser,
  login: string,
  password: string,
  o: { callbackURL?: string; consentExpected?: boolean } = {},
) {
  const start = await consoleBrowser.auth("/sign-in/social", { provider: "sso", callbackURL: o.callbackURL ?? "/", errorCallbackURL: "/sign-in" });
  if (start.status !== 200) throw new Error(`sign-in/social answered ${start.status}: ${JSON.stringify(start.body)}`);
  let step = await idp.get((start.body as { url: string }).url);
  const pages: string[] = [];
  for (let hops = 0; hops < 12; hops++) {
    if (step.location?.startsWith(TEST_ORIGIN)) {
      const back = await consoleBrowser.authGet(step.location);
      return { status: back.status, location: back.location, pages };
    }
    if (step.location) {
      step = await idp.get(step.location);
      continue;
    }
    if (step.status !== 200) return { status: step.status, location: null, pages, text: step.text };
    const action = /<form method="post" action="([^"]+)"/.exec(step.text)?.[1];
    if (!action) throw new Error(`no form on the provider's page: ${step.text.slice(0, 300)}`);
    const base = new URL((start.body as { url: string }).url).origin;
    if (action.endsWith("/login")) {
      pages.push("login");
      step = await idp.post(base + action, { login, password });
    } else {
      pages.push("consent");
      step = await idp.post(base + action, {});
    }
  }
  throw new Error("too many redirects");
}
