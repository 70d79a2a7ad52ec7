import { DomainError } from "../errors";
import type { Locale } from "../contracts/i18n/locales";
import type { IncidentDeps } from "./lifecycle";
import { incidentView } from "./report";
import { DEFAULT_DETECTOR, readSignals } from "../clusters/wave-detector";

/** The latest incidents, newest first (the list page). */
export function listIncidents(deps: IncidentDeps) {
  return deps.db.incident.findMany({
    orderBy: { declaredAt: "desc" },
    take: 100,
    select: { id: true, number: true, title: true, severity: true, status: true, declaredAt: true, startedAt: true, resolvedAt: true, declaredByEmail: true },
  });
}

/** Everything the incident page shows, or NOT_FOUND. */
export async function getIncident(deps: IncidentDeps, id: string, locale: Locale = "en") {
  const v = await incidentView(deps.db, deps.pool, id, Date.now(), locale);
  if (!v) throw DomainError.of("NOT_FOUND", "incidents.notFound");
  return v;
}

/** People who can hold incident roles. */
/** Active people with a role (someone signed in through SSO and still waiting for one has no part in an incident). */
export async function listPeople(deps: IncidentDeps) {
  const rows = await deps.db.user.findMany({
    where: { deactivatedAt: null, role: { not: null } },
    select: { id: true, email: true, name: true, role: true },
    orderBy: { email: "asc" },
  });
  return rows.flatMap((u) => (u.role ? [{ ...u, role: u.role }] : []));
}

/**
 * Whether the incident looks contained: the flag rate is back near its baseline (at most 1.5×,
 * over the last 30 s) and no ring is growing (none gained 10 accounts in the last minute). The
 * page offers "Mark contained" (one click, which sets the time to contain) only then.
 */
export async function containmentCheck(deps: IncidentDeps, id: string) {
  const i = await deps.db.incident.findUnique({ where: { id }, select: { status: true } });
  if (!i) throw DomainError.of("NOT_FOUND", "incidents.notFound");
  const r = await readSignals(deps.pool);
  const base = Math.max(r.baseline, DEFAULT_DETECTOR.baselineFloor);
  const growing = r.growing.filter((g) => g.growth >= 10);
  const calm = r.rate <= base * 1.5 && growing.length === 0;
  return { suggest: calm && (i.status === "DECLARED" || i.status === "INVESTIGATING"), rate: r.rate, baseline: base, growingRings: growing.length };
}
