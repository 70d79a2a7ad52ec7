import type { Role } from "../contracts/roles";

/**
 * The values of a role claim in an OpenID Connect profile: a string or a list of strings, read
 * by its exact name first (namespaced claims such as `https://example.com/roles` contain dots)
 * and then as a dotted path into objects (Keycloak's `realm_access.roles`). Null when the
 * profile does not carry the claim at all.
 */
export function claimValues(profile: Record<string, unknown>, claim: string): string[] | null {
  let v: unknown = profile[claim];
  if (v === undefined && claim.includes(".")) {
    v = claim.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), profile);
  }
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

/** The role the first mapping whose value the claim holds gives, or null. */
export function mappedRole(values: string[] | null, map: { value: string; role: Role }[]): Role | null {
  if (!values?.length) return null;
  const held = new Set(values);
  return map.find((m) => held.has(m.value))?.role ?? null;
}
