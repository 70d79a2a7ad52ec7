import type { Env } from "../env";
import type { Role } from "../contracts/roles";

/** The OpenID Connect provider people sign in with (better-auth's generic OAuth plugin). */
export interface SsoConfig {
  /** better-auth's provider id: the callback is /api/auth/callback/<id>. */
  id: string;
  /** "Sign in with <name>". */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** The claim that carries roles or groups, and which of its values gives which role (first match wins). */
  roleClaim: string | null;
  roleMap: { value: string; role: Role }[];
}

/** How people prove who they are, as configured: passwords, SSO, second factors and step-up. */
export interface AuthPolicy {
  localPasswords: boolean;
  sso: SsoConfig | null;
  /** Roles whose password sign-ins need TOTP; such a session can do nothing but set it up until it has. */
  twoFactorRoles: Role[];
  /** A session whose last authentication is older than this re-confirms before the most consequential actions. */
  stepUpMinutes: number;
}

export const SSO_PROVIDER_ID = "sso";

export function policyFromEnv(env: Env): AuthPolicy {
  const sso: SsoConfig | null =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? {
          id: SSO_PROVIDER_ID,
          name: env.OIDC_PROVIDER_NAME,
          issuer: env.OIDC_ISSUER.replace(/\/+$/, ""),
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          scopes: env.OIDC_SCOPES,
          roleClaim: env.OIDC_ROLE_CLAIM ?? null,
          roleMap: env.OIDC_ROLE_MAP ?? [],
        }
      : null;
  return { localPasswords: env.LOCAL_PASSWORDS === "on", sso, twoFactorRoles: env.TWO_FACTOR_ROLES, stepUpMinutes: env.STEP_UP_MINUTES };
}

/** What an existing deployment without these settings gets: passwords only, no second factor required. */
export const PASSWORDS_ONLY: AuthPolicy = { localPasswords: true, sso: null, twoFactorRoles: [], stepUpMinutes: 15 };
