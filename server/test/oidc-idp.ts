import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

/**
 * A real OpenID Connect provider for tests (the `oidc-provider` package, the same code many
 * production identity providers run): discovery, JWKS-signed ID tokens, PKCE, a token and a
 * userinfo endpoint, and its own login and consent pages — served here as plain forms that check
 * the person's password, so a test signs in exactly as a person would.
 */
export interface IdpAccount {
  password: string;
  email: string;
  name: string;
  /** The claim the console maps to roles (scope `groups`); omitted: the provider sends no such claim. */
  groups?: string[];
  emailVerified?: boolean;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, IdpAccount>;
  /** Logins (account ids) that passed the password check, in order. */
  logins: string[];
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startTestIdp(o: {
  redirectUris: string[];
  accounts: Record<string, IdpAccount>;
  port?: number;
  clientId?: string;
  clientSecret?: string;
}): Promise<TestIdp> {
  const accounts = new Map(Object.entries(o.accounts));
  const logins: string[] = [];
  const clientId = o.clientId ?? "floodwall-test";
  const clientSecret = o.clientSecret ?? randomBytes(24).toString("hex");
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const http: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((r) => http.listen(o.port ?? 0, "127.0.0.1", r));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: o.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys: [{ ...key, kid: "test-idp", use: "sig", alg: "RS256" } as never] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: a.email, email_verified: a.emailVerified ?? true, name: a.name, ...(a.groups ? { groups: a.groups } : {}) };
        },
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const oidc = provider.callback();

  // The provider's login and consent steps, as forms.
  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, step: string | undefined) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return void res.writeHead(400).end("wrong interaction");
    const html = (status: number, body: string) => res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(body);
    if (req.method === "GET") {
      if (details.prompt.name === "login")
        return html(
          200,
          page(
            "Sign in to the test identity provider",
            `<form method="post" action="/interaction/${uid}/login"><label>Username <input name="login" autocomplete="username"></label><label>Password <input name="password" type="password" autocomplete="current-password"></label><button type="submit">Sign in</button></form>`,
          ),
        );
      return html(
        200,
        page(
          "Allow Floodwall",
          `<p>Floodwall asks for: ${esc([...((details.prompt.details.missingOIDCScope as string[] | undefined) ?? [])].join(", "))}</p><form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>`,
        ),
      );
    }
    const body = await formBody(req);
    if (step === "login") {
      const login = body.get("login") ?? "";
      const account = accounts.get(login);
      if (!account || account.password !== body.get("password"))
        return html(401, page("Wrong username or password", `<a href="/interaction/${uid}">Try again</a>`));
      logins.push(login);
      return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    }
    if (step === "confirm") {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
      if (!grant) return void res.writeHead(400).end("no grant");
      const missing = details.prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope((missing.missingOIDCScope as string[]).join(" "));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    res.writeHead(404).end();
  }

  handle = (req, res) => {
    const m = /^\/interaction\/([\w-]+)(?:\/(login|confirm))?$/.exec((req.url ?? "").split("?")[0]);
    if (m)
      return void interaction(req, res, m[1], m[2]).catch((e) => {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      });
    oidc(req, res);
  };

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    logins,
    close: () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
}

/**
 * A console's environment for single sign-on against this provider, as the tests configure it:
 * "Corp IdP", roles from the `groups` claim (fw-leads → shift lead, fw-admins → admin), and
 * TOTP required of leads' and admins' password sign-ins (SSO sign-ins leave it to the provider).
 */
export function ssoConsoleEnv(idp: TestIdp): Record<string, string> {
  return {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_PROVIDER_NAME: "Corp IdP",
    OIDC_SCOPES: "openid email profile groups",
    OIDC_ROLE_CLAIM: "groups",
    OIDC_ROLE_MAP: "fw-leads=SHIFT_LEAD,fw-admins=ADMIN",
    TWO_FACTOR_ROLES: "SHIFT_LEAD,ADMIN",
  };
}
